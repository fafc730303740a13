"""Factor scores and what may be shown of them, as properties (Hypothesis): a score lies within
its respondents' means, its status follows the thresholds, and no hidden group of a breakdown can
be worked out from the total and the groups shown."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.surveys import scoring

K = 5
answers = st.lists(st.integers(1, 5), min_size=1, max_size=4)
respondents = st.lists(answers, min_size=1, max_size=30)


@given(respondents)
def test_a_score_lies_within_its_respondents_means(rows):
    means = [scoring.respondent_mean(sum(r), len(r)) for r in rows]
    score = scoring.cell(means, None).score
    assert rounded_floor(min(means)) <= score <= rounded_ceil(max(means))
    assert Decimal("1.00") <= score <= Decimal("5.00")


def rounded_floor(value: Fraction) -> Decimal:
    return scoring.rounded(value) - Decimal("0.01")


def rounded_ceil(value: Fraction) -> Decimal:
    return scoring.rounded(value) + Decimal("0.01")


@given(respondents)
def test_the_score_is_the_mean_of_each_respondents_mean(rows):
    means = [Fraction(sum(r), len(r)) for r in rows]
    exact = sum(means) / len(means)
    assert abs(Decimal(float(exact)) - scoring.cell(means, None).score) <= Decimal(
        "0.005"
    ) + Decimal("1e-9")


@given(st.decimals(min_value=1, max_value=5, places=2))
def test_the_status_follows_the_thresholds(score):
    status = scoring.status_of(score)
    if score >= Decimal("4.00"):
        assert status == "strength"
    elif score >= Decimal("3.00"):
        assert status == "borderline"
    else:
        assert status == "concern"


@pytest.mark.parametrize(
    ("score", "status"),
    [("4.00", "strength"), ("3.99", "borderline"), ("3.00", "borderline"), ("2.99", "concern")],
)
def test_the_edges_of_the_thresholds(score, status):
    assert scoring.status_of(Decimal(score)) == status


def test_a_mean_that_rounds_up_to_four_is_a_strength():
    # 3.995 shows as 4.00, so it is read as a strength: the status is what the page shows.
    score = scoring.cell([Fraction(3995, 1000)], None).score
    assert (score, scoring.status_of(score)) == (Decimal("4.00"), "strength")


@given(respondents, st.integers(2, 8))
def test_a_total_below_the_minimum_is_hidden(rows, k):
    means = [Fraction(sum(r), len(r)) for r in rows]
    found = scoring.total(means, k)
    assert (found.score is None) == (len(rows) < k)


# --- Breakdowns -------------------------------------------------------------------------------
def determined(unknowns: list[int], equations: list[dict[int, int]]) -> set[int]:
    """The unknowns whose value the linear equations fix (exact Gaussian elimination): unknown i
    is fixed when the unit vector e_i lies in the row space of the equations."""
    rows = [[Fraction(eq.get(u, 0)) for u in unknowns] for eq in equations]
    rank = _rank(rows)
    fixed = set()
    for index, u in enumerate(unknowns):
        unit = [Fraction(1 if j == index else 0) for j in range(len(unknowns))]
        if _rank([*rows, unit]) == rank:
            fixed.add(u)
    return fixed


def _rank(rows) -> int:
    rows = [list(r) for r in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


groups = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "E", "F", None]),
    st.lists(answers, min_size=1, max_size=12),
    min_size=1,
    max_size=7,
)


@settings(max_examples=300)
@given(groups, st.integers(2, 7))
def test_no_hidden_group_can_be_worked_out_from_the_total_and_the_shown_groups(by_group, k):
    means = {g: [Fraction(sum(r), len(r)) for r in rows] for g, rows in by_group.items()}
    cells = scoring.breakdown(means, k)
    total = scoring.total([m for ms in means.values() for m in ms], k)
    for group, found in cells.items():
        # Shown groups have at least k answers; a group under k is never shown.
        if found.score is not None:
            assert len(means[group]) >= k
        if len(means[group]) < k:
            assert found.score is None and found.hidden == "fewer"
    if total.score is None:
        assert all(found.score is None for found in cells.values())
        return
    # What an attacker knows: each group's sum of means is an unknown; the total gives the sum
    # of all of them (count and mean are shown), each shown group gives its own.
    unknowns = list(range(len(cells)))
    keys = list(cells)
    equations = [dict.fromkeys(unknowns, 1)]
    equations += [{i: 1} for i, g in enumerate(keys) if cells[g].score is not None]
    fixed = determined(unknowns, equations)
    hidden = {i for i, g in enumerate(keys) if cells[g].score is None}
    assert not (fixed & hidden), f"hidden groups recoverable: {[keys[i] for i in fixed & hidden]}"


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"A": 10, "B": 3}, {"A": "protects", "B": "fewer"}),
        ({"A": 10, "B": 6, "C": 3}, {"B": "protects", "C": "fewer"}),
        ({"A": 10, "B": 6, "C": 3, "D": 2}, {"C": "fewer", "D": "fewer"}),
        ({"A": 10, "B": 6}, {}),
        ({"A": 2, "B": 2}, {"A": "fewer", "B": "fewer"}),
        ({"A": 7}, {}),
    ],
)
def test_the_next_smallest_group_is_hidden_with_a_lone_hidden_one(counts, hidden):
    assert scoring.hidden_groups(counts, 5) == hidden
