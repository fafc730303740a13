"""The measurement values as an export: one row per value entered, through disclosure control.

Who sees what (accord/core/policy.py):

- a steward ("disclosure.unsuppressed" on the partnership) sees every value as entered, in every
  state of review;
- the organization that entered a submission ("measurement.values.unsuppressed" on it) sees its
  own values as entered, in every state of review;
- everyone else with a role sees the values of approved submissions only (what the analysis
  pages add up), with every count through accord/core/disclosure.py.

Disclosure control works per indicator and period, on the table the analysis pages publish the
margins of: one row per organization whose data is approved, one column per category cell of the
indicator's breakdown (the finest cells: a category of the first dimension, or a pair of
categories when the indicator is crossed by two), each organization's entered total as its row
total, the categories' sums across organizations as the column totals. An entered total larger
than its categories' sum gets the difference as one more (unpublished) column, so that the sums
hold; a total smaller than its sum (data that does not add up) is published on its own through
`protect_count`. A first dimension's subtotal of a crossed indicator is published only when every
cell it adds up is published and they add up to it. Ratios and percentages publish their
numerator and denominator as counts (`protect_count`), and their value only when both are shown.
Amounts and texts are not counts and are shown.

A hidden figure is written "suppressed", never its number.

The people of an organization that entered one of the rows know that row exactly, and with it the
other rows' share of the margins (the "respondent" attack): for them, the other rows are published
as for everyone only when that knowledge pins down no hidden cell of another organization
(`known_to_owner`, checked with `determined`); otherwise every figure of the other rows is hidden.
What this does not cover: such an organization's people putting their own row beside the export of
someone else (a colleague who does not enter data sees the pattern everyone sees); protecting the
one table against every organization's knowledge at once would close that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from accord.core.access import can
from accord.core.disclosure import (
    COMPLEMENTARY,
    Hidden,
    Protected,
    determined,
    protect_count,
    protect_table,
    threshold,
)
from accord.measurement.models import Indicator
from accord.measurement.models_collection import DataValue, Submission

from .exports import DATE, NUMBER, Column

OWN = "measurement.values.unsuppressed"
ALL = "disclosure.unsuppressed"
APPROVED = Submission.Status.APPROVED
COUNTED = (Indicator.Type.COUNT,)
PARTS = (Indicator.Type.RATIO, Indicator.Type.PERCENTAGE)
REMAINDER = ("remainder", None)


@dataclass
class ValueRow:
    """One value as the export writes it: the record, and its figures after protection."""

    record: DataValue
    value: Any
    numerator: Any
    denominator: Any
    text: str


def _int_param(params, name: str) -> int | None:
    raw = (params.get(name) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def value_rows(user, partnership, params) -> list[ValueRow]:
    """The values `user` may see, filtered by `period`, `organization` and `indicator` (ids),
    with every figure as `user` may see it."""
    unsuppressed = can(user, ALL, partnership)
    submissions = Submission.objects.filter(period__partnership=partnership)
    own = (
        set() if unsuppressed else set(submissions.allowing(user, OWN).values_list("pk", flat=True))
    )
    values = DataValue.objects.visible_to(user).filter(submission__period__partnership=partnership)
    if period := _int_param(params, "period"):
        values = values.filter(submission__period_id=period)
    if indicator := _int_param(params, "indicator"):
        values = values.filter(indicator_id=indicator)
    if not unsuppressed:
        values = values.filter(Q(submission__status=APPROVED) | Q(submission__in=own))
    values = values.select_related(
        "submission__period",
        "submission__organization",
        "indicator",
        "category_a__version__dimension",
        "category_b__version__dimension",
    ).order_by(
        "submission__period__starts_on",
        "submission__period_id",
        "submission__organization__name",
        "indicator__position",
        "indicator_id",
        "category_a__position",
        "category_a_id",
        "category_b__position",
        "category_b_id",
        "pk",
    )
    records = list(values)
    if unsuppressed:
        figures = {}
    else:
        approved = [r for r in records if r.submission.status == APPROVED]
        figures = protect(approved, own)
    organization = _int_param(params, "organization")
    rows = []
    for record in records:
        if organization and record.submission.organization_id != organization:
            continue
        if unsuppressed or record.submission_id in own:
            shown = (record.value, record.numerator, record.denominator)
        else:
            shown = figures.get(record.pk, (record.value, record.numerator, record.denominator))
        rows.append(ValueRow(record, *shown, record.text))
    return rows


# --- disclosure control --------------------------------------------------------------------------
def _count(value: Decimal | None) -> int | None:
    """A value as a count, or None when it is none (missing, not whole, negative)."""
    if value is None or value != value.to_integral_value() or value < 0:
        return None
    return int(value)


def protect(records: list[DataValue], own: set[int] = frozenset()) -> dict[int, tuple]:
    """Each approved value's (value, numerator, denominator) as published: counts through
    disclosure control, each indicator and period's breakdown as one table."""
    k = threshold()
    figures: dict[int, tuple] = {}
    groups: dict[tuple[int, int], list[DataValue]] = defaultdict(list)
    for record in records:
        kind = record.indicator.type
        if kind in COUNTED:
            groups[(record.indicator_id, record.submission.period_id)].append(record)
        elif kind in PARTS:
            numerator, denominator = (
                _protect_one(record.numerator, k),
                _protect_one(record.denominator, k),
            )
            hidden = any(isinstance(f, Hidden) for f in (numerator, denominator))
            value = Hidden(k, COMPLEMENTARY) if hidden else record.value
            figures[record.pk] = (value, numerator, denominator)
    for group in groups.values():
        figures.update(_protect_breakdown(group, k, own))
    return figures


def _protect_one(value: Decimal | None, k: int):
    if value is None:
        return None
    count = _count(value)
    return Hidden(k) if count is None else protect_count(count, k=k)


@dataclass
class BreakdownTable:
    """One indicator in one period as disclosure control sees it: a row per submission, a column
    per finest category cell (and the remainder column, when a total exceeds its cells)."""

    submissions: list[int]
    leaves: list[tuple]
    cells: dict[int, dict]  # submission -> (category a, category b) -> value record
    totals: list[int | None]  # each submission's entered total
    crossed: bool
    protected: Protected


def breakdown_table(group: list[DataValue], k: int) -> BreakdownTable:
    """The table of one indicator in one period (every value a count), protected."""
    crossed = any(r.category_b_id is not None for r in group)
    by_submission: dict[int, dict] = defaultdict(dict)
    for record in group:
        by_submission[record.submission_id][(record.category_a_id, record.category_b_id)] = record
    submissions = sorted(by_submission)
    leaves = sorted(
        {
            key
            for cells in by_submission.values()
            for key in cells
            if key[0] is not None and (key[1] is not None or not crossed)
        }
    )
    grid, totals = [], []
    for submission in submissions:
        cells = by_submission[submission]
        row = [_count(cells[key].value) if key in cells else 0 for key in leaves]
        row = [value or 0 for value in row]
        total_record = cells.get((None, None))
        total = _count(total_record.value) if total_record else None
        remainder = total - sum(row) if total is not None and total >= sum(row) else 0
        grid.append([*row, remainder])
        totals.append(total)
    if not any(row[-1] for row in grid):
        grid = [row[:-1] for row in grid]
    if not grid or not grid[0]:
        grid = [[0] for _ in submissions]
    protected = protect_table(grid, row_totals=True, column_totals=True, k=k)
    return BreakdownTable(submissions, leaves, by_submission, totals, crossed, protected)


def known_to_owner(table: BreakdownTable, own: set[int]) -> Protected:
    """What the people of the organizations that entered the rows `own` can work with: the other
    rows, with the margins less their own rows, hidden where everyone's table is hidden."""
    protected = table.protected
    mine = [i for i, s in enumerate(table.submissions) if s in own]
    others = [i for i, s in enumerate(table.submissions) if s not in own]
    margins = [
        value - sum(protected.grid[i][j] for i in mine)
        for j, value in enumerate(protected.grid[protected.rows])
    ]
    grid = (*(tuple(protected.grid[i]) for i in others), tuple(margins))
    where = {i: n for n, i in enumerate(others)} | {protected.rows: len(others)}
    reasons = {(where[i], j): reason for (i, j), reason in protected.reasons.items() if i in where}
    return Protected(
        k=protected.k,
        zeros=protected.zeros,
        rows=len(others),
        columns=protected.columns,
        row_totals=True,
        column_totals=True,
        grand_total=True,
        grid=grid,
        reasons=reasons,
    )


def _protect_breakdown(group: list[DataValue], k: int, own=frozenset()) -> dict[int, tuple]:
    """One indicator in one period, every organization whose data is approved. For a reader of
    an organization that entered one of the rows (`own`), the other rows are published as for
    everyone only when knowing their own rows does not pin down a hidden cell of another;
    otherwise nothing of the other rows is."""
    if any(r.value is not None and _count(r.value) is None for r in group):
        # Not counts after all (a fraction, a negative number): nothing of it is published.
        return {r.pk: (Hidden(k), None, None) for r in group}
    table = breakdown_table(group, k)
    submissions, leaves, totals, crossed = (
        table.submissions,
        table.leaves,
        table.totals,
        table.crossed,
    )
    protected = table.protected
    grid = protected.grid
    by_submission = table.cells
    figures: dict[int, tuple] = {}
    for i, submission in enumerate(submissions):
        cells = by_submission[submission]
        for j, key in enumerate(leaves):
            if key in cells and cells[key].value is not None:
                figures[cells[key].pk] = (protected.cell(i, j), None, None)
        total_record = cells.get((None, None))
        if total_record is not None and total_record.value is not None:
            if totals[i] >= sum(grid[i][: len(leaves)]):
                figures[total_record.pk] = (protected.row_total(i), None, None)
            else:
                figures[total_record.pk] = (protect_count(totals[i], k=k), None, None)
        for key, record in cells.items():
            if key[0] is None or key[1] is not None or not crossed or record.value is None:
                continue
            mine = [leaf for leaf in leaves if leaf[0] == key[0] and leaf in cells]
            parts = [figures.get(cells[leaf].pk) for leaf in mine]
            shown = [p[0] for p in parts if p is not None]
            whole = (
                parts
                and len(shown) == len(parts)
                and not any(isinstance(p, Hidden) for p in shown)
                and sum(shown) == _count(record.value)
            )
            figures[record.pk] = (record.value if whole else Hidden(k, COMPLEMENTARY), None, None)
    mine = own & set(submissions)
    if mine and len(mine) < len(submissions) and determined(known_to_owner(table, mine)):
        for submission in submissions:
            if submission not in mine:
                for record in by_submission[submission].values():
                    figures[record.pk] = (Hidden(k, COMPLEMENTARY), None, None)
    return figures


# --- columns -------------------------------------------------------------------------------------
def _category_label(attribute: str):
    def value(row: ValueRow):
        category = getattr(row.record, attribute)
        if category is not None:
            return category.label
        if attribute == "category_a":
            return "Total"
        return ""

    return value


def _dimension(attribute: str):
    def value(row: ValueRow):
        category = getattr(row.record, attribute)
        return category.version.dimension.name if category is not None else ""

    return value


COLUMNS = [
    Column("Period", lambda r: r.record.submission.period.label, width=14),
    Column("Period starts", lambda r: r.record.submission.period.starts_on, DATE),
    Column("Period ends", lambda r: r.record.submission.period.ends_on, DATE),
    Column("Organization", lambda r: r.record.submission.organization.name),
    Column("Indicator", lambda r: r.record.indicator.name, width=40),
    Column("Type", lambda r: r.record.indicator.get_type_display(), width=12),
    Column("Unit", lambda r: r.record.indicator.unit, width=14),
    Column("Dimension", _dimension("category_a"), width=20),
    Column("Category", _category_label("category_a"), width=20),
    Column("Second dimension", _dimension("category_b"), width=20),
    Column("Second category", _category_label("category_b"), width=20),
    Column("Value", lambda r: r.value, NUMBER),
    Column("Numerator", lambda r: r.numerator, NUMBER),
    Column("Denominator", lambda r: r.denominator, NUMBER),
    Column("Text", lambda r: r.text, width=40),
    Column("State of review", lambda r: r.record.submission.get_status_display(), width=22),
]
