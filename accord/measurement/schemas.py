"""API input and output schemas of the measures set (M1, M2). Names start with "Measures",
"Indicator" or "Dimension": OpenAPI components are keyed by name across every app."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.agreements import MAX_COMMENT, VersionStatus
from accord.core.schemas import InputSchema, IsoDate, SectionDiffOut, VersionedOut
from accord.partnerships.schemas import NO_NUL, Id, OrganizationRef

from .models import DimensionCategory, Indicator
from .services import MAX_TARGETS, MAX_TEXT

MeasuresStatus = StrEnum("MeasuresStatus", {c.name: c.value for c in VersionStatus})
IndicatorType = StrEnum("IndicatorType", {c.name: c.value for c in Indicator.Type})
IndicatorKind = StrEnum("IndicatorKind", {c.name: c.value for c in Indicator.Kind})
IndicatorDirection = StrEnum("IndicatorDirection", {c.name: c.value for c in Indicator.Direction})
IndicatorFrequency = StrEnum("IndicatorFrequency", {c.name: c.value for c in Indicator.Frequency})
CategoryKind = StrEnum("DimensionCategoryKind", {c.name: c.value for c in DimensionCategory.Kind})
Number = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=18, decimal_places=4)]


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


class PersonOut(Schema):
    id: int
    name: str
    organization: OrganizationRef | None


# --- Dimensions ---------------------------------------------------------------------------------
class DimensionCategoryOut(Schema):
    id: int
    label: str
    kind: CategoryKind = Field(description="category, declined (prefer not to say) or unknown")


class DimensionVersionOut(Schema):
    id: int
    number: int
    note: str
    created_at: datetime
    categories: list[DimensionCategoryOut]

    @staticmethod
    def resolve_categories(obj) -> list:
        return list(obj.categories.all())


class DimensionOut(VersionedOut):
    id: int
    name: str
    description: str
    versions: list[DimensionVersionOut] = Field(description="Newest first.")

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.all())


class DimensionIn(InputSchema):
    name: _text(120, 1)
    description: _text(MAX_TEXT) = ""
    categories: list[_text(120)] = Field(
        max_length=60,
        description="In order; “Prefer not to say” and “Unknown” are added when missing.",
    )


class DimensionReviseIn(InputSchema):
    categories: list[_text(120)] = Field(max_length=60)
    note: _text(300) = ""


# --- Indicators ---------------------------------------------------------------------------------
class IndicatorTargetOut(Schema):
    period: str
    value: Decimal


class IndicatorTargetIn(InputSchema):
    period: _text(40, 1)
    value: Number


class DimensionVersionRef(Schema):
    id: int
    dimension_id: int
    name: str
    number: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.dimension.name


class CoreValueRef(Schema):
    id: int
    name: str


class IndicatorOut(VersionedOut):
    id: int
    version_number: int
    position: int
    name: str
    definition: str
    unit: str
    type: IndicatorType
    numerator: str
    denominator: str
    kind: IndicatorKind = Field(
        description="Results-Based Accountability: how_much, how_well, better_off"
    )
    direction: IndicatorDirection
    range_low: Decimal | None
    range_high: Decimal | None
    baseline_value: Decimal | None
    baseline_date: date | None
    baseline_description: str
    frequency: IndicatorFrequency
    source: str
    responsible_organization: OrganizationRef
    plausible_min: Decimal | None
    plausible_max: Decimal | None
    targets: list[IndicatorTargetOut]
    core_values: list[CoreValueRef]
    dimensions: list[DimensionVersionRef]

    @staticmethod
    def resolve_version_number(obj) -> int:
        return obj.version.number

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())

    @staticmethod
    def resolve_core_values(obj) -> list:
        return list(obj.core_values.all())

    @staticmethod
    def resolve_dimensions(obj) -> list:
        return list(obj.dimensions.all())


class IndicatorPatchIn(InputSchema):
    """Fields left out keep their value; a list sent replaces the whole list."""

    name: _text(200, 1) | None = None
    definition: _text(MAX_TEXT, 1) | None = None
    unit: _text(60) | None = None
    type: IndicatorType | None = None
    numerator: _text(300) | None = None
    denominator: _text(300) | None = None
    kind: IndicatorKind | None = None
    direction: IndicatorDirection | None = None
    range_low: Number | None = None
    range_high: Number | None = None
    baseline_value: Number | None = None
    baseline_date: IsoDate | None = None
    baseline_description: _text(MAX_TEXT) | None = None
    frequency: IndicatorFrequency | None = None
    source: _text(300) | None = None
    responsible_organization_id: Id | None = None
    plausible_min: Number | None = None
    plausible_max: Number | None = None
    targets: list[IndicatorTargetIn] | None = Field(None, max_length=MAX_TARGETS)
    core_value_ids: list[Id] | None = Field(None, max_length=60)
    dimension_version_ids: list[Id] | None = Field(None, max_length=20)


class IndicatorIn(IndicatorPatchIn):
    name: _text(200, 1)
    definition: _text(MAX_TEXT, 1)
    type: IndicatorType
    kind: IndicatorKind
    direction: IndicatorDirection = IndicatorDirection.UP
    frequency: IndicatorFrequency = IndicatorFrequency.QUARTERLY
    responsible_organization_id: Id


class PlausibleRangeIn(InputSchema):
    values: list[Number] = Field(min_length=2, max_length=1000)


class PlausibleRangeOut(Schema):
    low: Decimal
    high: Decimal
    method: str = "mean ± 2 sample standard deviations"


# --- Versions -----------------------------------------------------------------------------------
class MeasuresVersionOut(VersionedOut):
    id: int
    number: int
    status: MeasuresStatus
    expectations: str
    deliverables: str
    based_on_number: int | None
    created_at: datetime
    opened_at: datetime | None
    finalized_at: datetime | None
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_based_on_number(obj) -> int | None:
        return obj.based_on.number if obj.based_on_id else None

    @staticmethod
    def resolve_indicators(obj) -> list:
        indicators = list(obj.indicators.all())
        for indicator in indicators:
            indicator.version = obj  # no query per indicator for its version's number
        return indicators


class MeasuresVersionPatchIn(InputSchema):
    expectations: _text(MAX_TEXT) | None = None
    deliverables: _text(MAX_TEXT) | None = None


class MeasuresMoveIn(InputSchema):
    to: MeasuresStatus


class MeasuresCommentOut(Schema):
    id: int
    version_number: int
    person: PersonOut
    text: str
    created_at: datetime

    @staticmethod
    def resolve_version_number(obj) -> int:
        return obj.version.number

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.body


class MeasuresCommentIn(InputSchema):
    text: _text(MAX_COMMENT, 1)


class MeasuresEndorsementOut(Schema):
    id: int
    version_number: int
    organization: OrganizationRef
    person: PersonOut
    note: str
    created_at: datetime

    @staticmethod
    def resolve_version_number(obj) -> int:
        return obj.version.number


class MeasuresEndorsementIn(InputSchema):
    note: _text(2000) = ""


class MeasuresMemberOut(Schema):
    organization: OrganizationRef
    endorsed: bool = Field(description="Endorsed the latest final version.")
    endorsement: MeasuresEndorsementOut | None


class MeasuresOut(Schema):
    partnership_id: int
    agreed: bool = Field(
        description="Every current member organization endorsed the latest final version."
    )
    latest_final_number: int | None
    working_version_number: int | None
    working_version_status: MeasuresStatus | None
    member_count: int
    endorsed_count: int
    members: list[MeasuresMemberOut]


class MeasuresDiffOut(Schema):
    a: int
    b: int
    sections: list[SectionDiffOut]
