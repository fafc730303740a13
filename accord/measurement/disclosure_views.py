"""The measurement analysis as one reader may see it: disclosure control (issue 15, item 1) applied
in one place, so that the analysis pages, the charts and their tables, and later reports and
exports call the same thing (docs/decisions.md, "Disclosure control", "Where it applies").

Who sees every figure is the policy's to say, never a view's: figures across organizations (a
period's sum of every organization's total, a breakdown by category) are shown unsuppressed to
whoever may `disclosure.unsuppressed` on the partnership (a steward); one organization's own
values to whoever may `measurement.values.unsuppressed` on its submission (its people who add
records, or a steward). Everyone else gets the protected view:

- Only indicators of type count are counts of people or things; currency, percentage, ratio and
  qualitative figures are not protected (a percentage entered as such has no count under it).
- A period's figure is a count on its own: hidden when it is from 1 to k-1 (`protect_count`).
  Progress against the target, the trend and the forecast are figures derived from the period
  figures, so a hidden figure hides its progress (and whether the target was met: that bounds
  it), the trend and forecast whose window holds it, and the figure "to date".
- A breakdown of a count by the categories of a dimension is a column of counts with its total
  (the period's total, the part that no category holds as a line of its own): `protect_list`, with
  zeros hidden too, since a 0 there says that a group has no members. Ratios to the best-off
  group are hidden with their figure, and the best-off group is chosen among the published ones.
  When the total line itself would be hidden to protect a cell while the period's figure is
  published elsewhere, every category is hidden instead: the total stays what it is on every page.
- The values of one submission, through the API: per count indicator, the cells by category
  with the organization's total, as a list with its total (one dimension) or a table with row and
  column totals (two), `protect_table`; a hidden value is null with `suppressed: true`.
"""

from __future__ import annotations

from decimal import Decimal

from accord.core.access import can
from accord.core.disclosure import (
    COMPLEMENTARY,
    Hidden,
    protect_count,
    protect_list,
    protect_table,
    threshold,
)

from . import analysis
from .analysis import Breakdown, IndicatorAnalysis, Progress, Series, gaps
from .models import Indicator

ACROSS = "disclosure.unsuppressed"  # on a partnership
OWN = "measurement.values.unsuppressed"  # on a submission
REVIEW = "measurement.values.review"  # on a submission: reviewing is data entry
COUNT = Indicator.Type.COUNT
HIDDEN_WORDS = "Not shown, to protect the people counted."


def sees_every_figure(user, partnership) -> bool:
    """Does `user` see the figures across organizations unsuppressed (the policy's word)?"""
    return can(user, ACROSS, partnership)


def sees_own_values(user, submission) -> bool:
    """Does `user` see this submission's values unsuppressed (the policy's word)?"""
    return can(user, OWN, submission)


def sees_submission_values(user, submission) -> bool:
    """Does `user` read this submission's values as entered? Its own organization and the
    steward (`measurement.values.unsuppressed`), and whoever reviews them
    (`measurement.values.review`): entering and reviewing values is data entry, which disclosure
    control leaves alone. Everyone else reads the grid and the API protected."""
    return can(user, OWN, submission) or can(user, REVIEW, submission)


def _count(value: Decimal) -> int:
    return int(value.to_integral_value())


def _hidden_progress(k: int, target) -> Progress:
    return Progress(Hidden(k, COMPLEMENTARY), target, None, None, None, HIDDEN_WORDS)


# --- A series of period figures -----------------------------------------------------------------
def _series_hidden(series: Series, k: int) -> set[int]:
    """The positions of the period figures to hide."""
    if series.indicator.type != COUNT:
        return set()
    return {
        row.position
        for row in series.rows
        if row.figure is not None and isinstance(protect_count(_count(row.figure), k=k), Hidden)
    }


def _window_hidden(series: Series, hidden: set[int]) -> bool:
    """Does the trend's and forecast's window (the last complete periods) hold a hidden one?"""
    complete = [row.position for row in series.rows if row.complete]
    return bool(hidden & set(complete[-series.window :]))


def protect_series(series: Series, k: int | None = None) -> int:
    """Hide in place the period figures a reader without `disclosure.unsuppressed` may not see,
    with what is derived from them; the number of figures hidden."""
    k = threshold() if k is None else k
    hidden = _series_hidden(series, k)
    for row in series.rows:
        if row.position in hidden:
            row.figure = Hidden(k)
            row.progress = _hidden_progress(k, row.target)
    if hidden and _window_hidden(series, hidden):
        series.trend = None
        series.forecast = None
        series.forecast_labels = []
    return len(hidden)


# --- A breakdown --------------------------------------------------------------------------------
def _breakdown_published(breakdown: Breakdown, k: int):
    """(the category figures, the rest, the total) as published. The complete categories and
    what is left of the total line (the rest, which holds any incomplete category too) form a
    list with its total, protected as one, whether or not the total is shown on the page (the
    categories' sum is, through the other breakdown): an attacker is assumed to know more, never
    less."""
    figures = [row.figure for row in breakdown.rows]
    complete = [i for i, f in enumerate(figures) if f is not None]
    counts = [_count(figures[i]) for i in complete]
    if breakdown.rest is not None:
        counts.append(_count(breakdown.rest))
    if not counts:
        return figures, None, breakdown.total
    table = protect_list(counts, total=True, k=k, zeros=True)
    cells = [table.cell(i, 0) for i in range(len(counts))]
    whole = table.column_total(0)
    if isinstance(whole, Hidden) and not isinstance(protect_count(sum(counts), k=k), Hidden):
        # The period's figure may show this total elsewhere: hide the categories, not the total.
        cells = [Hidden(k, COMPLEMENTARY) for _ in counts]
        whole = sum(counts)
    rest = cells.pop() if breakdown.rest is not None else None
    published = [None] * len(figures)
    for i, cell in zip(complete, cells, strict=True):
        published[i] = cell
    shown_whole = None if breakdown.total is None else whole
    return published, rest, shown_whole


def _breakdown_hidden(breakdown: Breakdown, k: int) -> int:
    figures, rest, whole = _breakdown_published(breakdown, k)
    return sum(isinstance(f, Hidden) for f in [*figures, rest, whole])


def protect_breakdown(breakdown: Breakdown, indicator: Indicator, k: int) -> int:
    """Hide in place what a reader without `disclosure.unsuppressed` may not see of a breakdown
    of a count; the number of figures hidden."""
    figures, rest, whole = _breakdown_published(breakdown, k)
    rows = [
        (row.label, row.kind, figure if isinstance(figure, Hidden) else row.figure, row.missing)
        for row, figure in zip(breakdown.rows, figures, strict=True)
    ]
    breakdown.rows = gaps(rows, indicator.direction, indicator.range_low, indicator.range_high)
    if breakdown.total is not None:
        if isinstance(rest, Hidden):
            breakdown.rest = rest
        if isinstance(whole, Hidden):
            breakdown.total = whole
    return sum(isinstance(f, Hidden) for f in [*figures, rest, whole])


# --- The pages' analyses ------------------------------------------------------------------------
def _hidden_in_analysis(found: IndicatorAnalysis, k: int) -> int:
    """How many figures the protected view would hide (without hiding them)."""
    if found.indicator.type != COUNT:
        return 0
    series = Series(found.indicator, found.periods, {}, None, None, [], found.window)
    count = len(_series_hidden(series, k))
    return count + sum(_breakdown_hidden(b, k) for b in found.breakdowns)


def protect_analysis(found: IndicatorAnalysis, k: int | None = None) -> int:
    """Hide in place what a reader without `disclosure.unsuppressed` may not see of an
    indicator's analysis (its periods, progress to date, trend, forecast and breakdowns)."""
    k = threshold() if k is None else k
    if found.indicator.type != COUNT:
        return 0
    series = Series(
        found.indicator,
        found.periods,
        {},
        found.trend,
        found.forecast,
        found.forecast_labels,
        found.window,
    )
    count = protect_series(series, k)
    found.trend_suppressed = found.trend is not None and series.trend is None
    found.trend, found.forecast, found.forecast_labels = (
        series.trend,
        series.forecast,
        series.forecast_labels,
    )
    if count:
        found.latest = series.latest
        if found.to_date is not None:
            found.to_date = _hidden_progress(k, found.to_date.target)
        met = [r for r in found.periods if r.progress and r.progress.met is not None]
        found.targets_met = (sum(1 for r in met if r.progress.met), len(met))
    for breakdown in found.breakdowns:
        count += protect_breakdown(breakdown, found.indicator, k)
    return count


def analysis_for(user, partnership, lineage) -> IndicatorAnalysis | None:
    """An indicator's analysis as `user` may see it (None: no such indicator). The one entry
    point of the indicator page, its charts and any later report of it."""
    found = analysis.analyse(partnership, lineage)
    if found is None:
        return None
    k = threshold()
    if sees_every_figure(user, partnership):
        found.unsuppressed = True
        found.suppressed = _hidden_in_analysis(found, k)
    else:
        found.suppressed = protect_analysis(found, k)
    return found


class Overview(list):
    """The overview's rows, with how many figures are suppressed (for this reader, or, for one
    who sees every figure, for the others)."""

    suppressed: int = 0
    unsuppressed: bool = False


def overview_for(user, partnership, version) -> Overview:
    """Every indicator of `version` with its series, as `user` may see them (the overview page,
    and any later report of the partnership's figures)."""
    rows = Overview(analysis.overview(partnership, version))
    k = threshold()
    rows.unsuppressed = sees_every_figure(user, partnership)
    for row in rows:
        if rows.unsuppressed:
            rows.suppressed += len(_series_hidden(row.series, k))
        else:
            rows.suppressed += protect_series(row.series, k)
    return rows


# --- One submission's values (the API) ----------------------------------------------------------
def protect_values(values, k: int | None = None) -> dict[int, bool]:
    """value id -> hidden, for the values of one submission (DataValue rows with their indicator
    and categories) read by someone without `measurement.values.unsuppressed` on it. Every
    count indicator's cells form a list (one dimension: categories and the organization's total)
    or a table (two: categories by categories, the first dimension's cells as row totals, the
    total as the grand total); a line whose cells do not add up to its total gets the difference
    as a cell of its own, and an indicator whose cells add up to more than their total has every
    count hidden (no equation can be trusted)."""
    k = threshold() if k is None else k
    by_indicator: dict[int, list] = {}
    for value in values:
        if value.indicator.type == COUNT and value.value is not None:
            by_indicator.setdefault(value.indicator_id, []).append(value)
    hidden: dict[int, bool] = {}
    for cells in by_indicator.values():
        hidden.update(_protect_indicator(cells, k))
    return hidden


def _order(category):
    return (category.position, category.pk)


def _protect_indicator(cells, k: int) -> dict[int, bool]:
    total = next((c for c in cells if c.category_a_id is None), None)
    firsts = sorted(
        {c.category_a_id: c.category_a for c in cells if c.category_a_id}.values(), key=_order
    )
    seconds = sorted(
        {c.category_b_id: c.category_b for c in cells if c.category_b_id}.values(), key=_order
    )
    every = {c.pk: True for c in cells}
    if not firsts:  # no breakdown: the organization's total on its own
        return {total.pk: isinstance(protect_count(_count(total.value), k=k), Hidden)}
    if not seconds:
        ones = {c.category_a_id: c for c in cells if c.category_a_id is not None}
        counts = [_count(ones[a.pk].value) for a in firsts]
        whole = _count(total.value) if total is not None else sum(counts)
        if whole < sum(counts):
            return every
        if whole > sum(counts):
            counts.append(whole - sum(counts))
        table = protect_list(counts, total=True, k=k, zeros=True)
        found = {ones[a.pk].pk: isinstance(table.cell(i, 0), Hidden) for i, a in enumerate(firsts)}
        if total is not None:
            found[total.pk] = isinstance(table.column_total(0), Hidden)
        return found
    inner = {(c.category_a_id, c.category_b_id): c for c in cells if c.category_b_id is not None}
    margins = {c.category_a_id: c for c in cells if c.category_a_id and c.category_b_id is None}
    matrix = []
    rests = []
    for a in firsts:
        row = [_count(inner[(a.pk, b.pk)].value) if (a.pk, b.pk) in inner else 0 for b in seconds]
        given = margins.get(a.pk)
        rest = (_count(given.value) - sum(row)) if given is not None else 0
        if rest < 0:
            return every
        rests.append(rest)
        matrix.append(row)
    if any(rests):
        for row, rest in zip(matrix, rests, strict=True):
            row.append(rest)
    added = sum(sum(row) for row in matrix)
    whole = _count(total.value) if total is not None else added
    if whole < added:
        return every
    if whole > added:
        # What no category holds: a row of its own, in the column of the rows' differences.
        if not any(rests):
            for row in matrix:
                row.append(0)
        matrix.append([0] * (len(matrix[0]) - 1) + [whole - added])
    table = protect_table(matrix, k=k, zeros=True)
    columns = table.columns
    found = {}
    for i, a in enumerate(firsts):
        for j, b in enumerate(seconds):
            if (a.pk, b.pk) in inner:
                found[inner[(a.pk, b.pk)].pk] = isinstance(table.cell(i, j), Hidden)
        if a.pk in margins:
            found[margins[a.pk].pk] = isinstance(table.value(i, columns), Hidden)
    if total is not None:
        found[total.pk] = isinstance(table.total(), Hidden)
    return found


def without_counts(events, period) -> list:
    """A submission's events for someone without `measurement.values.unsuppressed` on it: the
    old and new values of count cells left out (a past value may be a small count, and a change
    of a total gives a category back), the other changes as they are."""
    counts = {
        str(pk)
        for pk in Indicator.objects.filter(
            version_id=period.measures_version_id, type=COUNT
        ).values_list("pk", flat=True)
    }
    for event in events:
        event.changes = [
            {**change, "old": None, "new": None}
            if str(change.get("cell", "")).split(":")[0] in counts
            else change
            for change in event.changes
        ]
    return events
