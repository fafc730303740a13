"""The measures set API (M1, M2) under /api/v1/partnerships/{partnership_id}/measures: versions,
their indicators, status moves, comments and endorsements, the diff between two versions, the
dimensions and a plausible range proposed from past values.

Outsiders get 404, members whose role lacks the permission 403 (`get_visible_or_404`); writes go
through services.py, whose ValidationErrors become 422 naming the field. Updates take If-Match
(412 when stale); a POST with an Idempotency-Key is answered once.
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import get_visible_or_404
from accord.core.agreement_api import agreement_out, two_versions
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import DiffQuery, ErrorOut
from accord.partnerships.access import partnership_or_404

from . import queries, services
from .models import Dimension, Indicator, MeasuresVersion
from .schemas import (
    DimensionIn,
    DimensionOut,
    DimensionReviseIn,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatchIn,
    MeasuresCommentIn,
    MeasuresCommentOut,
    MeasuresDiffOut,
    MeasuresEndorsementIn,
    MeasuresEndorsementOut,
    MeasuresMoveIn,
    MeasuresOut,
    MeasuresVersionOut,
    MeasuresVersionPatchIn,
    PlausibleRangeIn,
    PlausibleRangeOut,
)

router = Router(tags=["Measures"])
router.add_router("", "accord.measurement.api_resources.router")  # resources (M5)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut}
BASE = "/partnerships/{partnership_id}/measures"
VERSION = BASE + "/versions/{number}"
INDICATOR = VERSION + "/indicators/{indicator_id}"
DIMENSIONS = BASE + "/dimensions"
CHANGE = "measurement.measures.change"


def _versions(partnership_id: int):
    return queries.with_indicators(
        queries.versions_of(partnership_id).select_related("partnership")
    )


def _version(request, partnership_id: int, number: int, action=None) -> MeasuresVersion:
    return get_visible_or_404(request.user, _versions(partnership_id), action, number=number)


def _indicator(request, partnership_id, number, indicator_id, action=None) -> Indicator:
    found = _version(request, partnership_id, number)
    return get_visible_or_404(
        request.user, queries.indicator_of(found, indicator_id), action, pk=indicator_id
    )


def _dimension(request, partnership_id: int, dimension_id: int, action=None) -> Dimension:
    return get_visible_or_404(
        request.user, queries.dimensions_of(partnership_id), action, pk=dimension_id
    )


@router.get(BASE, response={200: MeasuresOut, **ERRORS}, summary="Where the measures set stands")
def get_measures(request, partnership_id: int):
    """Agreed or not, the latest final and the working version, and each member's endorsement."""
    partnership = partnership_or_404(request, partnership_id)
    return agreement_out(partnership, queries.agreement_for(partnership))


@router.get(
    BASE + "/versions",
    response={200: list[MeasuresVersionOut], **ERRORS},
    summary="The measures set's versions, newest first, with their indicators",
)
@paginate
def list_versions(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return _versions(partnership.pk)


@router.post(
    BASE + "/versions",
    response={201: MeasuresVersionOut, **ERRORS},
    summary="Start a new version, copied from the latest one",
    description="Refused with 422 while another version is in draft or open for comment.",
)
def create_version(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id, CHANGE)
    created = services.measures_version_create(partnership=partnership, created_by=request.user)
    return Status(201, _version(request, partnership_id, created.number))


@router.get(
    BASE + "/diff",
    response={200: MeasuresDiffOut, **ERRORS},
    summary="What changed between two versions, part by part, word by word",
)
def diff_versions(request, partnership_id: int, query: Query[DiffQuery]):
    partnership = partnership_or_404(request, partnership_id)
    old, new = two_versions(_versions(partnership.pk), query, "measures set")
    return {"a": query.a, "b": query.b, "sections": queries.measures_diff(old, new)}


@router.get(VERSION, response={200: MeasuresVersionOut, **ERRORS}, summary="One version")
def get_version(request, partnership_id: int, number: int):
    return _version(request, partnership_id, number)


@router.patch(
    VERSION,
    response={200: MeasuresVersionOut, **WRITE_ERRORS},
    summary="Change a draft's expectations or deliverables",
    description="Only a draft changes: a final version is refused with 422 (field `status`).",
)
def update_version(request, partnership_id: int, number: int, payload: MeasuresVersionPatchIn):
    found = _version(request, partnership_id, number, CHANGE)
    if_match(request, found)
    services.measures_version_update(version=found, **payload.dict(exclude_unset=True))
    return _version(request, partnership_id, number)


@router.post(
    VERSION + "/status",
    openapi_extra=IF_MATCH_DOC,
    response={200: MeasuresVersionOut, **ERRORS},
    summary="Open a draft for comment, take it back to draft, or make it final",
    description="Refused with 422 naming what is missing (indicators) or why the move is not "
    "allowed (field `to`).",
)
def move_version(request, partnership_id: int, number: int, payload: MeasuresMoveIn):
    found = _version(request, partnership_id, number, CHANGE)
    if_match(request, found)
    services.measures_version_move(version=found, to_status=payload.to)
    return _version(request, partnership_id, number)


@router.get(
    VERSION + "/comments",
    response={200: list[MeasuresCommentOut], **ERRORS},
    summary="Comments on a version, oldest first",
)
@paginate
def list_comments(request, partnership_id: int, number: int):
    return queries.comments_of(_version(request, partnership_id, number))


@router.post(
    VERSION + "/comments",
    response={201: MeasuresCommentOut, **ERRORS},
    summary="Comment on a version open for comment",
    description="The caller's account must be linked to a person in the directory (403 if not).",
)
def add_comment(request, partnership_id: int, number: int, payload: MeasuresCommentIn):
    found = _version(request, partnership_id, number, "measurement.measures.comment")
    comment = services.measures_comment_add(
        version=found, person=services.person_of(request.user), body=payload.text
    )
    return Status(201, comment)


@router.get(
    VERSION + "/endorsements",
    response={200: list[MeasuresEndorsementOut], **ERRORS},
    summary="Endorsements of a version",
)
@paginate
def list_endorsements(request, partnership_id: int, number: int):
    return queries.endorsements_of(_version(request, partnership_id, number))


@router.post(
    VERSION + "/endorsements",
    response={201: MeasuresEndorsementOut, **ERRORS},
    summary="Endorse a final version for your own organization (M1)",
    description="For a leader or project director whose organization is a current member; only "
    "the latest final version. Endorsing twice, or another version, is refused with 422.",
)
def endorse(request, partnership_id: int, number: int, payload: MeasuresEndorsementIn):
    found = _version(request, partnership_id, number, "measurement.measures.endorse")
    endorsement = services.measures_endorse(
        version=found, person=services.person_of(request.user), note=payload.note
    )
    return Status(201, endorsement)


# --- Indicators ---------------------------------------------------------------------------------
@router.post(
    VERSION + "/indicators",
    openapi_extra=IF_MATCH_DOC,
    response={201: IndicatorOut, **WRITE_ERRORS},
    summary="Add an indicator to a draft",
    description="Every field is checked first; an error names the field (`targets.2.value`), "
    "and nothing is written.",
)
def add_indicator(request, partnership_id: int, number: int, payload: IndicatorIn):
    found = _version(request, partnership_id, number, CHANGE)
    if_match(request, found)
    created = services.indicator_add(version=found, values=payload.dict())
    return Status(201, _indicator(request, partnership_id, number, created.pk))


@router.get(INDICATOR, response={200: IndicatorOut, **ERRORS}, summary="One indicator")
def get_indicator(request, partnership_id: int, number: int, indicator_id: int):
    return _indicator(request, partnership_id, number, indicator_id)


@router.patch(
    INDICATOR,
    response={200: IndicatorOut, **WRITE_ERRORS},
    summary="Change an indicator of a draft",
    description="Fields left out keep their value; `targets`, `core_value_ids` and "
    "`dimension_version_ids` replace the whole list when sent.",
)
def update_indicator(
    request, partnership_id: int, number: int, indicator_id: int, payload: IndicatorPatchIn
):
    found = _indicator(request, partnership_id, number, indicator_id, CHANGE)
    if_match(request, found)
    values = payload.dict(exclude_unset=True)
    services.indicator_update(indicator=found, values=values)
    return _indicator(request, partnership_id, number, indicator_id)


@router.delete(
    INDICATOR, response={204: None, **WRITE_ERRORS}, summary="Remove an indicator from a draft"
)
def remove_indicator(request, partnership_id: int, number: int, indicator_id: int):
    found = _indicator(request, partnership_id, number, indicator_id, CHANGE)
    if_match(request, found)
    services.indicator_remove(indicator=found)
    return Status(204, None)


@router.post(
    BASE + "/plausible-range",
    response={200: PlausibleRangeOut, **ERRORS},
    summary="Propose a plausible range from past values",
    description="The mean ± 2 sample standard deviations of the values sent; nothing is "
    "written. Set it on an indicator with PATCH (`plausible_min`, `plausible_max`).",
)
def plausible_range(request, partnership_id: int, payload: PlausibleRangeIn):
    partnership_or_404(request, partnership_id)
    low, high = services.propose_plausible_range(payload.values)
    return {"low": low, "high": high}


# --- Dimensions ---------------------------------------------------------------------------------
@router.get(
    DIMENSIONS,
    response={200: list[DimensionOut], **ERRORS},
    summary="The dimensions figures are broken down by, with every version of their categories",
)
@paginate
def list_dimensions(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.dimensions_of(partnership.pk)


@router.post(
    DIMENSIONS,
    response={201: DimensionOut, **ERRORS},
    summary="Add a dimension with its categories (version 1)",
)
def create_dimension(request, partnership_id: int, payload: DimensionIn):
    partnership = partnership_or_404(request, partnership_id, CHANGE)
    created = services.dimension_create(partnership=partnership, **payload.dict())
    return Status(201, _dimension(request, partnership_id, created.pk))


@router.get(DIMENSIONS + "/{dimension_id}", response={200: DimensionOut, **ERRORS})
def get_dimension(request, partnership_id: int, dimension_id: int):
    """One dimension with every version of its categories, newest first."""
    return _dimension(request, partnership_id, dimension_id)


@router.post(
    DIMENSIONS + "/{dimension_id}/versions",
    openapi_extra=IF_MATCH_DOC,
    response={201: DimensionOut, **WRITE_ERRORS},
    summary="Change a dimension's categories: a new version",
    description="Earlier versions stay, and what uses them keeps them.",
)
def revise_dimension(request, partnership_id: int, dimension_id: int, payload: DimensionReviseIn):
    found = _dimension(request, partnership_id, dimension_id, CHANGE)
    if_match(request, found)
    services.dimension_revise(dimension=found, **payload.dict())
    return Status(201, _dimension(request, partnership_id, dimension_id))


router.add_router("", "accord.measurement.api_evidence.router")  # qualitative evidence (M3)
router.add_router("", "accord.measurement.api_deliverables.router")  # deliverables (M2)
