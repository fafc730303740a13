"""The plausible range proposed from past values: mean ± 2 sample standard deviations."""

import statistics
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from accord.measurement.services import propose_plausible_range

values = st.lists(
    st.decimals(min_value=-1_000_000, max_value=1_000_000, places=2, allow_nan=False),
    min_size=2,
    max_size=40,
)


@given(values)
def test_the_range_is_centred_on_the_mean_and_holds_every_typical_value(numbers):
    low, high = propose_plausible_range(numbers)
    mean = Decimal(str(statistics.fmean(numbers)))
    assert low <= high
    assert abs((low + high) / 2 - mean) <= Decimal("0.001")
    spread = Decimal(str(statistics.stdev(float(n) for n in numbers)))
    assert abs((high - low) - 4 * spread) <= Decimal("0.001") + spread * Decimal("1e-9")
    # Chebyshev: at least three quarters of the values are within two standard deviations.
    inside = sum(low - Decimal("0.001") <= n <= high + Decimal("0.001") for n in numbers)
    assert inside * 4 >= len(numbers) * 3


@given(st.decimals(min_value=-1000, max_value=1000, places=2), st.integers(2, 20))
def test_constant_history_gives_a_range_of_one_value(value, count):
    assert propose_plausible_range([value] * count) == (value, value)


def test_fewer_than_two_values_propose_nothing():
    assert propose_plausible_range([]) is None
    assert propose_plausible_range([Decimal("4")]) is None
    assert propose_plausible_range(["10", "12", "14"]) == (Decimal("8.0000"), Decimal("16.0000"))
