"""API schemas of deliverables and fulfilment (M2). Names start with "Deliverable" or
"Fulfilment": OpenAPI components are keyed by name across every app."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, VersionedOut
from accord.partnerships.schemas import Id, OrganizationRef

from .models_deliverables import Deliverable
from .services_deliverables import MAX_EVIDENCE, MAX_TEXT, MAX_TITLE

DeliverableStatus = StrEnum("DeliverableStatus", {c.name: c.value for c in Deliverable.Status})
DeliverableFilterStatus = StrEnum(
    "DeliverableFilterStatus",
    {"OVERDUE": "overdue", **{c.name: c.value for c in Deliverable.Status}},
)
EvidenceIds = Annotated[list[Id], Field(max_length=MAX_EVIDENCE)]


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


class DeliverableOut(VersionedOut):
    id: int
    partnership_id: int
    organization: OrganizationRef
    title: str
    description: str
    due_on: date
    status: DeliverableStatus
    delivered_on: date | None
    overdue: bool = Field(description="Still planned or in progress after its due date.")
    evidence_ids: list[int]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_overdue(obj) -> bool:
        from django.utils import timezone

        return obj.is_open and obj.due_on < timezone.localdate()

    @staticmethod
    def resolve_evidence_ids(obj) -> list[int]:
        return [e.pk for e in obj.evidence.all() if e.archived_at is None]


class DeliverableIn(InputSchema):
    organization_id: Id
    title: _text(MAX_TITLE, 1)
    description: _text(MAX_TEXT) = ""
    due_on: IsoDate
    status: DeliverableStatus = DeliverableStatus.PLANNED
    delivered_on: IsoDate | None = None
    evidence_ids: EvidenceIds = []


class DeliverablePatchIn(InputSchema):
    organization_id: Id | None = None
    title: _text(MAX_TITLE, 1) | None = None
    description: _text(MAX_TEXT) | None = None
    due_on: IsoDate | None = None
    status: DeliverableStatus | None = None
    delivered_on: IsoDate | None = None
    evidence_ids: EvidenceIds | None = None


class DeliverableFilters(InputSchema):
    status: DeliverableFilterStatus | None = None
    organization_id: Id | None = None


class FulfilmentRowOut(Schema):
    organization: OrganizationRef
    is_host: bool
    deliverables_due: int = Field(description="Due date passed, cancelled ones left out.")
    delivered_on_time: int = Field(description="Of those, delivered on or before the due date.")
    deliverables_overdue: int
    commitments_due: int = Field(description="Leaders' commitments whose end date has passed.")
    commitments_kept: int
    commitments_overdue: int
    deliverable_rate: Decimal | None
    commitment_rate: Decimal | None
    combined_rate: Decimal | None = Field(
        description="(delivered on time + kept) / (deliverables due + commitments due); null "
        "when nothing is due yet."
    )

    @staticmethod
    def resolve_organization(obj) -> dict:
        return {"id": obj.organization.pk, "name": obj.organization.name}


class FulfilmentOverdueOut(Schema):
    kind: str = Field(description="deliverable or commitment")
    id: int
    organization: OrganizationRef
    title: str
    due_on: date


class FulfilmentOut(Schema):
    as_of: date
    formula: str
    organizations: list[FulfilmentRowOut]
    overdue: list[FulfilmentOverdueOut]
