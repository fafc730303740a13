"""What a progress report says (M4), assembled in one place from the pillars.

Reports read the pillars; the pillars never import reports. `assemble(report)` reads, in a fixed
number of queries whatever the number of indicators, periods or organizations:

- per indicator of the period's measures set: the period's figure against its target, the figure
  to date, the trend, and (internal and public reports) the breakdown by the categories of its
  first dimension, or (a partner report) the organization's own figure beside the other members'
  together; a chart of each, drawn from its data table;
- the fulfilment of deliverables and commitments, and the resources pledged against delivered;
- the evaluation: the health scorecard's latest snapshot and the collaboration survey's factor
  scores.

Publishing an unsuppressed count is impossible by construction: a report's figures are `Cell`s,
and a Cell can be made only here, from a disclosure result (a `Protected` table's published
value, or a `percentage`, `ratio` or `mean` of published values), or from an amount that is not a
count (money, FTE, a target, a survey score; never a Python int). A `Table` refuses any other
number; `ReportContent` holds only Tables, Charts drawn from Tables, and the steward's text; the
renderers (render.py) accept only a ReportContent. Disclosure control is the same for every
audience, the steward's own reading included: a report is an output outside data entry.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Sum
from django.utils import timezone

from accord.core import disclosure
from accord.core.disclosure import Hidden, Protected

_SEAL = object()

COUNT = "count"  # a count after disclosure control (or Hidden)
DERIVED = "derived"  # a percentage, ratio or mean of published figures (or Hidden)
AMOUNT = "amount"  # not a count: money, FTE, hours, a target, a percentage an organization gave
SCORE = "score"  # a survey factor's score (hidden below the survey's minimum of respondents)
KINDS = (COUNT, DERIVED, AMOUNT, SCORE)
MARKER = disclosure.SUPPRESSED_TEXT


class Cell:
    """One figure of a report, as it may be published. Made only by `count_cells`, `derived`,
    `amount` and `score` below."""

    __slots__ = ("kind", "unit", "value")

    def __init__(self, value, kind: str, unit: str = "", *, seal=None):
        if seal is not _SEAL:
            raise TypeError(
                "A report's figure comes from disclosure control: make it with "
                "content.count_cells, derived, amount or score."
            )
        if kind not in KINDS:
            raise ValueError(kind)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "unit", unit)

    def __setattr__(self, name, value):
        raise AttributeError("A report's figure cannot change.")

    def __repr__(self) -> str:
        return f"Cell({self.text()!r}, {self.kind})"

    @property
    def hidden(self) -> bool:
        return isinstance(self.value, Hidden)

    def text(self) -> str:
        """As a page, PDF or CSV shows it: "suppressed", "—" for none, else the figure."""
        value = self.value
        if isinstance(value, Hidden):
            return MARKER
        if value is None:
            return "—"
        if self.kind == COUNT:
            return f"{value:,}"
        if isinstance(value, Fraction):
            value = float(value)
        if self.unit == "%":
            return f"{value:,.1f}%"
        if isinstance(value, float):
            text = f"{value:,.4f}".rstrip("0").rstrip(".")
        else:
            whole = value == value.to_integral_value()
            text = f"{value:,.0f}" if whole else f"{value:,.2f}"
        return f"{text} {self.unit}".strip()

    def plain(self):
        """For a spreadsheet cell or JSON: the number, or None when hidden or none."""
        value = self.value
        if value is None or isinstance(value, Hidden):
            return None
        if isinstance(value, Fraction | Decimal):
            return float(value)
        return value


def count_cells(protected: Protected) -> list[list[Cell]]:
    """Every published position of a protected table, totals included, as Cells."""
    if not isinstance(protected, Protected):
        raise TypeError("Counts enter a report only through disclosure.protect_table/list.")
    return [[Cell(v, COUNT, seal=_SEAL) for v in row] for row in protected.published()]


def derived(value, unit: str = "") -> Cell:
    """A figure derived by disclosure.percentage, ratio or mean (Hidden when a part is hidden)."""
    if value is not None and not isinstance(value, Hidden | Fraction | float):
        raise TypeError("A derived figure comes from disclosure.percentage, ratio or mean.")
    return Cell(value, DERIVED, unit, seal=_SEAL)


def amount(value: Decimal | None, unit: str = "") -> Cell:
    """An amount that is not a count of anyone (money, FTE, hours, a target). Never an int: a
    count must go through disclosure control."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, Decimal)):
        raise TypeError("An amount is a Decimal; a count goes through disclosure control.")
    return Cell(value, AMOUNT, unit, seal=_SEAL)


def score(value: Decimal | None, minimum: int) -> Cell:
    """A survey factor's score; None (too few respondents) is published as hidden."""
    if value is not None and not isinstance(value, Decimal):
        raise TypeError("A score is a Decimal.")
    return Cell(Hidden(minimum) if value is None else value, SCORE, seal=_SEAL)


@dataclass(frozen=True)
class Table:
    """A table of a report: a caption, column headers, and rows of a label (a row header) and
    cells, each a Cell or words (text that holds no figure of its own)."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple], ...]
    note: str = ""

    def __post_init__(self):
        for label, cells in self.rows:
            if not isinstance(label, str):
                raise TypeError("A row's label is text.")
            if len(cells) != len(self.columns) - 1:
                raise ValueError(
                    f"{self.key}: each row has a label and {len(self.columns) - 1} cells"
                )
            for value in cells:
                if not isinstance(value, Cell | str):
                    raise TypeError(
                        f"{self.key}: a report's table holds Cells and words, not "
                        f"{type(value).__name__}: counts go through disclosure control."
                    )

    @property
    def numeric(self) -> list[bool]:
        """For each column after the first: whether it holds figures (shown right-aligned)."""
        return [
            any(isinstance(cells[i], Cell) for _, cells in self.rows)
            for i in range(len(self.columns) - 1)
        ]

    @property
    def headers(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, [False, *self.numeric], strict=True))

    def display(self) -> list[tuple[str, list[dict]]]:
        """The rows for a template: each cell's text, and whether it is hidden or a number."""
        numeric = self.numeric
        return [
            (
                label,
                [
                    {
                        "text": c.text() if isinstance(c, Cell) else c,
                        "hidden": isinstance(c, Cell) and c.hidden,
                        "number": numeric[i],
                    }
                    for i, c in enumerate(cells)
                ],
            )
            for label, cells in self.rows
        ]

    @property
    def has_hidden(self) -> bool:
        return any(isinstance(c, Cell) and c.hidden for _, cells in self.rows for c in cells)


@dataclass(frozen=True)
class Chart:
    """A chart drawn from a Table's published cells: a column of labels against one of Cells."""

    title: str
    table: Table
    svg: str  # the SVG document
    description: str

    def __post_init__(self):
        if not isinstance(self.table, Table):
            raise TypeError("A chart is drawn from a report Table.")

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class Block:
    key: str
    heading: str
    intro: str
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self):
        for table in self.tables:
            if not isinstance(table, Table):
                raise TypeError("A report block holds Tables.")
        for chart in self.charts:
            if not isinstance(chart, Chart):
                raise TypeError("A report block holds Charts.")

    def chart_of(self, table: Table) -> Chart | None:
        return next((c for c in self.charts if c.table is table), None)

    @property
    def items(self) -> list[tuple[Table, Chart | None]]:
        return [(t, self.chart_of(t)) for t in self.tables]


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows; the only thing render.py renders."""

    title: str
    partnership: str
    period: str
    period_dates: str
    audience: str
    audience_label: str
    organization: str
    status: str
    published_at: object
    assembled_at: object
    k: int
    sections: tuple[tuple[str, str, str], ...]  # (key, heading, the steward's text)
    blocks: tuple[Block, ...]

    def __post_init__(self):
        for block in self.blocks:
            if not isinstance(block, Block):
                raise TypeError("A report holds Blocks.")

    @property
    def tables(self) -> list[Table]:
        return [t for b in self.blocks for t in b.tables]

    @property
    def suppression_note(self) -> str:
        return (
            f"Counts from 1 to {self.k - 1} are not shown, to protect the people counted, and "
            f"other figures are hidden where a small one could be worked out from them; each "
            f"shows “{MARKER}”. Percentages, ratios and means of a hidden figure are hidden too."
        )


# --- Charts -------------------------------------------------------------------------------------
WIDTH, HEIGHT = 480, 200
FONT = "DejaVu Sans, Arial, sans-serif"


# Part of every chart's cache key: change it when the drawing below changes.
CHART_DRAWING = "trend-1"


def _svg(drawn, build) -> str:
    """The SVG of a chart, cached under a hash of what it draws (`drawn`): `build()` makes its
    Vega-Lite definition only when the cache does not hold it (building it with altair costs
    about 10 ms a chart, converting it far more)."""
    from django.core.cache import cache

    from accord.measurement.charts import change_token

    key = change_token("report", CHART_DRAWING, drawn)
    found = cache.get(key)
    if found is None:
        import vl_convert

        found = vl_convert.vegalite_to_svg(build())
        cache.set(key, found, 24 * 3600)
    return found


def trend_chart(table: Table, title: str, unit: str) -> Chart | None:
    """The figure of each period (the table's last Cell column before the target) and its
    target, drawn from the table's published cells; hidden figures are left out (a gap)."""
    figure_at = table.columns.index("Period total") - 1
    target_at = table.columns.index("Target") - 1 if "Target" in table.columns else None
    points = []
    for label, cells in table.rows:
        if label == "To date":
            continue
        figure = cells[figure_at]
        if isinstance(figure, Cell) and figure.plain() is not None:
            points.append({"period": label, "series": "Figure", "value": figure.plain()})
        if target_at is not None:
            target = cells[target_at]
            if isinstance(target, Cell) and target.plain() is not None:
                points.append({"period": label, "series": "Target", "value": target.plain()})
    if not points:
        return None
    order = [label for label, _ in table.rows if label != "To date"]
    shown = sum(1 for p in points if p["series"] == "Figure")
    description = (
        f"{title}: the figure of {shown} period{'s' if shown != 1 else ''} and the targets; "
        f"the same figures are in the table “{table.caption}”."
    )
    svg = _svg([points, order, unit], lambda: _trend_spec(points, order, unit))
    return Chart(title, table, svg, description)


def _trend_spec(points: list[dict], order: list[str], unit: str) -> dict:
    import altair as alt

    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=["Figure", "Target"], range=["#0b5ed7", "#b35c00"]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=points)).encode(
        x=alt.X("period:O", sort=order, title="Period", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=color,
    )
    chart = alt.layer(
        base.transform_filter(alt.datum.series == "Figure").mark_line(
            point=alt.OverlayMarkDef(size=60, filled=True), strokeWidth=2.5
        ),
        base.transform_filter(alt.datum.series == "Target").mark_point(
            shape="diamond", size=90, filled=True
        ),
    ).properties(width=WIDTH, height=HEIGHT)
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)


# --- Reading the pillars ------------------------------------------------------------------------
def _int(value) -> int:
    """A count read from the database as an int (counts are whole; a stray fraction is floored,
    and a negative sum counts as 0)."""
    return max(0, int(value or 0))


def _relevant_periods(report, periods, version_ids):
    """The partnership's periods of these versions up to and including the report's, in order."""
    found = [p for p in periods if p.measures_version_id in version_ids]
    return [p for p in found if (p.starts_on, p.pk) <= (report.period.starts_on, report.period.pk)]


def _category_totals(indicator_ids, period_ids) -> dict:
    """(indicator, period, category label of the first dimension) → SUM of approved cells."""
    from accord.measurement.models import DataValue, Submission

    rows = (
        DataValue.objects.filter(
            indicator_id__in=list(indicator_ids),
            category_a__isnull=False,
            category_b__isnull=True,
            submission__status=Submission.Status.APPROVED,
            submission__period_id__in=list(period_ids),
        )
        .values("indicator__lineage", "submission__period_id", "category_a__label")
        .annotate(total=Sum("value"), reporters=Count("submission__organization_id", distinct=True))
        .order_by()
    )
    return {
        (r["indicator__lineage"], r["submission__period_id"], r["category_a__label"]): (
            r["total"],
            r["reporters"],
        )
        for r in rows
    }


def _organization_totals(indicator_ids, period_ids, organization_id) -> dict:
    """(lineage, period) → the organization's approved total cell (its own figure)."""
    from accord.measurement.models import DataValue, Submission

    rows = (
        DataValue.objects.filter(
            indicator_id__in=list(indicator_ids),
            category_a__isnull=True,
            category_b__isnull=True,
            submission__status=Submission.Status.APPROVED,
            submission__period_id__in=list(period_ids),
            submission__organization_id=organization_id,
        )
        .values("indicator__lineage", "submission__period_id")
        .annotate(total=Sum("value"), num=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    )
    return {(r["indicator__lineage"], r["submission__period_id"]): r for r in rows}


# --- Indicators ---------------------------------------------------------------------------------
@dataclass
class _IndicatorParts:
    progress_row: tuple[str, tuple]
    table: Table | None = None
    chart_unit: str = ""
    notes: list[str] = field(default_factory=list)


def _progress_words(figure: Cell, target, indicator, kind) -> str:
    """Progress against the target, worded from the published figure only."""
    from accord.measurement import analysis

    value = figure.plain()
    if figure.hidden:
        return "Not shown: the figure is suppressed."
    if value is None:
        return "No complete figure for this period."
    number = Decimal(str(value))
    found = analysis.progress(
        number,
        target,
        indicator.direction,
        low=indicator.range_low,
        high=indicator.range_high,
        kind=kind,
        unit=indicator.unit,
    )
    return found.words


def _count_indicator(
    report, indicator, rows, categories, cells, own, period_ids
) -> _IndicatorParts:
    """A count: periods by (categories, or the organization and the other members), with the
    period totals, the column totals and the total to date, protected as one table."""
    from accord.measurement import analysis

    complete = [r for r in rows if r.complete]
    notes = [
        f"{r.label}: no complete figure ({'; '.join(str(m) for m in r.missing) or 'incomplete'})."
        for r in rows
        if not r.complete
    ]
    partner = report.audience == report.Audience.PARTNER
    columns: list[str] = []
    grid: list[list[int]] = []
    if partner:
        columns = [report.organization.name, "Other members"]
        for row in complete:
            mine = own.get((indicator.lineage, period_ids[row.label]))
            mine = _int(mine["total"]) if mine else 0
            total = _int(row.figure)
            grid.append([min(mine, total), max(total - mine, 0)])
    elif categories:
        # The categories someone gave a figure for; a category left out in a period counts in
        # "Not broken down" there, so that every row still adds up to its period's total.
        given = {key[2] for key in cells if key[0] == indicator.lineage}
        labels = [c.label for c in categories if c.label in given]
        usable = bool(labels)
        for row in complete:
            line = []
            for label in labels:
                found = cells.get((indicator.lineage, period_ids[row.label], label))
                line.append(_int(found[0]) if found else 0)
            rest = _int(row.figure) - sum(line)
            if rest < 0:
                usable = False
                break
            grid.append([*line, rest])
        if usable:
            columns = [*labels, "Not broken down"]
            # A column that is 0 in every period says nothing: leave it out.
            if all(line[-1] == 0 for line in grid):
                columns = columns[:-1]
                grid = [line[:-1] for line in grid]
        else:
            if labels:
                notes.append("The breakdown by category is not shown: it does not add up.")
            grid = []
    if not grid:
        columns = []
        grid = [[_int(r.figure)] for r in complete]
    protected = (
        # A zero in a category reveals that a group has no members there: it is sensitive too.
        disclosure.protect_table(
            grid, row_totals=bool(columns), column_totals=True, zeros=bool(columns) and not partner
        )
        if complete
        else None
    )
    unit = indicator.unit or "Count"
    headers = ("Period", *columns, "Period total", "Target")
    table_rows = []
    figure = count_cells(protected) if protected else []
    for position, row in enumerate(complete):
        line = figure[position]
        target = amount(row.target, indicator.unit)
        table_rows.append((row.label, (*line[: len(columns)], line[-1], target)))
    period_figure = amount(None)
    to_date = amount(None)
    if protected:
        totals = figure[len(complete)]
        with_targets = [r.target for r in complete]
        target_to_date = (
            amount(sum(with_targets, Decimal(0)), indicator.unit)
            if all(t is not None for t in with_targets)
            else "—"
        )
        table_rows.append(("To date", (*totals[: len(columns)], totals[-1], target_to_date)))
        to_date = totals[-1]
        current = next((i for i, r in enumerate(complete) if r.label == report.period.label), None)
        if current is not None:
            period_figure = figure[current][-1]
    table = None
    by = f" by {_dimension_name(indicator)}" if columns and not partner else ""
    if table_rows:
        table = Table(
            f"indicator-{indicator.lineage}",
            f"{indicator.name}: each period{by}",
            headers,
            tuple(table_rows),
        )
    current_row = next((r for r in rows if r.label == report.period.label), None)
    target = current_row.target if current_row else None
    published = [
        (r.position, Decimal(str(c[-1].plain())))
        for r, c in zip(complete, figure, strict=False)
        if c[-1].plain() is not None
    ]
    found_trend = analysis.trend(published, indicator.direction)
    progress_row = (
        indicator.name,
        (
            period_figure,
            amount(target, indicator.unit),
            _progress_words(period_figure, target, indicator, indicator.type),
            to_date,
            f"{found_trend.arrow} {found_trend.words}" if found_trend else "Too few periods",
        ),
    )
    return _IndicatorParts(progress_row, table, unit, notes)


def _dimension_name(indicator) -> str:
    dims = list(indicator.dimensions.all())
    return dims[0].dimension.name.lower() if dims else "category"


def _ratio_indicator(report, indicator, rows, series, own, period_ids) -> _IndicatorParts:
    """A ratio: its numerators and denominators are counts, protected each as a column with its
    total; the ratio of each period and to date is derived from them (hidden with either)."""
    from accord.measurement import analysis

    complete = [r for r in rows if r.complete]
    partner = report.audience == report.Audience.PARTNER
    numerators = [_int(series.aggregates[r.position].numerator) for r in complete]
    denominators = [_int(series.aggregates[r.position].denominator) for r in complete]
    table_rows = []
    period_figure, to_date = derived(None), derived(None)
    if complete:
        nums = count_cells(disclosure.protect_list(numerators))
        dens = count_cells(disclosure.protect_list(denominators))
        for position, row in enumerate(complete):
            share = derived(disclosure.ratio(nums[position][0].value, dens[position][0].value))
            cells = (nums[position][0], dens[position][0], share, amount(row.target))
            table_rows.append((row.label, cells))
            if row.label == report.period.label:
                period_figure = share
        to_date = derived(disclosure.ratio(nums[-1][0].value, dens[-1][0].value))
        table_rows.append(("To date", (nums[-1][0], dens[-1][0], to_date, "—")))
    notes = []
    if partner:
        notes.append("A ratio is shown for the partnership as a whole.")
    headers = (
        "Period",
        (indicator.numerator or "Numerator")[:60],
        (indicator.denominator or "Denominator")[:60],
        "Period total",
        "Target",
    )
    table = (
        Table(
            f"indicator-{indicator.lineage}",
            f"{indicator.name}: each period",
            headers,
            tuple(table_rows),
        )
        if table_rows
        else None
    )
    current = next((r for r in rows if r.label == report.period.label), None)
    target = current.target if current else None
    published = [
        (r.position, Decimal(str(cells[2].plain())))
        for r, (_label, cells) in zip(complete, table_rows, strict=False)
        if isinstance(cells[2], Cell) and cells[2].plain() is not None
    ]
    found_trend = analysis.trend(published, indicator.direction)
    progress_row = (
        indicator.name,
        (
            period_figure,
            amount(target),
            _progress_words(period_figure, target, indicator, indicator.type),
            to_date,
            f"{found_trend.arrow} {found_trend.words}" if found_trend else "Too few periods",
        ),
    )
    return _IndicatorParts(progress_row, table, "Ratio", notes)


def _amount_indicator(report, indicator, rows) -> _IndicatorParts:
    """A percentage an organization gives, or an amount of money: not counts of anyone. The
    figure of a percentage is the mean of the organizations' own percentages."""
    from accord.measurement import analysis

    unit = "%" if indicator.type == indicator.Type.PERCENTAGE else indicator.unit
    complete = [r for r in rows if r.complete]
    table_rows = [(r.label, (amount(r.figure, unit), amount(r.target, unit))) for r in complete]
    current = next((r for r in rows if r.label == report.period.label), None)
    figure = amount(current.figure if current else None, unit)
    target = current.target if current else None
    found_trend = analysis.trend([(r.position, r.figure) for r in complete], indicator.direction)
    table = (
        Table(
            f"indicator-{indicator.lineage}",
            f"{indicator.name}: each period",
            ("Period", "Period total", "Target"),
            tuple(table_rows),
        )
        if table_rows
        else None
    )
    progress_row = (
        indicator.name,
        (
            figure,
            amount(target, unit),
            _progress_words(figure, target, indicator, indicator.type),
            "—",
            f"{found_trend.arrow} {found_trend.words}" if found_trend else "Too few periods",
        ),
    )
    return _IndicatorParts(progress_row, table, unit or indicator.get_type_display())


def indicator_blocks(report) -> list[Block]:
    from accord.measurement import analysis
    from accord.measurement import queries_analysis as q
    from accord.measurement.models import Indicator

    partnership = report.partnership
    version = report.period.measures_version
    lineages = list(version.indicators.order_by("position", "pk").values_list("lineage", flat=True))
    if not lineages:
        return [Block("indicators", "Progress against targets", "No indicators are agreed.")]
    indicators = q.lineage_indicators(partnership, lineages)
    periods = q.periods_of(partnership)
    version_ids = {i.version_id for i in indicators}
    periods = _relevant_periods(report, periods, version_ids)
    period_pks = [p.pk for p in periods]
    ids = [i.pk for i in indicators]
    expected = q.expected_organizations(partnership)
    totals = q.period_totals(ids, period_pks)
    reported = q.reporters(ids, period_pks)
    states = q.submission_states(period_pks)
    cells = _category_totals(ids, period_pks)
    own = (
        _organization_totals(ids, period_pks, report.organization_id)
        if report.organization_id
        else {}
    )
    period_ids = {p.label: p.pk for p in periods}
    by_lineage: dict = {}
    for indicator in indicators:
        by_lineage.setdefault(indicator.lineage, []).append(indicator)
    progress_rows, tables, charts, notes = [], [], [], []
    for lineage in lineages:
        found = analysis.series(by_lineage[lineage], periods, expected, totals, reported, states)
        current = next(
            (i for i in by_lineage[lineage] if i.version_id == version.pk), found.indicator
        )
        kind = current.type
        if kind == Indicator.Type.COUNT:
            dims = list(current.dimensions.all())
            categories = list(dims[0].categories.all()) if dims else []
            parts = _count_indicator(
                report, current, found.rows, categories, cells, own, period_ids
            )
        elif kind == Indicator.Type.RATIO:
            parts = _ratio_indicator(report, current, found.rows, found, own, period_ids)
        elif kind == Indicator.Type.QUALITATIVE:
            parts = _IndicatorParts(
                (
                    current.name,
                    ("—", "—", "Told in words: see the partnership's evidence.", "—", "—"),
                )
            )
        else:
            parts = _amount_indicator(report, current, found.rows)
        progress_rows.append(parts.progress_row)
        notes += [f"{current.name}: {n}" for n in parts.notes]
        if parts.table is not None:
            tables.append(parts.table)
            chart = trend_chart(parts.table, current.name, parts.chart_unit)
            if chart is not None:
                charts.append(chart)
    summary = Table(
        "progress",
        f"Each indicator in {report.period.label}: its figure, target and progress, and to date",
        ("Indicator", report.period.label, "Target", "Progress", "To date", "Trend"),
        tuple(progress_rows),
    )
    return [
        Block(
            "indicators",
            "Indicators against their targets",
            "Figures of approved data only. Each indicator's periods follow, with a chart drawn "
            "from the same table.",
            (summary,),
            notes=tuple(notes),
        ),
        Block(
            "trends",
            "Indicators over time",
            "Each period up to this one"
            + (
                ", with the breakdown by category where the indicator has one."
                if report.audience != report.Audience.PARTNER
                else f", with {report.organization.name}'s own figure beside the other members'."
            ),
            tuple(tables),
            tuple(charts),
        ),
    ]


# --- Commitments, deliverables, resources -------------------------------------------------------
def _group(report, rows, name_of):
    """For a partner report: the organization's own row and the other members together."""
    if report.audience != report.Audience.PARTNER:
        return [(name_of(r), [r]) for r in rows]
    own = [r for r in rows if _org_id(r) == report.organization_id]
    others = [r for r in rows if _org_id(r) != report.organization_id]
    return [(report.organization.name, own), ("Other members", others)]


def _org_id(row):
    organization = getattr(row, "organization", None)
    if organization is not None:
        return organization.pk
    return getattr(row, "organization_id", None)


def fulfilment_block(report) -> Block:
    from accord.measurement.queries_deliverables import fulfilment_of

    found = fulfilment_of(report.partnership)
    groups = _group(report, found.rows, lambda r: r.organization.name)
    grid = [
        [
            sum(r.deliverables_due for r in rows),
            sum(r.delivered_on_time for r in rows),
            sum(r.commitments_due for r in rows),
            sum(r.commitments_kept for r in rows),
        ]
        for _name, rows in groups
    ]
    if not grid:
        return Block("fulfilment", "Commitments and deliverables", "No member organizations.")
    protected = disclosure.protect_table(grid, row_totals=False, column_totals=True)
    figures = count_cells(protected)
    rows = []
    for (name, _), line in zip([*groups, ("All members", None)], figures, strict=True):
        on_time = derived(disclosure.percentage(line[1].value, line[0].value), "%")
        kept = derived(disclosure.percentage(line[3].value, line[2].value), "%")
        rows.append((name, (line[0], line[1], on_time, line[2], line[3], kept)))
    table = Table(
        "fulfilment",
        f"Deliverables and leaders' commitments due by {found.today:%-d %B %Y}, and fulfilled",
        (
            "Organization",
            "Deliverables due",
            "Delivered on time",
            "On time",
            "Commitments due",
            "Kept",
            "Kept share",
        ),
        tuple(rows),
    )
    return Block("fulfilment", "Commitments and deliverables", found.formula, (table,))


def resources_block(report) -> Block:
    from accord.measurement.queries_resources import summary_of

    summary = summary_of(report.partnership)
    used = summary.used
    if not used:
        return Block(
            "resources", "Resources pledged and delivered", "No resources are pledged yet."
        )
    groups = _group(report, summary.rows, lambda r: r.name)
    rows = []
    for name, members in [*groups, ("All members", summary.rows)]:
        for measure in used:
            pledged = sum((r.figures[measure.key].pledged for r in members), Decimal(0))
            delivered = sum((r.figures[measure.key].delivered for r in members), Decimal(0))
            if not pledged and not delivered:
                continue
            percent = (delivered * 100 / pledged).quantize(Decimal("0.1")) if pledged > 0 else None
            unit = summary.unit(measure)
            rows.append(
                (
                    f"{name}: {measure.label}",
                    (amount(pledged, unit), amount(delivered, unit), amount(percent, "%")),
                )
            )
    columns = ("Organization and resource", "Pledged", "Delivered", "Delivered (%)")
    table = Table(
        "resources",
        "Resources pledged and delivered, by organization and kind",
        columns,
        tuple(rows),
        note="Amounts of money, time and in-kind support, not counts of people.",
    )
    return Block(
        "resources",
        "Resources pledged and delivered",
        "What each member pledged to the partnership and what it has delivered so far.",
        (table,),
    )


# --- Evaluation ---------------------------------------------------------------------------------
def evaluation_block(report) -> Block:
    from accord.evaluation.queries import scorecard_of
    from accord.surveys.queries import latest_factor_scores, min_respondents

    card = scorecard_of(report.partnership, history=0)
    pillars = Table(
        "scorecard",
        "The health scorecard by pillar"
        + (
            f" (computed {timezone.localtime(card.computed_at):%-d %B %Y})"
            if card.computed_at
            else ""
        ),
        ("Pillar", "Status"),
        tuple((p.title, (p.label,)) for p in card.pillars),
    )
    tables = [pillars]
    if report.audience != report.Audience.PUBLIC:
        criteria = tuple(
            (f"{p.title}: {c.title}", (c.label,)) for p in card.pillars for c in p.criteria
        )
        tables.append(
            Table("criteria", "Each criterion of the scorecard", ("Criterion", "Status"), criteria)
        )
    minimum = min_respondents()
    factors = latest_factor_scores(report.partnership)
    if factors:
        tables.append(
            Table(
                "survey",
                "Collaboration survey: each factor's score (1 to 5) in the latest wave",
                ("Factor", "Score", "Reads as"),
                tuple(
                    (factor.name, (score(value, minimum), status.title()))
                    for factor, value, status in factors
                ),
                note=f"A factor's score is shown only with at least {minimum} respondents.",
            )
        )
    intro = (
        "The scorecard is computed from the partnership's own records; the survey scores are the "
        "mean of each factor's items over its respondents (4.0 and above a strength, 3.0 to 3.9 "
        "borderline, under 3.0 a concern)."
    )
    if not factors:
        intro += " No collaboration survey has results to show yet."
    return Block("evaluation", "Evaluation", intro, tuple(tables))


# --- The whole report ---------------------------------------------------------------------------
def assemble(report) -> ReportContent:
    """The report's content now, every figure through disclosure control."""
    period = report.period
    blocks = [
        *indicator_blocks(report),
        fulfilment_block(report),
        resources_block(report),
        evaluation_block(report),
    ]
    return ReportContent(
        title=report.title,
        partnership=report.partnership.title,
        period=period.label,
        period_dates=f"{period.starts_on:%-d %B %Y} to {period.ends_on:%-d %B %Y}",
        audience=report.audience,
        audience_label=report.get_audience_display(),
        organization=report.organization.name if report.organization_id else "",
        status=report.get_status_display(),
        published_at=report.published_at,
        assembled_at=timezone.now(),
        k=disclosure.threshold(),
        sections=tuple(report.sections()),
        blocks=tuple(blocks),
    )


def unapproved(period) -> list[str]:
    """Who has not had the period's data approved: the names of the current member
    organizations without an approved submission, with where each stands."""
    from accord.measurement import queries_analysis as q
    from accord.measurement.analysis import STATE_WORDS
    from accord.measurement.models import Submission

    expected = q.expected_organizations(period.partnership)
    states = dict(Submission.objects.filter(period=period).values_list("organization_id", "status"))
    return [
        f"{name} ({STATE_WORDS.get(states.get(org_id))})"
        for org_id, name in sorted(expected.items(), key=lambda item: item[1])
        if states.get(org_id) != Submission.Status.APPROVED
    ]


__all__ = [
    "AMOUNT",
    "COUNT",
    "DERIVED",
    "SCORE",
    "Block",
    "Cell",
    "Chart",
    "ReportContent",
    "Table",
    "amount",
    "assemble",
    "count_cells",
    "derived",
    "score",
    "unapproved",
]
