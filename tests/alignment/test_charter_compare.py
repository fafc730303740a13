"""Charter versions compared word by word, with the MOU's diff helper (A3); several core values
added in one submission, on the edit page and through the API."""

import pytest
from django.urls import reverse

from accord.alignment.models import CharterValue
from accord.alignment.services.charter import (
    charter_values_add,
    charter_version_create,
    charter_version_move,
    charter_version_update,
)
from accord.core import diff
from accord.leadership import diff as mou_diff
from tests.alignment.test_charter_pages import edit_data

pytestmark = pytest.mark.django_db

VISION = "Every student finds a clear path into civil engineering, from school to a license."


def two_versions(cast):
    first = charter_version_create(partnership=cast.own)
    charter_version_update(
        version=first,
        vision=VISION,
        values=[
            {"id": None, "name": "Students first", "meaning": "We ask students what they need."},
            {"id": None, "name": "Open books", "meaning": "We publish what we spend."},
        ],
        benefits={m.organization_id: "Paid internships." for m in cast.own.memberships.current()},
    )
    charter_version_move(version=first, to_status="open")
    charter_version_move(version=first, to_status="final")
    second = charter_version_create(partnership=cast.own)
    kept = {v.name: v.pk for v in second.values.all()}
    charter_version_update(
        version=second,
        vision=VISION.replace("a clear path", "a clear, paid path"),
        values=[
            {
                "id": kept["Students first"],
                "name": "Students first",
                "meaning": "We ask students what they need, every term.",
            },
            {"id": None, "name": "Share credit", "meaning": "Every partner is named."},
        ],
    )
    return first, second


def test_one_diff_helper_serves_mous_and_charters():
    assert mou_diff.word_diff is diff.word_diff
    assert mou_diff.sections_diff is diff.sections_diff


def test_the_compare_page_shows_each_part_word_by_word(cast, client):
    two_versions(cast)
    client.force_login(cast.users["viewer"])
    url = reverse("alignment:charter-compare", args=[cast.own.pk])
    page = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert '<ins><span class="visually-hidden">added: </span>, paid</ins>' in page
    assert '<ins><span class="visually-hidden">added: </span>, every term</ins>' in page
    assert "Value: Share credit" in page and "Value: Open books" in page
    assert "diff-removed" in page and "diff-added" in page
    # Without a choice, the two newest versions are compared.
    assert ", paid</ins>" in client.get(url).content.decode()
    overview = client.get(reverse("alignment:charter", args=[cast.own.pk])).content.decode()
    assert url in overview


def test_the_api_compares_two_versions(cast, client):
    two_versions(cast)
    client.force_login(cast.users["viewer"])
    base = f"/api/v1/partnerships/{cast.own.pk}/charter/diff"
    body = client.get(base, {"a": 1, "b": 2}).json()
    status = {section["key"]: section["status"] for section in body["sections"]}
    assert status["vision"] == "changed"
    assert status["value-students-first"] == "changed"
    assert status["value-share-credit"] == "added"
    assert status["value-open-books"] == "removed"
    vision = next(s for s in body["sections"] if s["key"] == "vision")
    assert {"kind": "added", "text": ", paid"} in vision["pieces"]
    missing = client.get(base, {"a": 1, "b": 9})
    assert missing.status_code == 422
    assert "no version 9" in missing.content.decode()


def test_the_edit_page_offers_several_new_value_rows_and_saves_them_at_once(cast, client):
    version = charter_version_create(partnership=cast.own)
    client.force_login(cast.users["steward"])
    url = reverse("alignment:charter-edit", args=[cast.own.pk, version.number])
    page = client.get(url).content.decode()
    assert page.count("New value</legend>") == 3
    rows = [
        (None, "Listen first", "We ask before we plan.", False),
        (None, "Share credit", "Every partner is named.", False),
        (None, "Open books", "We publish what we spend.", False),
    ]
    response = client.post(url, edit_data(version, rows) | {"vision": VISION})
    assert response.status_code == 302
    assert list(version.values.values_list("name", flat=True)) == [
        "Listen first",
        "Share credit",
        "Open books",
    ]
    # "More rows" keeps what was typed, adds empty rows, and saves nothing.
    saved = [(v.pk, v.name, v.meaning, False) for v in version.values.all()]
    more = client.post(
        url,
        edit_data(version, [*saved, (None, "Fair pay", "Interns are paid.", False)])
        | {"vision": VISION, "more": "1"},
    ).content.decode()
    assert "Fair pay" in more and more.count("New value</legend>") == 4
    assert not CharterValue.objects.filter(name="Fair pay").exists()


def test_the_api_adds_several_values_in_one_request(cast, client):
    version = charter_version_create(partnership=cast.own)
    charter_values_add(version=version, values=[{"name": "Listen first", "meaning": "We ask."}])
    client.force_login(cast.users["steward"])
    url = f"/api/v1/partnerships/{cast.own.pk}/charter/versions/{version.number}/values"
    sent = {
        "values": [
            {"name": "Share credit", "meaning": "Every partner is named."},
            {"name": "Open books", "meaning": "We publish what we spend."},
        ]
    }
    response = client.post(url, sent, content_type="application/json")
    assert response.status_code == 200, response.content
    assert [v["name"] for v in response.json()["values"]] == [
        "Listen first",
        "Share credit",
        "Open books",
    ]
    # All or none; the error names the value as it was sent.
    again = {"values": [{"name": "Fair pay", "meaning": "Paid."}, *sent["values"][:1]]}
    refused = client.post(url, again, content_type="application/json")
    assert refused.status_code == 422
    assert "values.1.name" in refused.content.decode()
    assert not CharterValue.objects.filter(name="Fair pay").exists()
