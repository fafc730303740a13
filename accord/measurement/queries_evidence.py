"""Reads of qualitative evidence (M3): a partnership's evidence, filtered and paged, one piece
through the access path, and the tags a form offers. Every list costs a fixed number of queries
(the tags of a page come in one query per kind of tag)."""

from __future__ import annotations

from django.db.models import QuerySet

from accord.core.access import get_visible_or_404
from accord.partnerships.models import Partnership

from .models import Indicator
from .models_collection import ReportingPeriod
from .models_evidence import Evidence
from .queries import core_value_choices

RECORD = "measurement.evidence.record"
CHANGE = "measurement.evidence.change"
Kind = Evidence.Kind


def evidence_of(
    partnership: Partnership | int,
    *,
    kind: str = "",
    indicator: Indicator | None = None,
    period: ReportingPeriod | None = None,
) -> QuerySet[Evidence]:
    """The partnership's evidence (not archived), newest first; with `indicator`, what is tagged
    to it in any version of the measures set (the same lineage)."""
    found = Evidence.objects.active().filter(partnership=partnership)
    if kind:
        found = found.filter(kind=kind)
    if indicator is not None:
        found = found.filter(
            pk__in=Evidence.indicators.through.objects.filter(
                indicator__lineage=indicator.lineage
            ).values("evidence_id")
        )
    if period is not None:
        found = found.filter(periods=period)
    return (
        found.select_related("organization", "created_by")
        .prefetch_related("indicators", "core_values", "periods")
        .order_by("-created_at", "-pk")
    )


def evidence_or_404(user, partnership_id, pk, action: str | None = None) -> Evidence:
    """One piece of the partnership's evidence the user sees (404), allowed `action` (403)."""
    found = Evidence.objects.filter(partnership_id=partnership_id).select_related(
        "partnership", "organization", "created_by"
    )
    return get_visible_or_404(user, found, action, pk=pk)


def indicator_choices(partnership: Partnership) -> list[Indicator]:
    """One indicator per lineage (its newest version's), in the newest version's order."""
    rows = (
        Indicator.objects.filter(version__partnership=partnership)
        .select_related("version")
        .order_by("-version__number", "position", "pk")
    )
    seen, found = set(), []
    for row in rows:
        if row.lineage not in seen:
            seen.add(row.lineage)
            found.append(row)
    return found


def indicator_tag_choices(partnership: Partnership, tagged=()) -> list[Indicator]:
    """What a form offers to tag: the newest of each indicator, and whatever is tagged already."""
    found = indicator_choices(partnership)
    have = {row.pk for row in found}
    return found + [row for row in tagged if row.pk not in have]


def core_value_tag_choices(partnership: Partnership, tagged=()) -> list:
    found = list(core_value_choices(partnership))
    have = {row.pk for row in found}
    return found + [row for row in tagged if row.pk not in have]


def period_choices(partnership: Partnership) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(partnership=partnership).order_by("-starts_on", "pk")


__all__ = [
    "CHANGE",
    "RECORD",
    "core_value_tag_choices",
    "evidence_of",
    "evidence_or_404",
    "indicator_choices",
    "indicator_tag_choices",
    "period_choices",
]
