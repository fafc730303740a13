"""API input and output schemas for organizations and people.

Shapes are checked here (types, lengths, choices); business rules (unique names and e-mail
addresses, valid URLs and e-mail addresses, archived organizations) by the services' full_clean.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from .models import Organization, Person

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
Search = Annotated[str, StringConstraints(max_length=200)]
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


# --- Organizations ------------------------------------------------------------------------------
class OrganizationOut(Schema):
    id: int
    name: str
    kind: OrganizationKind
    subtype: OrganizationSubtype
    mission: str
    vision: str
    values_statement: str
    jedi_practices: str
    website: str
    city: str
    region: str
    country: str
    location: str = Field(description="City, region and country in one line.")
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class OrganizationCreateIn(Schema):
    name: Name
    kind: OrganizationKind = OrganizationKind.EXTERNAL
    subtype: OrganizationSubtype
    mission: Text = ""
    vision: Text = ""
    values_statement: Text = ""
    jedi_practices: Text = ""
    website: Short = Field("", description="A full address starting with http:// or https://.")
    city: Place = ""
    region: Place = ""
    country: Place = ""


class OrganizationPatchIn(Schema):
    """Only the fields sent are changed; send "" to clear a text field."""

    name: Name | None = None
    kind: OrganizationKind | None = None
    subtype: OrganizationSubtype | None = None
    mission: Text | None = None
    vision: Text | None = None
    values_statement: Text | None = None
    jedi_practices: Text | None = None
    website: Short | None = None
    city: Place | None = None
    region: Place | None = None
    country: Place | None = None


class OrganizationFilters(Schema):
    q: Search = Field("", description="Name, mission or location.")
    kind: OrganizationKind | None = None
    subtype: OrganizationSubtype | None = None
    country: Place = Field("", description="Exact country name (any letter case).")
    include_archived: bool = False


# --- People -------------------------------------------------------------------------------------
class OrganizationSummary(Schema):
    id: int
    name: str


class PersonOut(Schema):
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


class PersonCreateIn(Schema):
    name: Name
    email: Email = Field(description="Stored in lower case; unique in the directory.")
    organization_id: Id | None = Field(None, description="An active organization.")
    title: Short = ""
    level: PersonLevel = PersonLevel.STAFF
    user_id: Id | None = Field(None, description="A user account not linked to anyone else.")


class PersonPatchIn(Schema):
    """Only the fields sent are changed; `organization_id` and `user_id` may be set to null."""

    name: Name | None = None
    email: Email | None = None
    organization_id: Id | None = None
    title: Short | None = None
    level: PersonLevel | None = None
    user_id: Id | None = None


class PersonFilters(Schema):
    q: Search = Field("", description="Name, e-mail, title or organization name.")
    organization_id: Id | None = None
    level: PersonLevel | None = None
    include_archived: bool = False
