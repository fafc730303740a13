"""API schemas of engagements (R4, R5). Names start with "Engagement" (or "Cadence"): OpenAPI
components are keyed by name across every app."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import NO_NUL, InputSchema, IsoDate, IsoDateTime, Title, VersionedOut
from accord.directory.models import Person
from accord.partnerships.schemas import Id, OrganizationRef, PersonRef

from .models_engagements import ActionItem, Engagement
from .services_engagements import MAX_RHYTHM_DAYS, MAX_TEXT

EngagementKind = StrEnum("EngagementKind", {c.name: c.value for c in Engagement.Kind})
EngagementLevel = StrEnum("EngagementLevel", {c.name: c.value for c in Engagement.Level})
EngagementAttendeeLevel = StrEnum(
    "EngagementAttendeeLevel", {c.name: c.value for c in Person.Level}
)
EngagementActionStatus = StrEnum(
    "EngagementActionStatus", {c.name: c.value for c in ActionItem.Status}
)


def _text(max_length: int):
    return Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=max_length, pattern=NO_NUL)
    ]


TimeZone = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]


class EngagementGroupRef(Schema):
    id: int
    name: str


class EngagementOut(VersionedOut):
    id: int
    partnership_id: int
    title: str
    kind: EngagementKind
    level: EngagementLevel = Field(description="Participation level, inform to empower (IAP2).")
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str
    place: str
    link: str
    agenda: str
    notes: str
    created_at: datetime


class EngagementAttendeeOut(VersionedOut):
    id: int
    person: PersonRef | None
    name: str = Field(description="The person's name, in Accord or outside it.")
    organization: OrganizationRef
    level: EngagementAttendeeLevel

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class EngagementActionOut(VersionedOut):
    id: int
    engagement_id: int
    title: str
    owner: PersonRef
    due_on: date
    status: EngagementActionStatus


class EngagementDetailOut(EngagementOut):
    groups: list[EngagementGroupRef]
    attendees: list[EngagementAttendeeOut]
    action_items: list[EngagementActionOut]

    @staticmethod
    def resolve_groups(obj):
        return obj.group_list

    @staticmethod
    def resolve_attendees(obj):
        return obj.attendee_list

    @staticmethod
    def resolve_action_items(obj):
        return obj.action_list


class EngagementListOut(EngagementOut):
    attendee_count: int
    open_actions: int


class EngagementIn(InputSchema):
    title: Title
    kind: EngagementKind = EngagementKind.MEETING
    level: EngagementLevel = EngagementLevel.INVOLVE
    starts_at: IsoDateTime
    ends_at: IsoDateTime | None = None
    time_zone: TimeZone = "UTC"
    place: _text(300) = ""
    link: _text(500) = ""
    agenda: _text(MAX_TEXT) = ""
    notes: _text(MAX_TEXT) = ""
    group_ids: list[Id] = Field(default=[], max_length=200)


class EngagementPatchIn(InputSchema):
    title: Title | None = None
    kind: EngagementKind | None = None
    level: EngagementLevel | None = None
    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None
    time_zone: TimeZone | None = None
    place: _text(300) | None = None
    link: _text(500) | None = None
    agenda: _text(MAX_TEXT) | None = None
    notes: _text(MAX_TEXT) | None = None
    group_ids: list[Id] | None = Field(default=None, max_length=200)


class EngagementAttendeeIn(InputSchema):
    person_id: Id | None = None
    name: _text(200) = ""
    organization_id: Id | None = None
    level: EngagementAttendeeLevel | None = None


class EngagementActionIn(InputSchema):
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=NO_NUL)
    ]
    owner_id: Id
    due_on: IsoDate


class EngagementActionPatchIn(InputSchema):
    status: EngagementActionStatus | None = None
    title: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=NO_NUL),
        ]
        | None
    ) = None
    owner_id: Id | None = None
    due_on: IsoDate | None = None


class CadencePairOut(Schema):
    first: OrganizationRef
    second: OrganizationRef
    last_met: datetime | None
    days_since: int | None
    overdue: bool = Field(description="Never met, or not within the partnership's rhythm.")


class CadenceOut(VersionedOut):
    partnership_id: int
    rhythm_days: int
    pairs: list[CadencePairOut]


class CadenceIn(InputSchema):
    rhythm_days: int = Field(ge=1, le=MAX_RHYTHM_DAYS)
