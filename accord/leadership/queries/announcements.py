"""Reads of announcements (L4) that the pages, the API and the delivery task share.

Lists cost the same number of queries with 5 rows or 500: delivery counts are SQL aggregates and
audiences are prefetched.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.core.audit import history_for
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, Partnership, PartnershipRole

from ..models import Announcement, AnnouncementDelivery

Status = Announcement.Status
Delivery = AnnouncementDelivery.Status


def with_details(announcements: QuerySet[Announcement]) -> QuerySet[Announcement]:
    """Author, audience and delivery counts of each announcement, in a fixed number of queries."""
    counts = {
        f"{status}_count": Count("deliveries", filter=Q(deliveries__status=status))
        for status in Delivery.values
    }
    return (
        announcements.select_related("partnership", "author__organization", "created_by")
        .prefetch_related(
            Prefetch("audience_organizations", queryset=Organization.objects.order_by("name", "pk"))
        )
        .annotate(
            delivery_count=Count("deliveries"),
            last_attempt_at=Max("deliveries__attempted_at"),
            **counts,
        )
    )


def last_progress(announcement: Announcement) -> datetime | None:
    """When sending the announcement last moved: queued, resumed, or an e-mail attempted."""
    if hasattr(announcement, "last_attempt_at"):
        last_attempt = announcement.last_attempt_at
    else:
        last_attempt = announcement.deliveries.aggregate(last=Max("attempted_at"))["last"]
    moments = (announcement.sent_at, announcement.delivery_queued_at, last_attempt)
    return max((moment for moment in moments if moment is not None), default=None)


def is_stalled(announcement: Announcement, moved: datetime | None = None) -> bool:
    """Whether a send has made no progress for ACCORD_ANNOUNCEMENT_STALL_MINUTES.

    A worker takes back the task of a worker that stopped within a minute or two, so a send this
    quiet has no worker, or its task failed; its page then offers to resume it.
    """
    if announcement.status != Status.SENDING:
        return False
    moved = moved or last_progress(announcement)
    wait = timedelta(minutes=settings.ACCORD_ANNOUNCEMENT_STALL_MINUTES)
    return moved is None or moved < timezone.now() - wait


def announcements_of(partnership: Partnership | int, *, include_drafts: bool) -> QuerySet:
    """The partnership's announcements: sent ones newest first, then (if asked) the drafts."""
    announcements = Announcement.objects.filter(partnership=partnership)
    if not include_drafts:
        announcements = announcements.exclude(status=Status.DRAFT)
    return with_details(announcements).order_by(Coalesce("sent_at", "created_at").desc(), "-pk")


def timeline_of(partnership: Partnership) -> QuerySet[Announcement]:
    """Announcements that were sent (or are being sent), newest first: the partnership's
    timeline of what its leaders told everyone."""
    return with_details(
        Announcement.objects.filter(partnership=partnership).exclude(status=Status.DRAFT)
    ).order_by("-sent_at", "-pk")


def drafts_of(partnership: Partnership) -> QuerySet[Announcement]:
    return with_details(
        Announcement.objects.filter(partnership=partnership, status=Status.DRAFT)
    ).order_by("-updated_at", "-pk")


def _current_roles(partnership: Partnership | int) -> QuerySet[PartnershipRole]:
    """Current roles of people still in the directory, each with the organization it speaks for
    (the one the role names, else the person's own; none for a person of no organization)."""
    return PartnershipRole.objects.filter(
        partnership=partnership, archived_at__isnull=True, person__archived_at__isnull=True
    ).annotate(speaks_for=Coalesce("organization_id", "person__organization_id"))


def audience_organization_ids(partnership: Partnership | int) -> list[int]:
    """The organizations an announcement may be addressed to: the current member organizations,
    then every other organization that a person holding a role speaks for (community groups,
    former members whose people still hold a role)."""
    members = list(
        Membership.objects.current()
        .filter(partnership=partnership)
        .values_list("organization_id", flat=True)
    )
    speakers = (
        _current_roles(partnership)
        .filter(speaks_for__isnull=False)
        .values_list("speaks_for", flat=True)
        .distinct()
    )
    return list(dict.fromkeys([*members, *speakers]))


def recipients_of(partnership: Partnership | int, organization_ids, levels) -> QuerySet[Person]:
    """People holding a current role in the partnership, whatever their organization, narrowed to
    those whose organization (the one their role speaks for, else their own) is among
    `organization_ids` and whose level is among `levels`.

    No organizations chosen means everyone who holds a role; no levels, every level.
    """
    roles = _current_roles(partnership)
    organization_ids = list(organization_ids)
    if organization_ids:
        roles = roles.filter(speaks_for__in=organization_ids)
    if levels:
        roles = roles.filter(person__level__in=list(levels))
    return (
        Person.objects.filter(pk__in=roles.values("person_id"))
        .select_related("organization")
        .order_by("name", "pk")
    )


def recipients_of_announcement(announcement: Announcement) -> QuerySet[Person]:
    return recipients_of(
        announcement.partnership_id,
        announcement.audience_organizations.values_list("pk", flat=True),
        announcement.audience_levels,
    )


def deliveries_of(announcement: Announcement, *, status: str = "") -> QuerySet:
    """The delivery log: one row per recipient, by name."""
    deliveries = AnnouncementDelivery.objects.filter(announcement=announcement)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.select_related("person__organization").order_by("person__name", "pk")


def level_labels(levels) -> list[str]:
    labels = dict(Person.Level.choices)
    return [labels.get(level, level) for level in levels]


def announcement_history(announcement: Announcement):
    return history_for(announcement)
