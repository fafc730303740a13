"""API schemas for stakeholder groups and the organizations that represent them (R1). Names
start with "StakeholderGroup" or "GroupRepresentation": OpenAPI components are keyed by name."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, VersionedOut

from .models import GroupRepresentation
from .services_groups import MAX_TEXT

GroupRepresentationHow = StrEnum(
    "GroupRepresentationHow", {c.name: c.value for c in GroupRepresentation.How}
)
GroupName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]
GroupText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT, pattern=NO_NUL)
]
Share = Annotated[
    Decimal,
    Field(
        gt=0,
        le=1,
        max_digits=5,
        decimal_places=4,
        allow_inf_nan=False,
        description="The group's share of the affected population, more than 0 and at most 1 "
        "(0.12 for 12%); null when not known.",
    ),
]
RefId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class StakeholderGroupOrganization(Schema):
    id: int
    name: str


class GroupRepresentationOut(Schema):
    id: int
    organization: StakeholderGroupOrganization
    how: GroupRepresentationHow
    created_at: datetime


class StakeholderGroupOut(VersionedOut):
    id: int
    name: str
    description: str
    how_affected: str
    reference_share: float | None
    archived: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_reference_share(obj) -> float | None:
        return None if obj.reference_share is None else float(obj.reference_share)

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.is_archived


class StakeholderGroupDetailOut(StakeholderGroupOut):
    representations: list[GroupRepresentationOut] = Field(
        description="The organizations that represent the group now."
    )

    @staticmethod
    def resolve_representations(obj) -> list:
        return obj.representations_now


class StakeholderGroupIn(InputSchema):
    name: GroupName
    description: GroupText = ""
    how_affected: GroupText = Field("", description="How partnerships' work affects the group.")
    reference_share: Share | None = None


class StakeholderGroupPatchIn(InputSchema):
    """Only the fields sent are changed; send "" to clear a text, null to clear the share."""

    name: GroupName | None = None
    description: GroupText | None = None
    how_affected: GroupText | None = None
    reference_share: Share | None = None


class GroupRepresentationIn(InputSchema):
    organization_id: RefId
    how: GroupRepresentationHow = Field(
        description="led_by: led by the group; serves: serves the group; includes: includes "
        "members of the group."
    )
