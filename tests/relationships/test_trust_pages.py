"""The Trust network section's pages (R6): the waves, a respondent's answer through the form with
its errors, the results with every formula, the graph and the table that says the same; each page
and API list costs the same number of queries at two sizes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.forms import REVISION_FIELD
from accord.relationships.models import TrustResponse
from accord.relationships.models_trust import RATING_FIELDS
from tests.relationships.trust import answer, counts, found_organization, wave, world

pytestmark = pytest.mark.django_db


def form_data(others, value=3, **changes):
    data = {f"o{org.pk}_{name}": str(value) for org in others for name in RATING_FIELDS}
    return {**data, **changes}


def test_a_steward_opens_a_wave_from_the_section(client):
    found = world(3)
    client.force_login(found.steward)
    page = client.get(reverse("relationships:trust", args=[found.partnership.pk]))
    assert page.status_code == 200 and b"Open the wave" in page.content
    url = reverse("relationships:trust-wave-create", args=[found.partnership.pk])
    bad = client.post(url, {"title": "Spring", "opens_on": "2099-05-10", "closes_on": "2099-05-01"})
    assert bad.status_code == 200 and "closes before it opens" in bad.content.decode()
    assert counts()[0] == 0
    made = client.post(
        url, {"title": "Spring", "opens_on": "2099-01-01", "closes_on": "2099-01-20"}
    )
    assert made.status_code == 302 and counts()[:2] == (1, 3)


def test_a_respondent_answers_and_changes_the_answer(client):
    found = world(3)
    the_wave = wave(found)
    client.force_login(found.users[0])
    detail = client.get(the_wave.get_absolute_url()).content.decode()
    url = reverse(
        "relationships:trust-respond",
        args=[found.partnership.pk, the_wave.pk, found.organizations[0].pk],
    )
    assert url in detail and "Answer for" in detail
    others = found.organizations[1:]
    page = client.get(url)
    assert page.status_code == 200 and others[0].name in page.content.decode()
    saved = client.post(url, form_data(others, 4))
    assert saved.status_code == 302
    response = TrustResponse.objects.get()
    assert response.ratings.count() == 2 and response.respondent == found.people[0]
    # Changing it: the form carries the revision it was read at, and starts from the answer.
    page = client.get(url).content.decode()
    assert re.search(
        rf'name="o{others[0].pk}_reliability"[^>]*>.*?<option value="4" selected>', page, re.S
    )
    assert (
        f'name="{REVISION_FIELD}" value="1"' in page
        and "Change" in client.get(the_wave.get_absolute_url()).content.decode()
    )
    changed = client.post(url, {**form_data(others[:1], 2), REVISION_FIELD: "1"})
    assert changed.status_code == 302
    assert list(response.ratings.values_list("reliability", flat=True)) == [2]
    stale = client.post(url, {**form_data(others, 1), REVISION_FIELD: "1"})
    assert stale.status_code == 200 and "Your input is kept below" in stale.content.decode()
    assert list(response.ratings.values_list("reliability", flat=True)) == [2]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reliability": "5"}, "Rate reliability of"),
        ({"intensity": "0"}, "Rate intensity of the relationship of"),
        ({"mission": ""}, "too, or leave all of"),
    ],
)
def test_bad_ratings_in_the_form_name_the_field(client, change, message):
    found = world(3)
    the_wave = wave(found)
    client.force_login(found.users[0])
    url = reverse(
        "relationships:trust-respond",
        args=[found.partnership.pk, the_wave.pk, found.organizations[0].pk],
    )
    other = found.organizations[1]
    data = form_data(found.organizations[1:])
    for name, value in change.items():
        data[f"o{other.pk}_{name}"] = value
    page = client.post(url, data)
    content = page.content.decode()
    assert page.status_code == 200 and message in content and other.name in content
    assert re.search(rf'id="id_o{other.pk}_{next(iter(change))}_error"', content)
    assert TrustResponse.objects.count() == 0


def test_an_empty_answer_and_another_organization_are_refused(client):
    found = world(3)
    the_wave = wave(found)
    client.force_login(found.users[0])
    own = reverse(
        "relationships:trust-respond",
        args=[found.partnership.pk, the_wave.pk, found.organizations[0].pk],
    )
    assert "Rate at least one" in client.post(own, {}).content.decode()
    other = reverse(
        "relationships:trust-respond",
        args=[found.partnership.pk, the_wave.pk, found.organizations[1].pk],
    )
    others = [found.organizations[0], found.organizations[2]]
    refused = client.post(other, form_data(others))
    assert refused.status_code == 200
    assert "You do not answer for" in refused.content.decode()
    assert TrustResponse.objects.count() == 0


def test_the_results_show_each_formula_the_graph_and_its_table(client):
    found = world(4)
    first = wave(found, title="First wave")
    for index in range(4):
        answer(found, first, index, 2)
    from accord.relationships.services_trust import wave_close

    wave_close(wave=first)
    second = wave(found, title="Second wave")
    for index in range(3):
        answer(found, second, index, 3)
    answer(found, second, 3, 3, only=[0])
    client.force_login(found.steward)
    content = client.get(second.get_absolute_url()).content.decode()
    for text in (
        "(reliability + support of the shared mission + openness to discussion) ÷ 3",
        "share of the maximum = mean ÷ 4",
        "ties ÷ (n \u00d7 (n \u2212 1))",
        "\u03a3(max \u2212 c\u1d62) ÷ (n \u2212 1)\u00b2",
        "|T(A→B) \u2212 T(B→A)| is 1.0 or more",
        "fewer than three",
        "Change since “First wave”",
        "+1.00",
    ):
        assert text in content, text
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="trust-graph-title trust-graph-desc"' in svg
    assert "<title" in svg and "<desc" in svg
    # Six pairs: the one rated from one side only is dashed with an arrow, the rest solid.
    assert svg.count("<line") == 6 and svg.count("stroke-dasharray") == 2
    assert svg.count('marker-end="url(#trust-arrow)"') == 2
    table = content[content.index('id="pairs-heading"') :]
    assert table.count("dashed, one-sided") == 2 and table.count("solid, recipro") == 4
    for organization in found.organizations:
        assert organization.name in svg and organization.name in table


def test_pages_and_api_cost_the_same_at_two_sizes(client):
    found = world(2)
    first = wave(found, title="First")
    api = f"/api/v1/partnerships/{found.partnership.pk}/trust-waves"
    sizes = []
    for n in (3, 8):
        while len(found.organizations) < n:
            found_organization(found)
        the_wave = wave(found, title=f"Wave {n}")
        for index in range(n - 1):
            answer(found, the_wave, index)
        if n == 3:
            answer(found, first, 0, only=[1])
        client.force_login(found.users[-1])
        urls = [
            reverse("relationships:trust", args=[found.partnership.pk]),
            the_wave.get_absolute_url(),
            reverse(
                "relationships:trust-respond",
                args=[found.partnership.pk, the_wave.pk, found.organizations[-1].pk],
            ),
            api,
            f"{api}/{the_wave.pk}",
            f"{api}/{the_wave.pk}/responses",
            f"{api}/{the_wave.pk}/results",
            reverse("core:home"),
        ]
        counted = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            counted.append(len(queries))
        sizes.append(counted)
    assert sizes[0] == sizes[1], sizes
