"""API schemas of the relationships pillar (R1, R2). Names start with "Affected", "Stakeholder"
or "Body": OpenAPI components are keyed by name across every app."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, VersionedOut
from accord.partnerships.schemas import Id, OrganizationRef, PersonRef

from .models import Body, Contribution
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


class StakeholderPlanningEvidenceOut(Schema):
    engagement_id: int
    title: str
    held_on: date
    level: str = Field(description="The engagement's participation level (IAP2 spectrum).")


class StakeholderPlanningFlagOut(Schema):
    kind: str = Field(description="`left_out` or `token_level`.")
    level: str = Field(description="`flag` or `warning`.")
    group_id: int
    message: str
    next_action: str
    evidence: list[StakeholderPlanningEvidenceOut]


class StakeholderPlanningOut(Schema):
    planning_engagements: int = Field(
        description="The window: the last this-many planning or design engagements count."
    )
    token_levels: list[str] = Field(
        description="A group only ever present at these levels is flagged."
    )
    engagements_held: int = Field(description="Planning or design engagements that took place.")
    flags: list[StakeholderPlanningFlagOut]


class AffectedGroupIn(InputSchema):
    group_id: Id
    note: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE, pattern=NO_NUL)
    ] = ""


# --- Planning and design bodies (R2) -------------------------------------------------------------
BodyKind = StrEnum("BodyKind", {c.name: c.value for c in Body.Kind})
ContributionKind = StrEnum("ContributionKind", {c.name: c.value for c in Contribution.Kind})
BodyName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]
BodyText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000, pattern=NO_NUL)]


class BodyIn(InputSchema):
    name: BodyName
    kind: BodyKind = BodyKind.COMMITTEE
    purpose: BodyText = ""


class BodySeatGroupOut(Schema):
    id: int
    name: str


class BodySeatOut(VersionedOut):
    id: int
    person: PersonRef
    organization: OrganizationRef
    group: BodySeatGroupOut | None
    votes: bool
    since: date
    until: date | None


class BodySeatIn(InputSchema):
    person_id: Id = Field(description="Someone who holds a role in the partnership.")
    organization_id: Id | None = Field(
        None,
        description="The member organization the seat speaks for; the person's own if left out.",
    )
    group_id: Id | None = Field(
        None, description="An affected group of the partnership the seat speaks for, if any."
    )
    votes: bool = True
    since: IsoDate
    until: IsoDate | None = None


class BodySeatEndIn(InputSchema):
    until: IsoDate


class BodyMeetingContributionIn(InputSchema):
    seat_id: Id
    kind: ContributionKind
    note: Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)] = ""


class BodyMeetingIn(InputSchema):
    held_on: IsoDate
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=200, pattern=NO_NUL)
    ] = ""
    present: list[Id] = Field(
        default_factory=list,
        max_length=500,
        description="The seats whose holders attended; every other seat current that day is "
        "absent.",
    )
    contributions: list[BodyMeetingContributionIn] = Field(default_factory=list, max_length=500)


class BodyMeetingOut(VersionedOut):
    id: int
    body_id: int
    held_on: date
    title: str


class BodyFlagEvidenceOut(Schema):
    meeting_id: int
    held_on: date


class BodyFlagOut(Schema):
    kind: str = Field(
        description="lone, token, under, no_seat, no_vote, vote_share, absent or never_heard."
    )
    level: str = Field(description="flag or warning.")
    group_id: int
    seat_id: int | None
    message: str
    next_action: str
    evidence: list[BodyFlagEvidenceOut]


class BodyGroupFiguresOut(Schema):
    group_id: int
    name: str
    seats: int
    voting_seats: int
    seat_share: float
    band: str = Field(description="Kanter's band: uniform, skewed, tilted or balanced.")
    reference_share: float | None
    ratio: float | None = Field(description="Seat share ÷ reference share.")


class BodyOut(VersionedOut):
    id: int
    partnership_id: int
    name: str
    kind: BodyKind
    purpose: str


class BodyDetailOut(BodyOut):
    seats: list[BodySeatOut]
    meetings: int
    groups: list[BodyGroupFiguresOut]
    rose_index: float | None
    expected_rose_index: float | None = Field(
        description="The Rose index expected from a random draw of this many seats."
    )
    flags: list[BodyFlagOut]
