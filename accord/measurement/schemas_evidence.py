"""API schemas of qualitative evidence (M3). Names start with "Evidence": OpenAPI components are
keyed by name across every app."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, VersionedOut
from accord.partnerships.schemas import Id, OrganizationRef

from .models_evidence import Evidence
from .services_evidence import MAX_TAGS, MAX_TEXT, MAX_TITLE

EvidenceKind = StrEnum("EvidenceKind", {c.name: c.value for c in Evidence.Kind})
EvidenceConsent = StrEnum("EvidenceConsent", {c.name: c.value for c in Evidence.Consent})
Ids = Annotated[list[Id], Field(max_length=MAX_TAGS)]


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


class EvidenceTagOut(Schema):
    id: int
    name: str


class EvidenceOut(VersionedOut):
    id: int
    partnership_id: int
    kind: EvidenceKind
    title: str
    body: str
    speaker: str
    consent: EvidenceConsent
    consent_note: str = Field(description="How consent was given.")
    consent_on: date | None
    organization: OrganizationRef | None
    file_name: str = Field(description="The uploaded file's own name; empty without a file.")
    media_type: str = Field(description="The file's type, read from its content.")
    file_url: str | None = Field(description="Where the file is downloaded (an attachment).")
    indicators: list[EvidenceTagOut]
    core_values: list[EvidenceTagOut]
    periods: list[EvidenceTagOut]
    created_by: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_file_url(obj) -> str | None:
        if not obj.file:
            return None
        return f"/api/v1/partnerships/{obj.partnership_id}/evidence/{obj.pk}/file"

    @staticmethod
    def resolve_indicators(obj) -> list:
        return [{"id": i.pk, "name": i.name} for i in obj.indicators.all()]

    @staticmethod
    def resolve_core_values(obj) -> list:
        return [{"id": v.pk, "name": v.name} for v in obj.core_values.all()]

    @staticmethod
    def resolve_periods(obj) -> list:
        return [{"id": p.pk, "name": p.label} for p in obj.periods.all()]

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.display_name if obj.created_by else None


class EvidenceIn(InputSchema):
    kind: EvidenceKind = EvidenceKind.STORY
    title: _text(MAX_TITLE, 1)
    body: _text(MAX_TEXT) = ""
    speaker: _text(200) = ""
    consent: EvidenceConsent = EvidenceConsent.NOT_NEEDED
    consent_note: _text(300) = ""
    consent_on: IsoDate | None = None
    organization_id: Id | None = None
    indicator_ids: Ids = []
    core_value_ids: Ids = []
    period_ids: Ids = []


class EvidencePatchIn(InputSchema):
    kind: EvidenceKind | None = None
    title: _text(MAX_TITLE, 1) | None = None
    body: _text(MAX_TEXT) | None = None
    speaker: _text(200) | None = None
    consent: EvidenceConsent | None = None
    consent_note: _text(300) | None = None
    consent_on: IsoDate | None = None
    organization_id: Id | None = None
    indicator_ids: Ids | None = None
    core_value_ids: Ids | None = None
    period_ids: Ids | None = None
    remove_file: bool = False


class EvidenceFilters(InputSchema):
    kind: EvidenceKind | None = None
    indicator_id: Id | None = None
    period_id: Id | None = None
