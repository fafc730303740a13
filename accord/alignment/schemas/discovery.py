"""API schemas for candidate discovery (A1)."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import InputSchema
from accord.directory.schemas import OrganizationKind, OrganizationSubtype

Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class CandidateFilters(InputSchema):
    kind: OrganizationKind | None = Field(None, description="Only internal or external ones.")
    subtype: OrganizationSubtype | None = Field(None, description="Only this type.")
    location: Place = Field(
        "", description="Part of the city, state or region, or country (any letter case)."
    )


class CandidateOrganizationOut(Schema):
    id: int
    name: str
    kind: OrganizationKind
    subtype: OrganizationSubtype
    location: str = Field(description="City, region and country in one line.")


class MatchOut(Schema):
    sentence: str = Field(description="A sentence of the organization's own text.")
    score: float = Field(ge=0, le=1, description="How closely it matches, from 0 to 1.")


class CandidateOut(Schema):
    organization: CandidateOrganizationOut
    score: float = Field(
        ge=0,
        le=1,
        description=(
            "How closely the organization's mission and values text matches the partnership's "
            "purpose and shared vision, from 0 (nothing in common) to 1 (the same). A starting "
            "point for an assessment, not a verdict."
        ),
    )
    matches: list[MatchOut] = Field(
        description="The organization's sentences that match best, best first."
    )
