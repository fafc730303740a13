"""The measures set API (M1, M2), bad input: 422 naming the field with nothing written; a final
version is not edited; a stale dimension is refused with 412; viewers and outsiders."""

import json

import pytest

from accord.measurement.models import Dimension, Indicator, IndicatorTarget, MeasuresVersion

from .helpers import dimension, draft, final

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


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            (
                {"type": "qualitative", "numerator": "", "denominator": "", "baseline_value": None},
                "targets",
                "qualitative indicator has no numeric targets",
            ),
            (
                {"direction": "range", "range_low": "0.9", "range_high": "0.5"},
                "range_low",
                "is above the highest",
            ),
            (
                {"responsible_organization_id": 999999},
                "responsible_organization_id",
                "not a current",
            ),
            ({"type": "tally"}, "type", ""),
            ({"targets": [{"period": "2026", "value": "NaN"}]}, "targets.0.value", ""),
            ({"baseline_date": "1 Sept 2025"}, "baseline_date", "YYYY-MM-DD"),
        ],
    )
    def test_a_bad_indicator_names_the_field_and_writes_nothing(
        self, cast, client, changes, field, words
    ):
        draft(cast, indicators=0)
        client.force_login(cast.users["steward"])
        before = rows()
        address = API.format(cast.own.pk) + "/versions/1/indicators"
        response = call(client, "POST", address, indicator_body(cast, **changes))
        assert response.status_code == 422, response.json()
        errors = field_errors(response)
        assert field in errors, errors
        assert words in errors[field]
        assert rows() == before

    def test_a_final_version_is_not_edited(self, cast, client):
        version = final(cast, draft(cast, indicators=1))
        client.force_login(cast.users["steward"])
        base = API.format(cast.own.pk)
        indicator = version.indicators.get()
        address = base + f"/versions/1/indicators/{indicator.pk}"
        response = call(client, "PATCH", address, {"name": "Renamed"})
        assert response.status_code == 422
        assert "is final and is never edited" in field_errors(response)["status"]
        assert call(client, "DELETE", address).status_code == 422
        response = call(client, "PATCH", base + "/versions/1", {"deliverables": "More"})
        assert response.status_code == 422
        indicator.refresh_from_db()
        assert indicator.name == "Indicator 1"
        assert MeasuresVersion.objects.get(pk=version.pk).deliverables == "A bridge."

    def test_a_category_twice_and_a_stale_revision_of_a_dimension(self, cast, client):
        client.force_login(cast.users["steward"])
        base = API.format(cast.own.pk) + "/dimensions"
        response = call(client, "POST", base, {"name": "Region", "categories": ["South", "south"]})
        assert response.status_code == 422
        assert "listed twice" in field_errors(response)["categories.1"]
        assert not Dimension.objects.exists()
        region = dimension(cast, name="Region", categories=["South", "North"])
        etag = call(client, "GET", f"{base}/{region.pk}").headers["ETag"]
        body = {"categories": ["South", "North", "West"]}
        response = call(client, "POST", f"{base}/{region.pk}/versions", body, **{"If-Match": etag})
        assert response.status_code == 201
        assert [v["number"] for v in response.json()["versions"]] == [2, 1]
        body = {"categories": ["South"]}
        response = call(client, "POST", f"{base}/{region.pk}/versions", body, **{"If-Match": etag})
        assert response.status_code == 412

    def test_a_viewer_and_an_outsider(self, cast, client):
        draft(cast)
        base = API.format(cast.own.pk)
        client.force_login(cast.users["viewer"])
        assert call(client, "GET", base + "/versions/1").status_code == 200
        assert (
            call(client, "POST", base + "/versions/1/indicators", indicator_body(cast)).status_code
            == 403
        )
        client.force_login(cast.users["outsider"])
        assert call(client, "GET", base + "/versions/1").status_code == 404
