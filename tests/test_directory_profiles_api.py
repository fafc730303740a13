"""The API of values profiles (A1) and culture profiles (A4): shapes, rules, errors, access."""

import json

import pytest

from accord.api import api
from accord.directory import services
from accord.directory.models import CultureProfile, Organization, OrganizationPractice

pytestmark = pytest.mark.django_db
ORGANIZATIONS = "/api/v1/organizations"


def call(client, method, url, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def values_url(organization) -> str:
    return f"{ORGANIZATIONS}/{organization.pk}/values-profile"


def culture_url(organization) -> str:
    return f"{ORGANIZATIONS}/{organization.pk}/culture-profile"


def written():
    return (
        Organization.history.count(),
        OrganizationPractice.history.count(),
        CultureProfile.objects.count(),
        CultureProfile.history.count(),
    )


PROFILE = {
    "values": [" Respect ", "respect", "Courage"],
    "practices": [
        {"practice": "equity_statement", "evidence_url": "https://partner.example.edu/equity"},
        {"practice": "accessible_events", "note": "Captions and step-free rooms."},
    ],
}


# --- Values profile (A1) ------------------------------------------------------------------------
class TestValuesProfile:
    def test_everyone_signed_in_reads_it(self, cast, client):
        services.organization_values_update(
            organization=cast.host, values=["Respect"], practices=PROFILE["practices"][:1]
        )
        client.force_login(cast.users["outsider"])
        body = client.get(values_url(cast.host)).json()
        assert body["organization_id"] == cast.host.pk
        assert body["values"] == ["Respect"]
        (practice,) = body["practices"]
        assert practice["practice"] == "equity_statement"
        assert practice["label"] == "Published equity statement"
        assert practice["evidence_url"] == "https://partner.example.edu/equity"
        assert set(body) >= {"mission", "vision", "values_statement", "jedi_practices"}

    def test_a_person_of_the_organization_replaces_it(self, cast, client):
        services.organization_values_update(
            organization=cast.partner,
            practices=[{"practice": "pay_equity", "evidence_url": "", "note": ""}],
        )
        client.force_login(cast.users["outsider"])
        response = call(client, "PUT", values_url(cast.partner), {**PROFILE, "mission": "New."})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["values"] == ["Respect", "Courage"] and body["mission"] == "New."
        assert [p["practice"] for p in body["practices"]] == [
            "equity_statement",
            "accessible_events",
        ]
        assert not cast.partner.practices.filter(practice="pay_equity").exists()

    def test_texts_not_sent_stay_as_they_are(self, cast, client):
        services.organization_update(organization=cast.host, mission="Keep me.")
        client.force_login(cast.users["steward"])
        body = call(client, "PUT", values_url(cast.host), PROFILE).json()
        assert body["mission"] == "Keep me."

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"values": [f"V{n}" for n in range(31)]}, "values", "at most 30 values"),
            ({"values": ["v" * 201]}, "values", "at most 200 characters"),
            ({"values": ["bad\u0000value"]}, "values.0", "pattern"),
            (
                {"practices": [{"practice": "equity_statement", "evidence_url": "not a url"}]},
                "practices.0.evidence_url",
                "valid URL",
            ),
            (
                {"practices": [{"practice": "astrology"}]},
                "practices.0.practice",
                "Input should be",
            ),
            (
                {"practices": [{"practice": "pay_equity"}, {"practice": "pay_equity"}]},
                "practices.1.practice",
                "listed twice",
            ),
            ({"values": None}, "values", "valid list"),
            ({"mission": "a\u0000b"}, "mission", "pattern"),
        ],
    )
    def test_bad_input_is_422_naming_the_field_and_writes_nothing(
        self, cast, client, change, field, message
    ):
        client.force_login(cast.users["admin"])
        before = written()
        response = call(client, "PUT", values_url(cast.host), {**PROFILE, **change})
        assert response.status_code == 422, response.content
        errors = field_errors(response)
        assert field in errors and message in errors[field], errors
        assert written() == before
        cast.host.refresh_from_db()
        assert cast.host.values == []

    def test_practices_are_required(self, cast, client):
        client.force_login(cast.users["admin"])
        response = call(client, "PUT", values_url(cast.host), {"values": []})
        assert response.status_code == 422 and "practices" in field_errors(response)

    @pytest.mark.parametrize("actor", ["viewer", "project_director", "outsider"])
    def test_others_get_403(self, cast, client, actor):
        client.force_login(cast.users[actor])
        before = written()
        response = call(client, "PUT", values_url(cast.host), PROFILE)
        assert response.status_code == 403
        assert "values profile" in response.json()["detail"]
        assert written() == before

    def test_unknown_organization_404_and_anonymous_401(self, cast, client):
        assert client.get(values_url(cast.host)).status_code == 401
        client.force_login(cast.users["admin"])
        assert client.get(f"{ORGANIZATIONS}/999999/values-profile").status_code == 404
        assert call(
            client, "PUT", f"{ORGANIZATIONS}/999999/values-profile", PROFILE
        ).status_code == (404)


class TestValuesOnOrganizations:
    def test_create_patch_and_read_values(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            ORGANIZATIONS,
            {"name": "Valued", "subtype": "nonprofit", "values": ["Care", " care "]},
        )
        assert response.status_code == 201 and response.json()["values"] == ["Care"]
        pk = response.json()["id"]
        response = call(client, "PATCH", f"{ORGANIZATIONS}/{pk}", {"values": ["Care", "Rigour"]})
        assert response.json()["values"] == ["Care", "Rigour"]
        listed = client.get(ORGANIZATIONS, {"q": "Valued"}).json()["items"][0]
        assert listed["values"] == ["Care", "Rigour"]

    def test_patch_refuses_too_many_values(self, cast, client):
        client.force_login(cast.users["steward"])
        before = written()
        response = call(
            client, "PATCH", f"{ORGANIZATIONS}/{cast.host.pk}", {"values": ["x"] * 10 + ["y" * 201]}
        )
        assert response.status_code == 422 and "values" in field_errors(response)
        assert written() == before


# --- Culture profile (A4) -----------------------------------------------------------------------
CULTURE = {
    "decision_making": "Consensus of the council.",
    "languages": ["English", " Lakota ", "english"],
    "time_zone": "America/Chicago",
    "working_hours_start": "08:00",
    "working_hours_end": "15:00",
    "accessibility_needs": "Send materials ahead of time.",
}


class TestCultureProfile:
    def test_not_filled_in_yet(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(culture_url(cast.host)).json()
        assert body["filled_in"] is False and body["languages"] == []
        assert body["working_hours_start"] is None and body["updated_at"] is None

    def test_a_person_of_the_organization_without_a_role_fills_in_their_own(self, cast, client):
        client.force_login(cast.users["outsider"])
        response = call(client, "PUT", culture_url(cast.partner), CULTURE)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["filled_in"] is True
        assert body["languages"] == ["English", "Lakota"]
        assert (body["working_hours_start"], body["working_hours_end"]) == ("08:00:00", "15:00:00")
        assert client.get(culture_url(cast.partner)).json() == body

    def test_fields_left_out_are_cleared(self, cast, client):
        client.force_login(cast.users["steward"])
        call(client, "PUT", culture_url(cast.host), CULTURE)
        body = call(client, "PUT", culture_url(cast.host), {"notes": "Only this."}).json()
        assert body["languages"] == [] and body["time_zone"] == "" and body["notes"] == "Only this."
        assert body["working_days"] == ["monday", "tuesday", "wednesday", "thursday", "friday"]

    def test_working_days_and_an_alias_stored_as_the_canonical_time_zone(self, cast, client):
        client.force_login(cast.users["steward"])
        assert client.get(culture_url(cast.host)).json()["working_days"] == [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
        ]
        change = {"time_zone": "Asia/Calcutta", "working_days": ["sunday", "monday", "sunday"]}
        body = call(client, "PUT", culture_url(cast.host), CULTURE | change).json()
        assert body["time_zone"] == "Asia/Kolkata"
        assert body["working_days"] == ["monday", "sunday"]

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "not a time zone Accord knows"),
            ({"working_hours_end": "07:00"}, "working_hours_end", "must end after they start"),
            ({"working_hours_end": None}, "working_hours_end", "Give the end of working hours"),
            ({"working_hours_start": None}, "working_hours_start", "Give the start of working"),
            ({"working_hours_start": "25:00"}, "working_hours_start", "time"),
            ({"working_hours_start": "08:00+02:00"}, "working_hours_start", "without an offset"),
            ({"languages": [f"L{n}" for n in range(31)]}, "languages", "at most 30 languages"),
            ({"working_days": []}, "working_days", "at least 1 item"),
            ({"working_days": ["someday"]}, "working_days.0", "Input should be"),
            ({"notes": "a\u0000b"}, "notes", "pattern"),
            ({"unknown": "field"}, None, None),
        ],
    )
    def test_bad_input_is_422_naming_the_field_and_writes_nothing(
        self, cast, client, change, field, message
    ):
        client.force_login(cast.users["steward"])
        before = written()
        response = call(client, "PUT", culture_url(cast.host), {**CULTURE, **change})
        if field is None:  # unknown fields are ignored, like everywhere in the API
            assert response.status_code == 200
            return
        assert response.status_code == 422, response.content
        errors = field_errors(response)
        assert field in errors and message in errors[field], errors
        assert written() == before

    def test_404_for_those_who_may_not_see_it_403_for_partners_who_may_not_change_it(
        self, cast, client
    ):
        client.force_login(cast.users["outsider"])
        assert client.get(culture_url(cast.host)).status_code == 404
        assert call(client, "PUT", culture_url(cast.host), CULTURE).status_code == 404
        client.force_login(cast.users["leader"])
        assert client.get(culture_url(cast.host)).status_code == 200
        response = call(client, "PUT", culture_url(cast.host), CULTURE)
        assert response.status_code == 403 and "culture profile" in response.json()["detail"]
        assert written()[2:] == (0, 0)

    def test_anonymous_401(self, cast, client):
        assert client.get(culture_url(cast.host)).status_code == 401


def test_openapi_documents_the_profiles_with_their_errors():
    paths = api.get_openapi_schema()["paths"]
    for path, method, codes in (
        ("/api/v1/organizations/{organization_id}/values-profile", "get", {"200", "401", "404"}),
        ("/api/v1/organizations/{organization_id}/values-profile", "put", {"403", "422"}),
        ("/api/v1/organizations/{organization_id}/culture-profile", "get", {"200", "404"}),
        ("/api/v1/organizations/{organization_id}/culture-profile", "put", {"403", "404", "422"}),
    ):
        assert codes <= {str(c) for c in paths[path][method]["responses"]}, (path, method)
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "equity_statement" in schemas["JediPracticeCode"]["enum"]
