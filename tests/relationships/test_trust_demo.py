"""The demo's trust survey (R6): two waves in Bridges, trust between the society and Red Cedar
Tribal College rising between them, one one-sided pair in the later wave; loading it again
changes nothing."""

import pytest

from accord.partnerships.demo import build_demo
from accord.relationships.demo_trust import seed_trust
from accord.relationships.models import TrustWave
from accord.relationships.queries_trust import results_of, surveys_waiting
from tests.relationships.trust import counts

pytestmark = pytest.mark.django_db


def test_the_demo_waves_show_change_and_load_again_unchanged():
    context = build_demo()
    seed_trust(context)
    bridges = context.partnerships["bridges"]
    spring, autumn = TrustWave.objects.filter(partnership=bridges)
    assert (spring.title, autumn.title) == ("Spring wave", "Autumn wave")
    assert spring.status == autumn.status == "closed"
    found = results_of(spring)
    organizations = context.organizations
    (one_sided,) = found.results.one_sided
    assert {one_sided.first, one_sided.second} == {
        organizations["carver"].pk,
        organizations["riobravo"].pk,
    }
    rising = next(
        row
        for row in found.change.dyads
        if {row.first, row.second} == {organizations["scee"].pk, organizations["redcedar"].pk}
    )
    assert rising.before < 2.5 < 3.0 < rising.after
    trust = next(row for row in found.change.metrics if row.key == "trust")
    assert trust.delta > 0
    assert surveys_waiting(context.users["director"]) == []
    before = counts()
    seed_trust(build_demo())
    assert counts() == before
