"""Public verification, continued (L5): the rate limit per client address, kept in the
database and shared by the page and the API (429 past it); the API operation; and the one set
of document links on an executed version's page and in the API."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from accord.core.models import RateLimitWindow
from tests.leadership.test_mou_public_verify import VERIFY, api, executed_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def executed(cast):
    return executed_version(cast)


class TestRateLimit:
    def test_past_the_limit_the_page_and_the_api_answer_429(self, settings, executed, time_machine):
        # Windows are fixed: the clock stays early in one, so a slow run never crosses a window.
        time_machine.move_to(datetime(2026, 12, 5, 12, 0, 5, tzinfo=UTC), tick=False)
        settings.ACCORD_VERIFY_LIMIT = 3
        one, other = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.7")
        for client in (one, other, one):  # two browsers, one address: counted together
            assert client.post(VERIFY, {"sha256": "0" * 64}).status_code == 200
        refused = other.post(VERIFY, {"sha256": executed.document_sha256})
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        assert "Too many checks" in refused.text and "Bridges MOU" not in refused.text
        assert api(one, executed.document_sha256).status_code == 429
        # Another address has its own count; the counts live in the database.
        elsewhere = Client(REMOTE_ADDR="203.0.113.9")
        assert elsewhere.post(VERIFY, {"sha256": "0" * 64}).status_code == 200
        assert sorted(RateLimitWindow.objects.values_list("count", flat=True)) == [1, 5]


class TestTheApi:
    def test_a_known_hash_names_the_mou_and_its_signers(self, executed, client):
        response = api(client, executed.certificate_sha256)
        assert response.status_code == 200
        body = response.json()
        assert body["verified"] and body["kind"] == "executed"
        assert body["mou_title"] == "Bridges MOU" and body["version_number"] == 1
        names = {s["person"] for s in body["signatures"]}
        assert names == {s.person.name for s in executed.signatories.all()}
        assert all(s["signed_at"] for s in body["signatures"])

    def test_an_unknown_hash_reveals_nothing(self, client):
        body = api(client, "a" * 64).json()
        assert body["verified"] is False and body["mou_title"] is None and body["signatures"] == []

    def test_a_malformed_hash_is_a_field_error(self, client):
        response = api(client, "xyz")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "sha256"


class TestLinks:
    def test_the_executed_version_offers_one_document_and_verification(self, cast, executed):
        client = Client()
        client.force_login(cast.users["viewer"])
        page = client.get(executed.get_absolute_url()).text
        assert "Download the executed MOU" in page
        assert "as sent for signature" not in page  # attached inside the executed PDF
        assert f'href="{VERIFY}"' in page
        mou = executed.mou
        detail = client.get(
            f"/api/v1/partnerships/{mou.partnership_id}/mous/{mou.pk}/versions/1"
        ).json()
        documents = detail["documents"]
        assert documents["pdf"].endswith("/versions/1/executed-document")
        assert documents["signed"].endswith("/versions/1/document")
        assert documents["verification"].endswith(VERIFY)
