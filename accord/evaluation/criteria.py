"""The health scorecard's criteria registry: what each criterion reads, and how a pillar's status
follows from its criteria.

A criterion is computed from a partnership's own records, never from what anyone says about it:
each gives a `Result` with its status, the evidence (figures and names) and the next action that
would improve it, with the page where that is done. The criteria live in `criteria_<pillar>.py`
and register here with `@criterion(...)`; the "How the scorecard is computed" page lists them
from this registry, so the explanation and the computation cannot drift apart.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.utils import timezone

logger = logging.getLogger("accord.evaluation")

GOOD, WATCH, ACT, NOT_YET = "good", "watch", "act", "not_yet"
STATUSES = (GOOD, WATCH, ACT, NOT_YET)
STATUS_LABELS = {GOOD: "Good", WATCH: "Watch", ACT: "Act", NOT_YET: "Not yet"}
# Worst first: the pillar's status is the worst of its criteria that can be computed.
SEVERITY = {ACT: 3, WATCH: 2, GOOD: 1}

PILLARS = {
    "alignment": "Alignment",
    "leadership": "Leadership",
    "relationships": "Relationships",
    "measurement": "Shared measurement",
}

AGGREGATION_RULE = (
    "A pillar is “Act” when any of its criteria is “Act”; otherwise “Watch” when any is “Watch”; "
    "otherwise “Good” when at least one is “Good”. Criteria that cannot be computed yet (“Not "
    "yet”: the records they read do not exist yet) do not count, and a pillar none of whose "
    "criteria can be computed is “Not yet”. No weights and no averages: one gap that needs action "
    "is enough to need action, and the criterion that says so is listed with it."
)


@dataclass(frozen=True)
class Result:
    """What one criterion found for one partnership."""

    status: str
    evidence: str
    action: str = ""
    url_name: str = ""  # the page where the next action is done, reversed with `args`
    args: tuple = ()

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "evidence": self.evidence,
            "action": self.action,
            "url_name": self.url_name,
            "args": list(self.args),
        }


@dataclass(frozen=True)
class Criterion:
    """One criterion of the scorecard: its key, pillar, title, how it is computed, its function."""

    key: str
    pillar: str
    title: str
    description: str
    compute: Callable[["Context"], Result]
    order: int = 0


CRITERIA: dict[str, Criterion] = {}


def criterion(key: str, pillar: str, title: str, description: str, order: int = 0):
    """Register the decorated function `(context) -> Result` as a criterion."""
    if pillar not in PILLARS:
        raise ValueError(f"Unknown pillar {pillar!r}")

    def register(function):
        CRITERIA[key] = Criterion(key, pillar, title, description, function, order)
        return function

    return register


def criteria_of(pillar: str) -> list[Criterion]:
    return sorted(
        (c for c in CRITERIA.values() if c.pillar == pillar), key=lambda c: (c.order, c.key)
    )


def ordered_criteria() -> list[Criterion]:
    return [c for pillar in PILLARS for c in criteria_of(pillar)]


def pillar_status(statuses) -> str:
    """The rule of AGGREGATION_RULE: the worst status among those that can be computed."""
    counted = [s for s in statuses if s in SEVERITY]
    if not counted:
        return NOT_YET
    return max(counted, key=SEVERITY.__getitem__)


@dataclass
class Context:
    """One partnership being scored. What its criteria read comes from `batch` (batch.py), loaded
    for a chunk of partnerships at once; a context made for one partnership alone gets a batch of
    one."""

    partnership: object
    now: datetime = field(default_factory=timezone.now)
    batch: object = None

    def __post_init__(self):
        if self.batch is None:
            from .batch import Batch

            self.batch = Batch([self.partnership], self.now)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def pk(self) -> int:
        return self.partnership.pk

    @property
    def figures(self):
        """The partnership's counts and settings as the batch loads them (batch.partnerships)."""
        return self.batch.figures(self.pk)

    def rows(self, name: str, default=()):
        """What the batch's load `name` found for this partnership."""
        return self.batch.of(name, self.pk, default)

    @property
    def memberships(self) -> list:
        """Current memberships with their organizations, by organization name."""
        return self.rows("memberships", [])

    @cached_property
    def members(self) -> dict:
        """Current member organizations by id."""
        return {m.organization_id: m.organization for m in self.memberships}


def compute_all(partnership, now: datetime | None = None) -> dict[str, dict]:
    """Every criterion's result for `partnership`, by key, as stored in a snapshot (a batch of
    one: the same queries as for many partnerships, each with one id)."""
    return compute_many([partnership], now)[partnership.pk]


def compute_many(partnerships, now: datetime | None = None) -> dict[int, dict[str, dict]]:
    """Every criterion's result for each of `partnerships` (their ids, or the partnerships: a
    chunk, every load of the batch reading them all at once), by partnership id; an id without
    a partnership is left out.

    A criterion that fails is logged and shown as not computed rather than stopping the others.
    """
    from .batch import Batch

    import_criteria()
    now = now or timezone.now()
    batch = Batch(partnerships, now)
    found = {}
    for pk in batch.partnerships:  # those that exist
        context = Context(batch.given.get(pk) or batch.partnerships[pk], now, batch)
        results = {}
        for item in ordered_criteria():
            try:
                result = item.compute(context)
            except Exception:
                logger.exception(
                    "Scorecard criterion %s failed for partnership %s", item.key, context.pk
                )
                result = Result(
                    NOT_YET, "This criterion could not be computed; the error is logged."
                )
            results[item.key] = result.as_dict()
        found[pk] = results
    return found


def pillars_of(results: dict[str, dict]) -> dict[str, str]:
    """Each pillar's status from stored results."""
    import_criteria()
    return {
        pillar: pillar_status(
            results[c.key]["status"] for c in criteria_of(pillar) if c.key in results
        )
        for pillar in PILLARS
    }


def import_criteria() -> None:
    """Load the modules that register criteria (idempotent)."""
    from . import (  # noqa: F401
        criteria_alignment,
        criteria_leadership,
        criteria_measurement,
        criteria_relationships,
    )


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def names(items, limit: int = 4) -> str:
    """ "A", "A and B", "A, B and C", "A, B, C, D and 2 more"."""
    items = list(items)
    if len(items) > limit:
        shown, rest = items[:limit], len(items) - limit
        return ", ".join(shown) + f" and {rest} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
