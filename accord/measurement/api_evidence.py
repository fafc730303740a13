"""The evidence API (M3), under /api/v1/partnerships/{partnership_id}/evidence: list (filtered by
kind, indicator and period, paged), record (JSON, or multipart with a file), read, change
(If-Match), archive, and download the file.

Outsiders get 404, members without the action 403, before the input is read; writes go through
services_evidence.py, whose ValidationErrors become 422 naming the field. A file is checked by its
content (a PDF, an image or an office document, within ACCORD_MAX_UPLOAD_MB) and served as an
attachment with the media type read from it and `nosniff`.
"""

from django.core.exceptions import ValidationError
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut, IsoDate
from accord.core.uploads import EVIDENCE_KINDS
from accord.partnerships.access import partnership_or_404

from . import queries_evidence as queries
from . import services_evidence as services
from .models import Indicator
from .models_collection import ReportingPeriod
from .models_evidence import Evidence
from .schemas_evidence import (
    EvidenceConsent,
    EvidenceFilters,
    EvidenceIn,
    EvidenceKind,
    EvidenceOut,
    EvidencePatchIn,
)
from .views_evidence import file_response

router = Router(tags=["Evidence"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}/evidence"
ONE = BASE + "/{evidence_id}"
FILE_200 = {
    "responses": {
        "200": {
            "description": "The file, as an attachment, with the type read from its content.",
            "content": {
                kind.media_type: {"schema": {"type": "string", "format": "binary"}}
                for kind in EVIDENCE_KINDS
            },
        }
    }
}


def _one(request, partnership_id: int, evidence_id: int, action=None):
    found = queries.evidence_or_404(request.user, partnership_id, evidence_id, action)
    return _read(found)


def _read(evidence):
    return (
        Evidence.objects.filter(pk=evidence.pk)
        .select_related("organization", "created_by")
        .prefetch_related("indicators", "core_values", "periods")
        .get()
    )


@router.get(
    BASE,
    response={200: list[EvidenceOut], **ERRORS},
    summary="The partnership's evidence, newest first, filtered by kind, indicator and period",
    description="`indicator_id` finds what is tagged to that indicator in any version of the "
    "measures set.",
)
@paginate
def list_evidence(request, partnership_id: int, filters: Query[EvidenceFilters]):
    partnership = partnership_or_404(request, partnership_id)
    indicator = period = None
    if filters.indicator_id is not None:
        indicator = Indicator.objects.filter(
            version__partnership=partnership, pk=filters.indicator_id
        ).first()
        if indicator is None:
            raise ValidationError({"indicator_id": "Choose an indicator of this partnership."})
    if filters.period_id is not None:
        period = ReportingPeriod.objects.filter(
            partnership=partnership, pk=filters.period_id
        ).first()
        if period is None:
            raise ValidationError({"period_id": "Choose a reporting period of this partnership."})
    return queries.evidence_of(
        partnership,
        kind=filters.kind.value if filters.kind else "",
        indicator=indicator,
        period=period,
    )


@router.post(
    BASE,
    response={201: EvidenceOut, **ERRORS},
    summary="Record a story, observation or quote (a quote records the speaker's consent)",
    description="A file is uploaded with POST …/evidence/upload (multipart).",
)
def create_evidence(request, partnership_id: int, payload: EvidenceIn):
    partnership = partnership_or_404(request, partnership_id, queries.RECORD)
    data = payload.dict()
    data["kind"] = payload.kind.value
    data["consent"] = payload.consent.value
    created = services.evidence_create(partnership=partnership, created_by=request.user, **data)
    return Status(201, _read(created))


@router.post(
    BASE + "/upload",
    response={201: EvidenceOut, **ERRORS},
    summary="Record evidence with a file (multipart: the file, its title, kind and text)",
    description="The file is a PDF, an image (PNG, JPEG, GIF, WebP) or an office document "
    "(DOCX, XLSX, PPTX, ODT), read by its content, not its name. Tag it with PATCH afterwards.",
)
def upload_evidence(
    request,
    partnership_id: int,
    file: File[UploadedFile] = None,
    title: Form[str] = "",
    kind: Form[EvidenceKind] = EvidenceKind.FILE,
    body: Form[str] = "",
    speaker: Form[str] = "",
    consent: Form[EvidenceConsent] = EvidenceConsent.NOT_NEEDED,
    consent_note: Form[str] = "",
    consent_on: Form[IsoDate | None] = None,
):
    """Access is checked before the input, so that someone who may not record learns nothing
    from a bad request."""
    partnership = partnership_or_404(request, partnership_id, queries.RECORD)
    for name, value in (("title", title), ("body", body), ("speaker", speaker)):
        if "\x00" in (value or ""):
            raise ValidationError({name: "Remove the NUL character."})
    if file is None:
        raise ValidationError({"file": "Choose a file to upload."})
    created = services.evidence_create(
        partnership=partnership,
        kind=kind.value,
        title=title,
        body=body,
        speaker=speaker,
        consent=consent.value,
        consent_note=consent_note,
        consent_on=consent_on,
        upload=file,
        created_by=request.user,
    )
    return Status(201, _read(created))


@router.get(ONE, response={200: EvidenceOut, **ERRORS}, summary="One piece of evidence")
def get_evidence(request, partnership_id: int, evidence_id: int):
    return _one(request, partnership_id, evidence_id)


@router.patch(
    ONE,
    response={200: EvidenceOut, **WRITE_ERRORS},
    summary="Change a piece of evidence: its text, consent, organization or tags",
    description="A list of tags given replaces that kind of tag; `remove_file` takes the file "
    "off. Only its author (while adding records) or a steward changes it.",
)
def update_evidence(request, partnership_id: int, evidence_id: int, payload: EvidencePatchIn):
    evidence = queries.evidence_or_404(request.user, partnership_id, evidence_id, queries.CHANGE)
    if_match(request, evidence)
    changes = payload.dict(exclude_unset=True)
    remove_file = bool(changes.pop("remove_file", False))
    for name in ("body", "speaker", "consent_note"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("kind", "consent"):
        if changes.get(name) is not None:
            changes[name] = changes[name].value
    for name in ("indicator_ids", "core_value_ids", "period_ids"):
        if name in changes and changes[name] is None:
            changes[name] = []
    services.evidence_update(evidence=evidence, remove_file=remove_file, **changes)
    return _read(evidence)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    summary="Archive a piece of evidence (it leaves the lists; its history stays)",
    openapi_extra=IF_MATCH_DOC,
)
def archive_evidence(request, partnership_id: int, evidence_id: int):
    evidence = queries.evidence_or_404(request.user, partnership_id, evidence_id, queries.CHANGE)
    if_match(request, evidence)
    services.evidence_archive(evidence=evidence)
    return Status(204, None)


@router.get(
    ONE + "/file",
    response={**ERRORS},
    summary="The evidence's file, as an attachment",
    openapi_extra=FILE_200,
)
def get_evidence_file(request, partnership_id: int, evidence_id: int):
    return file_response(queries.evidence_or_404(request.user, partnership_id, evidence_id))
