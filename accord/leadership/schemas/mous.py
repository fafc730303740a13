"""API input and output schemas for MOUs, their versions, signatures and verification (L5)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StringConstraints

from accord.accounts.notifications import absolute_url
from accord.core.schemas import (
    InputSchema,
    IsoDate,
    SectionDiffOut,
    VersionedOut,
)
from accord.partnerships.schemas import NO_NUL, Id, OrganizationRef, PersonRef, Title

from ..models import Mou, MouVersion, Signatory
from ..mou_context import section_texts, version_data

# Own copies of the models' choices: OpenAPI components are keyed by name ("Status").
MouStatus = StrEnum("MouStatus", {c.name: c.value for c in Mou.Status})
MouVersionStatus = StrEnum("MouVersionStatus", {c.name: c.value for c in MouVersion.Status})
SigningOrder = StrEnum("SigningOrder", {c.name: c.value for c in MouVersion.SigningOrder})
SignatoryStatus = StrEnum("SignatoryStatus", {c.name: c.value for c in Signatory.Status})

SectionBody = Annotated[str, StringConstraints(max_length=20_000, pattern=NO_NUL)]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=NO_NUL)
]


class MouRef(Schema):
    id: int
    title: str


class MouOut(VersionedOut):
    id: int
    partnership_id: int
    title: str
    status: MouStatus
    template_id: int | None
    amends: MouRef | None
    latest_version_number: int | None = Field(description="The newest version's number.")
    version_count: int
    executed_at: datetime | None
    effective_on: date | None
    expires_on: date | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_latest_version_number(obj) -> int | None:
        value = getattr(obj, "latest_number", None)
        if value is None:
            latest = obj.versions.order_by("-number").first()
            return latest.number if latest else None
        return value

    @staticmethod
    def resolve_version_count(obj) -> int:
        value = getattr(obj, "version_count", None)
        return obj.versions.count() if value is None else value


class MouCreateIn(InputSchema):
    title: Title = "Memorandum of understanding"
    template_id: Id | None = Field(None, description="The default template when left out.")
    effective_on: IsoDate | None = None
    expires_on: IsoDate | None = Field(None, description="After the effective date.")


class SectionOut(VersionedOut):
    key: str
    heading: str
    body: str = Field(
        description="The text the document shows: in a draft, a section that "
        "follows the data is filled in from the partnership's data now."
    )
    position: int
    follows_data: bool = Field(
        description="False once a person edited the text by hand: it is kept as typed."
    )
    disagreements: list[str] = Field(
        description="Values the edited text names that changed since (a draft with any is not "
        "sent for signature)."
    )


class SignatoryOut(Schema):
    id: int
    person: PersonRef
    organization: OrganizationRef
    order: int
    status: SignatoryStatus
    asked_at: datetime | None
    signed_at: datetime | None
    ip_address: str | None
    user_agent: str
    signed_sha256: str = Field(description="SHA-256 of the stored document when they signed.")
    decline_reason: str


class MouVersionOut(VersionedOut):
    id: int
    mou_id: int
    number: int
    status: MouVersionStatus
    effective_on: date | None
    expires_on: date | None
    signing_order: SigningOrder
    external: bool = Field(description="Signed outside Accord and uploaded.")
    document_sha256: str
    certificate_sha256: str
    sent_at: datetime | None
    executed_at: datetime | None
    voided_at: datetime | None
    void_reason: str
    signatory_count: int
    signed_count: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_signatory_count(obj) -> int:
        value = getattr(obj, "signatory_count", None)
        return len(obj.signatories.all()) if value is None else value

    @staticmethod
    def resolve_signed_count(obj) -> int:
        value = getattr(obj, "signed_count", None)
        if value is None:
            return sum(1 for s in obj.signatories.all() if s.status == Signatory.Status.SIGNED)
        return value


class DocumentLinksOut(Schema):
    """The version's documents as one set: the one to keep, the exact bytes signed, and where
    anyone who holds a copy checks it."""

    pdf: str | None = Field(
        description="The document to read and keep: once executed in Accord, the executed MOU "
        "(the signed pages with each signature filled in, then the signing certificate, with "
        "the exact document signed attached inside); else the PDF as sent for signature or as "
        "uploaded; null for a draft."
    )
    signed: str | None = Field(
        description="The exact bytes sent for signature (or uploaded), which every signature's "
        "SHA-256 refers to; null for a draft."
    )
    verification: str = Field(
        description="The public page where anyone holding a copy checks it (no sign-in); the "
        "API's POST /api/v1/verify does the same with a SHA-256."
    )


class MouVersionDetailOut(MouVersionOut):
    sections: list[SectionOut]
    signatories: list[SignatoryOut]
    documents: DocumentLinksOut

    @staticmethod
    def resolve_documents(obj) -> dict:
        base = (
            f"/api/v1/partnerships/{obj.mou.partnership_id}/mous/{obj.mou_id}/versions/{obj.number}"
        )
        # A document the task worker is still rendering is linked too: it answers 202 until then.
        sent = obj.document or (obj.sent_at and not obj.external)
        signed = f"{base}/document" if sent else None
        in_accord = obj.status == "executed" and not obj.external
        executed = f"{base}/executed-document" if obj.certificate_document or in_accord else None
        return {
            "pdf": executed or signed,
            "signed": signed,
            "verification": absolute_url(reverse("leadership:verify")),
        }

    @staticmethod
    def resolve_sections(obj):
        texts = section_texts(obj, list(obj.sections.all()), version_data(obj))
        return [
            {
                "revision": t.section.revision,
                "key": t.key,
                "heading": t.heading,
                "body": t.body,
                "position": t.section.position,
                "follows_data": t.follows_data,
                "disagreements": [str(d) for d in t.disagreements],
            }
            for t in texts
        ]

    @staticmethod
    def resolve_signatories(obj):
        return list(obj.signatories.all())


class SectionPatchIn(InputSchema):
    key: Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=NO_NUL)]
    heading: Title | None = None
    body: SectionBody | None = None
    follow_data: bool | None = Field(
        None, description="True: discard an edited text and follow the data again."
    )


class MouVersionPatchIn(InputSchema):
    effective_on: IsoDate | None = None
    expires_on: IsoDate | None = None
    signing_order: SigningOrder | None = None
    sections: list[SectionPatchIn] | None = Field(
        None, max_length=200, description="Sections to change, by key; others stay as they are."
    )


class SignatoryIn(InputSchema):
    person_id: Id
    order: int = Field(1, ge=1, le=99, description="Sequential signing asks lower numbers first.")


class SendIn(InputSchema):
    signing_order: SigningOrder | None = None
    signatories: list[SignatoryIn] = Field(
        max_length=200, description="At least one leader or project director per member."
    )
    confirm_no_agreed_charter: bool = Field(
        False,
        description="While no charter version is agreed (endorsed by every member), the MOU "
        "quotes none and is sent only with this set to true.",
    )


class SignIn(InputSchema):
    password: Annotated[str, StringConstraints(max_length=4096)] = Field(
        description="The signatory's own Accord password, confirming that it is them."
    )


class ReasonIn(InputSchema):
    reason: Reason


class TermChangeOut(Schema):
    label: str
    old: str
    new: str


class DiffOut(Schema):
    a: int
    b: int
    term: list[TermChangeOut]
    sections: list[SectionDiffOut]


class DocumentCheckOut(Schema):
    label: str
    recorded_sha256: str
    current_sha256: str | None = Field(description="None when the stored file is missing.")
    intact: bool


class SignatureCheckOut(Schema):
    signatory_id: int
    person: str
    organization: str
    signed_sha256: str
    intact: bool


class VerificationOut(Schema):
    version_number: int
    intact: bool
    document: DocumentCheckOut | None
    certificate: DocumentCheckOut | None
    signatures: list[SignatureCheckOut]


class SignerChoiceOut(Schema):
    organization: OrganizationRef
    people: list[PersonRef]


# --- Public verification ------------------------------------------------------------------------
class VerifyIn(InputSchema):
    sha256: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[0-9a-fA-F]{64}$")
    ] = Field(description="The SHA-256 of the PDF, 64 hexadecimal characters.")


class VerifiedSignatureOut(Schema):
    person: str
    title: str
    organization: str
    signed_at: datetime | None


class VerifyOut(Schema):
    verified: bool = Field(description="False: no executed Accord MOU has this SHA-256.")
    sha256: str
    kind: str | None = Field(
        None, description="executed (with its certificate), signed (as sent) or external"
    )
    description: str | None = None
    mou_title: str | None = None
    partnership_title: str | None = None
    version_number: int | None = None
    executed_at: datetime | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    signatures: list[VerifiedSignatureOut] = []
