"""The demo's input ledger (R6): twelve inputs over the year in Bridges, one past its deadline,
one published "you said, we did" entry with its response and actions, a consultation; the pages
and the public page show them; loading it again changes nothing."""

import pytest
from django.urls import reverse

from accord.partnerships.demo import build_demo
from accord.relationships import demo, demo_engagements, demo_ledger
from accord.relationships import queries_ledger as queries
from accord.relationships.models import Consultation, Input, InputAction

pytestmark = pytest.mark.django_db


def rows():
    models = (Input, Consultation, InputAction)
    return [m.objects.count() for m in models] + [m.history.count() for m in models]


def test_the_demo_tells_the_story_and_loads_again_unchanged(client):
    context = build_demo()
    demo.seed_demo(context)
    demo_engagements.seed_engagements(context)
    demo_ledger.seed_ledger(context)
    bridges = context.partnerships["bridges"]
    inputs = queries.input_list(bridges)
    assert len(inputs) == 12
    assert [i.subject for i in inputs if i.overdue] == ["Is there help with childcare?"]
    assert Consultation.objects.filter(partnership=bridges).count() == 1
    (entry,) = queries.published_of(bridges)
    assert entry.subject == "Stipends for students who work"
    assert len(entry.actions) == 3 and "$18" in entry.response
    figures = queries.responsiveness_of(bridges).partnership
    assert figures.count == 12 and figures.median_days_to_acknowledge is not None
    # The anonymous inputs name nobody, in their rows and in their history.
    anonymous = Input.objects.filter(partnership=bridges, anonymous=True)
    assert anonymous.count() == 3
    first = Input.history.filter(id__in=anonymous.values("pk"), history_type="+")
    assert first.count() == 3 and not first.exclude(history_user=None).exists()

    steward = context.users.get("vega") or context.people["vega"].user
    client.force_login(steward)
    for url in (
        reverse("relationships:ledger", args=[bridges.pk]),
        reverse("relationships:ledger", args=[bridges.pk]) + "?status=all",
        inputs[0].get_absolute_url(),
        reverse("relationships:ledger-settings", args=[bridges.pk]),
        reverse("relationships:input-add", args=[bridges.pk]),
        reverse("relationships:consultation-add", args=[bridges.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.logout()
    public = client.get(reverse("relationships:you-said-we-did", args=[bridges.pk]))
    assert public.status_code == 200 and b"$18 an" in public.content
    assert client.get(reverse("relationships:public-input", args=[bridges.pk])).status_code == 200

    before = rows()
    demo_ledger.seed_ledger(build_demo())
    assert rows() == before
