"""API schemas of the portfolio. Names start with "Portfolio": OpenAPI components are keyed by
name across every app."""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from ninja import Field, Schema

from accord.core.schemas import InputSchema
from accord.partnerships.schemas import PartnershipScope, Stage

from .portfolio import SORTS
from .schemas import Status

AMOUNT_OUT = "A decimal with two places, as a string (e.g. “2500.00”)."
PortfolioSort = StrEnum(
    "PortfolioSort", {f"{k}": k for k in SORTS} | {f"{k}_desc": f"-{k}" for k in SORTS}
)


class PortfolioFilters(InputSchema):
    stage: Stage | None = None
    scope: PartnershipScope | None = None
    sort: PortfolioSort = Field(
        PortfolioSort("title"),
        description="The column to sort by; a leading “-” sorts descending (“-alignment”: the "
        "partnerships that need action in alignment first). Ties by title.",
    )


class PortfolioExportFilters(PortfolioFilters):
    format: Literal["csv", "xlsx"] = "csv"


class PortfolioRowOut(Schema):
    partnership_id: int
    title: str
    stage: Stage
    scope: PartnershipScope
    alignment: Status
    leadership: Status
    relationships: Status
    measurement: Status
    open_next_actions: int | None = Field(description="None until a scorecard is computed.")
    scorecard_computed_at: datetime | None
    currency: str
    pledged: str = Field(description="Financial pledges and in-kind valuations. " + AMOUNT_OUT)
    delivered: str = Field(description="Delivered against them. " + AMOUNT_OUT)
    scorecard_url: str


class PortfolioPillarCountsOut(Schema):
    pillar: str
    title: str
    good: int
    watch: int
    act: int
    not_yet: int


class PortfolioMoneyOut(Schema):
    currency: str
    pledged: str = Field(description=AMOUNT_OUT)
    delivered: str = Field(description=AMOUNT_OUT)


class PortfolioTotalsOut(Schema):
    partnerships: int
    with_scorecard: int
    open_next_actions: int
    pillars: list[PortfolioPillarCountsOut] = Field(description="Partnerships by status.")
    money: list[PortfolioMoneyOut] = Field(description="One total per currency.")
