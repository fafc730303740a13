"""API schemas of the collaboration survey. Names start with "Survey": OpenAPI components are
keyed by name across every app."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema

from accord.core.access import Role
from accord.core.schemas import InputSchema, IsoDate, Title, VersionedOut
from accord.directory.models import Person
from accord.partnerships.schemas import Id

SurveyRole = StrEnum("SurveyRole", {c.name: c.value for c in Role})
SurveyLevel = StrEnum("SurveyLevel", {c.name: c.value for c in Person.Level})
SurveyValue = Annotated[
    int,
    Field(
        ge=1,
        le=5,
        description="1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree",
    ),
]


class SurveyItemOut(Schema):
    id: int
    statement: str


class SurveyFactorOut(Schema):
    id: int
    key: str
    name: str
    description: str
    items: list[SurveyItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class SurveyCategoryOut(Schema):
    name: str
    factors: list[SurveyFactorOut]

    @staticmethod
    def resolve_factors(obj):
        return list(obj.factors.all())


class SurveyWaveOut(VersionedOut):
    id: int
    partnership_id: int
    title: str
    opens_on: date
    closes_on: date
    closed_at: datetime | None
    status: str = Field(description="scheduled, open or closed")
    anonymous: bool
    roles: list[str]
    levels: list[str]
    instrument_id: int
    invited_count: int = Field(description="How many people the wave asks.")
    answered_count: int = Field(description="How many of them have answered.")


class SurveyWaveDetailOut(SurveyWaveOut):
    scale: list[str] = Field(description="The labels of the answers 1 to 5.")
    categories: list[SurveyCategoryOut]
    asked_me: bool = Field(description="Whether the wave asks the caller.")
    answered_by_me: bool = Field(description="Whether the caller has answered it.")

    @staticmethod
    def resolve_scale(obj):
        return [label for _, label in obj.instrument.scale]

    @staticmethod
    def resolve_categories(obj):
        return obj.category_list


class SurveyWaveIn(InputSchema):
    title: Title
    opens_on: IsoDate
    closes_on: IsoDate
    roles: list[SurveyRole] = Field(min_length=1, max_length=6, description="The roles asked.")
    levels: list[SurveyLevel] = Field(
        default=[], max_length=7, description="Only these levels (none: every level)."
    )
    anonymous: bool = Field(default=True, description="Answers name nobody (the default).")


class SurveyAnswerIn(InputSchema):
    item_id: Id = Field(description="A statement of the wave's instrument.")
    value: SurveyValue


class SurveyAnswersIn(InputSchema):
    answers: list[SurveyAnswerIn] = Field(
        min_length=1, max_length=500, description="One answer for every statement."
    )


class SurveyAnsweredOut(Schema):
    wave_id: int
    answered: bool
    anonymous: bool = Field(description="An anonymous answer names nobody and has no id to read.")


class SurveyScoreOut(Schema):
    respondents: int | None = Field(description="How many answered; null where hidden.")
    score: float | None = Field(description="The score from 1 to 5; null where hidden.")
    status: str | None = Field(description="strength, borderline or concern; null where hidden.")
    hidden: str | None = Field(
        description="Why it is hidden: fewer (than the minimum number of answers) or protects "
        "(hidden so that a smaller hidden group cannot be worked out); null where shown."
    )


class SurveyGroupScoreOut(SurveyScoreOut):
    group: str


class SurveyFactorResultOut(Schema):
    factor_id: int
    key: str
    name: str
    category: str
    total: SurveyScoreOut
    change: float | None = Field(description="Change since the previous wave, where both show.")
    by_organization: list[SurveyGroupScoreOut]
    by_level: list[SurveyGroupScoreOut]


class SurveyResultsOut(Schema):
    wave_id: int
    status: str
    minimum_respondents: int
    respondents: int
    formula: str
    previous_wave_id: int | None
    factors: list[SurveyFactorResultOut]


class SurveyTrendWaveOut(Schema):
    id: int
    title: str
    opens_on: date


class SurveyTrendRowOut(Schema):
    key: str
    name: str
    category: str
    scores: list[SurveyScoreOut]
    changes: list[float | None]


class SurveyTrendsOut(Schema):
    minimum_respondents: int
    waves: list[SurveyTrendWaveOut]
    factors: list[SurveyTrendRowOut]
