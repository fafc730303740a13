"""The demo's resources (M5): every Bridges member pledges, the host included, with contributions,
pledges of each kind, one under-delivered with its time ended; loading again changes nothing."""

import pytest

from accord.measurement import queries_resources as queries
from accord.measurement.demo_resources import seed_resources
from accord.measurement.models import Contribution, Pledge
from accord.partnerships.demo import build_demo

pytestmark = pytest.mark.django_db


def rows():
    return [Pledge.objects.count(), Contribution.objects.count(), Pledge.history.count()]


def test_every_bridges_member_pledges_and_one_is_behind():
    context = build_demo()
    seed_resources(context)
    bridges = context.partnerships["bridges"]
    summary = queries.summary_of(bridges)
    assert summary.currency == "USD"
    assert summary.rows[0].is_host and summary.rows[0].pledged_anything
    assert all(row.pledged_anything for row in summary.rows)
    assert len(summary.rows) == bridges.memberships.current().count()
    assert {p.kind for p in Pledge.objects.filter(partnership=bridges)} == set(Pledge.Kind.values)
    assert Contribution.objects.filter(pledge__partnership=bridges).count() >= 8
    assert summary.ended_short == 1
    before = rows()
    seed_resources(build_demo())
    assert rows() == before
