"""Drill (issue 11, item 7): every way the API can fail answers the one JSON error shape, from
input refused to a forced server error and a database that cannot be reached (503)."""

import json

import pytest
from django.db import DatabaseError, connection
from django.test import Client

from accord.core.idempotency import HEADER
from tests.faults import unreachable_database

pytestmark = pytest.mark.django_db
ORGANIZATIONS = "/api/v1/organizations"
NEW = {"name": "Error Path Trust", "subtype": "nonprofit"}


def forced_error(execute, sql, params, many, context):
    raise DatabaseError("forced by the drill")


def answer(client, method, address, body=None, content_type="application/json", **headers):
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type=content_type, headers=headers)


def test_every_error_path_answers_json(cast, settings):
    admin = Client(raise_request_exception=False)
    admin.force_login(cast.users["admin"])
    steward = Client(raise_request_exception=False)
    steward.force_login(cast.users["steward"])
    anonymous = Client(raise_request_exception=False)
    organization = cast.partner
    one = f"{ORGANIZATIONS}/{organization.pk}"
    answers = {
        "400 not JSON": (answer(admin, "POST", ORGANIZATIONS, "{"), 400),
        "401": (answer(anonymous, "GET", ORGANIZATIONS), 401),
        "403": (answer(steward, "POST", "/api/v1/rubrics", {"name": "Mine"}), 403),
        "404 object": (answer(admin, "GET", f"{ORGANIZATIONS}/999999"), 404),
        "404 path": (answer(admin, "GET", "/api/v1/no-such-thing"), 404),
        "405": (answer(admin, "PUT", ORGANIZATIONS, NEW), 405),
        "412": (answer(admin, "PATCH", one, {"city": "Lyon"}, **{"If-Match": '"999"'}), 412),
        "415": (answer(admin, "POST", ORGANIZATIONS, "name=x", content_type="text/plain"), 415),
        "422 input": (answer(admin, "POST", ORGANIZATIONS, {"name": ""}), 422),
    }
    answer(admin, "POST", ORGANIZATIONS, NEW, **{HEADER: "error-paths"})
    answers["422 key reused"] = (
        answer(admin, "POST", ORGANIZATIONS, {**NEW, "name": "Other"}, **{HEADER: "error-paths"}),
        422,
    )
    settings.ACCORD_REQUIRE_IF_MATCH = True
    answers["428"] = (answer(admin, "PATCH", one, {"city": "Lyon"}), 428)
    settings.ACCORD_REQUIRE_IF_MATCH = False
    with connection.execute_wrapper(forced_error):
        answers["500 forced"] = (answer(admin, "POST", ORGANIZATIONS, NEW), 500)
    with unreachable_database():
        answers["503 outage"] = (answer(admin, "POST", ORGANIZATIONS, NEW), 503)
    for case, (response, status) in answers.items():
        assert response.status_code == status, (case, response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json"), case
        body = response.json()
        assert set(body) == {"detail", "errors"} and body["detail"], case
    assert "forced by the drill" not in answers["500 forced"][0].text
    assert answers["503 outage"][0]["Retry-After"]
