"""API schemas for collecting values (M3): reporting periods, submissions, their values and
events, and file imports. Names start with "Period", "Submission", "Value" or "Import": OpenAPI
components are keyed by name across every app."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, VersionedOut
from accord.partnerships.schemas import OrganizationRef

from .collection import MAX_LABEL, MAX_TEXT
from .models import ReportingPeriod, Submission, SubmissionEvent

PeriodKind = StrEnum("PeriodKind", {c.name: c.value for c in ReportingPeriod.Kind})
SubmissionStatus = StrEnum("SubmissionStatus", {c.name: c.value for c in Submission.Status})
SubmissionAction = StrEnum("SubmissionAction", {c.name: c.value for c in SubmissionEvent.Action})
# The most rows one bulk write takes; a larger set goes in several requests or as a file.
MAX_ROWS = 5000


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


Raw = Annotated[Decimal, Field(allow_inf_nan=False)] | _text(100)
Ref = Annotated[int, Field(ge=1, le=2**63 - 1)] | _text(200)


# --- Periods ------------------------------------------------------------------------------------
class PeriodOut(VersionedOut):
    id: int
    partnership_id: int
    label: str
    kind: PeriodKind
    starts_on: date
    ends_on: date
    opens_on: date = Field(description="Data entry opens.")
    due_on: date = Field(description="Data is due.")
    measures_version_number: int = Field(
        description="The measures set version whose indicators this period collects."
    )

    @staticmethod
    def resolve_measures_version_number(obj) -> int:
        return obj.measures_version.number


class PeriodIn(InputSchema):
    label: _text(MAX_LABEL, 1) = Field(description="Matches indicator targets' period, “2026 Q1”.")
    kind: PeriodKind = PeriodKind.QUARTERLY
    starts_on: IsoDate
    ends_on: IsoDate
    opens_on: IsoDate | None = Field(None, description="Defaults to the period's end.")
    due_on: IsoDate | None = Field(None, description="Defaults to three weeks after its end.")


class PeriodPatchIn(InputSchema):
    label: _text(MAX_LABEL, 1) = None
    kind: PeriodKind = None
    starts_on: IsoDate = None
    ends_on: IsoDate = None
    opens_on: IsoDate = None
    due_on: IsoDate = None


# --- Values -------------------------------------------------------------------------------------
class ValueOut(VersionedOut):
    id: int
    indicator_id: int
    indicator: str
    category_a_id: int | None
    category_a: str | None
    category_b_id: int | None
    category_b: str | None
    value: Decimal | None = Field(description="For a ratio: numerator / denominator.")
    numerator: Decimal | None
    denominator: Decimal | None
    text: str
    outlier: bool = Field(description="Outside the indicator's plausible range when entered.")
    suppressed: bool = Field(
        False,
        description="Disclosure control: a small count (or one that would let a small count be "
        "worked out from the totals) read by someone outside the organization that entered it "
        "and the steward; `value` is then null.",
    )
    updated_at: datetime

    @staticmethod
    def resolve_suppressed(obj) -> bool:
        return bool(getattr(obj, "suppressed", False))

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.name

    @staticmethod
    def resolve_category_a(obj) -> str | None:
        return obj.category_a.label if obj.category_a_id else None

    @staticmethod
    def resolve_category_b(obj) -> str | None:
        return obj.category_b.label if obj.category_b_id else None


class ValueRowIn(InputSchema):
    """One cell, as every way in gives it: names or ids; an empty value removes the cell."""

    indicator: Ref = Field(description="The indicator's id or name.")
    category_a: Ref | None = Field(None, description="A category of its first dimension.")
    category_b: Ref | None = Field(None, description="A category of its second dimension.")
    value: Raw | None = None
    numerator: Raw | None = None
    denominator: Raw | None = None
    text: _text(MAX_TEXT) = ""


class ValuesIn(InputSchema):
    values: list[ValueRowIn] = Field(
        max_length=MAX_ROWS,
        description=f"At most {MAX_ROWS} rows; all are checked before any is written.",
    )


class ValueChangeIn(InputSchema):
    """A new value for one cell (PUT: every field; PATCH: those sent)."""

    value: Raw | None = None
    numerator: Raw | None = None
    denominator: Raw | None = None
    text: _text(MAX_TEXT) = ""


# --- Submissions --------------------------------------------------------------------------------
class SubmissionChangeOut(Schema):
    cell: str = Field(description="indicator:category_a:category_b ids")
    old: str | None
    new: str | None


class SubmissionEventOut(Schema):
    id: int
    action: SubmissionAction
    at: datetime
    actor: str = Field(description="Who did it; empty for the system.")
    comment: str
    cells_changed: int
    changes: list[SubmissionChangeOut] = Field(description="Up to 500 of the changed cells.")

    @staticmethod
    def resolve_actor(obj) -> str:
        actor = obj.actor
        if actor is None:
            return ""
        return actor.get_full_name() or actor.get_username()


class SubmissionOut(VersionedOut):
    id: int
    period_id: int
    period: str
    organization: OrganizationRef
    status: SubmissionStatus
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_comment: str
    value_count: int
    suppressed: bool = Field(
        False,
        description="Some counts are suppressed for the reader (see each value's `suppressed`); "
        "only the organization that entered them and the steward see every one.",
    )
    values: list[ValueOut] = Field(
        description="The first 1000 values; all of them are paged at …/values."
    )


class SubmissionWriteOut(Schema):
    cells_changed: int
    event: SubmissionEventOut | None = Field(description="None when nothing changed.")
    submission: SubmissionOut


class SubmissionReturnIn(InputSchema):
    comment: _text(MAX_TEXT) = Field("", description="Required: what should change.")


class SubmissionApproveIn(InputSchema):
    comment: _text(MAX_TEXT) = ""


class SubmissionReopenIn(InputSchema):
    reason: _text(MAX_TEXT) = Field("", description="Required: why approved values must change.")


# --- Imports ------------------------------------------------------------------------------------
class ImportProblemOut(Schema):
    line: int = Field(description="The file's line (CSV) or row (XLSX); 0: the file itself.")
    column: str
    message: str


class ImportOut(Schema):
    kind: str = Field(description="CSV or XLSX, read from the content.")
    rows: int
    cells_changed: int
    event: SubmissionEventOut | None
