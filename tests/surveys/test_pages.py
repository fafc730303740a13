"""The Survey pages and API: a steward opens a wave, a person it asked answers on one accessible
form, bad input shows on the form (422 naming the field in the API) with nothing written, and the
results show "fewer than 5 answers" until five people have answered."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.surveys.forms import field_name
from accord.surveys.models import SurveyWave
from tests.surveys.world import answers, counts, items_of, wave, world

pytestmark = pytest.mark.django_db


def form_data(the_wave, value="4") -> dict:
    return {field_name(item.pk): value for item in items_of(the_wave)}


def test_a_steward_opens_a_wave_from_the_page(client):
    found = world(5)
    client.force_login(found.steward.user)
    url = reverse("surveys:wave-create", args=[found.partnership.pk])
    page = client.get(url).content.decode()
    assert "Anonymous answers" in page and 'name="roles"' in page
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "title": "Autumn",
            "opens_on": today,
            "closes_on": today + timedelta(days=7),
            "roles": ["contributor"],
            "anonymous": "on",
        },
    )
    the_wave = SurveyWave.objects.get(title="Autumn")
    assert response.status_code == 302 and response.url == the_wave.get_absolute_url()
    assert the_wave.anonymous and the_wave.invitations.count() == 5


def test_opening_a_wave_without_roles_shows_the_error(client):
    found = world(5)
    client.force_login(found.steward.user)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:wave-create", args=[found.partnership.pk]),
        {"title": "Autumn", "opens_on": today, "closes_on": today},
    )
    assert response.status_code == 200
    assert "Choose at least one role to ask." in response.content.decode()
    assert not SurveyWave.objects.exists()


def test_the_answering_form_has_a_fieldset_per_factor_and_labelled_radios(client):
    found = world(5)
    the_wave = wave(found)
    client.force_login(found.people[0].user)
    page = client.get(reverse("surveys:answer", args=[found.partnership.pk, the_wave.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<fieldset") == 19 + len(items_of(the_wave))  # factors and statements
    assert "<legend" in html and 'type="radio"' in html
    assert "5 · Strongly agree" in html and "Your answer is anonymous." in html


def test_an_answer_from_the_page_then_a_second_one_is_refused(client):
    found = world(5)
    the_wave = wave(found)
    client.force_login(found.people[0].user)
    url = reverse("surveys:answer", args=[found.partnership.pk, the_wave.pk])
    response = client.post(url, form_data(the_wave))
    assert response.status_code == 302
    before = counts()
    again = client.post(url, form_data(the_wave, "1"))
    assert again.status_code == 200
    assert "You answered this wave on" in again.content.decode()
    assert counts() == before


def test_a_value_outside_the_scale_shows_on_the_form_and_writes_nothing(client):
    found = world(5)
    the_wave = wave(found)
    client.force_login(found.people[0].user)
    data = form_data(the_wave)
    first = items_of(the_wave)[0]
    data[field_name(first.pk)] = "7"
    before = counts()
    response = client.post(
        reverse("surveys:answer", args=[found.partnership.pk, the_wave.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved." in html
    assert "from 1 (strongly disagree) to 5 (strongly agree)" in html
    assert counts() == before


def test_results_say_fewer_than_five_answers_until_five_have_answered(client):
    found = world(6)
    the_wave = wave(found)
    client.force_login(found.steward.user)
    from accord.surveys import services

    services.answer_submit(wave=the_wave, person=found.people[0], answers=answers(the_wave))
    html = client.get(the_wave.get_absolute_url()).content.decode()
    assert "Fewer than 5 answers" in html and "Borderline</span>" not in html
    for person in found.people[1:5]:
        services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave, 3))
    html = client.get(the_wave.get_absolute_url()).content.decode()
    assert "3.20" in html and "Borderline</span>" in html


# --- API ----------------------------------------------------------------------------------------
def api(client, method, url, body=None):
    return client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def test_the_api_opens_a_wave_answers_it_and_reads_results(client):
    found = world(5)
    client.force_login(found.steward.user)
    base = f"/api/v1/partnerships/{found.partnership.pk}/survey-waves"
    today = timezone.localdate()
    created = api(
        client,
        "POST",
        base,
        {
            "title": "API wave",
            "opens_on": str(today),
            "closes_on": str(today),
            "roles": ["contributor"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["anonymous"] is True and body["invited_count"] == 5
    item_ids = [i["id"] for c in body["categories"] for f in c["factors"] for i in f["items"]]
    client.force_login(found.people[0].user)
    one = f"{base}/{body['id']}"
    sent = api(
        client,
        "POST",
        one + "/answers",
        {"answers": [{"item_id": i, "value": 4} for i in item_ids]},
    )
    assert sent.status_code == 201 and sent.json() == {
        "wave_id": body["id"],
        "answered": True,
        "anonymous": True,
    }
    again = api(
        client,
        "POST",
        one + "/answers",
        {"answers": [{"item_id": i, "value": 4} for i in item_ids]},
    )
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "invitation"
    results = api(client, "GET", one + "/results").json()
    assert results["respondents"] == 1 and results["factors"][0]["total"]["hidden"] == "fewer"
    assert results["factors"][0]["total"]["score"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: a.__setitem__(0, {**a[0], "value": 6}), "answers.0.value"),
        (lambda a: a.__setitem__(0, {**a[0], "value": 0}), "answers.0.value"),
        (lambda a: a.append({"item_id": 10**9, "value": 3}), "answers.{last}.item_id"),
    ],
)
def test_the_api_refuses_bad_answers_naming_the_field(client, change, field):
    found = world(5)
    the_wave = wave(found)
    client.force_login(found.people[0].user)
    given = answers(the_wave)
    change(given)
    before = counts()
    url = f"/api/v1/partnerships/{found.partnership.pk}/survey-waves/{the_wave.pk}/answers"
    response = api(client, "POST", url, {"answers": given})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert any(f.endswith(field.format(last=len(given) - 1)) for f in fields), fields
    assert counts() == before


def test_the_api_refuses_an_answer_to_a_closed_wave(client):
    found = world(5)
    the_wave = wave(found)
    SurveyWave.objects.filter(pk=the_wave.pk).update(closed_at=timezone.now())
    client.force_login(found.people[0].user)
    url = f"/api/v1/partnerships/{found.partnership.pk}/survey-waves/{the_wave.pk}/answers"
    response = api(client, "POST", url, {"answers": answers(the_wave)})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "wave"


def test_the_invitation_link_is_single_use(client):
    found = world(5)
    the_wave = wave(found)
    person = found.people[0]
    token = the_wave.invitations.get(person=person).token
    client.force_login(person.user)
    link = reverse("surveys:invitation", args=[token])
    assert client.get(link).url == reverse(
        "surveys:answer", args=[found.partnership.pk, the_wave.pk]
    )
    from accord.surveys import services

    services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave))
    assert client.get(link).status_code == 404
