"""The representation analysis (R2, R3's body-level flags) as pure functions: the Rose index and
its expected value, Kanter's bands, and each flag with its evidence; Hypothesis properties."""

import math
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.relationships.representation import (
    OTHER,
    Meeting,
    Seat,
    analyse,
    expected_rose,
    kanter_band,
    rose_index,
)

MEETINGS = [Meeting(f"m{i}", date(2026, 1, 1) + timedelta(days=14 * i)) for i in range(8)]
ALL = frozenset(m.key for m in MEETINGS)


def kinds(analysis, group=None):
    return sorted((f.kind, f.level) for f in analysis.flags if group is None or f.group == group)


def test_a_community_with_one_seat_and_no_vote_is_flagged_with_the_next_action():
    seats = [Seat(f"s{i}", "staff", True, ALL) for i in range(6)]
    seats.append(Seat("tribal", "tribal", False, ALL, {"m7": 1}))
    analysis = analyse(seats, MEETINGS, {"tribal": Decimal("0.08"), "staff": Decimal("0.5")})
    assert kinds(analysis, "tribal") == [
        ("lone", "flag"),
        ("no_vote", "flag"),
        ("token", "warning"),
    ]
    tribal = analysis.groups[0]
    assert (tribal.seats, tribal.voting_seats, tribal.band) == (1, 0, "skewed")
    assert all(f.next_action for f in analysis.flags)


def test_two_seats_is_a_warning_and_three_is_none():
    for count, expected in ((2, [("lone", "warning")]), (3, [])):
        seats = [Seat(f"g{i}", "g", True, ALL) for i in range(count)]
        seats += [Seat(f"o{i}", None, True, ALL) for i in range(10 - count)]
        found = [k for k in kinds(analyse(seats, MEETINGS, {"g": None}), "g") if k[0] == "lone"]
        assert found == expected


def test_kanter_bands():
    assert [kanter_band(s) for s in (0, 0.1, 0.15, 0.3, 0.35, 0.5, 0.8, 1)] == [
        "uniform",
        "skewed",
        "tilted",
        "tilted",
        "balanced",
        "balanced",
        "tilted",
        "uniform",
    ]


def test_under_representation_names_the_ratio_and_the_rose_index_its_expectation():
    seats = [Seat("a", "g", True, ALL)] + [Seat(f"o{i}", None, True, ALL) for i in range(6)]
    analysis = analyse(seats, MEETINGS, {"g": Decimal("0.40")})
    under = [f for f in analysis.flags if f.kind == "under"]
    assert len(under) == 1 and "0.36" in under[0].message
    # 1/7 of the seats against 40%: the index is 1 - |1/7 - 0.4| = 0.743
    assert round(analysis.rose, 3) == 0.743
    assert 0 < analysis.expected_rose < 1


def test_the_expected_index_of_a_two_seat_body_by_hand():
    # Two seats drawn from a 50:50 population: 1/4 both A (index 0.5), 1/2 split (1), 1/4 both B.
    assert abs(expected_rose(2, {"a": 0.5, "b": 0.5}) - 0.75) < 1e-9
    # A large body costs no more than a small one, and comes close to 1.
    big = {f"g{i}": 1 / 8 for i in range(8)}
    assert 0.9 < expected_rose(400, big) < 1


def _enumerated(n: int, shares: list[float]) -> float:
    """The expectation by brute force over every composition of the body."""

    def compositions(seats, groups):
        if groups == 1:
            yield (seats,)
            return
        for first in range(seats + 1):
            for rest in compositions(seats - first, groups - 1):
                yield (first, *rest)

    total = 0.0
    for counts in compositions(n, len(shares)):
        probability = math.factorial(n)
        for c, p in zip(counts, shares, strict=True):
            probability *= p**c / math.factorial(c)
        drawn = {i: c / n for i, c in enumerate(counts)}
        total += probability * rose_index(drawn, dict(enumerate(shares)))
    return total


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=9),
    weights=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=4),
)
def test_the_expected_index_equals_the_enumeration_of_every_composition(n, weights):
    shares = [w / sum(weights) for w in weights]
    assert abs(expected_rose(n, dict(enumerate(shares))) - _enumerated(n, shares)) < 1e-9


def test_absent_names_the_meetings_missed():
    seats = [Seat(f"s{i}", None, True, ALL) for i in range(5)]
    seats.append(Seat("c", "c", True, frozenset({"m0", "m1", "m2"})))
    analysis = analyse(seats, MEETINGS, {"c": None})
    absent = [f for f in analysis.flags if f.kind == "absent"]
    assert len(absent) == 1
    assert [key for key, _ in absent[0].evidence] == ["m3", "m4", "m5", "m6", "m7"]
    assert absent[0].evidence[0][1] == MEETINGS[3].held_on


def test_never_heard_looks_at_the_last_three_attended_meetings():
    attended = frozenset({"m1", "m3", "m5", "m7"})
    quiet = Seat("q", "c", True, attended, {"m1": 2})
    heard = Seat("h", "c", True, attended, {"m5": 1})
    new = Seat("n", "c", True, frozenset({"m6", "m7"}))
    analysis = analyse([quiet, heard, new], MEETINGS, {"c": None})
    flags = [f for f in analysis.flags if f.kind == "never_heard"]
    assert [f.seat for f in flags] == ["q"]
    assert [key for key, _ in flags[0].evidence] == ["m3", "m5", "m7"]


def test_thresholds_are_settings(settings):
    settings.ACCORD_REPRESENTATION = {"token_share": 0.05}
    assert kanter_band(0.1) == "tilted"


shares = st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(seat_counts=shares, reference_weights=shares)
def test_the_rose_index_is_within_0_and_1(seat_counts, reference_weights):
    seat_total, reference_total = sum(seat_counts), sum(reference_weights)
    seat = {i: c / seat_total for i, c in enumerate(seat_counts)}
    reference = {i: w / reference_total for i, w in enumerate(reference_weights)}
    assert 0 <= rose_index(seat, reference) <= 1


@settings(max_examples=60, deadline=None)
@given(counts=shares)
def test_the_rose_index_is_1_exactly_when_shares_match(counts):
    total = sum(counts)
    distribution = {i: c / total for i, c in enumerate(counts)}
    assert rose_index(distribution, dict(distribution)) == 1
    if len(counts) > 1:
        shifted = {i: distribution[(i + 1) % len(counts)] for i in distribution}
        assert (rose_index(distribution, shifted) == 1) == (shifted == distribution)


seat_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", None]),
        st.booleans(),
        st.sets(st.sampled_from(sorted(ALL))),
        st.dictionaries(st.sampled_from(sorted(ALL)), st.integers(0, 2)),
    ),
    min_size=1,
    max_size=12,
)


def _flags_as_set(analysis, rename=lambda g: g):
    return sorted(
        (f.kind, f.level, str(rename(f.group)), f.evidence, f.seat) for f in analysis.flags
    )


@settings(max_examples=60, deadline=None)
@given(raw=seat_strategy, order=st.randoms(use_true_random=False))
def test_flags_do_not_depend_on_group_names_or_seat_order(raw, order):
    groups = {"a": Decimal("0.3"), "b": Decimal("0.2"), "c": None}
    seats = [
        Seat(f"s{i}", group, votes, frozenset(present), contributions)
        for i, (group, votes, present, contributions) in enumerate(raw)
    ]
    before = analyse(seats, MEETINGS, groups)
    shuffled = list(seats)
    order.shuffle(shuffled)
    assert _flags_as_set(analyse(shuffled, MEETINGS, groups)) == _flags_as_set(before)
    names = {"a": "zulu", "b": "alpha", "c": "mike"}
    renamed = [Seat(s.key, names.get(s.group), s.votes, s.present, s.contributions) for s in seats]
    after = analyse(renamed, MEETINGS, {names[g]: share for g, share in groups.items()})
    inverse = {v: k for k, v in names.items()}
    # Messages name the group; everything else about each flag is the same.
    assert _flags_as_set(after, lambda g: inverse.get(g, g)) == _flags_as_set(before)
    assert after.rose == before.rose and OTHER not in {f.group for f in after.flags}
