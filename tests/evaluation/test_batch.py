"""The criteria computed for many partnerships at once (a batch, batch.py) say for each what they
say for it alone, in a number of queries that does not grow with the number of partnerships; a
change is reflected in one partnership's recompute of a fixed number of queries."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.evaluation import services
from accord.evaluation.criteria import compute_all, compute_many
from accord.evaluation.models import ScorecardSnapshot
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db
SCALE = 8


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The scale generator's partnerships (members, roles, bodies with seats and meetings,
    engagements, input, measures, periods and submissions), as the bench seeds them; rolled
    back after the module. (test_demo.py compares batch and alone on the demo's records.)"""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed", "--scale", str(SCALE), stdout=StringIO())
            yield list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def queries(function, *args, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args, **kwargs)
    return len(captured)


def test_seed_scale_ends_with_every_scorecard_computed(world):
    latest = ScorecardSnapshot.objects.filter(latest=True)
    assert sorted(latest.values_list("partnership_id", flat=True)) == world
    assert latest.exclude(pillars={}).count() == SCALE


def test_a_batch_says_what_each_partnership_says_alone(world):
    now = timezone.now()
    alone = {pk: compute_all(Partnership.objects.get(pk=pk), now) for pk in world}
    assert compute_many(world, now) == alone
    # In chunks of any size, and from the partnerships as from their ids.
    halves = compute_many(world[::2], now) | compute_many(
        list(Partnership.objects.filter(pk__in=world[1::2])), now
    )
    assert halves == alone
    statuses = {r["status"] for results in alone.values() for r in results.values()}
    assert {"good", "act", "not_yet"} <= statuses


def test_the_queries_do_not_grow_with_the_partnerships(world):
    few, many = queries(compute_many, world[:3]), queries(compute_many, world)
    assert few == many
    assert few == 17  # one query per kind of record, four more for the bodies' seats


def test_recomputing_all_stores_in_a_fixed_number_of_queries(world):
    ScorecardSnapshot.objects.all().delete()
    first = queries(services.scorecard_recompute_all, partnership_ids=world[:3])
    ScorecardSnapshot.objects.all().delete()
    assert queries(services.scorecard_recompute_all, partnership_ids=world) == first
    assert ScorecardSnapshot.objects.filter(latest=True).count() == len(world)
    # Later, time alone moves some scorecards: those get a new latest snapshot, in bulk.
    later = timezone.now() + timedelta(days=400)
    computed, changed = services.scorecard_recompute_all(now=later)
    assert computed == len(world) and 0 < changed <= len(world)
    assert ScorecardSnapshot.objects.filter(latest=True).count() == len(world)
    assert ScorecardSnapshot.objects.count() == len(world) + changed
    # Nothing changed since: nothing is kept.
    assert services.scorecard_recompute_all(now=later) == (len(world), 0)


def test_one_change_is_one_partnership_s_recompute(world):
    services.scorecard_run(partnership_id=world[0])
    # The pending mark cleared, one query per kind of record, the latest read under lock (and
    # two more with a transaction's savepoint).
    assert queries(services.scorecard_run, partnership_id=world[0]) <= 22
    assert not services.scorecard_run(partnership_id=max(world) + 1)  # gone: nothing kept
