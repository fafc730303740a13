"""The measures set API (M1, M2): a steward drafts through the API, members comment and endorse;
strict input; If-Match on updates (412 when stale); bad input answers 422 naming the field with
nothing written; a plausible range is proposed from past values."""

import json

import pytest

from accord.measurement.models import Dimension, Indicator, IndicatorTarget

from .helpers import agree, draft, host_leader

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships/{}/measures"


def call(client, method, address, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json", headers=headers)


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def indicator_body(cast, **changes) -> dict:
    body = {
        "name": "Students continuing in engineering",
        "definition": "Bridge students in an engineering major a year later, over all of them.",
        "type": "ratio",
        "numerator": "Bridge students in engineering a year later",
        "denominator": "Bridge students of that year",
        "kind": "better_off",
        "direction": "up",
        "baseline_value": "0.61",
        "baseline_date": "2025-09-01",
        "responsible_organization_id": cast.partner.pk,
        "targets": [{"period": "2026", "value": "0.65"}],
    }
    return body | changes


def rows():
    return (Indicator.objects.count(), IndicatorTarget.objects.count(), Dimension.objects.count())


class TestDrafting:
    def test_a_steward_drafts_and_moves_a_version(self, cast, client):
        base = API.format(cast.own.pk)
        client.force_login(cast.users["steward"])
        response = call(client, "POST", base + "/versions")
        assert response.status_code == 201
        assert response.json()["number"] == 1 and response.json()["status"] == "draft"
        response = call(client, "POST", base + "/versions/1/indicators", indicator_body(cast))
        assert response.status_code == 201, response.json()
        made = response.json()
        assert made["kind"] == "better_off"
        assert [t["period"] for t in made["targets"]] == ["2026"]
        assert made["targets"][0]["value"] in ("0.65", "0.6500")
        etag = response.headers["ETag"]
        address = base + f"/versions/1/indicators/{made['id']}"
        response = call(client, "PATCH", address, {"unit": "share"}, **{"If-Match": etag})
        assert response.status_code == 200 and response.json()["unit"] == "share"
        response = call(client, "PATCH", address, {"unit": "ratio"}, **{"If-Match": etag})
        assert response.status_code == 412
        version = call(client, "GET", base + "/versions/1")
        response = call(
            client,
            "PATCH",
            base + "/versions/1",
            {"expectations": "Report quarterly."},
            **{"If-Match": version.headers["ETag"]},
        )
        assert response.status_code == 200
        assert response.json()["expectations"] == "Report quarterly."
        response = call(client, "POST", base + "/versions/1/status", {"to": "final"})
        assert response.status_code == 422
        assert "must be open for comment" in field_errors(response)["to"]
        assert call(client, "POST", base + "/versions/1/status", {"to": "open"}).status_code == 200

    def test_members_comment_and_endorse_until_agreed(self, cast, client):
        base = API.format(cast.own.pk)
        version = draft(cast)
        from accord.measurement.services import measures_version_move

        measures_version_move(version=version, to_status="open")
        client.force_login(cast.users["contributor"])
        response = call(client, "POST", base + "/versions/1/comments", {"text": "Fine."})
        assert response.status_code == 201
        measures_version_move(version=version, to_status="final")
        client.force_login(cast.users["leader"])
        assert call(client, "POST", base + "/versions/1/endorsements", {}).status_code == 201
        response = call(client, "POST", base + "/versions/1/endorsements", {})
        assert response.status_code == 422
        client.force_login(host_leader(cast).user)
        assert call(client, "POST", base + "/versions/1/endorsements", {}).status_code == 201
        status = call(client, "GET", base).json()
        assert status["agreed"] is True and status["endorsed_count"] == 2

    def test_the_diff_between_two_versions(self, cast, client):
        agree(cast, draft(cast))
        client.force_login(cast.users["steward"])
        base = API.format(cast.own.pk)
        assert call(client, "POST", base + "/versions").status_code == 201
        response = call(client, "GET", base + "/diff?a=1&b=2")
        assert response.status_code == 200
        assert {s["status"] for s in response.json()["sections"]} == {"same"}
        response = call(client, "GET", base + "/diff?a=1&b=9")
        assert response.status_code == 422
        assert field_errors(response)["b"] == "The measures set has no version 9."


def test_a_plausible_range_is_proposed(cast, client):
    client.force_login(cast.users["viewer"])
    address = API.format(cast.own.pk) + "/plausible-range"
    response = call(client, "POST", address, {"values": ["10", "12", "14"]})
    assert response.status_code == 200
    assert response.json()["low"] == "8.0000" and response.json()["high"] == "16.0000"
    response = call(client, "POST", address, {"values": ["10"]})
    assert response.status_code == 422 and "values" in field_errors(response)
