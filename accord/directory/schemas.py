"""API input and output schemas for organizations and people.

Shapes are checked here (types, lengths, choices); business rules (unique names and e-mail
addresses, valid URLs and e-mail addresses, archived organizations) by the services' full_clean.
"""

from datetime import datetime, time
from enum import StrEnum
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints, WithJsonSchema, field_validator

from accord.core.schemas import InputSchema, VersionedOut

from .culture import MONDAY_TO_FRIDAY, WEEKDAYS
from .models import JediPractice, Organization, Person

# Text without NUL characters, which PostgreSQL can neither store nor search for.
NO_NUL = r"^[^\x00]*$"
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=NO_NUL)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100, pattern=NO_NUL)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000, pattern=NO_NUL)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254, pattern=NO_NUL)
]
Search = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
# Lengths and counts of values and languages are the services' rules (clear messages on the
# field); these caps only bound a request.
Item = Annotated[str, StringConstraints(max_length=1000, pattern=NO_NUL)]
Items = Annotated[list[Item], Field(max_length=100)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000, pattern=NO_NUL)]
# Working hours are wall-clock times on the organization's own clock, without an offset; JSON
# Schema's "time" format demands one (RFC 3339), so the API documents the local form it uses.
LOCAL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
LocalTime = Annotated[
    time, WithJsonSchema({"type": "string", "pattern": LOCAL_TIME, "examples": ["09:00"]})
]
# Larger ids cannot exist (64-bit keys) and would overflow the database driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# The models' nested choices are called "Kind", "Subtype" and "Level", names other apps use too;
# OpenAPI components are keyed by name, so the API gets its own, unambiguous copies of them.
OrganizationKind = StrEnum("OrganizationKind", {c.name: c.value for c in Organization.Kind})
OrganizationSubtype = StrEnum(
    "OrganizationSubtype", {c.name: c.value for c in Organization.Subtype}
)
PersonLevel = StrEnum("PersonLevel", {c.name: c.value for c in Person.Level})
JediPracticeCode = StrEnum("JediPracticeCode", {c.name: c.value for c in JediPractice})
# Inline in the schema (no $ref), like the rest of the culture profile's fields.
Weekday = Literal[WEEKDAYS]

VALUES_HELP = (
    "Core values, each a short phrase: trimmed, empty ones and repeats (in any letter case) "
    "dropped; at most 30, each of at most 200 characters."
)


# --- Organizations ------------------------------------------------------------------------------
class OrganizationOut(VersionedOut):
    id: int
    name: str
    kind: OrganizationKind
    subtype: OrganizationSubtype
    mission: str
    vision: str
    values_statement: str
    jedi_practices: str
    values: list[str] = Field(description="Core values, each a short phrase.")
    website: str
    city: str
    region: str
    country: str
    location: str = Field(description="City, region and country in one line.")
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class OrganizationCreateIn(InputSchema):
    name: Name
    kind: OrganizationKind = OrganizationKind.EXTERNAL
    subtype: OrganizationSubtype
    mission: Text = ""
    vision: Text = ""
    values_statement: Text = ""
    jedi_practices: Text = ""
    values: Items = Field([], description=VALUES_HELP)
    website: Short = Field("", description="A full address starting with http:// or https://.")
    city: Place = ""
    region: Place = ""
    country: Place = ""


class OrganizationPatchIn(InputSchema):
    """Only the fields sent are changed; send "" to clear a text field."""

    name: Name | None = None
    kind: OrganizationKind | None = None
    subtype: OrganizationSubtype | None = None
    mission: Text | None = None
    vision: Text | None = None
    values_statement: Text | None = None
    jedi_practices: Text | None = None
    values: Items | None = Field(None, description=VALUES_HELP)
    website: Short | None = None
    city: Place | None = None
    region: Place | None = None
    country: Place | None = None


class OrganizationFilters(InputSchema):
    q: Search = Field("", description="Name, mission or location.")
    kind: OrganizationKind | None = None
    subtype: OrganizationSubtype | None = None
    country: Place = Field("", description="Exact country name (any letter case).")
    include_archived: bool = False


# --- People -------------------------------------------------------------------------------------
class OrganizationSummary(Schema):
    id: int
    name: str


class PersonOut(VersionedOut):
    id: int
    name: str
    email: str
    organization: OrganizationSummary | None
    title: str
    level: PersonLevel
    user_id: int | None = Field(description="The linked user account, if the person signs in.")
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class PersonCreateIn(InputSchema):
    name: Name
    email: Email = Field(description="Stored in lower case; unique in the directory.")
    organization_id: Id | None = Field(None, description="An active organization.")
    title: Short = ""
    level: PersonLevel = PersonLevel.STAFF
    user_id: Id | None = Field(None, description="A user account not linked to anyone else.")


class PersonPatchIn(InputSchema):
    """Only the fields sent are changed; `organization_id` and `user_id` may be set to null."""

    name: Name | None = None
    email: Email | None = None
    organization_id: Id | None = None
    title: Short | None = None
    level: PersonLevel | None = None
    user_id: Id | None = None


class PersonFilters(InputSchema):
    q: Search = Field("", description="Name, e-mail, title or organization name.")
    organization_id: Id | None = None
    level: PersonLevel | None = None
    include_archived: bool = False


# --- Values profile (A1) ------------------------------------------------------------------------
class PracticeOut(Schema):
    practice: JediPracticeCode
    label: str
    evidence_url: str
    note: str
    updated_at: datetime

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.get_practice_display()


class PracticeIn(InputSchema):
    practice: JediPracticeCode
    evidence_url: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=2000, pattern=NO_NUL)
    ] = Field("", description="A public page that shows the practice (http or https).")
    note: Annotated[str, StringConstraints(max_length=5000, pattern=NO_NUL)] = ""


class ValuesProfileOut(VersionedOut):
    organization_id: int
    mission: str
    vision: str
    values_statement: str
    jedi_practices: str = Field(description="The organization's JEDI practices in its own words.")
    values: list[str]
    practices: list[PracticeOut] = Field(description="The JEDI practices checklist.")


class ValuesProfileIn(InputSchema):
    """The whole profile: `practices` replaces the checklist; texts not sent stay as they are."""

    values: Items = Field(description=VALUES_HELP)
    practices: Annotated[list[PracticeIn], Field(max_length=50)] = Field(
        description="Every practice the organization follows; the ones left out are removed."
    )
    mission: Long | None = None
    vision: Long | None = None
    values_statement: Long | None = None
    jedi_practices: Long | None = None


# --- Culture profile (A4) -----------------------------------------------------------------------
class CultureProfileOut(VersionedOut):
    organization_id: int
    filled_in: bool = Field(description="False until someone fills the profile in.")
    decision_making: str
    communication_preferences: str
    languages: list[str]
    time_zone: str = Field(
        description="A canonical tz database name such as America/Chicago, or empty."
    )
    working_hours_start: LocalTime | None
    working_hours_end: LocalTime | None
    working_days: list[str] = Field(
        description="The days it works (monday … sunday), in the week's order."
    )
    holidays_and_calendars: str
    accessibility_needs: str
    notes: str
    updated_at: datetime | None


class CultureProfileIn(InputSchema):
    """The whole profile; fields left out are cleared."""

    decision_making: Long = ""
    communication_preferences: Long = ""
    languages: Items = Field(
        [], description="Trimmed, repeats dropped; at most 30, each of at most 100 characters."
    )
    time_zone: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=200, pattern=NO_NUL)
    ] = Field(
        "",
        description="A canonical tz database name such as America/Chicago, or empty; an alias "
        "(US/Eastern) is stored as the name it stands for (America/New_York).",
    )
    working_hours_start: LocalTime | None = Field(
        None, description="Local time on the organization's own clock, e.g. 09:00; both or neither."
    )
    working_hours_end: LocalTime | None = Field(None, description="After the start, e.g. 17:00.")
    working_days: list[Weekday] = Field(
        default_factory=lambda: list(MONDAY_TO_FRIDAY),
        min_length=1,
        max_length=7,
        description="The days it works (left out: monday to friday); repeats are dropped.",
    )
    holidays_and_calendars: Long = ""
    accessibility_needs: Long = ""
    notes: Long = ""

    @field_validator("working_hours_start", "working_hours_end")
    @classmethod
    def local_time_only(cls, value: time | None) -> time | None:
        # The time zone is its own field; an offset here would contradict it.
        if value is not None and value.tzinfo is not None:
            raise ValueError("Give a local time without an offset, such as 09:00.")
        return value
