"""API input and output schemas for alignment assessments (A1)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from accord.core.schemas import InputSchema, VersionedOut
from accord.partnerships.schemas import NO_NUL, Id, OrganizationRef, PersonRef

from ..models import Assessment, Assessor

# The models' nested choices have names other apps use too ("Status", "Decision"); OpenAPI
# components are keyed by name, so the API gets its own, unambiguous copies.
AssessmentStatus = StrEnum("AssessmentStatus", {c.name: c.value for c in Assessment.Status})
AssessmentDecision = StrEnum("AssessmentDecision", {c.name: c.value for c in Assessment.Decision})
AssessorDirection = StrEnum("AssessorDirection", {c.name: c.value for c in Assessor.Direction})

Note = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
Rationale = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]


class RubricRef(Schema):
    id: int
    name: str


class PartnershipRef(Schema):
    id: int
    title: str
    purpose: str


# --- Results ------------------------------------------------------------------------------------
class CriterionResultOut(Schema):
    criterion_id: int
    name: str
    weight: float
    count: int = Field(description="How many assessors scored it.")
    mean: float | None
    minimum: int | None
    maximum: int | None
    spread: int | None = Field(description="Highest score minus lowest score.")
    stdev: float | None = Field(description="Population standard deviation of the scores.")
    discuss: bool = Field(description="Two assessors differ by 2 points or more.")


class DirectionOut(Schema):
    weighted_score: float | None = Field(
        description="sum(weight * mean) / sum(weight) over the scored criteria, from 1 to 5."
    )
    percent: float | None = Field(description="The weighted score as a share of 5, 0-100.")
    assessor_count: int
    complete_count: int = Field(description="Assessors who scored every criterion.")
    criteria: list[CriterionResultOut]


class ResultsOut(Schema):
    host: DirectionOut = Field(description="The partnership's assessors score the candidate.")
    candidate: DirectionOut = Field(
        description="The candidate's assessors score the partnership and its host."
    )


class ScoreOut(Schema):
    criterion_id: int
    criterion: str
    score: int
    note: str
    updated_at: datetime


class AssessorOut(VersionedOut):
    id: int
    person: PersonRef
    direction: AssessorDirection
    created_at: datetime
    archived_at: datetime | None


# --- Assessments --------------------------------------------------------------------------------
class AssessmentOut(VersionedOut):
    id: int
    partnership_id: int
    candidate: OrganizationRef
    rubric: RubricRef
    status: AssessmentStatus
    decision: AssessmentDecision | None
    rationale: str
    decided_at: datetime | None
    decided_by: str | None
    created_at: datetime
    assessor_count: int = Field(description="Active assessors, both directions.")
    host_score: float | None = Field(description="Weighted score of the candidate, 1 to 5.")
    candidate_score: float | None = Field(
        description="Weighted score of the partnership by the candidate, 1 to 5."
    )

    @staticmethod
    def resolve_decision(obj) -> str | None:
        return obj.decision or None

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.display_name if obj.decided_by else None

    @staticmethod
    def resolve_host_score(obj) -> float | None:
        return _float(getattr(obj, "host_score", None))

    @staticmethod
    def resolve_candidate_score(obj) -> float | None:
        return _float(getattr(obj, "candidate_score", None))


def _float(value) -> float | None:
    return None if value is None else round(float(value), 4)


class AssessmentDetailOut(AssessmentOut):
    """What a member of the partnership sees: everything, with both directions' results."""

    results: ResultsOut
    assessors: list[AssessorOut] = Field(description="Active assessors, both directions.")
    my_scores: list[ScoreOut] = Field(description="The caller's own scores, if an assessor.")

    # The API route computes these once and hangs them on the assessment.
    @staticmethod
    def resolve_results(obj):
        return obj.api_results

    @staticmethod
    def resolve_assessors(obj):
        return obj.api_assessors

    @staticmethod
    def resolve_my_scores(obj):
        return obj.api_my_scores


class AssessorViewOut(VersionedOut):
    """What an assessor without a role in the partnership sees: their own part only."""

    id: int
    partnership: PartnershipRef
    hosts: list[OrganizationRef]
    candidate: OrganizationRef
    rubric: RubricRef
    status: AssessmentStatus
    direction: AssessorDirection = Field(description="The caller's side of the assessment.")
    my_scores: list[ScoreOut]


class AssessmentCreateIn(InputSchema):
    candidate_organization_id: Id
    rubric_id: Id | None = Field(None, description="The default rubric when left out.")


class AssessmentFilters(InputSchema):
    status: AssessmentStatus | None = None
    decision: AssessmentDecision | None = None


class AssessorCreateIn(InputSchema):
    person_id: Id
    direction: AssessorDirection = Field(
        description="host: a person with a role in the partnership scores the candidate; "
        "candidate: a person of the candidate organization scores the partnership."
    )


class ScoreIn(InputSchema):
    criterion_id: Id
    score: int = Field(description="A whole number from 1 to 5.")
    note: Note = ""

    @field_validator("score", mode="before")
    @classmethod
    def _whole_number(cls, value, info):
        # Named after the criterion, so that a long list of scores points at the wrong one.
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            criterion = info.data.get("criterion_id", "?")
            raise PydanticCustomError(
                "score",
                "Criterion {criterion}: the score must be a whole number from 1 to 5.",
                {"criterion": criterion},
            )
        return value


class MyScoresIn(InputSchema):
    scores: list[ScoreIn] = Field(
        max_length=200, description="One score for every criterion of the rubric."
    )


class MyScoresOut(VersionedOut):
    assessment_id: int
    direction: AssessorDirection
    scores: list[ScoreOut]


class DecisionIn(InputSchema):
    decision: AssessmentDecision
    rationale: Rationale = Field("", description="Why; required.")
