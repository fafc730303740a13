"""The trust network API (R6): waves listed, opened and closed; answers submitted and replaced with
If-Match; results with the formulas' values; bad input is 422 naming the field, nothing written."""

import pytest

from accord.relationships.models import TrustResponse
from accord.relationships.services_trust import wave_close
from tests.relationships.trust import (
    API,
    answer,
    api_rating,
    call,
    field_errors,
    wave,
    world,
)

pytestmark = pytest.mark.django_db


def test_a_steward_opens_lists_and_closes_waves(client):
    found = world(3)
    client.force_login(found.steward)
    url = API.format(found.partnership.pk)
    made = call(
        client,
        "POST",
        url,
        {"title": "Spring", "opens_on": "2099-01-01", "closes_on": "2099-01-10"},
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "scheduled" and len(body["organizations"]) == 3
    listed = client.get(url).json()
    assert listed["count"] == 1 and listed["items"][0]["member_count"] == 3
    bad = call(
        client, "POST", url, {"title": "x", "opens_on": "2099-01-10", "closes_on": "2099-01-01"}
    )
    assert bad.status_code == 422 and "closes_on" in field_errors(bad)
    closed = call(client, "POST", f"{url}/{body['id']}/close", HTTP_IF_MATCH='"1"')
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = call(client, "POST", f"{url}/{body['id']}/close", HTTP_IF_MATCH='"2"')
    assert again.status_code == 422 and "wave" in field_errors(again)


def test_a_respondent_submits_and_replaces_an_answer(client):
    found = world(3)
    the_wave = wave(found)
    one, two, three = found.organizations
    client.force_login(found.users[0])
    url = f"{API.format(found.partnership.pk)}/{the_wave.pk}/responses"
    made = call(
        client,
        "POST",
        url,
        {"organization_id": one.pk, "ratings": [api_rating(two, 4), api_rating(three, 2)]},
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert made["ETag"] == '"1"' and len(body["ratings"]) == 2
    twice = call(client, "POST", url, {"organization_id": one.pk, "ratings": [api_rating(two)]})
    assert twice.status_code == 422 and "organization_id" in field_errors(twice)
    one_url = f"{url}/{body['id']}"
    replaced = call(client, "PUT", one_url, {"ratings": [api_rating(two, 1)]}, HTTP_IF_MATCH='"1"')
    assert replaced.status_code == 200 and replaced["ETag"] == '"2"'
    assert [r["reliability"] for r in replaced.json()["ratings"]] == [1]
    stale = call(client, "PUT", one_url, {"ratings": [api_rating(two, 4)]}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert client.get(url).json()["count"] == 1


def test_a_closed_wave_takes_no_answer(client):
    found = world(2)
    the_wave = wave(found)
    response = answer(found, the_wave, 0)
    wave_close(wave=the_wave)
    client.force_login(found.users[0])
    url = f"{API.format(found.partnership.pk)}/{the_wave.pk}/responses"
    new = call(client, "POST", url, {"organization_id": found.organizations[1].pk, "ratings": []})
    assert new.status_code == 422
    put = call(
        client,
        "PUT",
        f"{url}/{response.pk}",
        {"ratings": [api_rating(found.organizations[1], 1)]},
        HTTP_IF_MATCH='"1"',
    )
    assert put.status_code == 422 and "wave" in field_errors(put)
    assert TrustResponse.objects.get().ratings.get().reliability == 3


def test_results_carry_every_figure_and_the_change(client):
    found = world(3)
    first = wave(found, title="First")
    for index in range(3):
        answer(found, first, index, 2)
    wave_close(wave=first)
    second = wave(found, title="Second")
    answer(found, second, 0, 4)
    answer(found, second, 1, 2, only=[0])
    client.force_login(found.users[2])
    body = client.get(f"{API.format(found.partnership.pk)}/{second.pk}/results").json()
    network = body["network"]
    assert network["ties"] == 3 and network["organizations"] == 3
    assert network["trust"] == pytest.approx(10 / 3, abs=1e-4)
    assert network["trust_share"] == pytest.approx(10 / 12, abs=1e-4)
    assert network["density"] == 0.5 and network["reciprocity"] == pytest.approx(2 / 3, abs=1e-4)
    # In-degrees 1, 1, 1: 0; out-degrees 2, 1, 0: (0 + 1 + 2) / 2².
    assert network["centralization_in"] == 0.0 and network["centralization_out"] == 0.75
    assert network["one_sided_pairs"] == 2
    assert set(body["formulas"]) >= {"pair", "dyad", "network", "density", "centralization"}
    pairs = {(p["first_id"], p["second_id"]): p for p in body["pairs"]}
    one, two, _ = (org.pk for org in found.organizations)
    key = (one, two) if (one, two) in pairs else (two, one)
    assert pairs[key]["asymmetry"] == 2.0 and pairs[key]["one_sided"]
    assert all(org["trust_received"] is None for org in body["organizations"])
    change = body["change"]
    assert change["previous_wave_id"] == first.pk
    trust = next(row for row in change["metrics"] if row["key"] == "trust")
    assert trust["before"] == 2.0 and trust["delta"] == pytest.approx(4 / 3, abs=1e-4)
    assert sorted(row["status"] for row in change["pairs"]) == ["kept", "kept", "tie lost"]
