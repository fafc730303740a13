"""Reads of the health scorecard: the latest stored snapshot, laid out by pillar, and the history
of each pillar's status. Pages and the API read what the task stored, in a fixed number of
queries, never the criteria themselves (which read the whole partnership)."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from .criteria import (
    NOT_YET,
    PILLARS,
    STATUS_LABELS,
    criteria_of,
    import_criteria,
    ordered_criteria,
)
from .models import ScorecardPending, ScorecardSnapshot

HISTORY_SHOWN = 12  # snapshots in the history table of the page


@dataclass
class CriterionRow:
    key: str
    title: str
    description: str
    status: str
    evidence: str
    action: str
    url: str

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class PillarView:
    key: str
    title: str
    status: str
    criteria: list[CriterionRow] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # oldest first, as in the history table

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class Scorecard:
    partnership: object
    snapshot: ScorecardSnapshot | None
    pending: bool
    pillars: list[PillarView]
    history_dates: list = field(default_factory=list)  # computed_at of the history columns

    @property
    def computed_at(self):
        return self.snapshot.computed_at if self.snapshot else None


def link_of(result: dict) -> str:
    """The URL of a result's next action, or "" when it names none or no longer resolves."""
    if not result.get("url_name"):
        return ""
    try:
        return reverse(result["url_name"], args=result.get("args") or [])
    except NoReverseMatch:
        return ""


def latest_snapshot(partnership) -> ScorecardSnapshot | None:
    return (
        ScorecardSnapshot.objects.filter(partnership=partnership)
        .order_by("-computed_at", "-pk")
        .first()
    )


def snapshots_of(partnership):
    """The partnership's snapshots, newest first, without their results (for the history)."""
    return (
        ScorecardSnapshot.objects.filter(partnership=partnership)
        .order_by("-computed_at", "-pk")
        .only("pk", "partnership_id", "computed_at", "pillars")
    )


def scorecard_of(partnership, *, history: int = HISTORY_SHOWN) -> Scorecard:
    """The stored scorecard by pillar, with the last `history` statuses of each (three queries)."""
    import_criteria()
    snapshot = latest_snapshot(partnership)
    results = snapshot.results if snapshot else {}
    pillars_status = snapshot.pillars if snapshot else {}
    pending = ScorecardPending.objects.filter(partnership=partnership).exists()
    past = list(snapshots_of(partnership)[:history]) if history else []
    past.reverse()
    views = []
    for pillar, title in PILLARS.items():
        rows = []
        for item in criteria_of(pillar):
            result = results.get(item.key)
            if result is None:
                result = {"status": NOT_YET, "evidence": "Not computed yet.", "action": ""}
            rows.append(
                CriterionRow(
                    item.key,
                    item.title,
                    item.description,
                    result["status"],
                    result["evidence"],
                    result.get("action", ""),
                    link_of(result),
                )
            )
        views.append(
            PillarView(
                pillar,
                title,
                pillars_status.get(pillar, NOT_YET),
                rows,
                [s.pillars.get(pillar, NOT_YET) for s in past],
            )
        )
    return Scorecard(partnership, snapshot, pending, views, [s.computed_at for s in past])


def criteria_list() -> list:
    import_criteria()
    return ordered_criteria()
