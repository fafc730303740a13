"""Properties of the analysis's arithmetic (M3): period figures from aggregates, roll-ups that
name who is missing, direction-aware progress, the least-squares forecast and the gaps to the
best-off group. Pure functions: no database."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.measurement import analysis
from accord.measurement.analysis import Aggregate, figure_of, forecast, gaps, progress
from accord.measurement.models import DimensionCategory, Indicator

T, D = Indicator.Type, Indicator.Direction
CAT, DECLINED = DimensionCategory.Kind.CATEGORY, DimensionCategory.Kind.DECLINED

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
counts = st.integers(min_value=0, max_value=10**6).map(Decimal)
positive = st.integers(min_value=1, max_value=10**6).map(Decimal)
percentages = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
# The machine is shared: generating decimals can be slow under load, which is not a failure.
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
figures = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)


def aggregate_of(values, numerators=None, denominators=None) -> Aggregate:
    """What the database's SUM and COUNT give for one organization's cells, added up."""
    found = Aggregate()
    for index, value in enumerate(values):
        found = found + Aggregate(
            total=value,
            count=1,
            numerator=numerators[index] if numerators else None,
            denominator=denominators[index] if denominators else None,
            reporters=1,
        )
    return found


# --- Totals -------------------------------------------------------------------------------------
@relaxed
@given(st.lists(counts, min_size=1, max_size=30))
def test_a_count_is_the_sum_of_the_organizations_totals(values):
    assert figure_of(T.COUNT, aggregate_of(values)) == sum(values)


@relaxed
@given(st.lists(amounts, min_size=1, max_size=30))
def test_an_amount_is_the_sum_of_the_organizations_totals(values):
    assert figure_of(T.CURRENCY, aggregate_of(values)) == sum(values)


@relaxed
@given(st.lists(st.tuples(counts, positive), min_size=1, max_size=30))
def test_a_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators(pairs):
    numerators, denominators = [n for n, _ in pairs], [d for _, d in pairs]
    found = figure_of(T.RATIO, aggregate_of([Decimal(0)] * len(pairs), numerators, denominators))
    exact = Fraction(sum(numerators)) / Fraction(sum(denominators))
    assert abs(Fraction(found) - exact) <= Fraction(1, 20000)


@relaxed
@given(st.lists(percentages, min_size=1, max_size=30))
def test_a_percentage_is_the_mean_of_the_organizations_values(values):
    found = figure_of(T.PERCENTAGE, aggregate_of(values))
    assert abs(Fraction(found) - Fraction(sum(values)) / len(values)) <= Fraction(1, 20000)
    assert min(values) <= found <= max(values)


@relaxed
@given(st.lists(counts, min_size=2, max_size=20), st.integers(min_value=1, max_value=19))
def test_aggregates_add_up_in_any_grouping(values, cut):
    """Summing per category then across categories gives what summing every cell gives."""
    cut = min(cut, len(values) - 1)
    whole = aggregate_of(values)
    assert aggregate_of(values[:cut]) + aggregate_of(values[cut:]) == whole


# --- Roll-ups -----------------------------------------------------------------------------------
@relaxed
@given(
    st.dictionaries(st.integers(1, 50), st.text(min_size=1, max_size=12), min_size=1),
    st.data(),
)
def test_a_rollup_names_exactly_the_organizations_that_did_not_report(expected, data):
    reported = data.draw(st.sets(st.sampled_from(sorted(expected))))
    missing = analysis.missing_from(expected, reported, "2026 Q3", {})
    assert sorted(m.organization for m in missing) == sorted(
        name for pk, name in expected.items() if pk not in reported
    )
    assert all(str(m).endswith("for 2026 Q3 (nothing submitted)") for m in missing)


# --- Progress -----------------------------------------------------------------------------------
@relaxed
@given(figures, figures)
def test_up_and_down_are_mirror_images(figure, target):
    up = progress(figure, target, D.UP)
    down = progress(-figure, -target, D.DOWN)
    assert up.met == down.met == (figure >= target)


@relaxed
@given(figures, figures, figures)
def test_the_share_of_the_way_is_one_at_the_target_and_zero_at_the_baseline(figure, target, base):
    assume(target != base)
    for direction in (D.UP, D.DOWN):
        assert progress(target, target, direction, baseline=base).share == 1
        assert progress(base, target, direction, baseline=base).share == 0
    share = progress(figure, target, D.UP, baseline=base).share
    exact = (Fraction(figure) - Fraction(base)) / (Fraction(target) - Fraction(base))
    assert abs(Fraction(share) - exact) <= Fraction(1, 20000)


@relaxed
@given(figures, figures, figures)
def test_a_range_is_met_inside_it_whatever_the_target(figure, low, high):
    assume(low <= high)
    found = progress(figure, None, D.RANGE, low=low, high=high)
    assert found.met == (low <= figure <= high)


@relaxed
@given(figures)
def test_no_target_no_verdict(figure):
    assert progress(figure, None, D.UP).met is None
    assert progress(None, figure, D.UP).met is None


# --- Forecast -----------------------------------------------------------------------------------
lines = st.tuples(
    st.integers(min_value=-1000, max_value=1000), st.integers(min_value=0, max_value=10**5)
)


@relaxed
@given(lines, st.integers(min_value=2, max_value=8), st.integers(min_value=2, max_value=6))
def test_points_on_a_line_forecast_the_line(line, count, window):
    slope, intercept = line
    points = [(x, Decimal(intercept + slope * x)) for x in range(count)]
    found = forecast(points, window=window, ahead=2)
    assert found.used == min(window, count)
    for x, value in found.points:
        assert value == max(Decimal(0), Decimal(intercept + slope * x))
    assert found.slope == slope


@relaxed
@given(st.lists(figures, min_size=2, max_size=10), st.integers(min_value=2, max_value=6))
def test_only_the_last_n_points_count(values, window):
    points = list(enumerate(values))
    older = [(x, v + 1000) for x, v in points[:-window]]
    assert forecast(points, window=window) == forecast(older + points[-window:], window=window)


@relaxed
@given(figures)
def test_one_point_is_no_forecast(value):
    assert forecast([(0, value)]) is None
    assert analysis.trend([(3, value)], D.UP) is None


@relaxed
@given(st.lists(percentages, min_size=2, max_size=8))
def test_a_percentage_forecast_stays_between_0_and_100(values):
    found = forecast(list(enumerate(values)), kind=T.PERCENTAGE)
    assert all(0 <= value <= 100 for _, value in found.points)


@relaxed
@given(st.integers(min_value=1, max_value=500), st.sampled_from([D.UP, D.DOWN]))
def test_a_rising_line_is_better_only_where_up_is_better(slope, direction):
    points = [(x, Decimal(10 + slope * x)) for x in range(4)]  # well above 1% a period
    found = analysis.trend(points, direction)
    assert found.arrow == "↑"
    assert found.better == (direction == D.UP)


@relaxed
@given(st.integers(min_value=-(10**5), max_value=10**5))
def test_a_flat_series_is_steady(value):
    found = analysis.trend([(x, Decimal(value)) for x in range(4)], D.UP)
    assert found.arrow == "→"


# --- Gaps ---------------------------------------------------------------------------------------
@relaxed
@given(
    st.lists(st.decimals(min_value=1, max_value=10**6, places=2), min_size=1, max_size=8),
    st.sampled_from([D.UP, D.DOWN]),
    st.decimals(min_value=0, max_value=10**7, places=2),
)
def test_the_best_off_group_has_ratio_one_and_the_others_sit_on_its_worse_side(
    values, direction, declined
):
    rows = [(f"Group {i}", CAT, v, "") for i, v in enumerate(values)]
    rows.append(("Prefer not to say", DECLINED, declined, ""))
    found = gaps(rows, direction)
    best = [row for row in found if row.best]
    assert best and all(row.ratio == 1 for row in best)
    assert not found[-1].best  # "prefer not to say" is never the best-off group
    for row in found[:-1]:
        assert row.ratio <= 1 if direction == D.UP else row.ratio >= 1


def test_a_category_without_a_figure_has_no_ratio():
    found = gaps([("A", CAT, Decimal(4), ""), ("B", CAT, None, "1 of 2 cells given")], D.UP)
    assert found[1].ratio is None and found[1].missing


def test_next_labels_run_on_from_the_last_period():
    assert analysis.next_labels("2026 Q4", 2) == ["2027 Q1", "2027 Q2"]
    assert analysis.next_labels("2026 H2", 1) == ["2027 H1"]
    assert analysis.next_labels("Spring", 1) == ["Spring +1"]
