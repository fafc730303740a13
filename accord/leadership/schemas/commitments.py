"""API input and output schemas for leaders' learning (L1, L2) and commitments (L3). Names start
with "Learning" or "Commitment" because OpenAPI components are keyed by name across every app."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import InputSchema, IsoDate, VersionedOut
from accord.partnerships.schemas import NO_NUL, Id, OrganizationRef, PersonRef

from ..models import Commitment
from ..services.commitments import MAX_TEXT, MAX_TOPIC_LENGTH, MAX_TOPICS

CommitmentKind = StrEnum("CommitmentKind", {c.name: c.value for c in Commitment.Kind})
CommitmentStatus = StrEnum("CommitmentStatus", {c.name: c.value for c in Commitment.Status})


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


# Positive numbers; the service names the field when one is zero, negative or too large.
Number = Annotated[Decimal, Field(allow_inf_nan=False)]
Topic = Annotated[str, StringConstraints(max_length=MAX_TOPIC_LENGTH, pattern=NO_NUL)]


def _float(value) -> float | None:
    return None if value is None else float(value)


# --- Learning (L1, L2) --------------------------------------------------------------------------
class LearningOut(VersionedOut):
    id: int
    partnership_id: int
    person: PersonRef
    organization: OrganizationRef = Field(description="The person's organization when logged.")
    title: str
    provider: str
    completed_on: date = Field(description="The date of the activity.")
    hours: float
    topics: list[str]
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_hours(obj) -> float:
        return float(obj.hours)


class LearningIn(InputSchema):
    person_id: Id | None = Field(
        None,
        description="Whose activity: yourself when left out; a steward may name anyone who "
        "holds a role in the partnership.",
    )
    title: _text(200, 1)
    provider: _text(200) = ""
    completed_on: IsoDate = Field(description="The date of the activity: today or earlier.")
    hours: Number = Field(
        description="More than zero, e.g. 1.5; with the person's other activities of that date, "
        "at most 24."
    )
    topics: list[Topic] = Field(
        default_factory=list,
        max_length=200,
        description=f"At most {MAX_TOPICS} after blanks and repeats are removed.",
    )
    notes: _text(MAX_TEXT) = ""


class LearningPatchIn(InputSchema):
    """Fields left out stay as they are."""

    title: _text(200, 1) | None = None
    provider: _text(200) | None = None
    completed_on: IsoDate | None = None
    hours: Number | None = None
    topics: list[Topic] | None = Field(None, max_length=200)
    notes: _text(MAX_TEXT) | None = None


class RecordFilters(InputSchema):
    organization_id: Id | None = None
    person_id: Id | None = None
    year: int | None = Field(
        None,
        ge=1900,
        le=2200,
        description="Learning completed in that year; commitments running during it.",
    )


# --- Commitments (L3) ---------------------------------------------------------------------------
class CommitmentOut(VersionedOut):
    id: int
    partnership_id: int
    person: PersonRef
    organization: OrganizationRef
    kind: CommitmentKind
    description: str
    amount: float | None
    unit: str
    starts_on: date
    ends_on: date | None
    status: CommitmentStatus
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_amount(obj) -> float | None:
        return _float(obj.amount)


class CommitmentIn(InputSchema):
    person_id: Id | None = Field(
        None,
        description="Whose commitment: yourself when left out; a steward may name anyone who "
        "holds a role in the partnership.",
    )
    kind: CommitmentKind
    description: _text(MAX_TEXT, 1)
    amount: Number | None = Field(None, description="More than zero; needs a unit.")
    unit: _text(40) = Field("", description="What the amount counts: hours, US dollars, FTE…")
    starts_on: IsoDate
    ends_on: IsoDate | None = Field(None, description="On or after starts_on; none: open-ended.")
    status: CommitmentStatus = CommitmentStatus.PLANNED


class CommitmentPatchIn(InputSchema):
    """Fields left out stay as they are; send null to clear amount, unit or ends_on."""

    kind: CommitmentKind | None = None
    description: _text(MAX_TEXT, 1) | None = None
    amount: Number | None = None
    unit: _text(40) | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    status: CommitmentStatus | None = None


class CommitmentFilters(RecordFilters):
    kind: CommitmentKind | None = None
    status: CommitmentStatus | None = None


# --- The summary --------------------------------------------------------------------------------
class LearningTopicOut(Schema):
    topic: str
    activities: int = Field(description="How many activities covered it.")


class CommitmentAmountOut(Schema):
    unit: str
    total: float


class CommitmentCountOut(Schema):
    key: str
    label: str
    count: int


class CommitmentFiguresOut(Schema):
    learning_hours: float
    learning_activities: int
    learners: int = Field(description="People who took part in learning.")
    topics: list[LearningTopicOut] = Field(description="Most covered first.")
    commitments: int
    committers: int = Field(description="People with a commitment.")
    by_kind: list[CommitmentCountOut]
    by_status: list[CommitmentCountOut]
    kept_rate: float | None = Field(
        description="kept / (kept + not kept), 0 to 1; null while no outcome is recorded."
    )
    amounts: list[CommitmentAmountOut] = Field(description="Committed amounts, by unit.")


class CommitmentOrganizationFiguresOut(CommitmentFiguresOut):
    organization: OrganizationRef
    is_member: bool = Field(description="A current member of the partnership.")
    is_yours: bool = Field(description="The caller's own organization.")


class CommitmentSummaryOut(Schema):
    partnership_id: int
    year: int | None
    total: CommitmentFiguresOut
    organizations: list[CommitmentOrganizationFiguresOut] = Field(
        description="Every current member and any other organization with a record; the "
        "caller's organization first."
    )


def figures_out(figures) -> dict:
    """The summary's figures as the API shows them."""
    out = {
        "learning_hours": float(figures.learning_hours),
        "learning_activities": figures.learning_count,
        "learners": figures.learners,
        "topics": [{"topic": t.topic, "activities": t.activities} for t in figures.topics],
        "commitments": figures.commitment_count,
        "committers": figures.committers,
        "by_kind": [{"key": k, "label": lbl, "count": n} for k, lbl, n in figures.kinds()],
        "by_status": [{"key": s, "label": lbl, "count": n} for s, lbl, n in figures.statuses()],
        "kept_rate": figures.kept_rate,
        "amounts": [{"unit": a.unit, "total": float(a.total)} for a in figures.amounts],
    }
    if hasattr(figures, "organization") and figures.organization is not None:
        out |= {
            "organization": figures.organization,
            "is_member": figures.is_member,
            "is_yours": figures.is_viewers,
        }
    return out
