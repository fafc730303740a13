"""The reads behind the analysis pages (M3): aggregates computed by the database, one row per
indicator and period (or per period and category), never one per value; APPROVED submissions
only. Each function is one query, whatever the number of values, organizations or periods
(tests/measurement/test_analysis_pages.py counts them at two sizes).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, Sum

from accord.partnerships.models import Partnership
from accord.partnerships.queries import memberships_of

from .analysis import Aggregate
from .models import (
    DataValue,
    DimensionCategory,
    DimensionVersion,
    Evidence,
    Indicator,
    MeasuresVersion,
    ReportingPeriod,
    Submission,
)

APPROVED = Submission.Status.APPROVED
MAX_PERIODS = 40  # the analysis reads a partnership's latest 40 periods (ten years of quarters)
MAX_EVIDENCE = 20


def _sums():
    return {
        "total": Sum("value"),
        "count": Count("value"),
        "num": Sum("numerator"),
        "den": Sum("denominator"),
        "reporters": Count("submission__organization_id", distinct=True),
        "texts": Count("pk", filter=~Q(text="")),
    }


def _aggregate(row: dict) -> Aggregate:
    return Aggregate(
        row["total"], row["count"], row["num"], row["den"], row["reporters"], row["texts"]
    )


def lineage_indicators(partnership: Partnership, lineages) -> list[Indicator]:
    """The indicators of these lineages in every final version of the partnership's measures
    set, oldest version first, with their targets and dimensions (and categories): four
    queries."""
    return list(
        Indicator.objects.filter(
            version__partnership=partnership,
            version__status=MeasuresVersion.Status.FINAL,
            lineage__in=list(lineages),
        )
        .select_related("version", "responsible_organization")
        .prefetch_related(
            "targets",
            Prefetch(
                "dimensions",
                queryset=DimensionVersion.objects.select_related("dimension")
                .prefetch_related(
                    Prefetch("categories", queryset=DimensionCategory.objects.order_by("position"))
                )
                .order_by("dimension__name", "pk"),
            ),
        )
        .order_by("version__number", "position", "pk")
    )


def periods_of(partnership: Partnership) -> list[ReportingPeriod]:
    """The partnership's latest periods, in date order."""
    latest = ReportingPeriod.objects.filter(partnership=partnership).order_by("-starts_on", "-pk")
    return sorted(latest[:MAX_PERIODS], key=lambda p: (p.starts_on, p.pk))


def expected_organizations(partnership: Partnership) -> dict[int, str]:
    """The organizations asked to report: the current members, by id."""
    return {m.organization_id: m.organization.name for m in memberships_of(partnership)}


def period_totals(indicator_ids, period_ids) -> dict[tuple[int, int], Aggregate]:
    """(indicator, period) → the aggregate of the approved total cells."""
    rows = (
        DataValue.objects.filter(
            indicator_id__in=list(indicator_ids),
            category_a__isnull=True,
            submission__status=APPROVED,
            submission__period_id__in=list(period_ids),
        )
        .values("indicator_id", "submission__period_id")
        .annotate(**_sums())
        .order_by()
    )
    return {(r["indicator_id"], r["submission__period_id"]): _aggregate(r) for r in rows}


def reporters(indicator_ids, period_ids) -> dict[tuple[int, int], set[int]]:
    """(indicator, period) → the organizations whose approved submission has the total cell."""
    found: dict[tuple[int, int], set[int]] = {}
    rows = (
        DataValue.objects.filter(
            indicator_id__in=list(indicator_ids),
            category_a__isnull=True,
            submission__status=APPROVED,
            submission__period_id__in=list(period_ids),
        )
        .values_list("indicator_id", "submission__period_id", "submission__organization_id")
        .order_by()
    )
    for indicator_id, period_id, organization_id in rows:
        found.setdefault((indicator_id, period_id), set()).add(organization_id)
    return found


def submission_states(period_ids) -> dict[int, dict[int, str]]:
    """period → organization → where its submission stands."""
    found: dict[int, dict[int, str]] = {}
    rows = Submission.objects.filter(period_id__in=list(period_ids)).values_list(
        "period_id", "organization_id", "status"
    )
    for period_id, organization_id, status in rows.order_by():
        found.setdefault(period_id, {})[organization_id] = status
    return found


def category_totals(indicator_ids, period_ids) -> dict[tuple[int, int, int | None], Aggregate]:
    """(period, category of the first dimension, category of the second or None) → the aggregate
    of the approved category cells."""
    rows = (
        DataValue.objects.filter(
            indicator_id__in=list(indicator_ids),
            category_a__isnull=False,
            submission__status=APPROVED,
            submission__period_id__in=list(period_ids),
        )
        .values("submission__period_id", "category_a_id", "category_b_id")
        .annotate(**_sums())
        .order_by()
    )
    return {
        (r["submission__period_id"], r["category_a_id"], r["category_b_id"]): _aggregate(r)
        for r in rows
    }


def evidence_for(partnership: Partnership, lineages, limit: int = MAX_EVIDENCE) -> list[Evidence]:
    """The active evidence tagged to any indicator of these lineages, newest first, with the
    periods it speaks to (two queries)."""
    found = (
        Evidence.objects.active()
        .filter(partnership=partnership, indicators__lineage__in=list(lineages))
        .select_related("organization")
        .prefetch_related(
            Prefetch("periods", queryset=ReportingPeriod.objects.order_by("starts_on"))
        )
        .order_by("-created_at", "-pk")
        .distinct()
    )
    return list(found[:limit])


def evidence_counts(partnership: Partnership, lineages) -> dict:
    """lineage → how many pieces of active evidence are tagged to it."""
    rows = (
        Indicator.objects.filter(version__partnership=partnership, lineage__in=list(lineages))
        .values("lineage")
        .annotate(
            n=Count(
                "evidence",
                filter=Q(evidence__archived_at__isnull=True),
                distinct=True,
            )
        )
        .order_by()
    )
    return {r["lineage"]: r["n"] for r in rows}
