"""Reads of the R3 flags, left out of planning: the partnership's planning or design engagements
that took place, the stakeholder groups present at each, and its affected groups, in three
queries however many engagements and groups (planning.py computes the flags from them)."""

from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from . import planning
from .models import AffectedGroup
from .models_engagements import Engagement, EngagementGroup


@dataclass
class PlanningView:
    """The flags with the engagements behind their evidence, by key."""

    flags: tuple
    engagements: dict  # engagement id -> Engagement
    considered: int  # planning or design engagements that took place
    thresholds: planning.Thresholds

    @property
    def flagged(self):
        return [f for f in self.flags if f.level == "flag"]

    @property
    def warnings(self):
        return [f for f in self.flags if f.level == "warning"]


def _held_on(engagement: Engagement):
    try:
        zone = ZoneInfo(engagement.time_zone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.localtime(engagement.starts_at, zone).date()


def planning_of(partnership) -> PlanningView:
    """The R3 flags of the partnership's affected groups (three queries)."""
    limits = planning.thresholds()
    affected = list(
        AffectedGroup.objects.active()
        .filter(partnership=partnership)
        .select_related("group")
        .order_by("group__name", "pk")
    )
    held = list(
        Engagement.objects.active()
        .filter(
            partnership=partnership,
            kind=Engagement.Kind.PLANNING,
            starts_at__lte=timezone.now(),
        )
        .order_by("starts_at", "pk")
    )
    present = defaultdict(set)
    for engagement_id, group_id in EngagementGroup.objects.filter(
        engagement__in=[e.pk for e in held]
    ).values_list("engagement_id", "group_id"):
        present[engagement_id].add(group_id)
    records = [
        planning.PlanningEngagement(e.pk, _held_on(e), e.level, frozenset(present[e.pk]), e.title)
        for e in held
    ]
    groups = {a.group_id: a.group.name for a in affected}
    flags = planning.planning_flags(records, groups, limits)
    return PlanningView(flags, {e.pk: e for e in held}, len(held), limits)
