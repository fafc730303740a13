"""API schemas of the relationships pillar (R1). Names start with "Affected" or "Stakeholder":
OpenAPI components are keyed by name across every app."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, VersionedOut
from accord.partnerships.schemas import Id, OrganizationRef

from .services import MAX_NOTE


class AffectedGroupRef(Schema):
    id: int
    name: str
    reference_share: float | None

    @staticmethod
    def resolve_reference_share(obj) -> float | None:
        return None if obj.reference_share is None else float(obj.reference_share)


class AffectedGroupOut(VersionedOut):
    id: int
    partnership_id: int
    group: AffectedGroupRef
    note: str
    created_at: datetime


class AffectedRepresentativeOut(Schema):
    organization: OrganizationRef
    how: str


class StakeholderRowOut(Schema):
    affected: AffectedGroupOut
    representatives: list[AffectedRepresentativeOut] = Field(
        description="Current member organizations that represent the group."
    )
    unrepresented: bool = Field(description="True when no member organization represents it.")


class AffectedGroupIn(InputSchema):
    group_id: Id
    note: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE, pattern=NO_NUL)
    ] = ""
