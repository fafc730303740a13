"""Reads of engagements (R4, R5) that the pages, the API, the home page and the calendar share.

Each read costs a fixed number of queries however many engagements, attendees, organizations or
partnerships there are (tests/relationships/test_engagements_queries.py counts them).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Now
from django.utils import timezone
from icalendar import Calendar, Event

from accord.core.access import Role, get_visible_or_404, partnership_ids_for
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.directory.models import Organization
from accord.partnerships.models import Membership, Partnership
from accord.partnerships.timeline import TimelineEntry, TimelineSource

from .models_engagements import (
    DEFAULT_RHYTHM_DAYS,
    ActionItem,
    CalendarFeed,
    Engagement,
    EngagementAttendee,
    EngagementRhythm,
)

MANAGE = "relationships.engagement.manage"
ACTION_CHANGE = "relationships.action.change"
RHYTHM_CHANGE = "relationships.rhythm.change"
FEED_PAST_DAYS = 365


def engagements_of(partnership: Partnership | int) -> QuerySet[Engagement]:
    """The partnership's engagements, newest first, with their counts (one query)."""
    return (
        Engagement.objects.active()
        .filter(partnership=partnership)
        .annotate(
            attendee_count=Count("attendees", distinct=True),
            open_actions=Count(
                "action_items",
                filter=Q(action_items__status=ActionItem.Status.OPEN),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def engagement_or_404(user, partnership_id, pk, action: str | None = None) -> Engagement:
    """An engagement of the partnership that `user` sees (else 404); 403 without `action`."""
    records = Engagement.objects.active().filter(partnership_id=partnership_id)
    return get_visible_or_404(user, records.select_related("partnership"), action, pk=pk)


def with_details(engagement: Engagement) -> Engagement:
    """The engagement with its groups, attendees and action items (three more queries)."""
    engagement.group_list = list(engagement.groups.order_by("name", "pk"))
    engagement.attendee_list = list(
        engagement.attendees.select_related("person__organization", "organization").order_by(
            "organization__name", "name", "person__name", "pk"
        )
    )
    engagement.action_list = list(
        engagement.action_items.select_related("owner__organization").order_by("due_on", "pk")
    )
    return engagement


def attendee_or_404(user, partnership_id, engagement_id, pk, action=None) -> EngagementAttendee:
    records = EngagementAttendee.objects.filter(
        engagement_id=engagement_id,
        engagement__partnership_id=partnership_id,
        engagement__archived_at__isnull=True,
    ).select_related("engagement__partnership", "person", "organization")
    return get_visible_or_404(user, records, action, pk=pk)


def action_item_or_404(user, partnership_id, pk, action=None) -> ActionItem:
    records = ActionItem.objects.filter(
        engagement__partnership_id=partnership_id, engagement__archived_at__isnull=True
    ).select_related("engagement__partnership", "owner")
    return get_visible_or_404(user, records, action, pk=pk)


def action_items_changeable(user, engagement: Engagement) -> set[int]:
    """The ids of the engagement's action items `user` may change, asked of the policy in one
    query (its owner, or a member who records engagements)."""
    allowed = ActionItem.objects.allowing(user, ACTION_CHANGE).filter(engagement=engagement)
    return set(allowed.values_list("pk", flat=True))


def rhythm_days(partnership: Partnership) -> int:
    rhythm = EngagementRhythm.objects.filter(partnership=partnership).first()
    return rhythm.days if rhythm else DEFAULT_RHYTHM_DAYS


def rhythm_of(partnership: Partnership) -> EngagementRhythm:
    """The stored rhythm, or an unsaved one at the default (revision 0)."""
    found = EngagementRhythm.objects.filter(partnership=partnership).first()
    return found or EngagementRhythm(partnership=partnership)


# --- Cadence (R4): when each pair of member organizations last met ----------------------------
@dataclass
class PairCadence:
    first: Organization
    second: Organization
    last_met: datetime | None
    days_since: int | None
    overdue: bool


@dataclass
class Cadence:
    rhythm_days: int
    pairs: list[PairCadence]

    @property
    def overdue(self) -> list[PairCadence]:
        return [pair for pair in self.pairs if pair.overdue]


def cadence_of(partnership: Partnership, now: datetime | None = None) -> Cadence:
    """For each pair of current member organizations, when both last took part in the same
    engagement, and whether that is longer ago than the partnership's rhythm (three queries)."""
    now = now or timezone.now()
    days = rhythm_days(partnership)
    organizations = sorted(
        (
            membership.organization
            for membership in Membership.objects.current()
            .filter(partnership=partnership)
            .select_related("organization")
        ),
        key=lambda org: (org.name, org.pk),
    )
    met = (
        EngagementAttendee.objects.filter(
            engagement__partnership=partnership,
            engagement__archived_at__isnull=True,
            engagement__starts_at__lte=now,
            organization_id__lt=F("engagement__attendees__organization_id"),
        )
        .values("organization_id", other=F("engagement__attendees__organization_id"))
        .annotate(last=Max("engagement__starts_at"))
        .order_by()
    )
    last = {(row["organization_id"], row["other"]): row["last"] for row in met}
    pairs = []
    for first, second in combinations(organizations, 2):
        when = last.get((min(first.pk, second.pk), max(first.pk, second.pk)))
        since = (now - when).days if when else None
        pairs.append(PairCadence(first, second, when, since, since is None or since > days))
    pairs.sort(key=lambda pair: (not pair.overdue, -(pair.days_since or 10**6)))
    return Cadence(days, pairs)


# --- Home page: open action items waiting for their owner -------------------------------------
_action_items = UserQuery(
    lambda user: (
        ActionItem.objects.visible_to(user)
        .filter(
            status=ActionItem.Status.OPEN,
            owner__user=user,
            owner__archived_at__isnull=True,
            engagement__archived_at__isnull=True,
            engagement__partnership__archived_at__isnull=True,
        )
        .order_by("due_on", "pk")
        .values_list(
            "title",
            "due_on",
            "engagement__title",
            "engagement__partnership_id",
            "engagement_id",
            "created_at",
            "engagement__partnership__title",
        )
    )
)


def action_items_waiting(user) -> list[Waiting]:
    """Open action items the user owns, in partnerships they see (one query)."""
    return [
        Waiting(
            kind="relationships.action.do",
            label="Action item",
            title=f"{item} (due {due_on:%-d %b %Y}, from “{engagement}”)",
            url=object_url("relationships:engagement-detail", partnership_id, engagement_id),
            since=created_at,
            partnership=title,
            partnership_id=partnership_id,
        )
        for item, due_on, engagement, partnership_id, engagement_id, created_at, title in (
            _action_items(user)
        )
    ]


# --- The partnership's timeline ----------------------------------------------------------------
def _engagement_entry(row, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="Engagement",
        title=row.title,
        url=object_url("relationships:engagement-detail", partnership.pk, row.pk),
        detail=Engagement.Kind(row.detail).label.lower() if row.detail else "",
    )


# Engagements that have taken place, read in the timeline's one query (the database's clock, so
# that the query's SQL and parameters do not change between views and are compiled once).
ENGAGEMENTS_HELD = TimelineSource(
    events=lambda partnership, user: Engagement.objects.active().filter(
        partnership=partnership, starts_at__lte=Now()
    ),
    columns={"when": F("starts_at"), "title": F("title"), "detail": F("kind")},
    entry=_engagement_entry,
)


# --- Calendar (.ics) ---------------------------------------------------------------------------
def _event(engagement: Engagement, base_url: str) -> Event:
    zone = ZoneInfo(engagement.time_zone)
    event = Event()
    event.add("uid", f"engagement-{engagement.pk}@accord")
    event.add("summary", engagement.title)
    event.add("dtstart", engagement.starts_at.astimezone(zone))
    ends = engagement.ends_at or engagement.starts_at + timedelta(hours=1)
    event.add("dtend", ends.astimezone(zone))
    event.add("dtstamp", engagement.updated_at)
    event.add("sequence", engagement.revision)
    event.add("categories", [engagement.get_kind_display()])
    if engagement.place or engagement.link:
        event.add("location", engagement.place or engagement.link)
    event.add("url", engagement.link or base_url + engagement.get_absolute_url())
    text = [f"{engagement.partnership.title}", f"Participation: {engagement.get_level_display()}"]
    if engagement.agenda:
        text += ["", "Agenda:", engagement.agenda]
    event.add("description", "\n".join(text))
    return event


def calendar_of(engagements, base_url: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Accord//Engagements//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for engagement in engagements:
        calendar.add_component(_event(engagement, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_user(token: str):
    """The user whose feed `token` opens, or None (revoked, unknown, inactive)."""
    from .services_engagements import token_hash

    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None


def feed_engagements(user, now: datetime | None = None) -> QuerySet[Engagement]:
    """The engagements of every live partnership `user` holds a role in, from a year back
    (one query)."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return (
        Engagement.objects.active()
        .filter(
            partnership__in=partnership_ids_for(user, Role.values),
            partnership__archived_at__isnull=True,
            starts_at__gte=since,
        )
        .select_related("partnership")
        .order_by("starts_at", "pk")
    )
