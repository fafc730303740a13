"""The portfolio: every partnership a person may see, with its health scorecard's status in each
pillar, its stage and scope, the resources pledged and delivered and its open next actions, with
the totals over them (issue 15, item 5).

Read in three queries however many partnerships there are: the partnerships the user may see (the
partnership list's own visibility queryset, `partnerships_for`) joined to their latest snapshot
(`ScorecardSnapshot.latest`, one per partnership) and their currency; the sum of their pledges;
the sum of what was delivered. The rows are then sorted in Python (a thousand tuples: well under a
millisecond, and the statuses sort by severity, which SQL would read out of JSON). The page, the
exports and the API all read `portfolio_for`, so they cannot disagree.

Resources are the amounts in money (financial pledges and in-kind valuations), in each
partnership's currency; personnel pledges (FTE, hours) stay on each partnership's resources page.
Totals add amounts of one currency only: one total per currency.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import FilteredRelation, Q, Sum

from accord.measurement.models_resources import Contribution, Pledge, default_currency
from accord.measurement.queries_resources import cents
from accord.partnerships.models import Partnership, Stage
from accord.partnerships.queries import partnerships_for

from .criteria import ACT, GOOD, NOT_YET, PILLARS, STATUS_LABELS, WATCH

PILLAR_KEYS = tuple(PILLARS)
STATUS_ORDER = (ACT, WATCH, GOOD, NOT_YET)  # how the totals list them: where to act first
# Sorting by a pillar: ascending goes from "not yet" to "act"; the page's first click on a pillar
# sorts descending, the partnerships that need action first.
SEVERITY = {NOT_YET: 0, GOOD: 1, WATCH: 2, ACT: 3}
STAGE_ORDER = {value: index for index, value in enumerate(Stage.values)}
SCOPE_ORDER = {value: index for index, value in enumerate(Partnership.Scope.values)}
STAGE_LABELS = dict(Stage.choices)
SCOPE_LABELS = dict(Partnership.Scope.choices)

# The columns a portfolio sorts by, and whether a first click sorts them descending.
SORTS = {
    "title": False,
    "stage": False,
    "scope": False,
    **dict.fromkeys(PILLAR_KEYS, True),
    "actions": True,
    "pledged": True,
    "delivered": True,
}
DEFAULT_SORT = "title"


@dataclass(slots=True)
class Row:
    """One partnership of the portfolio."""

    pk: int
    title: str
    stage: str
    scope: str
    statuses: tuple[str, ...]  # by pillar, in PILLARS' order
    open_actions: int | None  # None: no scorecard computed yet
    computed_at: datetime | None
    currency: str
    pledged: Decimal
    delivered: Decimal

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS.get(self.scope, self.scope)

    @property
    def pillars(self) -> dict[str, str]:
        return dict(zip(PILLAR_KEYS, self.statuses, strict=True))

    def scorecard_path(self) -> str:
        return f"/partnerships/{self.pk}/scorecard/"


@dataclass
class Money:
    """Pledged and delivered in one currency."""

    currency: str
    pledged: Decimal = Decimal("0.00")
    delivered: Decimal = Decimal("0.00")


@dataclass
class PillarTotal:
    key: str
    title: str
    counts: dict[str, int]  # status -> partnerships, every status present


@dataclass
class Totals:
    partnerships: int
    scored: int  # with a scorecard computed
    open_actions: int
    pillars: list[PillarTotal]
    money: list[Money]  # the default currency first, then by code


@dataclass
class Portfolio:
    rows: list[Row]
    totals: Totals
    sort: str  # a key of SORTS
    descending: bool
    stage: str = ""
    scope: str = ""
    currency: str = field(default_factory=default_currency)

    @property
    def order(self) -> str:
        """The sort as a query parameter: "-alignment" for descending."""
        return ("-" if self.descending else "") + self.sort


def parse_sort(value: str | None) -> tuple[str, bool]:
    """A `sort` parameter ("title", "-alignment") as (column, descending); unknown: the default."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.removeprefix("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def _sort_key(sort: str):
    if sort in PILLARS:
        index = PILLAR_KEYS.index(sort)
        return lambda row: SEVERITY.get(row.statuses[index], 0)
    return {
        "title": lambda row: row.title.casefold(),
        "stage": lambda row: STAGE_ORDER.get(row.stage, 99),
        "scope": lambda row: SCOPE_ORDER.get(row.scope, 99),
        # A partnership without a scorecard has no open action counted: below those with none.
        "actions": lambda row: -1 if row.open_actions is None else row.open_actions,
        "pledged": lambda row: row.pledged,
        "delivered": lambda row: row.delivered,
    }[sort]


def sort_rows(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    """Sorted by `sort`, ties by title then id, always ascending (stable two-pass sort)."""
    rows = sorted(rows, key=lambda row: (row.title.casefold(), row.pk))
    if sort != "title":
        rows.sort(key=_sort_key(sort), reverse=descending)
    elif descending:
        rows.reverse()
    return rows


def visible_partnerships(user, *, stage: str = "", scope: str = ""):
    """The partnerships `user` may see, as the partnership list filters them (not archived)."""
    return partnerships_for(user, stage=stage, scope=scope).order_by()


def _rows(user, stage: str, scope: str) -> list[Row]:
    partnerships = visible_partnerships(user, stage=stage, scope=scope)
    ids = partnerships.values("pk")
    found = (
        partnerships.annotate(
            snapshot=FilteredRelation(
                "scorecard_snapshots", condition=Q(scorecard_snapshots__latest=True)
            )
        )
        .values_list(
            "pk",
            "title",
            "stage",
            "scope",
            "snapshot__pillars",
            "snapshot__open_actions",
            "snapshot__computed_at",
            "resource_settings__currency",
        )
        .order_by()
    )
    in_money = Q(unit=Pledge.Unit.CURRENCY, archived_at__isnull=True)
    pledged = dict(
        Pledge.objects.filter(in_money, partnership__in=ids)
        .order_by()
        .values("partnership_id")
        .annotate(total=Sum("amount"))
        .values_list("partnership_id", "total")
    )
    delivered = dict(
        Contribution.objects.filter(
            pledge__partnership__in=ids,
            pledge__unit=Pledge.Unit.CURRENCY,
            pledge__archived_at__isnull=True,
        )
        .order_by()
        .values("pledge__partnership_id")
        .annotate(total=Sum("amount"))
        .values_list("pledge__partnership_id", "total")
    )
    currency = default_currency()
    rows = []
    for pk, title, stage_, scope_, pillars, actions, computed_at, own_currency in found:
        pillars = pillars or {}
        rows.append(
            Row(
                pk=pk,
                title=title,
                stage=stage_,
                scope=scope_,
                statuses=tuple(pillars.get(key, NOT_YET) for key in PILLAR_KEYS),
                open_actions=actions,
                computed_at=computed_at,
                currency=own_currency or currency,
                pledged=cents(pledged.get(pk)),
                delivered=cents(delivered.get(pk)),
            )
        )
    return rows


def totals_of(rows: list[Row]) -> Totals:
    counters = [Counter() for _ in PILLAR_KEYS]
    money: dict[str, Money] = {}
    open_actions = scored = 0
    for row in rows:
        for counter, status in zip(counters, row.statuses, strict=True):
            counter[status] += 1
        if row.open_actions is not None:
            scored += 1
            open_actions += row.open_actions
        if row.pledged or row.delivered:
            total = money.setdefault(row.currency, Money(row.currency))
            total.pledged += row.pledged
            total.delivered += row.delivered
    default = default_currency()
    if default not in money:
        money[default] = Money(default)
    return Totals(
        partnerships=len(rows),
        scored=scored,
        open_actions=open_actions,
        pillars=[
            PillarTotal(key, PILLARS[key], {status: counter[status] for status in STATUS_ORDER})
            for key, counter in zip(PILLAR_KEYS, counters, strict=True)
        ],
        money=sorted(money.values(), key=lambda m: (m.currency != default, m.currency)),
    )


def portfolio_for(user, *, stage: str = "", scope: str = "", sort: str | None = None) -> Portfolio:
    """The portfolio `user` sees, filtered by stage and scope, sorted by `sort` (three queries)."""
    key, descending = parse_sort(sort)
    rows = sort_rows(_rows(user, stage, scope), key, descending)
    return Portfolio(rows, totals_of(rows), key, descending, stage=stage, scope=scope)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
