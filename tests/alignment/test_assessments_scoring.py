"""Score aggregation of assessments (A1): worked examples and Hypothesis properties.

The arithmetic lives in accord/alignment/scoring.py as pure functions; nothing here touches the
database.
"""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from accord.alignment import scoring
from accord.alignment.scoring import CriterionWeight, direction_result, weighted_score

# Weights as the model stores them: positive, two decimal places, at most 999.99.
weights = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2, allow_nan=False
)
scores = st.integers(min_value=1, max_value=5)


@st.composite
def assessments(draw, min_assessors=1, complete=False):
    """Criteria with weights, and each assessor's sheet (possibly partial unless `complete`)."""
    count = draw(st.integers(min_value=1, max_value=8))
    criteria = [CriterionWeight(id=n, weight=draw(weights)) for n in range(1, count + 1)]
    sheets = []
    for _ in range(draw(st.integers(min_value=min_assessors, max_value=7))):
        if complete:
            chosen = [c.id for c in criteria]
        else:
            chosen = draw(st.lists(st.sampled_from([c.id for c in criteria]), unique=True))
        sheets.append({cid: draw(scores) for cid in chosen})
    return criteria, sheets


class TestWorkedExample:
    def test_means_spread_and_the_weighted_score(self):
        criteria = [CriterionWeight(1, Decimal("2")), CriterionWeight(2, Decimal("1"))]
        sheets = [{1: 5, 2: 2}, {1: 3, 2: 2}, {1: 4}]
        result = direction_result(criteria, sheets)
        first, second = result.criteria
        assert (first.count, first.mean, first.spread, first.discuss) == (3, 4, 2, True)
        assert first.stdev == (Fraction(2, 3)) ** 0.5
        assert (second.count, second.mean, second.spread, second.discuss) == (2, 2, 0, False)
        assert result.weighted == Fraction(2 * 4 + 1 * 2, 3)  # 10/3
        assert scoring.rounded(result.weighted) == Decimal("3.33")
        assert scoring.rounded(result.percent, 0) == Decimal("67")
        assert (result.assessor_count, result.complete_count) == (3, 2)
        assert [r.criterion_id for r in result.discuss] == [1]

    def test_unscored_criteria_count_in_neither_sum(self):
        criteria = [CriterionWeight(1, 1), CriterionWeight(2, 100)]
        result = direction_result(criteria, [{1: 4}])
        assert result.weighted == 4
        assert result.criteria[1].mean is None and result.criteria[1].spread is None

    def test_nobody_scored_yet(self):
        result = direction_result([CriterionWeight(1, 1)], [{}, {}])
        assert result.weighted is None and result.percent is None and not result.has_scores
        assert (result.assessor_count, result.complete_count) == (2, 0)

    def test_no_assessors_at_all(self):
        result = direction_result([CriterionWeight(1, 1)], [])
        assert result.weighted is None and result.assessor_count == 0

    def test_scores_of_criteria_outside_the_rubric_are_ignored(self):
        result = direction_result([CriterionWeight(1, 1)], [{1: 2, 99: 5}])
        assert result.weighted == 2 and result.complete_count == 1

    def test_rounding_is_half_up(self):
        assert scoring.rounded(Fraction(1, 8)) == Decimal("0.13")
        assert scoring.rounded(None) is None


class TestProperties:
    @given(assessments())
    def test_weighted_score_stays_within_one_and_five(self, case):
        result = direction_result(*case)
        if result.weighted is not None:
            assert 1 <= result.weighted <= 5
            assert 20 <= result.percent <= 100

    @given(assessments(complete=True), scores)
    def test_equal_scores_give_exactly_that_score(self, case, score):
        criteria, sheets = case
        same = [dict.fromkeys(sheet, score) for sheet in sheets]
        result = direction_result(criteria, same)
        assert result.weighted == score
        assert all(r.mean == score and r.spread == 0 and not r.discuss for r in result.criteria)

    @given(assessments(), st.randoms(use_true_random=False))
    def test_permuting_assessors_changes_nothing(self, case, random):
        criteria, sheets = case
        shuffled = list(sheets)
        random.shuffle(shuffled)
        assert direction_result(criteria, shuffled) == direction_result(criteria, sheets)

    @given(
        assessments(),
        st.fractions(min_value=Fraction(1, 1000), max_value=1000).filter(lambda f: f > 0),
    )
    def test_scaling_every_weight_changes_nothing(self, case, factor):
        criteria, sheets = case
        scaled = [CriterionWeight(c.id, Fraction(c.weight) * factor) for c in criteria]
        assert (
            direction_result(scaled, sheets).weighted == direction_result(criteria, sheets).weighted
        )

    @given(assessments())
    def test_discuss_flag_is_set_exactly_when_the_spread_reaches_two(self, case):
        criteria, sheets = case
        for result in direction_result(criteria, sheets).criteria:
            given_scores = [s[result.criterion_id] for s in sheets if result.criterion_id in s]
            expected = bool(given_scores) and max(given_scores) - min(given_scores) >= 2
            assert result.discuss is expected

    @given(assessments(complete=True))
    def test_an_assessor_who_gives_the_mean_leaves_the_mean_unchanged(self, case):
        criteria, sheets = case
        before = direction_result(criteria, sheets)
        means = {r.criterion_id: r.mean for r in before.criteria}
        after = direction_result(criteria, [*sheets, means])
        assert [r.mean for r in after.criteria] == [r.mean for r in before.criteria]
        assert after.weighted == before.weighted
        assert after.complete_count == before.complete_count + 1

    @given(st.lists(st.tuples(weights, st.one_of(st.none(), scores)), max_size=10))
    def test_weighted_score_matches_its_definition(self, pairs):
        scored = [(Fraction(w), Fraction(m)) for w, m in pairs if m is not None]
        expected = sum(w * m for w, m in scored) / sum(w for w, _ in scored) if scored else None
        assert weighted_score(pairs) == expected
