"""API input and output schemas for project directors and their handovers (L6)."""

from datetime import datetime
from enum import StrEnum

from ninja import Field, Schema

from accord.core.schemas import InputSchema, VersionedOut
from accord.partnerships.schemas import Id, MembershipKind, Note, OrganizationRef, PersonRef

from ..models import ProjectDirectorHandover

# The model's nested choices are called "Status", a name other apps use too; OpenAPI components
# are keyed by name, so the API gets its own, unambiguous copy.
HandoverStatus = StrEnum(
    "HandoverStatus", {c.name: c.value for c in ProjectDirectorHandover.Status}
)


class DirectorOut(Schema):
    role_id: int = Field(description="The id of the person's project director role.")
    person: PersonRef
    title: str = Field(description="The person's job title in the directory.")
    since: datetime = Field(description="When the role was given.")

    @staticmethod
    def resolve_role_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.person.title

    @staticmethod
    def resolve_since(obj) -> datetime:
        return obj.created_at


class HandoverOut(VersionedOut):
    id: int
    partnership_id: int
    organization: OrganizationRef
    outgoing: PersonRef | None = Field(
        description="The director whose role ends: as at the nomination while it waits, as "
        "replaced once accepted; null when the organization had none."
    )
    incoming: PersonRef = Field(description="The nominee.")
    status: HandoverStatus
    note: str
    nominated_by: str | None
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_outgoing(obj):
        return obj.outgoing.person if obj.outgoing_id else None

    @staticmethod
    def resolve_nominated_by(obj) -> str | None:
        return obj.nominated_by.display_name if obj.nominated_by else None


class MemberDirectorOut(Schema):
    organization: OrganizationRef
    membership_kind: MembershipKind
    director: DirectorOut | None = Field(description="null: the organization has none.")
    flagged: bool = Field(description="True when the organization has no project director.")
    pending_handover: HandoverOut | None = Field(description="A nomination waiting for an answer.")

    @staticmethod
    def resolve_membership_kind(obj) -> str:
        return obj.membership.kind

    @staticmethod
    def resolve_pending_handover(obj):
        return obj.pending


class HandoverCreateIn(InputSchema):
    organization_id: Id = Field(description="A current member organization.")
    incoming_person_id: Id = Field(
        description="A person of that organization, not archived, with an Accord account."
    )
    note: Note = ""


class DirectorNameIn(InputSchema):
    organization_id: Id = Field(description="A current member organization without a director.")
    person_id: Id = Field(description="A person of that organization, not archived.")


class HandoverFilters(InputSchema):
    status: HandoverStatus | None = None
