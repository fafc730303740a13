"""The notifications API: the caller's own notifications, under /api/v1/notifications.

Notifications are personal: anyone else's is not found (404), administrators included.
"""

from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accord.core.schemas import ErrorOut, InputSchema

from . import services
from .queries import own_notification

router = Router(tags=["Notifications"])

ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="What it is about, e.g. mou_expiry, signature_reminder.")
    title: str
    body: str
    url: str = Field(description="A path inside Accord to act on it; empty when there is none.")
    created_at: datetime
    read_at: datetime | None
    emailed_at: datetime | None


class NotificationFilters(InputSchema):
    unread: bool = Field(False, description="Only those not read yet.")


class ReadAllOut(Schema):
    marked: int = Field(description="How many notifications were unread and are now read.")


@router.get(
    "/notifications",
    response={200: list[NotificationOut], **ERRORS},
    summary="Your notifications, newest first",
)
@paginate
def list_notifications(request, filters: Query[NotificationFilters]):
    items = request.user.notifications.all()
    return items.filter(read_at__isnull=True) if filters.unread else items


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut, **ERRORS},
    summary="Mark all your notifications as read",
)
def read_all(request):
    return {"marked": services.notifications_mark_all_read(user=request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    summary="Mark one of your notifications as read",
    description="Reading it again changes nothing. Someone else's notification is not found.",
)
def read_one(request, notification_id: int):
    return services.notification_mark_read(
        notification=own_notification(request.user, notification_id)
    )
