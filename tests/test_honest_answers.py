"""Answers that say what happened (issue 11, item 3): a 500 and a 503 page in Accord's layout
that need no database, 503 with Retry-After when the database is unreachable (pages and API, in
the API's JSON error shape), and no error answered for a write that committed."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import path

from accord.alignment.models import Rubric
from accord.directory.models import Organization
from accord.leadership.models import MouTemplate
from accord.urls import handler500
from accord.urls import urlpatterns as accord_urlpatterns
from tests.factories import UserFactory
from tests.faults import connection_lost_after_commit, unreachable_database
from tests.matrix.alignment_rubrics import criterion_values


def broken_page(request):
    raise RuntimeError("A bug in a page.")


urlpatterns = [path("broken/", broken_page), *accord_urlpatterns]


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


@pytest.mark.urls(__name__)
def test_the_500_page_is_in_accords_layout_and_needs_no_database():
    # No django_db mark: any query here fails the test.
    assert handler500 == "accord.core.views.server_error"
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    text = response.text
    assert "Something went wrong · Accord" in text and "bootstrap.min.css" in text
    assert "A bug in a page" not in text


@pytest.mark.django_db
class TestDatabaseUnreachable:
    def signed_in(self):
        client = Client(raise_request_exception=False)
        client.force_login(UserFactory(username="reader"))
        return client

    def test_a_page_answers_503_with_retry_after(self, settings):
        settings.ACCORD_RETRY_AFTER_SECONDS = 7
        client = self.signed_in()
        with unreachable_database():
            response = client.get("/partnerships/")
        assert response.status_code == 503
        assert response["Retry-After"] == "7"
        assert "Accord is briefly unavailable · Accord" in response.text
        assert "try again in 7 seconds" in response.text

    @pytest.mark.parametrize("method", ["GET", "POST"])
    def test_the_api_answers_503_json_with_retry_after(self, method):
        client = self.signed_in()
        with unreachable_database():
            response = client.generic(
                method, "/api/v1/organizations", json.dumps({}), content_type="application/json"
            )
        assert_json_error(response, 503)
        assert response["Retry-After"] == "10"

    def test_a_token_that_cannot_be_checked_too(self):
        client = Client(raise_request_exception=False, HTTP_AUTHORIZATION="Bearer acc_unchecked")
        with unreachable_database():
            response = client.get("/api/v1/partnerships")
        assert_json_error(response, 503)


CREATES = {
    "organization": ("/api/v1/organizations", {"name": "After Commit", "subtype": "university"}),
    "rubric": ("/api/v1/rubrics", {"name": "After Commit", "criteria": [criterion_values()]}),
    "MOU template": ("/api/v1/mou-templates", {"name": "After Commit"}),
}
MODELS = {"organization": Organization, "rubric": Rubric, "MOU template": MouTemplate}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", CREATES)
def test_a_create_whose_connection_fails_after_commit_answers_2xx(kind):
    """Drill: the connection is lost right after the write commits. The answer was built before
    the commit (api_writes.py), so the row that exists is answered 201, never 500."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    address, body = CREATES[kind]
    with connection_lost_after_commit() as fault:
        response = client.post(address, json.dumps(body), content_type="application/json")
    assert fault.lost, "the drill did not reach the commit"
    assert response.status_code == 201, response.content[:500]
    written = MODELS[kind].objects.get(name="After Commit")
    assert response.json()["id"] == written.pk
    assert response["ETag"] == f'"{written.revision}"'


@pytest.mark.django_db(transaction=True)
def test_an_api_write_refused_with_4xx_leaves_nothing_behind():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    body = {"name": "Broken", "criteria": [criterion_values(weight="0")]}
    before = Rubric.objects.count()
    response = client.post("/api/v1/rubrics", json.dumps(body), content_type="application/json")
    assert_json_error(response, 422)
    assert Rubric.objects.count() == before
    assert not connection.in_atomic_block


def test_the_database_timeouts_are_settings_and_gunicorn_waits_longer():
    from pathlib import Path

    from django.conf import settings

    root = Path(__file__).resolve().parent.parent
    assert (settings.DB_CONNECT_TIMEOUT, settings.DB_STATEMENT_TIMEOUT) == (5, 10)
    options = settings.DATABASES["default"]["OPTIONS"]
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        assert options["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
        assert f"statement_timeout={settings.DB_STATEMENT_TIMEOUT * 1000}" in options["options"]
        assert options["tcp_user_timeout"] == settings.DB_SILENT_SECONDS * 1000
    else:
        assert options["timeout"] == settings.DB_BUSY_TIMEOUT
    longest_wait = settings.DB_CONNECT_TIMEOUT + max(
        settings.DB_STATEMENT_TIMEOUT, settings.DB_SILENT_SECONDS, settings.DB_BUSY_TIMEOUT
    )
    for launcher in ("deploy/systemd/accord-web.service", "scripts/serve.sh"):
        words = (root / launcher).read_text().split()
        timeout = int(words[words.index("--timeout") + 1])
        assert longest_wait < timeout <= 60, launcher
