"""The rubrics API (A1): reads for everyone signed in, writes for administrators, 422 shape."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.alignment.models import Criterion, Rubric
from accord.alignment.queries.rubrics import default_rubric
from accord.api import api
from tests.matrix.alignment_assessments import start
from tests.matrix.alignment_rubrics import criterion_values, make_rubric

pytestmark = pytest.mark.django_db
API = "/api/v1/rubrics"


def counts():
    return Rubric.objects.count(), Criterion.objects.count(), Rubric.history.count()


def call(client, method, url, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


class TestRead:
    def test_list_for_everyone_signed_in(self, cast, client):
        client.force_login(cast.users["outsider"])
        body = client.get(API).json()
        assert body["count"] == 1
        item = body["items"][0]
        assert (item["name"], item["is_default"], item["in_use"], item["criteria_count"]) == (
            "Accord default alignment rubric",
            True,
            False,
            7,
        )

    def test_anonymous_is_401(self, client):
        assert client.get(API).status_code == 401

    def test_detail_has_every_criterion_with_its_levels(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(f"{API}/{default_rubric().pk}").json()
        first = body["criteria"][0]
        assert (first["name"], first["weight"], first["position"]) == ("Mission fit", 2.0, 1)
        assert all(first[f"level_{n}"] for n in range(1, 6))
        assert len(body["criteria"]) == 7

    def test_archived_only_when_asked(self, cast, client):
        rubric = make_rubric()
        client.force_login(cast.users["admin"])
        call(client, "POST", f"{API}/{rubric.pk}/archive")
        assert client.get(API).json()["count"] == 1
        assert client.get(API, {"include_archived": "true"}).json()["count"] == 2

    def test_missing_rubric_and_criterion_are_404(self, cast, client):
        client.force_login(cast.users["admin"])
        assert client.get(f"{API}/999999").status_code == 404
        other = make_rubric(criteria=1).criteria.get()
        # A criterion of another rubric is not found under this one.
        response = client.get(f"{API}/{default_rubric().pk}/criteria/{other.pk}")
        assert response.status_code == 404 and response.json()["detail"] == "Not found."

    @pytest.mark.parametrize("url", [API, f"{API}/{{rubric}}/criteria"])
    def test_query_budget_is_the_same_for_5_and_50(self, cast, client, url):
        client.force_login(cast.users["viewer"])
        rubric = make_rubric(criteria=5)
        url = url.replace("{rubric}", str(rubric.pk))

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, {"page_size": 100}).status_code == 200
            return len(captured)

        for _ in range(4):
            make_rubric(criteria=2)
        five = queries()
        for n in range(45):
            make_rubric(criteria=2)
            Criterion.objects.create(
                rubric=rubric, position=10 + n, **criterion_values(f"Extra {n}")
            )
        assert queries() == five


class TestWrite:
    def test_create_with_criteria(self, cast, client):
        client.force_login(cast.users["admin"])
        response = call(
            client,
            "POST",
            API,
            {
                "name": "  Short rubric ",
                "is_default": True,
                "criteria": [criterion_values("Trust", "1.5"), criterion_values("Reach")],
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["name"], body["is_default"], body["criteria_count"]) == (
            "Short rubric",
            True,
            2,
        )
        assert [c["weight"] for c in body["criteria"]] == [1.5, 1.0]
        assert default_rubric().name == "Short rubric"

    @pytest.mark.parametrize(
        ("criterion", "field"),
        [
            ({"weight": 0}, "criteria.0.weight"),
            ({"weight": -1}, "criteria.0.weight"),
            ({"weight": "x"}, "criteria.0.weight"),
            ({"weight": "NaN"}, "criteria.0.weight"),
            ({"level_2": ""}, "criteria.0.level_2"),
            ({"level_5": None}, "criteria.0.level_5"),
            ({"name": "x" * 201}, "criteria.0.name"),
        ],
    )
    def test_bad_criterion_is_422_naming_the_field_and_writes_nothing(
        self, cast, client, criterion, field
    ):
        client.force_login(cast.users["admin"])
        before = counts()
        body = {"name": "Bad rubric", "criteria": [{**criterion_values(), **criterion}]}
        response = call(client, "POST", API, body)
        assert response.status_code == 422
        assert field in field_errors(response), field_errors(response)
        assert counts() == before

    def test_weight_zero_message_says_why(self, cast, client):
        client.force_login(cast.users["admin"])
        rubric = make_rubric()
        response = call(client, "POST", f"{API}/{rubric.pk}/criteria", criterion_values("New", "0"))
        assert field_errors(response) == {"weight": "The weight must be positive."}

    def test_patch_name_and_make_default(self, cast, client):
        rubric = make_rubric()
        client.force_login(cast.users["admin"])
        response = call(client, "PATCH", f"{API}/{rubric.pk}", {"name": "New name"})
        assert response.json()["name"] == "New name" and not response.json()["is_default"]
        response = call(client, "PATCH", f"{API}/{rubric.pk}", {"is_default": True})
        assert response.json()["is_default"] is True
        response = call(client, "PATCH", f"{API}/{rubric.pk}", {"is_default": False})
        assert response.status_code == 422 and "is_default" in field_errors(response)

    def test_refused_default_leaves_the_name_unchanged(self, cast, client):
        rubric = make_rubric("Kept name")
        client.force_login(cast.users["admin"])
        call(client, "POST", f"{API}/{rubric.pk}/archive")
        response = call(
            client, "PATCH", f"{API}/{rubric.pk}", {"name": "Changed", "is_default": True}
        )
        assert response.status_code == 422
        rubric.refresh_from_db()
        assert rubric.name == "Kept name"

    def test_archive_of_the_default_is_422(self, cast, client):
        client.force_login(cast.users["admin"])
        response = call(client, "POST", f"{API}/{default_rubric().pk}/archive")
        assert response.status_code == 422 and "is_default" in field_errors(response)

    def test_criteria_are_locked_once_used_and_copy_is_the_way(self, cast, client):
        start(cast, "own")
        rubric = default_rubric()
        criterion = rubric.criteria.first()
        client.force_login(cast.users["admin"])
        before = counts()
        for method, url, body in (
            ("POST", f"{API}/{rubric.pk}/criteria", criterion_values("Late")),
            ("PATCH", f"{API}/{rubric.pk}/criteria/{criterion.pk}", {"weight": 9}),
            ("DELETE", f"{API}/{rubric.pk}/criteria/{criterion.pk}", None),
        ):
            response = call(client, method, url, body)
            assert response.status_code == 422
            assert "Copy the rubric" in field_errors(response)["__all__"]
        assert counts() == before
        response = call(client, "POST", f"{API}/{rubric.pk}/copy", {"name": "Revised"})
        assert response.status_code == 201 and response.json()["criteria_count"] == 7
        assert response.json()["in_use"] is False

    def test_criterion_patch_and_delete(self, cast, client):
        rubric = make_rubric(criteria=2)
        criterion = rubric.criteria.first()
        client.force_login(cast.users["admin"])
        url = f"{API}/{rubric.pk}/criteria/{criterion.pk}"
        response = call(client, "PATCH", url, {"weight": "2.25", "name": "Renamed"})
        assert (response.json()["weight"], response.json()["name"]) == (2.25, "Renamed")
        assert call(client, "PATCH", url, {"weight": 0}).status_code == 422
        assert call(client, "DELETE", url).status_code == 204
        assert call(client, "DELETE", url).status_code == 404
        assert rubric.criteria.count() == 1

    def test_non_admin_is_403_and_writes_nothing(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", API, {"name": "Mine"})
        assert response.status_code == 403
        assert response.json()["detail"] == "Only platform administrators may change rubrics."
        assert counts() == before

    def test_every_operation_declares_its_errors(self):
        paths = api.get_openapi_schema()["paths"]
        for path, operations in paths.items():
            if not path.startswith(API):
                continue
            for method, operation in operations.items():
                declared = {str(code) for code in operation["responses"]}
                assert {"401", "404", "422"} <= declared, f"{method} {path}: {declared}"
                if method != "get" or "{" in path:
                    assert "403" in declared, f"{method} {path}"
