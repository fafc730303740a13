"""The analysis charts (M3): one altair definition per kind of chart, rendered to SVG on the
server with vl-convert; no JavaScript. Every chart sits beside a table of the same figures.

- `trend_spec`: the figures over the periods (solid line), the forecast if nothing changes
  (dashed), each period's target (diamonds) and the baseline (a dotted rule).
- `gaps_spec`: each category's figure in one period as a bar, the best-off group darker;
  "prefer not to say" and "unknown" in grey.

Rendering costs tens of milliseconds, so each SVG is cached under a key made from the chart's own
data (the small aggregate it draws): the key changes exactly when what it shows changes, and no
query is needed to know it.
"""

from __future__ import annotations

import base64
import hashlib
import json

from django.core.cache import cache

from accord.core.disclosure import Hidden

from .analysis import Breakdown, IndicatorAnalysis

WIDTH, HEIGHT = 520, 240
FONT = "DejaVu Sans, Arial, sans-serif"
ACTUAL, FORECAST, TARGET, BASELINE = "Figure", "Forecast", "Target", "Baseline"
COLORS = {ACTUAL: "#0b5ed7", FORECAST: "#6c3fb5", TARGET: "#b35c00", BASELINE: "#4d4d4d"}
CACHE_SECONDS = 24 * 3600


def _number(value) -> float | None:
    return None if value is None else float(value)


def _drawn(value) -> bool:
    """A figure a chart draws: one there is, and published (a suppressed one is left out: its
    bar or point is absent, and the table beside the chart says "suppressed")."""
    return value is not None and not isinstance(value, Hidden)


def trend_rows(found: IndicatorAnalysis) -> list[dict]:
    """The trend chart's data: one row per point of each series."""
    rows = []
    for row in found.periods:
        if _drawn(row.figure):
            rows.append({"period": row.label, "series": ACTUAL, "value": _number(row.figure)})
        if row.target is not None:
            rows.append({"period": row.label, "series": TARGET, "value": _number(row.target)})
    if found.forecast is not None and found.latest is not None and _drawn(found.latest.figure):
        rows.append(
            {
                "period": found.latest.label,
                "series": FORECAST,
                "value": _number(found.latest.figure),
            }
        )
        for label, (_x, value) in zip(found.forecast_labels, found.forecast.points, strict=True):
            rows.append({"period": label, "series": FORECAST, "value": _number(value)})
    return rows


def trend_spec(found: IndicatorAnalysis) -> dict:
    """The Vega-Lite definition of an indicator's trend, forecast, targets and baseline."""
    import altair as alt

    rows = trend_rows(found)
    order = [r.label for r in found.periods] + [
        label for label in found.forecast_labels if label not in {r.label for r in found.periods}
    ]
    unit = found.indicator.unit or found.indicator.get_type_display()
    x = alt.X("period:O", sort=order, title="Period", axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False))
    series = list(COLORS)
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=series, range=[COLORS[s] for s in series]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(x=x, y=y, color=color)
    layers = [
        base.transform_filter(alt.datum.series == ACTUAL).mark_line(
            point=alt.OverlayMarkDef(size=60, filled=True), strokeWidth=2.5
        ),
        base.transform_filter(alt.datum.series == FORECAST).mark_line(
            strokeDash=[7, 5], strokeWidth=2, point=alt.OverlayMarkDef(size=40, filled=False)
        ),
        base.transform_filter(alt.datum.series == TARGET).mark_point(
            shape="diamond", size=90, filled=True
        ),
    ]
    baseline = found.indicator.baseline_value
    if baseline is not None:
        rule = alt.Chart(alt.Data(values=[{"value": float(baseline), "series": BASELINE}])).encode(
            y=alt.Y("value:Q"), color=color
        )
        layers.append(rule.mark_rule(strokeDash=[2, 3], strokeWidth=1.5))
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)


def gaps_spec(breakdown: Breakdown, unit: str) -> dict:
    """The Vega-Lite definition of one dimension's categories in one period."""
    import altair as alt

    rows = [
        {
            "category": row.label,
            "value": _number(row.figure),
            "group": "Best-off group"
            if row.best
            else ("Other group" if row.is_group else "Declined or unknown"),
        }
        for row in breakdown.rows
        if _drawn(row.figure)
    ]
    groups = ["Best-off group", "Other group", "Declined or unknown"]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort=[r.label for r in breakdown.rows], title=None),
            x=alt.X("value:Q", title=unit),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=groups, range=["#0b5ed7", "#8fb3e8", "#adb5bd"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
        .properties(width=WIDTH - 120, height=max(60, 26 * len(breakdown.rows)))
    )
    return chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)


def change_token(*parts) -> str:
    """What a chart draws, hashed: its key in the cache."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return "measurement-chart:" + hashlib.sha256(text.encode()).hexdigest()


def render(key: str, build) -> str:
    """The chart as an SVG data: URL (for an <img>, so that the page's Content-Security-Policy
    holds: no inline styles or scripts); `build()` makes its definition when `key` (the
    chart's change token) is not in the cache."""
    found = cache.get(key)
    if found is None:
        import vl_convert

        svg = vl_convert.vegalite_to_svg(build())
        found = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        cache.set(key, found, CACHE_SECONDS)
    return found


def draw(found: IndicatorAnalysis) -> None:
    """Render the analysis's charts into it: the trend (when there is a figure to draw) and each
    breakdown with a figure."""
    if found.indicator.type == "qualitative":
        return
    unit = found.indicator.unit or found.indicator.get_type_display()
    if any(_drawn(r.figure) or r.target is not None for r in found.periods):
        key = change_token(
            "trend",
            trend_rows(found),
            [r.label for r in found.periods],
            found.indicator.baseline_value,
            unit,
        )
        found.chart = render(key, lambda: trend_spec(found))
    for breakdown in found.breakdowns:
        if any(_drawn(row.figure) for row in breakdown.rows):
            drawn = [r for r in breakdown.rows if _drawn(r.figure)]
            rows = [(r.label, r.figure, r.best, r.is_group) for r in drawn]
            key = change_token("gaps", rows, unit)
            breakdown.chart = render(key, lambda b=breakdown: gaps_spec(b, unit))
