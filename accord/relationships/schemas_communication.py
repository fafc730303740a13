"""API schemas of the communication map (R6). Names start with "Communication": OpenAPI
components are keyed by name across every app."""

from datetime import date

from ninja import Field, Schema


class CommunicationContactOut(Schema):
    person_id: int | None = Field(description="None for someone outside Accord, by name.")
    name: str
    level: str = Field(description="The directory's level (Person.Level).")
    channels: list[str] = Field(description="email, role, seat, engagements.")
    email: str
    roles: list[str]
    last_met: date | None


class CommunicationGapOut(Schema):
    level: str
    message: str
    next_action: str
    organizations_at_level: list[int] = Field(
        description="The member organizations with a contact at this level (the evidence)."
    )


class CommunicationOrganizationOut(Schema):
    organization_id: int
    name: str
    communication_preferences: str
    levels: list[str]
    contacts: list[CommunicationContactOut]
    gaps: list[CommunicationGapOut]


class CommunicationMapOut(Schema):
    partnership_id: int
    level_organizations: int = Field(
        description="A level is one where the partnership works when contacts at it come from "
        "at least this many member organizations."
    )
    levels_worked: list[str]
    organizations: list[CommunicationOrganizationOut]
