"""The trust and value network's figures (R6) against small graphs computed by hand, and their
properties (Hypothesis): centralization within [0, 1], asymmetry symmetric, invariance when the
organizations are renamed or listed in another order."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.relationships.trust_metrics import (
    MIN_RATERS,
    Rating,
    change_between,
    circular_layout,
    degree_centralization,
    network_results,
    pair_score,
)


def rating(rater, rated, trust=3.0, value=3.0, intensity=2) -> Rating:
    return Rating(rater, rated, trust, value, intensity)


def test_a_pair_score_is_the_mean_of_its_three_items():
    assert pair_score([4, 3, 2]) == 3.0
    assert pair_score([1, 1, 2]) == pytest.approx(4 / 3)


def test_a_star_is_wholly_centralized_and_a_complete_graph_not_at_all():
    star = network_results("abcde", [rating("a", x) for x in "bcde"])
    assert star.centralization_out == 1.0  # a gives 4, the others 0: 4 x 4 / 4²
    assert star.centralization_in == pytest.approx(1 / 16)  # b..e receive 1, a 0: 1 / 4²
    inward = network_results("abcde", [rating(x, "a") for x in "bcde"])
    assert inward.centralization_in == 1.0 and inward.centralization_out == pytest.approx(1 / 16)
    complete = network_results("abcd", [rating(x, y) for x in "abcd" for y in "abcd" if x != y])
    assert complete.centralization_in == complete.centralization_out == 0.0
    assert complete.density == 1.0 and complete.reciprocity == 1.0


def test_a_small_network_by_hand():
    # a→b 4, b→a 2 (asymmetry 2: one-sided though both rated); a→c 3 only; c→b 3, b→c 3.
    ratings = [
        rating("a", "b", 4.0, 2.0),
        rating("b", "a", 2.0, 3.0),
        rating("a", "c", 3.0, 3.0),
        rating("c", "b", 3.0, 4.0),
        rating("b", "c", 3.0, 1.0),
    ]
    results = network_results("abcd", ratings)
    assert results.ties == 5
    assert results.density == pytest.approx(5 / 12)  # 5 of 4 x 3
    assert results.reciprocity == pytest.approx(4 / 5)  # a↔b and b↔c returned, a→c not
    assert results.trust == pytest.approx(15 / 5)
    assert results.value == pytest.approx(13 / 5)
    assert results.trust_share == pytest.approx(0.75)
    # In-degrees a 1, b 2, c 2, d 0: (1 + 0 + 0 + 2) / 3² ; out-degrees a 2, b 2, c 1, d 0.
    assert results.centralization_in == pytest.approx(3 / 9)
    assert results.centralization_out == pytest.approx(3 / 9)
    dyads = {(d.first, d.second): d for d in results.dyads}
    assert set(dyads) == {("a", "b"), ("a", "c"), ("b", "c")}
    ab, ac, bc = dyads["a", "b"], dyads["a", "c"], dyads["b", "c"]
    assert ab.trust == 3.0 and ab.asymmetry == 2.0 and ab.one_sided and ab.reciprocated
    assert ac.trust == 3.0 and ac.asymmetry is None and ac.one_sided and not ac.reciprocated
    assert bc.asymmetry == 0.0 and not bc.one_sided and bc.value_asymmetry == 3.0
    assert [d.first + d.second for d in results.one_sided] == ["ab", "ac"]


def test_asymmetry_of_exactly_one_is_one_sided():
    results = network_results("ab", [rating("a", "b", 3.0), rating("b", "a", 2.0)])
    assert results.dyads[0].asymmetry == 1.0 and results.dyads[0].one_sided
    near = network_results("ab", [rating("a", "b", 3.0), rating("b", "a", 7 / 3)])
    assert not near.dyads[0].one_sided


def test_scores_show_only_with_three_raters():
    assert MIN_RATERS == 3
    ratings = [rating(x, "a", trust) for x, trust in zip("bcd", (2.0, 3.0, 4.0), strict=True)]
    results = network_results("abcde", [*ratings, rating("e", "b", 1.0), rating("c", "b", 2.0)])
    scores = {s.node: s for s in results.organizations}
    assert scores["a"].trust_received.mean == 3.0 and scores["a"].trust_received.count == 3
    assert scores["b"].trust_received.mean is None and scores["b"].trust_received.count == 2
    assert scores["c"].trust_given.mean is None and scores["c"].trust_given.count == 2
    assert scores["e"].trust_given.count == 1


def test_an_empty_wave_and_ratings_outside_it():
    results = network_results("abc", [rating("a", "a"), rating("a", "z")])
    assert results.ties == 0 and results.trust is None and results.reciprocity is None
    assert results.density == 0.0 and results.centralization_in == 0.0
    assert network_results("a", []).density == 0.0
    assert degree_centralization([1, 0], 2) == 0.0


def test_change_between_two_waves():
    before = network_results("abc", [rating("a", "b", 2.0), rating("b", "a", 2.0)])
    after = network_results(
        "abd", [rating("a", "b", 3.5), rating("b", "a", 3.0), rating("d", "a", 3.0)]
    )
    change = change_between(before, after)
    trust = next(row for row in change.metrics if row.key == "trust")
    assert trust.before == 2.0 and trust.after == pytest.approx(9.5 / 3)
    assert trust.delta == pytest.approx(9.5 / 3 - 2.0)
    rows = {frozenset((row.first, row.second)): row for row in change.dyads}
    assert rows[frozenset("ab")].delta == pytest.approx(1.25)
    assert rows[frozenset("ab")].status == "kept"
    assert rows[frozenset("ad")].status == "new tie" and rows[frozenset("ad")].delta is None
    assert change.entered == ["d"] and change.left == ["c"]
    lost = change_between(after, before)
    assert {row.status for row in lost.dyads} == {"kept", "tie lost"}


def test_the_circular_layout_is_deterministic():
    points = circular_layout(4, 100, 200, 200)
    assert points == [(200.0, 100.0), (300.0, 200.0), (200.0, 300.0), (100.0, 200.0)]
    assert circular_layout(4, 100, 200, 200) == points


# --- Properties ---------------------------------------------------------------------------------
NODES = "abcdefgh"


@st.composite
def networks(draw):
    n = draw(st.integers(min_value=0, max_value=len(NODES)))
    nodes = NODES[:n]
    pairs = [(a, b) for a in nodes for b in nodes if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    score = st.sampled_from([1.0, 4 / 3, 5 / 3, 2.0, 7 / 3, 8 / 3, 3.0, 10 / 3, 11 / 3, 4.0])
    return nodes, [rating(a, b, draw(score), draw(score)) for a, b in chosen]


@settings(max_examples=150, deadline=None)
@given(networks())
def test_centralization_and_density_stay_within_zero_and_one(network):
    nodes, ratings = network
    results = network_results(nodes, ratings)
    for figure in (results.centralization_in, results.centralization_out, results.density):
        assert 0.0 <= figure <= 1.0 + 1e-12
    if results.reciprocity is not None:
        assert 0.0 <= results.reciprocity <= 1.0
    if results.trust is not None:
        assert 1.0 <= results.trust <= 4.0 and 0.25 <= results.trust_share <= 1.0


@settings(max_examples=150, deadline=None)
@given(networks())
def test_asymmetry_is_symmetric(network):
    nodes, ratings = network
    forward = network_results(nodes, ratings)
    backward = network_results(tuple(reversed(nodes)), ratings)
    by_pair = {frozenset((d.first, d.second)): d for d in backward.dyads}
    for dyad in forward.dyads:
        other = by_pair[frozenset((dyad.first, dyad.second))]
        assert dyad.asymmetry == other.asymmetry and dyad.one_sided == other.one_sided
        assert dyad.trust == pytest.approx(other.trust)


@settings(max_examples=100, deadline=None)
@given(networks(), st.randoms(use_true_random=False))
def test_figures_do_not_change_when_organizations_are_renamed(network, random):
    nodes, ratings = network
    shuffled = list(nodes)
    random.shuffle(shuffled)
    rename = {node: f"org-{index}" for index, node in enumerate(shuffled)}
    renamed = network_results(
        [rename[node] for node in shuffled],
        [Rating(rename[r.rater], rename[r.rated], r.trust, r.value, r.intensity) for r in ratings],
    )
    original = network_results(nodes, ratings)
    for key in ("density", "reciprocity", "centralization_in", "centralization_out", "ties"):
        assert getattr(renamed, key) == pytest.approx(getattr(original, key))
    assert (renamed.trust is None) == (original.trust is None)
    if original.trust is not None:
        assert renamed.trust == pytest.approx(original.trust)
    assert sorted(d.asymmetry or 0 for d in renamed.dyads) == pytest.approx(
        sorted(d.asymmetry or 0 for d in original.dyads)
    )
    assert len(renamed.one_sided) == len(original.one_sided)


def test_a_wave_of_forty_organizations():
    """The size bench/trust.py measures: every one of 40 organizations rates every other."""
    nodes = range(40)
    results = network_results(nodes, [rating(a, b) for a in nodes for b in nodes if a != b])
    assert results.ties == 1560 and len(results.dyads) == 780
    assert results.density == 1.0 and results.centralization_in == 0.0
    assert all(score.trust_received.count == 39 for score in results.organizations)
