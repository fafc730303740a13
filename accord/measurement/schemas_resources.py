"""API schemas of resources (M5). Names start with "Resource", "Pledge" or "Contribution":
OpenAPI components are keyed by name across every app.

Amounts go out as strings of a decimal with two places ("2500.00"), never as JSON numbers, so
that no client reads them into a float by accident; they come in as a string or a number, and
the service refuses more than two decimals.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, VersionedOut
from accord.partnerships.schemas import Id, OrganizationRef

from .models_resources import Pledge
from .services_resources import MAX_DESCRIPTION, MAX_NOTE

PledgeKind = StrEnum("PledgeKind", {c.name: c.value for c in Pledge.Kind})
PledgeUnit = StrEnum("PledgeUnit", {c.name: c.value for c in Pledge.Unit})
AMOUNT_OUT = "A decimal with two places, as a string (e.g. “2500.00”)."
Amount = Annotated[
    Decimal,
    Field(
        allow_inf_nan=False,
        description="More than zero, at most two decimals; a string (“2500.00”) or a number.",
    ),
]


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_NUL
        ),
    ]


def money(value) -> str:
    return f"{Decimal(value or 0):.2f}"


def _marked(obj):
    if not hasattr(obj, "figure"):
        from .queries_resources import mark

        mark(obj)
    return obj


class ResourceSettingsOut(VersionedOut):
    partnership_id: int
    currency: str = Field(description="The ISO 4217 code every amount of the partnership is in.")


class ResourceSettingsIn(InputSchema):
    currency: _text(3, 3) = Field(description="An ISO 4217 code, such as USD or EUR.")


class PledgeOut(VersionedOut):
    id: int
    partnership_id: int
    organization: OrganizationRef
    kind: PledgeKind
    unit: PledgeUnit
    unit_label: str = Field(description="The currency's code, “FTE” or “hours”.")
    amount: str = Field(description=AMOUNT_OUT + " In-kind: the valuation.")
    description: str
    valuation_basis: str
    period_id: int | None
    starts_on: date
    ends_on: date
    delivered: str = Field(description="The sum of its contributions. " + AMOUNT_OUT)
    percent: int | None = Field(description="Delivered as a whole percentage of the pledge.")
    outstanding: str = Field(description="Still to deliver (0.00 when all was). " + AMOUNT_OUT)
    over: str = Field(description="Delivered past the pledge. " + AMOUNT_OUT)
    behind: bool = Field(description="Its time has ended with less delivered than pledged.")
    contribution_count: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_amount(obj) -> str:
        return money(obj.amount)

    @staticmethod
    def resolve_unit_label(obj) -> str:
        return _marked(obj).unit_label

    @staticmethod
    def resolve_delivered(obj) -> str:
        return money(_marked(obj).figure.delivered)

    @staticmethod
    def resolve_percent(obj):
        return _marked(obj).figure.percent

    @staticmethod
    def resolve_outstanding(obj) -> str:
        return money(_marked(obj).figure.outstanding)

    @staticmethod
    def resolve_over(obj) -> str:
        return money(_marked(obj).figure.over)

    @staticmethod
    def resolve_behind(obj) -> bool:
        return bool(_marked(obj).figure.ended_short)

    @staticmethod
    def resolve_contribution_count(obj) -> int:
        return getattr(obj, "contribution_count", 0) or 0


class PledgeIn(InputSchema):
    organization_id: Id = Field(description="A current member organization (the host too).")
    kind: PledgeKind
    unit: PledgeUnit | None = Field(
        default=None,
        description="fte or hours for personnel; currency (the default) for financial and in-kind.",
    )
    amount: Amount
    description: _text(MAX_DESCRIPTION) = ""
    valuation_basis: _text(MAX_DESCRIPTION) = Field(
        default="", description="In-kind only, and required there: how the value was reached."
    )
    period_id: Id | None = Field(
        default=None, description="A reporting period of the partnership; its dates apply."
    )
    starts_on: IsoDate | None = Field(default=None, description="Without a period: required.")
    ends_on: IsoDate | None = Field(default=None, description="Without a period: required.")


class PledgePatchIn(InputSchema):
    organization_id: Id | None = None
    kind: PledgeKind | None = None
    unit: PledgeUnit | None = None
    amount: Amount | None = None
    description: _text(MAX_DESCRIPTION) | None = None
    valuation_basis: _text(MAX_DESCRIPTION) | None = None
    period_id: Id | None = Field(default=None, description="null: dates of its own.")
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None


class ContributionOut(VersionedOut):
    id: int
    pledge_id: int
    delivered_on: date
    amount: str = Field(description="In the pledge's unit. " + AMOUNT_OUT)
    note: str
    evidence_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_amount(obj) -> str:
        return money(obj.amount)


class ContributionIn(InputSchema):
    delivered_on: IsoDate = Field(description="Not in the future.")
    amount: Amount
    note: _text(MAX_NOTE) = ""
    evidence_id: Id | None = Field(default=None, description="Evidence of the partnership.")


class ContributionPatchIn(InputSchema):
    delivered_on: IsoDate | None = None
    amount: Amount | None = None
    note: _text(MAX_NOTE) | None = None
    evidence_id: Id | None = None


class ResourceFigureOut(Schema):
    measure: str = Field(description="financial, fte, hours or in_kind.")
    kind: PledgeKind
    unit_label: str
    pledged: str = Field(description=AMOUNT_OUT)
    delivered: str = Field(description=AMOUNT_OUT)
    percent: int | None = Field(description="Delivered as a whole percentage of pledged.")
    outstanding: str = Field(description=AMOUNT_OUT)
    over: str = Field(description=AMOUNT_OUT)
    ended_short: int = Field(description="Pledges whose time ended with less delivered.")


class ResourceOrganizationOut(Schema):
    organization: OrganizationRef
    is_host: bool
    is_member: bool = Field(description="false: a former member with pledges.")
    figures: list[ResourceFigureOut]


class ResourceSummaryOut(Schema):
    partnership_id: int
    currency: str
    organizations: list[ResourceOrganizationOut]
    totals: list[ResourceFigureOut]
