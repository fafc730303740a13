"""Responsiveness figures (R6): median days to acknowledge and to respond, and the share within
each deadline, by hand on small cases and as properties (Hypothesis)."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from accord.relationships.queries_ledger import Handling, figures

T0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=100)


def handled(ack=None, answer=None, received=0, duplicate=False, ack_days=5, response_days=30):
    start = T0 + timedelta(days=received)
    return Handling(
        received_at=start,
        ack_days=ack_days,
        response_days=response_days,
        acknowledged_at=start + timedelta(days=ack) if ack is not None else None,
        responded_at=start + timedelta(days=answer) if answer is not None else None,
        closed_as_duplicate=duplicate,
    )


def test_nothing_gives_no_figures():
    found = figures([], NOW)
    assert found.count == 0
    assert found.median_days_to_acknowledge is None and found.acknowledged_within is None


def test_by_hand():
    items = [
        handled(ack=1, answer=10),
        handled(ack=3, answer=40),  # answered late
        handled(ack=7),  # acknowledged late, never answered and past its deadline
        handled(received=99),  # not yet due: counts in neither share
    ]
    found = figures(items, NOW)
    assert found.count == 4
    assert found.median_days_to_acknowledge == 3
    assert found.median_days_to_respond == 25
    assert found.acknowledged_within == 2 / 3
    assert found.responded_within == 1 / 3
    assert (found.ack_percent, found.response_percent) == (67, 33)


def test_a_duplicate_is_left_out_of_the_response_figures():
    found = figures([handled(ack=1, answer=2), handled(ack=1, duplicate=True)], NOW)
    assert found.responded_within == 1.0 and found.median_days_to_respond == 2
    assert found.acknowledged_within == 1.0


def test_the_deadline_day_itself_is_in_time():
    found = figures([handled(ack=5, answer=30)], NOW)
    assert (found.acknowledged_within, found.responded_within) == (1.0, 1.0)


days = st.one_of(st.none(), st.integers(min_value=0, max_value=90))
items = st.lists(
    st.builds(
        handled,
        ack=days,
        answer=days,
        received=st.integers(min_value=0, max_value=99),
        duplicate=st.booleans(),
        ack_days=st.integers(min_value=1, max_value=30),
        response_days=st.integers(min_value=1, max_value=60),
    ),
    max_size=30,
)


@given(items)
def test_shares_are_within_0_and_1_and_medians_within_the_range(found_items):
    found = figures(found_items, NOW)
    for share in (found.acknowledged_within, found.responded_within):
        assert share is None or 0 <= share <= 1
    acked = [(i.acknowledged_at - i.received_at).days for i in found_items if i.acknowledged_at]
    if acked:
        assert min(acked) <= found.median_days_to_acknowledge <= max(acked)
    else:
        assert found.median_days_to_acknowledge is None


@given(items)
def test_order_does_not_matter(found_items):
    assert figures(found_items, NOW) == figures(list(reversed(found_items)), NOW)


@given(items)
def test_answering_one_more_in_time_never_lowers_the_share(found_items):
    before = figures(found_items, NOW).responded_within
    after = figures([*found_items, handled(ack=0, answer=0, received=0)], NOW).responded_within
    assert after >= (before or 0) or before is None
