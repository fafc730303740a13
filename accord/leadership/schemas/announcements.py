"""API input and output schemas for announcements and their delivery log (L4). Names start with
"Announcement" because OpenAPI components are keyed by name across every app."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from accord.core.schemas import InputSchema, VersionedOut
from accord.directory.schemas import PersonLevel
from accord.partnerships.schemas import NO_NUL, Id, OrganizationRef, PersonRef

from ..models import Announcement, AnnouncementDelivery
from ..queries.announcements import is_stalled
from ..services.announcements import MAX_BODY

AnnouncementStatus = StrEnum("AnnouncementStatus", {c.name: c.value for c in Announcement.Status})
AnnouncementDeliveryStatus = StrEnum(
    "AnnouncementDeliveryStatus", {c.name: c.value for c in AnnouncementDelivery.Status}
)

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]
Body = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_BODY, pattern=NO_NUL)
]


class AnnouncementDeliveryCountsOut(Schema):
    total: int
    queued: int = Field(description="Waiting for the background task to e-mail them.")
    sending: int = Field(
        description="Being handed to the mail server; still so after a send that stopped means "
        "the server's answer was not recorded: these are not sent again."
    )
    sent: int
    failed: int
    no_address: int = Field(description="Recipients without an e-mail address.")


class AnnouncementOut(VersionedOut):
    id: int
    partnership_id: int
    title: str
    body: str
    status: AnnouncementStatus
    author: PersonRef | None = Field(description="Who wrote it, as a person of the directory.")
    created_by: str | None = Field(description="The account that wrote it.")
    audience_organizations: list[OrganizationRef] = Field(
        description="Empty: everyone who holds a role in the partnership, whatever their "
        "organization."
    )
    audience_levels: list[PersonLevel] = Field(description="Empty: every level.")
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    deliveries: AnnouncementDeliveryCountsOut
    stalled: bool = Field(
        description="Being sent, but nothing has moved for a while (ACCORD_ANNOUNCEMENT_STALL_"
        "MINUTES): POST .../resume sends to the recipients still waiting."
    )

    @staticmethod
    def resolve_stalled(obj) -> bool:
        return is_stalled(obj)

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.display_name if obj.created_by_id else None

    @staticmethod
    def resolve_audience_organizations(obj) -> list:
        return list(obj.audience_organizations.all())

    @staticmethod
    def resolve_deliveries(obj) -> dict:
        return {
            "total": obj.delivery_count,
            "queued": obj.queued_count,
            "sending": obj.sending_count,
            "sent": obj.sent_count,
            "failed": obj.failed_count,
            "no_address": obj.no_address_count,
        }


class AnnouncementIn(InputSchema):
    title: Title = Field(description="Also the subject of the e-mail.")
    body: Body
    audience_organizations: list[Id] = Field(
        default_factory=list,
        max_length=500,
        description=(
            "Ids of member organizations, or of organizations whose people hold a role; "
            "empty: everyone who holds a role."
        ),
    )
    audience_levels: list[PersonLevel] = Field(
        default_factory=list, max_length=20, description="Empty: every level."
    )


class AnnouncementPatchIn(InputSchema):
    """Only a draft changes; fields left out stay as they are."""

    title: Title | None = None
    body: Body | None = None
    audience_organizations: list[Id] | None = Field(None, max_length=500)
    audience_levels: list[PersonLevel] | None = Field(None, max_length=20)


class AnnouncementDeliveryOut(Schema):
    id: int
    person: PersonRef
    level: PersonLevel
    email: str
    status: AnnouncementDeliveryStatus
    attempted_at: datetime | None
    error: str
    message_id: str = Field(description="The e-mail's Message-ID, once it is handed over.")

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.person.level


class AnnouncementDeliveryFilters(InputSchema):
    status: AnnouncementDeliveryStatus | None = None
