"""Reads of planning bodies, their seats and meetings, and their representation analysis (R2).

`analyses_of` loads every body of a partnership with its current seats, its meetings, the
attendance and the contribution counts in a fixed number of queries, however many bodies,
seats and meetings; `representation.analyse` computes the figures from them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accord.core.access import get_visible_or_404

from . import representation
from .models import AffectedGroup, Attendance, Body, BodyMeeting, Contribution, Seat

MANAGE = "relationships.body.manage"
RECORD = "relationships.meeting.record"


@dataclass
class BodyView:
    """A body with its current seats, its meetings (newest first) and its analysis."""

    body: Body
    seats: list
    meetings: list
    analysis: representation.Analysis
    evidence_dates: dict

    @property
    def flags(self):
        return [f for f in self.analysis.flags if f.level == "flag"]

    @property
    def warnings(self):
        return [f for f in self.analysis.flags if f.level == "warning"]


def bodies_of(partnership):
    return Body.objects.active().filter(partnership=partnership).select_related("partnership")


def body_or_404(user, partnership_id, pk, action: str | None = None) -> Body:
    bodies = Body.objects.active().filter(partnership_id=partnership_id)
    return get_visible_or_404(user, bodies.select_related("partnership"), action, pk=pk)


def seat_or_404(user, partnership_id, body_id, pk, action: str | None = None) -> Seat:
    seats = Seat.objects.filter(body_id=body_id, body__partnership_id=partnership_id)
    return get_visible_or_404(
        user,
        seats.select_related("body__partnership", "person__organization", "organization", "group"),
        action,
        pk=pk,
    )


def analyses_of(partnership, bodies=None) -> list[BodyView]:
    """Each body (or the `bodies` given) with its analysis, in six queries."""
    today = timezone.localdate()
    bodies = list(bodies if bodies is not None else bodies_of(partnership))
    ids = [b.pk for b in bodies]
    affected = list(
        AffectedGroup.objects.active().filter(partnership=partnership).select_related("group")
    )
    groups = {a.group_id: a.group.reference_share for a in affected}
    names = {a.group_id: a.group.name for a in affected}
    seats = list(
        Seat.objects.filter(body_id__in=ids, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("person__organization", "organization", "group")
        .order_by("body_id", "group__name", "person__name", "pk")
    )
    meetings = list(BodyMeeting.objects.filter(body_id__in=ids).order_by("-held_on", "-pk"))
    seat_ids = [s.pk for s in seats]
    present = defaultdict(set)
    for seat_id, meeting_id in Attendance.objects.filter(
        seat_id__in=seat_ids, present=True
    ).values_list("seat_id", "meeting_id"):
        present[seat_id].add(meeting_id)
    spoken = defaultdict(dict)
    for row in (
        Contribution.objects.filter(seat_id__in=seat_ids)
        .values("seat_id", "meeting_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        spoken[row["seat_id"]][row["meeting_id"]] = row["n"]
    seats_by_body, meetings_by_body = defaultdict(list), defaultdict(list)
    for seat in seats:
        seats_by_body[seat.body_id].append(seat)
    for meeting in meetings:
        meetings_by_body[meeting.body_id].append(meeting)
    views = []
    for body in bodies:
        records = [
            representation.Seat(
                s.pk, s.group_id, s.votes, frozenset(present[s.pk]), dict(spoken[s.pk])
            )
            for s in seats_by_body[body.pk]
        ]
        held = [representation.Meeting(m.pk, m.held_on) for m in meetings_by_body[body.pk]]
        analysis = representation.analyse(records, held, groups, names)
        views.append(
            BodyView(
                body,
                seats_by_body[body.pk],
                meetings_by_body[body.pk],
                analysis,
                {m.pk: m for m in meetings_by_body[body.pk]},
            )
        )
    return views
