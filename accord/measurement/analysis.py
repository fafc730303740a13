"""Analysis of the collected data (M3): per indicator, progress against target, the trend with its
baseline, a forecast if nothing changes, gaps between the categories of a dimension, what is
missing, and the story behind the curve.

Reads only. The figures come from aggregates the database computes (queries_analysis.py: one
row per indicator and period, or per period and category, never one per value); this module turns
those small results into figures, words and chart data. The rules, stated on the pages too:

- Only APPROVED submissions count.
- A period's figure: count and currency, the sum of the organizations' total cells; ratio, the
  sum of the numerators over the sum of the denominators; percentage, the mean of the
  organizations' values.
- A roll-up is given only when every organization expected to report did (the current member
  organizations, and any other that reported); otherwise it says who is missing, for which period,
  instead of summing what is there.
- The forecast is an ordinary least-squares line through the last N complete periods
  (`ACCORD_FORECAST_PERIODS`, 4 by default; at least 2 points), projected two periods ahead.
- The gap of a category is its figure over the best-off group's ("prefer not to say" and
  "unknown" are shown but are not groups): the highest where up is better, the lowest where down
  is better, the nearest to the middle of the range where a range is wanted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from accord.core.disclosure import COMPLEMENTARY, Hidden

from .collection import plain
from .models import DimensionCategory, Indicator

Type = Indicator.Type
Direction = Indicator.Direction
FOUR = Decimal("0.0001")
AHEAD = 2  # periods the forecast looks ahead
# A trend moving by less than this share of its mean per period reads as steady.
STEADY_SHARE = Fraction(1, 100)


def forecast_window() -> int:
    return max(2, int(getattr(settings, "ACCORD_FORECAST_PERIODS", 4)))


# --- Aggregates to figures ----------------------------------------------------------------------
@dataclass(frozen=True)
class Aggregate:
    """What the database summed for one cell (a total or a category) of one period."""

    total: Decimal | None = None  # SUM(value)
    count: int = 0  # COUNT(value): cells with a number
    numerator: Decimal | None = None  # SUM(numerator)
    denominator: Decimal | None = None  # SUM(denominator)
    reporters: int = 0  # organizations with this cell
    texts: int = 0  # cells with a text (qualitative)

    def __add__(self, other: Aggregate) -> Aggregate:
        def add(a, b):
            return b if a is None else a if b is None else a + b

        return Aggregate(
            add(self.total, other.total),
            self.count + other.count,
            add(self.numerator, other.numerator),
            add(self.denominator, other.denominator),
            self.reporters + other.reporters,
            self.texts + other.texts,
        )


def figure_of(kind: str, aggregate: Aggregate | None) -> Decimal | None:
    """The figure of an indicator of type `kind` from its aggregate (None: nothing to show)."""
    if aggregate is None:
        return None
    if kind in (Type.COUNT, Type.CURRENCY):
        return aggregate.total
    if kind == Type.RATIO:
        if not aggregate.denominator:
            return None
        return (aggregate.numerator / aggregate.denominator).quantize(FOUR)
    if kind == Type.PERCENTAGE:
        if not aggregate.count or aggregate.total is None:
            return None
        return (aggregate.total / aggregate.count).quantize(FOUR)
    return None


HOW_FIGURED = {
    Type.COUNT: "the sum of the organizations' totals",
    Type.CURRENCY: "the sum of the organizations' totals",
    Type.RATIO: "the sum of the organizations' numerators over the sum of their denominators",
    Type.PERCENTAGE: "the mean of the organizations' percentages",
    Type.QUALITATIVE: "the number of organizations that gave an account",
}


def shown(number: Decimal | None, kind: str = "", unit: str = "") -> str:
    """A figure as the page shows it: 1,250; 0.9412; 78.5%; 3,900 USD; — for none."""
    if number is None:
        return "—"
    if kind == Type.PERCENTAGE:
        return f"{plain(number.quantize(Decimal('0.1')))}%"
    if kind == Type.RATIO:
        return plain(number.quantize(FOUR))
    whole = number == number.to_integral_value()
    text = f"{number:,.0f}" if whole else f"{number:,.2f}"
    if kind == Type.CURRENCY and unit:
        return f"{text} {unit}"
    return text


# --- Progress -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """A figure against its target: met or not (None: cannot tell), the share of the way from the
    baseline to the target, and the difference."""

    figure: Decimal | None
    target: Decimal | None
    met: bool | None
    share: Decimal | None  # (figure - baseline) / (target - baseline)
    difference: Decimal | None  # figure - target
    words: str


def meets(figure: Decimal, target: Decimal | None, direction: str, low=None, high=None):
    """Whether `figure` meets what is wanted (None: nothing to compare with)."""
    if direction == Direction.RANGE:
        if low is None and high is None:
            return None
        return (low is None or figure >= low) and (high is None or figure <= high)
    if target is None:
        return None
    return figure >= target if direction == Direction.UP else figure <= target


def progress(
    figure: Decimal | None,
    target: Decimal | None,
    direction: str,
    *,
    baseline: Decimal | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    kind: str = "",
    unit: str = "",
) -> Progress:
    """Direction-aware progress of `figure` against `target` (and the range, where one is
    wanted)."""
    if figure is None:
        return Progress(None, target, None, None, None, "No complete figure yet.")
    met = meets(figure, target, direction, low, high)
    share = None
    if direction != Direction.RANGE and None not in (baseline, target) and target != baseline:
        share = ((figure - baseline) / (target - baseline)).quantize(FOUR)
    difference = None if target is None else figure - target
    if direction == Direction.RANGE:
        wanted = f"between {shown(low, kind, unit)} and {shown(high, kind, unit)}"
        if met is None:
            words = "No range is set to compare with."
        else:
            words = f"Within the range wanted ({wanted})." if met else f"Outside {wanted}."
    elif target is None:
        words = "No target for this period."
    else:
        gap = shown(abs(difference), kind, unit)
        if met:
            words = (
                "Target met."
                if difference == 0
                else f"Target met: {gap} {'over' if direction == Direction.UP else 'under'} it."
            )
        else:
            words = f"Short of the target by {gap}."
        if share is not None:
            words += f" {plain((share * 100).quantize(Decimal('1')))}% of the way from baseline."
    return Progress(figure, target, met, share, difference, words)


# --- Forecast and trend -------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    slope: Fraction
    intercept: Fraction

    def at(self, x) -> Fraction:
        return self.intercept + self.slope * x


def least_squares(points: list[tuple[int, Decimal]]) -> Line | None:
    """The ordinary least-squares line through (x, y) points, exactly (None: fewer than two
    distinct x)."""
    if len({x for x, _ in points}) < 2:
        return None
    xs = [Fraction(x) for x, _ in points]
    ys = [Fraction(y) for _, y in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return Line(slope, mean_y - slope * mean_x)


def bounds_of(kind: str) -> tuple[Decimal | None, Decimal | None]:
    """What a figure of this type can be: no count, amount or ratio below zero, no percentage
    outside 0 to 100."""
    if kind == Type.PERCENTAGE:
        return Decimal(0), Decimal(100)
    return Decimal(0), None


@dataclass(frozen=True)
class Forecast:
    """Where the figure goes if nothing changes: the fitted line's values `AHEAD` periods on."""

    used: int  # points the line was fitted to
    slope: Decimal
    points: list[tuple[int, Decimal]]  # (x, projected figure)


def forecast(
    points: list[tuple[int, Decimal]], *, window: int | None = None, ahead: int = AHEAD, kind=""
) -> Forecast | None:
    """A linear fit over the last `window` points, projected `ahead` periods after the last
    one (x is the period's position, so a period without a complete figure keeps its place);
    kept within what the type allows. None with fewer than two points."""
    window = window or forecast_window()
    used = sorted(points)[-window:]
    line = least_squares(used)
    if line is None:
        return None
    low, high = bounds_of(kind)
    last = used[-1][0]
    projected = []
    for step in range(1, ahead + 1):
        value = Decimal(line.at(last + step).numerator) / Decimal(line.at(last + step).denominator)
        if low is not None:
            value = max(value, low)
        if high is not None:
            value = min(value, high)
        projected.append((last + step, value.quantize(FOUR)))
    slope = Decimal(line.slope.numerator) / Decimal(line.slope.denominator)
    return Forecast(len(used), slope.quantize(FOUR), projected)


@dataclass(frozen=True)
class Trend:
    arrow: str  # ↑ ↓ → (text, read with `words`)
    words: str  # "rising, the better way"
    better: bool | None


def trend(points: list[tuple[int, Decimal]], direction: str, *, window: int | None = None):
    """The direction of the fitted line over the last `window` points, and whether that is the
    way the partners want it to go (None: fewer than two points)."""
    used = sorted(points)[-(window or forecast_window()) :]
    line = least_squares(used)
    if line is None:
        return None
    mean = abs(sum(Fraction(y) for _, y in used) / len(used))
    if line.slope == 0 or abs(line.slope) <= STEADY_SHARE * mean:
        return Trend("→", "steady", None)
    rising = line.slope > 0
    arrow, moving = ("↑", "rising") if rising else ("↓", "falling")
    if direction == Direction.RANGE:
        return Trend(arrow, moving, None)
    better = rising == (direction == Direction.UP)
    return Trend(arrow, f"{moving}, the {'better' if better else 'worse'} way", better)


# --- Gaps ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GapRow:
    label: str
    kind: str  # DimensionCategory.Kind
    figure: Decimal | Hidden | None  # Hidden: suppressed for this reader (disclosure_views.py)
    ratio: Decimal | Hidden | None  # figure / best-off group's figure
    best: bool
    missing: str  # why there is no figure ("" when there is one)

    @property
    def is_group(self) -> bool:
        return self.kind == DimensionCategory.Kind.CATEGORY

    @property
    def kind_label(self) -> str:
        return DimensionCategory.Kind(self.kind).label


def best_of(figures: list[Decimal], direction: str, low=None, high=None) -> Decimal | None:
    """The best-off figure: highest (up), lowest (down), nearest the middle of the range."""
    if not figures:
        return None
    if direction == Direction.UP:
        return max(figures)
    if direction == Direction.DOWN:
        return min(figures)
    if low is None or high is None:
        return None
    middle = (low + high) / 2
    return min(figures, key=lambda f: abs(f - middle))


def gaps(
    rows: list[tuple[str, str, Decimal | None, str]], direction: str, low=None, high=None
) -> list[GapRow]:
    """Each category's figure and its ratio to the best-off group's. `rows` are (label, kind,
    figure, why missing). A hidden figure (disclosure control) has a hidden ratio and is never
    the best-off: the best is chosen among the published figures only, so that no ratio gives a
    hidden figure back."""
    figures = [
        f
        for _, k, f, _ in rows
        if f is not None and not isinstance(f, Hidden) and k == DimensionCategory.Kind.CATEGORY
    ]
    best = best_of(figures, direction, low, high)
    found = []
    for label, kind, figure, missing in rows:
        ratio = None
        if isinstance(figure, Hidden):
            ratio = Hidden(figure.k, COMPLEMENTARY)
        elif figure is not None and best:
            ratio = (figure / best).quantize(Decimal("0.01"))
        is_best = best is not None and figure == best and kind == DimensionCategory.Kind.CATEGORY
        found.append(GapRow(label, kind, figure, ratio, is_best, missing))
    return found


# --- Missing data -------------------------------------------------------------------------------
STATE_WORDS = {
    None: "nothing submitted",
    "open": "being filled in",
    "submitted": "waiting for review",
    "returned": "returned with a comment",
    "approved": "approved without this figure",
}


@dataclass(frozen=True)
class Missing:
    organization: str
    period: str
    state: str | None

    def __str__(self) -> str:
        return f"missing from {self.organization} for {self.period} ({STATE_WORDS[self.state]})"


def missing_from(
    expected: dict[int, str], reported: set[int], period: str, states: dict[int, str]
) -> list[Missing]:
    """The organizations expected to report that did not (by name), with where each stands."""
    return [
        Missing(name, period, states.get(org_id))
        for org_id, name in sorted(expected.items(), key=lambda item: item[1])
        if org_id not in reported
    ]


# --- Periods ------------------------------------------------------------------------------------
LABEL = re.compile(r"^(?P<year>\d{4}) (?P<part>[QH])(?P<n>\d)$")


def next_labels(label: str, count: int) -> list[str]:
    """The names of the `count` periods after `label` ("2026 Q4" → "2027 Q1", …); "+1", "+2"
    past a label of another form."""
    found = LABEL.match(label or "")
    if not found:
        return [f"{label} +{step}" for step in range(1, count + 1)]
    year, part, n = int(found["year"]), found["part"], int(found["n"])
    size = 4 if part == "Q" else 2
    labels = []
    for _ in range(count):
        n += 1
        if n > size:
            year, n = year + 1, 1
        labels.append(f"{year} {part}{n}")
    return labels


# --- The indicator's analysis -------------------------------------------------------------------
@dataclass
class PeriodRow:
    label: str
    position: int
    figure: Decimal | None  # None when incomplete or nothing approved
    partial: Decimal | None  # what the organizations that reported add up to (never plotted)
    reported: int
    expected: int
    target: Decimal | None
    progress: Progress | None
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.figure is not None


@dataclass
class Breakdown:
    """A dimension's categories for one period, with their gaps. For a count, also the period's
    total (the sum of the organizations' totals) and what of it no category holds (`rest`, when
    the categories add up to less): the lines of the table that disclosure control protects."""

    dimension: str
    period: str
    rows: list[GapRow]
    chart: str = ""  # the rendered SVG as a data: URL
    total: Decimal | Hidden | None = None  # counts: the period's figure, or the categories' sum
    rest: Decimal | Hidden | None = None  # counts: total - the complete categories' sum, if > 0


@dataclass
class IndicatorAnalysis:
    indicator: Indicator  # the newest version's definition in the lineage
    periods: list[PeriodRow]
    latest: PeriodRow | None
    to_date: Progress | None
    targets_met: tuple[int, int]  # (met, with a target and a figure)
    trend: Trend | None
    forecast: Forecast | None
    forecast_labels: list[str]
    baseline_words: str
    breakdowns: list[Breakdown]
    missing: list[Missing]
    how: str
    chart: str = ""
    window: int = 4
    # Disclosure control (disclosure_views.py): how many figures this reader sees suppressed, or,
    # for a reader who sees every figure, how many the others see suppressed.
    suppressed: int = 0
    unsuppressed: bool = False
    trend_suppressed: bool = False  # the trend and forecast would let a hidden figure be worked out

    @property
    def forecast_rows(self) -> list[tuple[str, Decimal]]:
        if self.forecast is None:
            return []
        values = [value for _x, value in self.forecast.points]
        return list(zip(self.forecast_labels, values, strict=True))


def to_date(kind: str, rows: list[PeriodRow], aggregates: dict[int, Aggregate], indicator):
    """Progress to date over the complete periods: counts and amounts add up against the sum of
    their targets; a ratio pools every period's numerators and denominators, a percentage is the
    mean of the period figures, each against the latest target."""
    complete = [r for r in rows if r.complete]
    if not complete:
        return None
    latest_target = next((r.target for r in reversed(complete) if r.target is not None), None)
    if kind in (Type.COUNT, Type.CURRENCY):
        with_target = [r for r in complete if r.target is not None]
        if not with_target:
            return None
        figure = sum((r.figure for r in with_target), Decimal(0))
        target = sum((r.target for r in with_target), Decimal(0))
    elif kind == Type.RATIO:
        pooled = sum((aggregates[r.position] for r in complete), Aggregate())
        figure, target = figure_of(kind, pooled), latest_target
    elif kind == Type.PERCENTAGE:
        figure = (sum(r.figure for r in complete) / len(complete)).quantize(FOUR)
        target = latest_target
    else:
        return None
    return progress(
        figure,
        target,
        indicator.direction,
        low=indicator.range_low,
        high=indicator.range_high,
        kind=kind,
        unit=indicator.unit,
    )


# --- Assembling the pages' analyses from the aggregates ----------------------------------------
@dataclass
class Series:
    """One lineage's periods, from the aggregates: figures, targets, progress and what is
    missing, with the trend and forecast through the complete figures."""

    indicator: Indicator
    rows: list[PeriodRow]
    aggregates: dict[int, Aggregate]
    trend: Trend | None
    forecast: Forecast | None
    forecast_labels: list[str]
    window: int

    @property
    def latest(self) -> PeriodRow | None:
        """The latest period with a complete figure (None: none yet)."""
        return next((r for r in reversed(self.rows) if r.complete), None)

    @property
    def latest_reported(self) -> PeriodRow | None:
        """The latest period with any approved figure (for a qualitative indicator: accounts)."""
        return next((r for r in reversed(self.rows) if r.reported), None)

    @property
    def missing(self) -> list[Missing]:
        return [m for r in self.rows for m in r.missing]


def series(
    indicators: list[Indicator], periods, expected: dict[int, str], totals, reported, states
) -> Series:
    """The series of one lineage (`indicators`, oldest version first) over `periods`."""
    newest = indicators[-1]
    by_version = {i.version_id: i for i in indicators}
    newest_targets = {t.period: t.value for t in newest.targets.all()}
    kind = newest.type
    rows, aggregates = [], {}
    relevant = [p for p in periods if p.measures_version_id in by_version]
    for position, period in enumerate(relevant):
        indicator = by_version[period.measures_version_id]
        key = (indicator.pk, period.pk)
        aggregate = totals.get(key)
        reported_ids = reported.get(key, set())
        wanted = set(expected) | reported_ids
        missing = missing_from(expected, reported_ids, period.label, states.get(period.pk, {}))
        value = figure_of(kind, aggregate)
        complete = aggregate is not None and not missing and len(reported_ids) == len(wanted)
        targets = {t.period: t.value for t in indicator.targets.all()}
        target = targets.get(period.label, newest_targets.get(period.label))
        figure = value if complete else None
        if aggregate is not None:
            aggregates[position] = aggregate
        rows.append(
            PeriodRow(
                label=period.label,
                position=position,
                figure=figure,
                partial=None if complete else value,
                reported=len(reported_ids),
                expected=len(wanted),
                target=target,
                progress=None
                if figure is None
                else progress(
                    figure,
                    target,
                    newest.direction,
                    baseline=newest.baseline_value,
                    low=newest.range_low,
                    high=newest.range_high,
                    kind=kind,
                    unit=newest.unit,
                ),
                missing=missing,
            )
        )
    points = [(r.position, r.figure) for r in rows if r.complete]
    window = forecast_window()
    ahead = forecast(points, window=window, kind=kind) if kind != Type.QUALITATIVE else None
    labels = []
    if ahead is not None:
        later = next_labels(rows[-1].label, AHEAD + len(rows))
        labels = [rows[x].label if x < len(rows) else later[x - len(rows)] for x, _ in ahead.points]
    return Series(
        newest,
        rows,
        aggregates,
        trend(points, newest.direction, window=window) if kind != Type.QUALITATIVE else None,
        ahead,
        labels,
        window,
    )


def baseline_words(indicator: Indicator) -> str:
    if indicator.baseline_value is None:
        return "No baseline recorded."
    words = f"Baseline {shown(indicator.baseline_value, indicator.type, indicator.unit)}"
    if indicator.baseline_date:
        words += f" ({indicator.baseline_date:%-d %b %Y})"
    if indicator.baseline_description:
        words += f": {indicator.baseline_description}"
    return words


def breakdowns(
    found: Series, indicator: Indicator, period, expected: int, cells, total=None, whole=False
) -> list:
    """Each dimension's categories in `period` (a ReportingPeriod) with their gaps: a category's
    figure only when every organization expected gave it. `total`: the period's aggregate of the
    total cells, `whole`: whether it is the period's figure, every organization's total being
    in (for a count, the table's total line)."""
    kind = found.indicator.type
    dims = list(indicator.dimensions.all())[:2]
    if not dims or kind == Type.QUALITATIVE:
        return []
    categories = [list(d.categories.all()) for d in dims]
    result = []
    for position, dimension in enumerate(dims):
        rows = []
        for category in categories[position]:
            if position == 0:
                aggregate = cells.get((period.pk, category.pk, None))
                wanted = expected
            else:
                parts = [cells.get((period.pk, a.pk, category.pk)) for a in categories[0]]
                aggregate = sum((p for p in parts if p is not None), Aggregate())
                aggregate = aggregate if any(p is not None for p in parts) else None
                wanted = expected * len(categories[0])
            given = aggregate.reporters if aggregate else 0
            complete = aggregate is not None and given >= wanted
            missing = "" if complete else f"{given} of {wanted} cells given"
            figure = figure_of(kind, aggregate) if complete else None
            rows.append((category.label, category.kind, figure, missing))
        gap_rows = gaps(
            rows, found.indicator.direction, found.indicator.range_low, found.indicator.range_high
        )
        made = Breakdown(dimension.dimension.name, period.label, gap_rows)
        if kind == Type.COUNT:
            # The table's total line: the period's figure when it is complete (what no
            # category holds, a line of its own), else the categories' sum when they all are.
            added = sum((r.figure for r in gap_rows if r.figure is not None), Decimal(0))
            figure = figure_of(kind, total) if total is not None and whole else None
            if figure is not None:
                made.total = max(figure, added)
                made.rest = made.total - added if made.total > added else None
            elif all(r.figure is not None for r in gap_rows):
                made.total = added
        result.append(made)
    return result


def analyse(partnership, lineage) -> IndicatorAnalysis | None:
    """The analysis of one indicator lineage in `partnership` (None: no such indicator)."""
    from . import queries_analysis as q

    indicators = q.lineage_indicators(partnership, [lineage])
    if not indicators:
        return None
    periods = q.periods_of(partnership)
    period_ids = [p.pk for p in periods]
    ids = [i.pk for i in indicators]
    expected = q.expected_organizations(partnership)
    found = series(
        indicators,
        periods,
        expected,
        q.period_totals(ids, period_ids),
        q.reporters(ids, period_ids),
        q.submission_states(period_ids),
    )
    newest = found.indicator
    rows = found.rows
    with_target = [r for r in rows if r.complete and r.progress and r.progress.met is not None]
    # The breakdown is of the latest period with approved data.
    shown_row = next((r for r in reversed(rows) if r.reported), None)
    parts = []
    if shown_row is not None:
        relevant = [
            p for p in periods if p.measures_version_id in {i.version_id for i in indicators}
        ]
        period = relevant[shown_row.position]
        indicator = next(i for i in indicators if i.version_id == period.measures_version_id)
        cells = q.category_totals([indicator.pk], [period.pk])
        total = found.aggregates.get(shown_row.position)
        parts = breakdowns(
            found, indicator, period, shown_row.expected, cells, total, shown_row.complete
        )
    return IndicatorAnalysis(
        indicator=newest,
        periods=rows,
        latest=found.latest,
        to_date=to_date(newest.type, rows, found.aggregates, newest),
        targets_met=(sum(1 for r in with_target if r.progress.met), len(with_target)),
        trend=found.trend,
        forecast=found.forecast,
        forecast_labels=found.forecast_labels,
        baseline_words=baseline_words(newest),
        breakdowns=parts,
        missing=found.missing,
        how=HOW_FIGURED[newest.type],
        window=found.window,
    )


@dataclass
class OverviewRow:
    indicator: Indicator
    series: Series
    evidence: int


def overview(partnership, version) -> list[OverviewRow]:
    """Every indicator of `version` (the agreed measures set) with its series: a fixed number of
    queries, whatever the number of indicators, periods or values."""
    from . import queries_analysis as q

    lineages = list(version.indicators.order_by("position", "pk").values_list("lineage", flat=True))
    if not lineages:
        return []
    indicators = q.lineage_indicators(partnership, lineages)
    periods = q.periods_of(partnership)
    period_ids = [p.pk for p in periods]
    ids = [i.pk for i in indicators]
    expected = q.expected_organizations(partnership)
    totals = q.period_totals(ids, period_ids)
    reported = q.reporters(ids, period_ids)
    states = q.submission_states(period_ids)
    counts = q.evidence_counts(partnership, lineages)
    by_lineage: dict = {}
    for indicator in indicators:
        by_lineage.setdefault(indicator.lineage, []).append(indicator)
    rows = []
    for lineage in lineages:
        found = series(by_lineage[lineage], periods, expected, totals, reported, states)
        agreed = next(i for i in by_lineage[lineage] if i.version_id == version.pk)
        rows.append(OverviewRow(agreed, found, counts.get(lineage, 0)))
    return rows
