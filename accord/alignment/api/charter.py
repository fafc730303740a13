"""The charter API (A2, A3): versions, their text and figures, status moves, comments,
participation and endorsements, under /api/v1/partnerships/{partnership_id}/charter.

Outsiders get 404, members whose role lacks the permission 403 (`get_visible_or_404`); writes go
through services/charter.py, whose ValidationErrors become 422 with field errors.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import Perm, get_visible_or_404
from accord.core.agreement_api import agreement_out, two_versions
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import DiffQuery, ErrorOut
from accord.partnerships.access import partnership_or_404

from ..models import CharterVersion
from ..queries import charter as queries
from ..schemas.charter import (
    CharterCommentIn,
    CharterCommentOut,
    CharterDiffOut,
    CharterEndorsementIn,
    CharterEndorsementOut,
    CharterMoveIn,
    CharterOut,
    CharterParticipationOut,
    CharterValuesAddIn,
    CharterVersionOut,
    CharterVersionPatchIn,
    CharterVersionTextStatsOut,
)
from ..services import charter as services

router = Router(tags=["Charter"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/charter"
VERSION = BASE + "/versions/{number}"


def _version(request, partnership_id: int, number: int, permission=None) -> CharterVersion:
    versions = queries.with_text(queries.versions_of(partnership_id).select_related("partnership"))
    return get_visible_or_404(request.user, versions, permission, number=number)


@router.get(BASE, response={200: CharterOut, **ERRORS}, summary="Where the charter stands")
def get_charter(request, partnership_id: int):
    """Agreed or not, the latest final and the working version, and each member's endorsement."""
    partnership = partnership_or_404(request, partnership_id)
    return agreement_out(partnership, queries.agreement_for(partnership))


@router.get(
    BASE + "/versions",
    response={200: list[CharterVersionOut], **ERRORS},
    summary="The charter's versions, newest first",
)
@paginate
def list_versions(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.with_text(queries.versions_of(partnership))


@router.post(
    BASE + "/versions",
    response={201: CharterVersionOut, **ERRORS},
    summary="Start a new version, copied from the latest one",
    description="Refused with 422 while another version is in draft or open for comment.",
)
def create_version(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id, Perm.CHANGE)
    version = services.charter_version_create(partnership=partnership, created_by=request.user)
    return Status(201, _version(request, partnership_id, version.number))


@router.get(
    BASE + "/diff",
    response={200: CharterDiffOut, **ERRORS},
    summary="What changed between two versions, part by part, word by word",
)
def diff_versions(request, partnership_id: int, query: Query[DiffQuery]):
    partnership = partnership_or_404(request, partnership_id)
    old, new = two_versions(queries.versions_of(partnership), query, "charter")
    return {"a": query.a, "b": query.b, "sections": queries.charter_diff(old, new)}


@router.get(VERSION, response={200: CharterVersionOut, **ERRORS}, summary="One version")
def get_version(request, partnership_id: int, number: int):
    return _version(request, partnership_id, number)


@router.patch(
    VERSION,
    response={200: CharterVersionOut, **ERRORS},
    summary="Change a draft's vision, values or benefits",
    description="Only a draft changes. Each part sent replaces that part entirely; values are "
    "matched by name so that each keeps its history.",
)
def update_version(request, partnership_id: int, number: int, payload: CharterVersionPatchIn):
    version = _version(request, partnership_id, number, Perm.CHANGE)
    if_match(request, version)
    benefits = None
    if payload.benefits is not None:
        benefits = {}
        for index, item in enumerate(payload.benefits):
            if item.organization_id in benefits:
                raise ValidationError(
                    {f"benefits.{index}.organization_id": "This organization is listed twice."}
                )
            benefits[item.organization_id] = item.benefits
    services.charter_version_update(
        version=version,
        vision=payload.vision,
        values=(
            [{"id": None, "name": v.name, "meaning": v.meaning} for v in payload.values]
            if payload.values is not None
            else None
        ),
        benefits=benefits,
    )
    return _version(request, partnership_id, number)


@router.post(
    VERSION + "/values",
    openapi_extra=IF_MATCH_DOC,
    response={200: CharterVersionOut, **ERRORS},
    summary="Add several core values to a draft at once",
    description="The values are added after the draft's own, in the order sent; all or none "
    "(a name the draft already has, or one sent twice, is refused naming it).",
)
def add_values(request, partnership_id: int, number: int, payload: CharterValuesAddIn):
    version = _version(request, partnership_id, number, Perm.CHANGE)
    if_match(request, version)
    services.charter_values_add(
        version=version, values=[{"name": v.name, "meaning": v.meaning} for v in payload.values]
    )
    return _version(request, partnership_id, number)


@router.post(
    VERSION + "/status",
    openapi_extra=IF_MATCH_DOC,
    response={200: CharterVersionOut, **ERRORS},
    summary="Open a draft for comment, take it back to draft, or make it final",
    description="Refused with 422 naming what is missing (vision, values, benefits) or why the "
    "move is not allowed (field `to`).",
)
def move_version(request, partnership_id: int, number: int, payload: CharterMoveIn):
    version = _version(request, partnership_id, number, Perm.CHANGE)
    if_match(request, version)
    services.charter_version_move(version=version, to_status=payload.to)
    return _version(request, partnership_id, number)


@router.get(
    VERSION + "/text-stats",
    response={200: CharterVersionTextStatsOut, **ERRORS},
    summary="Word count and readability of a version, whole and by part (A3)",
)
def version_text_stats(request, partnership_id: int, number: int):
    return _version(request, partnership_id, number)


@router.get(
    VERSION + "/comments",
    response={200: list[CharterCommentOut], **ERRORS},
    summary="Comments on a version, oldest first",
)
@paginate
def list_comments(request, partnership_id: int, number: int):
    return queries.comments_of(_version(request, partnership_id, number))


@router.post(
    VERSION + "/comments",
    response={201: CharterCommentOut, **ERRORS},
    summary="Comment on a version open for comment (A2)",
    description="The caller's account must be linked to a person in the directory (403 if not).",
)
def add_comment(request, partnership_id: int, number: int, payload: CharterCommentIn):
    version = _version(request, partnership_id, number, "alignment.charter.comment")
    comment = services.charter_comment_add(
        version=version, person=services.person_of(request.user), body=payload.text
    )
    return Status(201, comment)


@router.get(
    VERSION + "/participation",
    response={200: CharterParticipationOut, **ERRORS},
    summary="Who has commented, by level and organization, and who has not yet (A2)",
)
def participation(request, partnership_id: int, number: int):
    version = _version(request, partnership_id, number)
    summary = queries.participation_of(version)
    return {"version_number": version.number, **summary.__dict__}


@router.get(
    VERSION + "/endorsements",
    response={200: list[CharterEndorsementOut], **ERRORS},
    summary="Endorsements of a version",
)
@paginate
def list_endorsements(request, partnership_id: int, number: int):
    return queries.endorsements_of(_version(request, partnership_id, number))


@router.post(
    VERSION + "/endorsements",
    response={201: CharterEndorsementOut, **ERRORS},
    summary="Endorse a final version for your own organization (A3)",
    description="For a leader or project director whose organization is a current member; only "
    "the latest final version. Endorsing twice, or another version, is refused with 422.",
)
def endorse(request, partnership_id: int, number: int, payload: CharterEndorsementIn):
    version = _version(request, partnership_id, number, "alignment.charter.endorse")
    endorsement = services.charter_endorse(
        version=version, person=services.person_of(request.user), note=payload.note
    )
    return Status(201, endorsement)
