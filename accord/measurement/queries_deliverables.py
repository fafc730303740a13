"""Reads of deliverables and fulfilment (M2).

Fulfilment, per member organization (the host included), counts two kinds of promise the same
way, as of today:

- deliverables: those whose due date has passed (cancelled ones left out) are due so far; of
  them, those delivered on or before their due date count as fulfilled;
- the leaders' commitments of pillar 2 (accord/leadership): those whose end date has passed are
  due so far; of them, those marked kept count as fulfilled.

The rate is fulfilled / due so far, for each kind and for both together ((delivered on time +
kept) / (deliverables due + commitments due)); with nothing due yet there is no rate. What is
overdue is still open (planned or in progress) after its date. The counts are aggregated in SQL,
a fixed number of queries however many organizations and deliverables there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DateField, DateTimeField, F, Q, QuerySet
from django.db.models.functions import Cast, Now
from django.utils import timezone

from accord.core.access import Perm, get_visible_or_404, roles_with
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.rules import partnership_ids_for
from accord.core.waiting import Waiting
from accord.leadership.queries.commitments import commitments_of
from accord.partnerships.models import Partnership
from accord.partnerships.queries import memberships_of
from accord.partnerships.timeline import TimelineEntry, TimelineSource

from .models_deliverables import Deliverable

MANAGE = "measurement.deliverable.manage"
REPORT = "measurement.deliverable.report"
Status = Deliverable.Status
OPEN = [Status.PLANNED, Status.IN_PROGRESS]
# The leaders' commitments (pillar 2): their statuses, as stored.
KEPT = "kept"
COMMITMENT_OPEN = ["planned", "in_progress"]
OVERDUE_SHOWN = 50
FORMULA = (
    "Fulfilment = (deliverables delivered on or before their due date + commitments kept) ÷ "
    "(deliverables whose due date has passed, cancelled ones left out + commitments whose end "
    "date has passed). Each kind's own rate is shown beside it; nothing due yet, no rate."
)


# --- Lists --------------------------------------------------------------------------------------
def deliverables_of(
    partnership: Partnership | int, *, status: str = "", organization_id: int | None = None
) -> QuerySet[Deliverable]:
    """The partnership's deliverables (not archived), by due date."""
    found = Deliverable.objects.active().filter(partnership=partnership)
    if status == "overdue":
        found = found.filter(status__in=OPEN, due_on__lt=timezone.localdate())
    elif status:
        found = found.filter(status=status)
    if organization_id is not None:
        found = found.filter(organization_id=organization_id)
    return (
        found.select_related("organization")
        .annotate(evidence_count=Count("evidence", filter=Q(evidence__archived_at__isnull=True)))
        .order_by("due_on", "pk")
    )


def deliverable_or_404(user, partnership_id, pk, action: str | None = None) -> Deliverable:
    found = Deliverable.objects.filter(partnership_id=partnership_id).select_related(
        "partnership", "organization", "created_by"
    )
    return get_visible_or_404(user, found, action, pk=pk)


def evidence_of_deliverable(deliverable: Deliverable):
    return deliverable.evidence.filter(archived_at__isnull=True).order_by("-created_at", "pk")


def deliverable_history(deliverable: Deliverable):
    return deliverable.history.select_related("history_user").order_by("-history_date")[:50]


# --- Fulfilment ---------------------------------------------------------------------------------
def rate(fulfilled: int, due: int) -> Decimal | None:
    """fulfilled / due, or None when nothing is due yet."""
    if due <= 0:
        return None
    return Decimal(fulfilled) / Decimal(due)


def percent(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Fulfilment:
    """One member organization's promises as of a day: due so far, fulfilled, overdue."""

    organization: object
    is_host: bool = False
    deliverables_due: int = 0
    delivered_on_time: int = 0
    deliverables_overdue: int = 0
    deliverables_total: int = 0
    commitments_due: int = 0
    commitments_kept: int = 0
    commitments_overdue: int = 0

    @property
    def deliverable_rate(self) -> Decimal | None:
        return rate(self.delivered_on_time, self.deliverables_due)

    @property
    def commitment_rate(self) -> Decimal | None:
        return rate(self.commitments_kept, self.commitments_due)

    @property
    def combined_rate(self) -> Decimal | None:
        return rate(
            self.delivered_on_time + self.commitments_kept,
            self.deliverables_due + self.commitments_due,
        )

    @property
    def deliverable_percent(self) -> int | None:
        return percent(self.deliverable_rate)

    @property
    def commitment_percent(self) -> int | None:
        return percent(self.commitment_rate)

    @property
    def combined_percent(self) -> int | None:
        return percent(self.combined_rate)


@dataclass
class FulfilmentReport:
    today: date
    rows: list[Fulfilment]
    overdue_deliverables: list[Deliverable] = field(default_factory=list)
    overdue_commitments: list = field(default_factory=list)
    formula: str = FORMULA

    @property
    def overdue_count(self) -> int:
        return sum(r.deliverables_overdue + r.commitments_overdue for r in self.rows)


def deliverable_counts(partnership: Partnership | int, today: date) -> dict[int, dict]:
    """Per organization: deliverables due so far, delivered on time, overdue, in all (SQL)."""
    due = Q(due_on__lt=today) & ~Q(status=Status.CANCELLED)
    rows = (
        Deliverable.objects.active()
        .filter(partnership=partnership)
        .values("organization_id")
        .annotate(
            due=Count("pk", filter=due),
            on_time=Count(
                "pk", filter=due & Q(status=Status.DELIVERED, delivered_on__lte=F("due_on"))
            ),
            overdue=Count("pk", filter=Q(status__in=OPEN, due_on__lt=today)),
            total=Count("pk"),
        )
        .order_by()
    )
    return {row["organization_id"]: row for row in rows}


def commitment_counts(partnership: Partnership | int, today: date) -> dict[int, dict]:
    """Per organization: leaders' commitments due so far, kept, overdue (SQL)."""
    due = Q(ends_on__lt=today)
    rows = (
        commitments_of(partnership)
        .values("organization_id")
        .annotate(
            due=Count("pk", filter=due),
            kept=Count("pk", filter=due & Q(status=KEPT)),
            overdue=Count("pk", filter=due & Q(status__in=COMMITMENT_OPEN)),
        )
        .order_by()
    )
    return {row["organization_id"]: row for row in rows}


def fulfilment_of(partnership: Partnership, today: date | None = None) -> FulfilmentReport:
    """Every current member's fulfilment side by side (the host first), with what is overdue.
    Five queries."""
    today = today or timezone.localdate()
    deliverables = deliverable_counts(partnership, today)
    commitments = commitment_counts(partnership, today)
    rows = []
    for membership in memberships_of(partnership):
        d = deliverables.get(membership.organization_id, {})
        c = commitments.get(membership.organization_id, {})
        rows.append(
            Fulfilment(
                organization=membership.organization,
                is_host=membership.kind == membership.Kind.HOST,
                deliverables_due=d.get("due", 0),
                delivered_on_time=d.get("on_time", 0),
                deliverables_overdue=d.get("overdue", 0),
                deliverables_total=d.get("total", 0),
                commitments_due=c.get("due", 0),
                commitments_kept=c.get("kept", 0),
                commitments_overdue=c.get("overdue", 0),
            )
        )
    overdue_deliverables = list(
        Deliverable.objects.active()
        .filter(partnership=partnership, status__in=OPEN, due_on__lt=today)
        .select_related("organization")
        .order_by("due_on", "pk")[:OVERDUE_SHOWN]
    )
    overdue_commitments = list(
        commitments_of(partnership)
        .filter(status__in=COMMITMENT_OPEN, ends_on__lt=today)
        .order_by("ends_on", "pk")[:OVERDUE_SHOWN]
    )
    return FulfilmentReport(today, rows, overdue_deliverables, overdue_commitments)


# --- Waiting for me: an overdue deliverable of one's own organization ---------------------------
def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _overdue_query(user, today: date):
    return (
        Deliverable.objects.filter(
            archived_at__isnull=True,
            status__in=OPEN,
            due_on__lt=today,
            partnership__archived_at__isnull=True,
            partnership__in=partnership_ids_for(user, roles_with(Perm.CONTRIBUTE)),
            organization__people__user=user,
            organization__people__archived_at__isnull=True,
        )
        .order_by("due_on", "pk")
        .distinct()
        .values_list("title", "due_on", "partnership_id", "pk", "partnership__title")[:100]
    )


# Compiled once per process, with the user's id and today's date as parameters.
_overdue_of = UserQuery(_overdue_query)


def deliverables_waiting(user) -> list[Waiting]:
    """Open deliverables past their due date, for the people of the delivering organization who
    add records in the partnership. One query."""
    return [
        Waiting(
            kind="measurement.deliverable.overdue",
            label="Deliverable overdue",
            title=f"“{title}” was due on {due_on:%-d %b %Y}: deliver it or say where it stands",
            url=object_url("measurement:deliverable-detail", partnership_id, pk),
            since=_start_of(due_on),
            partnership=partnership,
            partnership_id=partnership_id,
        )
        for title, due_on, partnership_id, pk, partnership in _overdue_of(
            user, timezone.localdate()
        )
    ]


# --- Timeline: a deliverable overdue ------------------------------------------------------------
def _overdue(partnership, user) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(
        partnership=partnership,
        archived_at__isnull=True,
        status__in=OPEN,
        due_on__lt=Cast(Now(), DateField()),
    )


def _overdue_entry(row, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="Deliverable overdue",
        title=f"{row.title} was due",
        detail=f"from {row.detail}" if row.detail else "",
        url=object_url("measurement:deliverable-detail", partnership.pk, row.pk),
    )


OVERDUE_DELIVERABLES = TimelineSource(
    events=_overdue,
    columns={
        "when": Cast("due_on", DateTimeField()),
        "title": F("title"),
        "detail": F("organization__name"),
        "on": F("due_on"),
    },
    entry=_overdue_entry,
)
