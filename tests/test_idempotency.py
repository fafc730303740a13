"""Idempotency keys on every API create (issue 11, item 4): a retried POST writes once."""

import io
import json
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.client import encode_multipart
from django.utils import timezone

from accord.api import api
from accord.core.idempotency import HEADER
from accord.core.models import IdempotencyRecord
from accord.directory.models import Organization
from tests.factories import UserFactory
from tests.faults import connection_lost_after_commit
from tests.pdfs import PLAIN_PDF

ADDRESS = "/api/v1/organizations"
BODY = {"name": "Once Only Institute", "subtype": "university"}


def post(client, body=BODY, key="8f14e45f-ceea-467f-a7c4-5b2c9e0b1a11", address=ADDRESS):
    headers = {} if key is None else {HEADER: key}
    return client.post(address, json.dumps(body), content_type="application/json", headers=headers)


def admin_client(username="admin"):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username=username, is_superuser=True, is_staff=True))
    return client


def errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.mark.django_db
class TestReplays:
    def test_the_same_key_and_body_answer_the_first_answer_and_write_nothing(self):
        client = admin_client()
        first = post(client)
        assert first.status_code == 201 and HEADER not in first
        history = Organization.history.count()
        again = post(client)
        assert again.status_code == 201
        assert again.content == first.content and again["ETag"] == first["ETag"]
        assert again["Idempotent-Replayed"] == "true"
        assert Organization.objects.filter(name=BODY["name"]).count() == 1
        assert Organization.history.count() == history
        assert IdempotencyRecord.objects.count() == 1

    def test_the_same_key_with_another_body_is_422_and_writes_nothing(self):
        client = admin_client()
        assert post(client).status_code == 201
        other = post(client, {**BODY, "name": "Another Institute"})
        assert other.status_code == 422
        assert "another request" in errors(other)[HEADER]
        assert not Organization.objects.filter(name="Another Institute").exists()

    def test_the_same_key_on_another_address_is_422(self):
        client = admin_client()
        assert post(client).status_code == 201
        assert post(client, {"name": "A rubric"}, address="/api/v1/rubrics").status_code == 422

    def test_a_key_belongs_to_its_user(self):
        assert post(admin_client("first")).status_code == 201
        second = post(admin_client("second"), {**BODY, "name": "Second Institute"})
        assert second.status_code == 201 and "Idempotent-Replayed" not in second
        assert IdempotencyRecord.objects.count() == 2

    def test_without_a_key_every_post_writes(self):
        client = admin_client()
        assert post(client, key=None).status_code == 201
        assert post(client, {**BODY, "name": "Other"}, key=None).status_code == 201
        assert IdempotencyRecord.objects.count() == 0

    def test_a_refused_request_leaves_its_key_free(self):
        client = admin_client()
        refused = post(client, {"name": "No Subtype"})
        assert refused.status_code == 422 and IdempotencyRecord.objects.count() == 0
        assert post(client, {"name": "No Subtype", "subtype": "university"}).status_code == 201

    @pytest.mark.parametrize("key", ["", "x" * 256, "with space", "ключ"])
    def test_a_malformed_key_is_422(self, key):
        response = post(admin_client(), key=key)
        assert response.status_code == 422
        assert HEADER in errors(response)
        assert not Organization.objects.filter(name=BODY["name"]).exists()

    def test_a_key_older_than_the_setting_runs_again(self, settings):
        settings.ACCORD_IDEMPOTENCY_HOURS = 24
        client = admin_client()
        assert post(client).status_code == 201
        IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
        again = post(client, {**BODY, "name": "Later Institute"})
        assert again.status_code == 201 and "Idempotent-Replayed" not in again
        assert IdempotencyRecord.objects.count() == 1

    def test_pruning_deletes_only_old_records(self, settings):
        settings.ACCORD_IDEMPOTENCY_HOURS = 24
        client = admin_client()
        post(client, key="old")
        post(client, {**BODY, "name": "New Institute"}, key="new")
        IdempotencyRecord.objects.filter(key="old").update(
            created_at=timezone.now() - timedelta(hours=25)
        )
        out = io.StringIO()
        call_command("prune_idempotency_keys", stdout=out)
        assert out.getvalue() == "Deleted 1 idempotency record(s).\n"
        assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db
def test_a_multipart_upload_is_the_same_request_whatever_its_boundary(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.users["steward"])
    address = f"/api/v1/partnerships/{cast.own.pk}/mous/upload"
    fields = {"title": "Signed on paper", "effective_on": "2026-02-01"}

    def upload(boundary, title="Signed on paper"):
        pdf = SimpleUploadedFile("mou.pdf", PLAIN_PDF, content_type="application/pdf")
        body = encode_multipart(boundary, {**fields, "title": title, "file": pdf})
        return client.generic(
            "POST",
            address,
            body,
            content_type=f"multipart/form-data; boundary={boundary}",
            headers={HEADER: "upload-1"},
        )

    first = upload("FirstBoundary")
    assert first.status_code == 201, first.content
    again = upload("AnotherBoundary")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert upload("ThirdBoundary", title="Another title").status_code == 422


def test_every_post_documents_the_header():
    paths = api.get_openapi_schema()["paths"]
    posts = [operations["post"] for operations in paths.values() if "post" in operations]
    assert len(posts) > 20
    for operation in posts:
        names = [parameter["name"] for parameter in operation.get("parameters", [])]
        assert HEADER in names, operation["operationId"]
        assert 422 in operation["responses"] or "422" in operation["responses"]


@pytest.mark.django_db(transaction=True)
def test_a_create_lost_after_commit_is_replayed_with_its_key():
    """Drill: the client never hears the answer (the connection is lost after the commit); it
    retries with the same key and gets the first answer, and one row exists."""
    client = admin_client()
    with connection_lost_after_commit() as fault:
        first = post(client)
    assert fault.lost and first.status_code == 201
    again = post(client)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Organization.objects.filter(name=BODY["name"]).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_with_one_key_write_one_row():
    user = UserFactory(username="admin", is_superuser=True, is_staff=True)
    threads_count = 6
    start = threading.Barrier(threads_count)
    answers = []

    def send():
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            start.wait(timeout=30)
            answers.append(post(client))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [answer.status_code for answer in answers] == [201] * threads_count
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert sum(answer.get("Idempotent-Replayed") == "true" for answer in answers) == 5
    assert Organization.objects.filter(name=BODY["name"]).count() == 1
    assert IdempotencyRecord.objects.count() == 1
