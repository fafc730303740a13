"""API input and output schemas for partnerships, their members, roles and stage changes."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.access import Role
from accord.core.schemas import NO_NUL, InputSchema, IsoDate, Title, VersionedOut

from .models import Membership, Partnership, Stage

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000, pattern=NO_NUL)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000, pattern=NO_NUL)]
# A database id: larger numbers cannot be stored, and SQLite refuses to compare with them.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# The models' nested choices are called "Scope" and "Kind", names other apps use too; OpenAPI
# components are keyed by name, so the API gets its own, unambiguous copies of them.
PartnershipScope = StrEnum("PartnershipScope", {c.name: c.value for c in Partnership.Scope})
MembershipKind = StrEnum("MembershipKind", {c.name: c.value for c in Membership.Kind})


class OrganizationRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    name: str
    organization: OrganizationRef | None = None


# --- Partnerships -------------------------------------------------------------------------------
class PartnershipOut(VersionedOut):
    id: int
    title: str
    purpose: str
    scope: PartnershipScope
    stage: Stage
    stage_changed_at: datetime
    member_count: int = Field(description="How many organizations are current members.")
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    @staticmethod
    def resolve_member_count(obj) -> int:
        count = getattr(obj, "member_count", None)
        return obj.memberships.current().count() if count is None else count


class PartnershipCreateIn(InputSchema):
    title: Title
    purpose: Text
    scope: PartnershipScope = PartnershipScope.EXTERNAL
    host_organization_id: Id = Field(description="The organization that convenes it.")
    partner_organization_ids: list[Id] = Field(default_factory=list, max_length=200)
    steward_person_id: Id | None = Field(
        None, description="Who runs it day to day; the caller's own person when left out."
    )


class PartnershipPatchIn(InputSchema):
    title: Title | None = None
    purpose: Text | None = None
    scope: PartnershipScope | None = None


class PartnershipFilters(InputSchema):
    q: str = Field(
        "", max_length=200, pattern=NO_NUL, description="Title, purpose or a member's name."
    )
    stage: Stage | None = None
    scope: PartnershipScope | None = None
    organization_id: Id | None = Field(None, description="Only partnerships it is a member of.")
    include_archived: bool = False


class TransitionIn(InputSchema):
    to_stage: Stage
    note: Note = ""


class StageChangeOut(Schema):
    id: int
    from_stage: Stage | None = Field(description="Empty for the partnership's first stage.")
    to_stage: Stage
    changed_at: datetime
    changed_by: str | None
    note: str

    @staticmethod
    def resolve_from_stage(obj) -> str | None:
        return obj.from_stage or None

    @staticmethod
    def resolve_changed_by(obj) -> str | None:
        return obj.changed_by.display_name if obj.changed_by else None


# --- Members ------------------------------------------------------------------------------------
class MembershipOut(VersionedOut):
    id: int
    partnership_id: int
    organization: OrganizationRef
    kind: MembershipKind
    joined_on: date
    left_on: date | None
    is_current: bool
    archived_at: datetime | None


class MembershipCreateIn(InputSchema):
    organization_id: Id
    kind: MembershipKind = MembershipKind.PARTNER
    joined_on: IsoDate | None = Field(None, description="Today when left out.")


class MembershipPatchIn(InputSchema):
    kind: MembershipKind | None = None
    joined_on: IsoDate | None = None
    left_on: IsoDate | None = Field(None, description="Set when the organization leaves.")


class MembershipFilters(InputSchema):
    include_former: bool = Field(False, description="Also organizations that left or were removed.")


# --- Roles --------------------------------------------------------------------------------------
class RoleOut(VersionedOut):
    id: int
    partnership_id: int
    person: PersonRef
    role: Role
    created_at: datetime
    archived_at: datetime | None


class RoleCreateIn(InputSchema):
    person_id: Id
    role: Role


class RolePatchIn(InputSchema):
    role: Role


class RoleFilters(InputSchema):
    role: Role | None = None
    include_archived: bool = False


# --- Working together (A4) ----------------------------------------------------------------------
class LanguageOut(Schema):
    language: str
    organizations: list[OrganizationRef]
    shared_by_all: bool = Field(description="Every current member organization uses it.")


class LocalHoursOut(Schema):
    organization: OrganizationRef
    time_zone: str
    start: datetime = Field(description="On the organization's own clock (with its UTC offset).")
    end: datetime
    label: str


class WindowOut(Schema):
    start: datetime = Field(description="In UTC.")
    end: datetime
    minutes: int
    label: str
    local: list[LocalHoursOut] = Field(description="The same hours on each organization's clock.")


class OverlapOut(Schema):
    day: date | None = Field(description="The next working day of `anchor`, the day looked at.")
    anchor: OrganizationRef | None = Field(
        description="The first member (hosts first) with a time zone and working hours."
    )
    enough_data: bool = Field(description="At least two members gave time zone and hours.")
    hours: list[LocalHoursOut] = Field(description="Each member's working hours that day.")
    windows: list[WindowOut] = Field(description="Hours common to all; empty when there are none.")
    furthest_out: OrganizationRef | None = Field(
        description="When there are no common hours: the member whose hours lie furthest away."
    )
    without_furthest: list[WindowOut] = Field(description="Common hours of the others.")
    unknown: list[OrganizationRef] = Field(description="Members without time zone or hours.")


class NeedsOut(Schema):
    organization: OrganizationRef
    needs: str = Field(description="Empty when the culture profile notes none.")


class WorkingTogetherOut(Schema):
    languages: list[LanguageOut]
    languages_unknown: list[OrganizationRef] = Field(description="Members with no languages given.")
    overlap: OverlapOut
    accessibility: list[NeedsOut]
    accessibility_unknown: list[OrganizationRef] = Field(
        description="Members without a culture profile."
    )
