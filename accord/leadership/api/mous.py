"""The MOU API (L5): MOUs, versions and their sections, the diff, sending for signature,
signing, declining, voiding, verification, amendments, uploads and the stored documents, under
/api/v1/partnerships/{partnership_id}/mous.

Outsiders get 404, members whose role lacks the permission 403 (`get_visible_or_404`); signing
and declining answer only the signatory themself (403 for other members). Writes go through
services/mous.py and services/signing.py, whose ValidationErrors become 422 with field errors.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accord.core.access import Perm, get_visible_or_404, require
from accord.core.api_errors import error_body
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.http import client_ip
from accord.core.schemas import DiffQuery, ErrorOut, IsoDate
from accord.partnerships.access import partnership_or_404

from .. import diff, rendering
from ..models import MouTemplate, MouVersion
from ..mou_context import shown_sections
from ..queries import mous as queries
from ..schemas.mous import (
    DiffOut,
    MouCreateIn,
    MouOut,
    MouVersionDetailOut,
    MouVersionOut,
    MouVersionPatchIn,
    ReasonIn,
    SendIn,
    SignerChoiceOut,
    SignIn,
    VerificationOut,
)
from ..services import mous as services
from ..services import pdfs, signing

router = Router(tags=["MOUs"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/mous"
MOU = BASE + "/{mou_id}"
VERSION = MOU + "/versions/{number}"
# The stored PDFs are answered as downloads; OpenAPI learns their 200 from `openapi_extra`.
PDF_200 = {
    "responses": {
        "200": {
            "description": "The PDF, as an attachment.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _mou(request, partnership_id: int, mou_id: int, permission=None):
    return queries.get_mou_or_404(request.user, partnership_id, mou_id, permission)


def _version(request, partnership_id: int, mou_id: int, number: int, permission=None):
    versions = queries.with_details(queries.versions_of(mou_id)).filter(
        mou__partnership_id=partnership_id
    )
    return get_visible_or_404(request.user, versions, permission, number=number)


def _fresh(request, version: MouVersion) -> MouVersion:
    return _version(request, version.mou.partnership_id, version.mou_id, version.number)


def _signatory(request, version):
    require(request.user, "leadership.mou.sign", version)
    return queries.signatory_of(request.user, version)


# --- MOUs ---------------------------------------------------------------------------------------
@router.get(BASE, response={200: list[MouOut], **ERRORS}, summary="A partnership's MOUs")
@paginate
def list_mous(request, partnership_id: int):
    return queries.mous_of(partnership_or_404(request, partnership_id))


@router.post(
    BASE,
    response={201: MouOut, **ERRORS},
    summary="Draft an MOU from a template with the partnership's data (version 1, a draft)",
)
def create_mou(request, partnership_id: int, payload: MouCreateIn):
    partnership = partnership_or_404(request, partnership_id, Perm.CHANGE)
    template = None
    if payload.template_id is not None:
        template = (
            MouTemplate.objects.visible_to(request.user).filter(pk=payload.template_id).first()
        )
        if template is None:
            raise ValidationError({"template_id": "There is no template with this id."})
    mou = services.mou_create(
        partnership=partnership,
        title=payload.title,
        template=template,
        created_by=request.user,
        effective_on=payload.effective_on,
        expires_on=payload.expires_on,
    )
    return Status(201, _mou(request, partnership_id, mou.pk))


@router.post(
    BASE + "/upload",
    response={201: MouOut, **ERRORS},
    summary="Record an MOU signed outside Accord (multipart: title, dates and the PDF)",
)
def upload_mou(
    request,
    partnership_id: int,
    file: File[UploadedFile] = None,
    title: Form[str] = "Memorandum of understanding",
    effective_on: Form[IsoDate | None] = None,
    expires_on: Form[IsoDate | None] = None,
):
    """`effective_on` is the upload date when left out. Access is checked before the input, so
    that someone who may not upload learns nothing from a bad request."""
    partnership = partnership_or_404(request, partnership_id, Perm.CHANGE)
    title = (title or "").strip()
    if not title or len(title) > 200 or "\x00" in title:
        raise ValidationError({"title": "Give a title of 1 to 200 characters."})
    mou = services.mou_upload(
        partnership=partnership,
        title=title,
        upload=file,
        effective_on=effective_on,
        expires_on=expires_on,
        uploaded_by=request.user,
    )
    return Status(201, _mou(request, partnership_id, mou.pk))


@router.get(MOU, response={200: MouOut, **ERRORS}, summary="One MOU")
def get_mou(request, partnership_id: int, mou_id: int):
    return _mou(request, partnership_id, mou_id)


@router.post(
    MOU + "/amendment",
    response={201: MouOut, **ERRORS},
    summary="Start an amendment of an executed MOU (a new MOU drafted from its text)",
)
def amend_mou(request, partnership_id: int, mou_id: int):
    mou = _mou(request, partnership_id, mou_id, Perm.CHANGE)
    amendment = services.mou_amend(mou=mou, created_by=request.user)
    return Status(201, _mou(request, partnership_id, amendment.pk))


@router.get(
    MOU + "/signer-choices",
    response={200: list[SignerChoiceOut], **ERRORS},
    summary="Who may sign for each member organization",
)
def signer_choices(request, partnership_id: int, mou_id: int):
    mou = _mou(request, partnership_id, mou_id)
    return [
        {"organization": c.organization, "people": c.people}
        for c in queries.signer_choices(mou.partnership)
    ]


@router.get(
    MOU + "/diff",
    response={200: DiffOut, **ERRORS},
    summary="What changed between two versions, section by section, word by word",
)
def diff_versions(request, partnership_id: int, mou_id: int, query: Query[DiffQuery]):
    mou = _mou(request, partnership_id, mou_id)
    versions = {
        v.number: v
        for v in queries.with_details(queries.versions_of(mou)).filter(
            number__in=[query.a, query.b]
        )
    }
    for field in ("a", "b"):
        if getattr(query, field) not in versions:
            raise ValidationError({field: f"This MOU has no version {getattr(query, field)}."})
    old, new = versions[query.a], versions[query.b]
    return {
        "a": query.a,
        "b": query.b,
        "term": diff.term_changes(old, new),
        "sections": diff.sections_diff(shown_sections(old), shown_sections(new)),
    }


# --- Versions -----------------------------------------------------------------------------------
@router.get(
    MOU + "/versions",
    response={200: list[MouVersionOut], **ERRORS},
    summary="An MOU's versions, newest first",
)
@paginate
def list_versions(request, partnership_id: int, mou_id: int):
    return queries.versions_of(_mou(request, partnership_id, mou_id))


@router.post(
    MOU + "/versions",
    response={201: MouVersionDetailOut, **ERRORS},
    summary="Start a new draft copied from the latest version",
)
def create_version(request, partnership_id: int, mou_id: int):
    mou = _mou(request, partnership_id, mou_id, Perm.CHANGE)
    version = services.mou_version_create(mou=mou, created_by=request.user)
    return Status(201, _fresh(request, version))


@router.get(VERSION, response={200: MouVersionDetailOut, **ERRORS}, summary="One version")
def get_version(request, partnership_id: int, mou_id: int, number: int):
    return _version(request, partnership_id, mou_id, number)


@router.patch(
    VERSION,
    response={200: MouVersionDetailOut, **ERRORS},
    summary="Change a version's term, signing order or sections",
    description="On a draft the change is made in place. On a version out for signature, the "
    "version is voided with its pending signatures and the change is made in a new draft, "
    "which is returned. An executed or voided version is never changed (422).",
)
def update_version(
    request, partnership_id: int, mou_id: int, number: int, payload: MouVersionPatchIn
):
    version = _version(request, partnership_id, mou_id, number, Perm.CHANGE)
    if_match(request, version)
    changes = payload.dict(exclude_unset=True)
    sections = changes.pop("sections", None)
    if changes.get("signing_order") is None:
        changes.pop("signing_order", None)
    saved = services.mou_version_update(
        version=version, user=request.user, sections=sections, **changes
    )
    return _fresh(request, saved)


@router.post(
    VERSION + "/regenerate",
    openapi_extra=IF_MATCH_DOC,
    response={200: MouVersionDetailOut, **ERRORS},
    summary="Draft a version's sections again from its template and current data",
)
def regenerate_version(request, partnership_id: int, mou_id: int, number: int):
    version = _version(request, partnership_id, mou_id, number, Perm.CHANGE)
    if_match(request, version)
    services.mou_regenerate(version=version, user=request.user)
    return _fresh(request, version)


@router.post(
    VERSION + "/send",
    openapi_extra=IF_MATCH_DOC,
    response={200: MouVersionDetailOut, **ERRORS},
    summary="Send a draft for signature: its PDF is stored once, with its SHA-256",
)
def send_version(request, partnership_id: int, mou_id: int, number: int, payload: SendIn):
    version = _version(request, partnership_id, mou_id, number, Perm.CHANGE)
    if_match(request, version)
    choices = queries.signer_choices(version.mou.partnership)
    people = {p.pk: p for c in choices for p in c.people}
    chosen, unknown = [], []
    for index, item in enumerate(payload.signatories):
        if item.person_id in people:
            chosen.append((people[item.person_id], item.order))
        else:
            unknown.append(index)
    if unknown:
        raise ValidationError(
            {
                f"signatories.{index}.person_id": "This person may not sign: a signatory is a "
                "leader or project director of a member organization, with an Accord account."
                for index in unknown
            }
        )
    signing.mou_send(
        version=version,
        signatories=chosen,
        signing_order=payload.signing_order,
        sent_by=request.user,
        confirm_no_agreed_charter=payload.confirm_no_agreed_charter,
    )
    return _fresh(request, version)


@router.post(
    VERSION + "/void",
    openapi_extra=IF_MATCH_DOC,
    response={200: MouVersionDetailOut, **ERRORS},
    summary="Void a version out for signature, with the reason",
)
def void_version(request, partnership_id: int, mou_id: int, number: int, payload: ReasonIn):
    version = _version(request, partnership_id, mou_id, number, Perm.CHANGE)
    if_match(request, version)
    signing.mou_void(version=version, reason=payload.reason, user=request.user)
    return _fresh(request, version)


@router.post(
    VERSION + "/sign",
    response={200: MouVersionDetailOut, **ERRORS},
    summary="Sign, as the signatory, after confirming one's password",
    description="Records the time, the caller's IP address and user agent, and the SHA-256 of "
    "the stored document as it is now. A second signature is refused with 422 and changes "
    "nothing.",
)
def sign_version(request, partnership_id: int, mou_id: int, number: int, payload: SignIn):
    version = _version(request, partnership_id, mou_id, number)
    signing.mou_sign(
        signatory=_signatory(request, version),
        user=request.user,
        password=payload.password,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    return _fresh(request, version)


@router.post(
    VERSION + "/decline",
    response={200: MouVersionDetailOut, **ERRORS},
    summary="Decline to sign, with the reason (the version is voided)",
)
def decline_version(request, partnership_id: int, mou_id: int, number: int, payload: ReasonIn):
    version = _version(request, partnership_id, mou_id, number)
    signing.mou_decline(
        signatory=_signatory(request, version), user=request.user, reason=payload.reason
    )
    return _fresh(request, version)


@router.get(
    VERSION + "/verification",
    response={200: VerificationOut, **ERRORS},
    summary="Recompute the stored documents' SHA-256 and compare with what was signed",
)
def verify_version(request, partnership_id: int, mou_id: int, number: int):
    version = _version(request, partnership_id, mou_id, number)
    check = queries.verification_of(version)

    def document(item):
        if item is None:
            return None
        return {
            "label": item.label,
            "recorded_sha256": item.recorded,
            "current_sha256": item.current,
            "intact": item.intact,
        }

    return {
        "version_number": version.number,
        "intact": check.intact,
        "document": document(check.document),
        "certificate": document(check.certificate),
        "signatures": [
            {
                "signatory_id": row.signatory.pk,
                "person": row.signatory.person.name,
                "organization": row.signatory.organization.name,
                "signed_sha256": row.signatory.signed_sha256,
                "intact": row.intact,
            }
            for row in check.signatures
        ],
    }


# A stored PDF the task worker has not rendered yet (services/pdfs.py): 202 with Retry-After.
PDF_PENDING = (
    "Accepted: the PDF is being rendered and is not stored yet. Ask again after the seconds "
    "that Retry-After gives."
)


def _stored_pdf(field_file, filename: str, *, pending: bool):
    if field_file:
        return rendering.pdf_attachment(field_file, filename)
    if not pending:
        raise Http404("Not found.")
    response = JsonResponse(error_body(PDF_PENDING), status=202)
    response["Retry-After"] = str(pdfs.RETRY_AFTER)
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    VERSION + "/document",
    response={202: ErrorOut, **ERRORS},
    summary="The stored PDF: as sent for signature, or as uploaded",
    description="While the task worker is still rendering the document sent for signature, "
    "the answer is 202 with Retry-After; the PDF is never rendered in the request.",
    openapi_extra=PDF_200,
)
def get_document(request, partnership_id: int, mou_id: int, number: int) -> HttpResponse:
    version = _version(request, partnership_id, mou_id, number)
    suffix = "-signed-outside-accord" if version.external else "-as-sent"
    return _stored_pdf(
        version.document,
        rendering.pdf_filename(version, suffix),
        pending=pdfs.document_pending(version),
    )


@router.get(
    VERSION + "/executed-document",
    response={202: ErrorOut, **ERRORS},
    summary="The executed PDF: the signed document followed by its signing certificate",
    description="While the task worker is still rendering it, the answer is 202 with Retry-After.",
    openapi_extra=PDF_200,
)
def get_executed_document(request, partnership_id: int, mou_id: int, number: int):
    version = _version(request, partnership_id, mou_id, number)
    return _stored_pdf(
        version.certificate_document,
        rendering.pdf_filename(version, "-executed"),
        pending=pdfs.certificate_pending(version),
    )
