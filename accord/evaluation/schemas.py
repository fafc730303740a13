"""API schemas of the health scorecard. Names start with "Scorecard": OpenAPI components are
keyed by name across every app."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

Status = Literal["good", "watch", "act", "not_yet"]
Pillar = Literal["alignment", "leadership", "relationships", "measurement"]


class ScorecardCriterionOut(Schema):
    key: str
    pillar: Pillar
    title: str
    description: str = Field(description="How the criterion is computed.")


class ScorecardResultOut(Schema):
    key: str
    title: str
    status: Status
    evidence: str = Field(description="What the records show, with figures and names.")
    next_action: str = Field(description="What would improve the criterion; empty when good.")
    link: str = Field(description="The page where the next action is done; may be empty.")


class ScorecardPillarOut(Schema):
    pillar: Pillar
    title: str
    status: Status = Field(description="The worst status among its criteria that apply.")
    criteria: list[ScorecardResultOut]


class ScorecardOut(Schema):
    partnership_id: int
    computed_at: datetime | None = Field(description="None until the first computation.")
    pending: bool = Field(description="A recompute is queued and has not run yet.")
    rule: str = Field(description="How a pillar's status follows from its criteria.")
    pillars: list[ScorecardPillarOut]


class ScorecardSnapshotOut(Schema):
    computed_at: datetime
    alignment: Status
    leadership: Status
    relationships: Status
    measurement: Status

    @staticmethod
    def resolve_alignment(obj) -> str:
        return obj.pillars.get("alignment", "not_yet")

    @staticmethod
    def resolve_leadership(obj) -> str:
        return obj.pillars.get("leadership", "not_yet")

    @staticmethod
    def resolve_relationships(obj) -> str:
        return obj.pillars.get("relationships", "not_yet")

    @staticmethod
    def resolve_measurement(obj) -> str:
        return obj.pillars.get("measurement", "not_yet")
