"""The announcements API (L4), under /api/v1/partnerships/{partnership_id}/announcements: drafts,
sending, and each announcement's delivery log.

Outsiders get 404. Stewards, project directors and leaders write (403 for other roles) and see
drafts and delivery logs; a draft is changed or sent by its writer or a steward. Everyone taking
part reads what was sent. Writes go through services/announcements.py (422 with field errors).
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import can, get_visible_or_404, require
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

from ..models import Announcement
from ..queries import announcements as queries
from ..schemas.announcements import (
    AnnouncementDeliveryFilters,
    AnnouncementDeliveryOut,
    AnnouncementIn,
    AnnouncementOut,
    AnnouncementPatchIn,
)
from ..services import announcements as services
from ..services.commitments import person_of

router = Router(tags=["Announcements"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/announcements"
ONE = BASE + "/{announcement_id}"
READ = "leadership.announcement.read"
WRITE = "leadership.announcement.write"
MANAGE = "leadership.announcement.manage"


def _announcement(request, partnership_id: int, announcement_id: int) -> Announcement:
    queryset = queries.with_details(Announcement.objects.filter(partnership_id=partnership_id))
    return get_visible_or_404(request.user, queryset, READ, pk=announcement_id)


def _manageable(request, partnership_id: int, announcement_id: int) -> Announcement:
    announcement = _announcement(request, partnership_id, announcement_id)
    require(request.user, MANAGE, announcement)
    return announcement


@router.get(
    BASE,
    response={200: list[AnnouncementOut], **ERRORS},
    summary="The partnership's announcements, newest first",
    description="Those who write announcements also see the drafts.",
)
@paginate
def list_announcements(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    include_drafts = can(request.user, WRITE, partnership)
    return queries.announcements_of(partnership, include_drafts=include_drafts)


@router.post(
    BASE,
    response={201: AnnouncementOut, **ERRORS},
    summary="Write a draft announcement (L4)",
    description="For stewards, project directors and leaders. An audience that matches nobody "
    "taking part is refused with 422.",
)
def create_announcement(request, partnership_id: int, payload: AnnouncementIn):
    partnership = partnership_or_404(request, partnership_id)
    require(request.user, WRITE, partnership)
    announcement = services.announcement_create(
        partnership=partnership,
        author=person_of(request.user),
        created_by=request.user,
        **payload.dict(),
    )
    return Status(201, _announcement(request, partnership_id, announcement.pk))


@router.get(ONE, response={200: AnnouncementOut, **ERRORS}, summary="One announcement")
def get_announcement(request, partnership_id: int, announcement_id: int):
    return _announcement(request, partnership_id, announcement_id)


@router.patch(
    ONE,
    response={200: AnnouncementOut, **ERRORS},
    summary="Change a draft's text or audience",
    description="Only a draft changes (422 once sent); by its writer or a steward.",
)
def update_announcement(
    request, partnership_id: int, announcement_id: int, payload: AnnouncementPatchIn
):
    announcement = _manageable(request, partnership_id, announcement_id)
    if_match(request, announcement)
    changes = payload.dict(exclude_unset=True)
    services.announcement_update(announcement=announcement, **changes)
    return _announcement(request, partnership_id, announcement_id)


@router.post(
    ONE + "/send",
    openapi_extra=IF_MATCH_DOC,
    response={202: AnnouncementOut, **ERRORS},
    summary="Send a draft by e-mail to its audience",
    description="Fixes the recipients (the delivery log) and queues the e-mails, which a "
    "background task sends. Sending again is refused with 422.",
)
def send_announcement(request, partnership_id: int, announcement_id: int):
    announcement = _manageable(request, partnership_id, announcement_id)
    if_match(request, announcement)
    services.announcement_send(announcement=announcement)
    return Status(202, _announcement(request, partnership_id, announcement_id))


@router.post(
    ONE + "/resume",
    openapi_extra=IF_MATCH_DOC,
    response={202: AnnouncementOut, **ERRORS},
    summary="Resume a send that stalled",
    description="E-mails the recipients still waiting, once nothing has moved for "
    "ACCORD_ANNOUNCEMENT_STALL_MINUTES (`stalled`); 422 otherwise. A recipient whose e-mail was "
    "being handed to the mail server when the send stopped is not e-mailed again.",
)
def resume_announcement(request, partnership_id: int, announcement_id: int):
    announcement = _manageable(request, partnership_id, announcement_id)
    if_match(request, announcement)
    services.announcement_resume(announcement=announcement)
    return Status(202, _announcement(request, partnership_id, announcement_id))


@router.get(
    ONE + "/deliveries",
    response={200: list[AnnouncementDeliveryOut], **ERRORS},
    summary="The delivery log: each recipient's e-mail and its outcome",
    description="For those who write announcements.",
)
@paginate
def list_deliveries(
    request, partnership_id: int, announcement_id: int, filters: Query[AnnouncementDeliveryFilters]
):
    announcement = _announcement(request, partnership_id, announcement_id)
    require(request.user, WRITE, announcement.partnership)
    return queries.deliveries_of(announcement, status=filters.status or "")
