"""Public verification (L5): anyone, without signing in, uploads a PDF or enters its SHA-256 and
learns whether it is an intact executed Accord document, with its signers and dates; a hash that
matches nothing reveals nothing; no id in any URL is the key; uses are limited per client
address in the database (429 past the limit), the page and the API alike."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accord.core.models import RateLimitWindow
from accord.leadership.rendering import read_stored
from tests.leadership.test_signatures_services import sign
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db
VERIFY = reverse("leadership:verify")
API = "/api/v1/verify"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def executed(cast):
    version = sent(cast, drafted(cast, title="Bridges MOU"))
    for signatory in version.signatories.select_related("person__user"):
        sign(signatory)
    version.refresh_from_db()
    return version


def api(client, sha256, **extra):
    body = json.dumps({"sha256": sha256})
    return client.post(API, body, content_type="application/json", **extra)


class TestThePage:
    def test_an_executed_pdf_is_intact_with_its_signers(self, executed, client):
        assert client.get(VERIFY).status_code == 200  # no sign-in
        data = read_stored(executed.certificate_document)
        upload = SimpleUploadedFile("mou.pdf", data, content_type="application/pdf")
        response = client.post(VERIFY, {"file": upload})
        assert response.status_code == 200
        page = response.text
        assert "Intact." in page and "the executed document" in page
        assert "Bridges MOU" in page and "version 1" in page
        assert hashlib.sha256(data).hexdigest() in page
        for signatory in executed.signatories.select_related("person", "organization"):
            assert signatory.person.name in page and signatory.organization.name in page
        assert executed.executed_at.strftime("%H:%M") in page

    def test_the_signed_document_s_hash_is_recognised(self, executed, client):
        page = client.post(VERIFY, {"sha256": executed.document_sha256.upper()}).text
        assert "Intact." in page and "the exact document that every signatory signed" in page

    def test_a_changed_file_reveals_nothing(self, executed, client):
        data = read_stored(executed.certificate_document) + b"\n"
        upload = SimpleUploadedFile("mou.pdf", data, content_type="application/pdf")
        page = client.post(VERIFY, {"file": upload}).text
        assert "Not an executed Accord document." in page
        assert "Bridges MOU" not in page and "Own partnership" not in page

    def test_a_version_out_for_signature_is_no_executed_document(self, cast, client):
        version = sent(cast, drafted(cast, title="Unsigned MOU"))
        page = client.post(VERIFY, {"sha256": version.document_sha256}).text
        assert "Not an executed Accord document." in page and "Unsigned MOU" not in page

    def test_nothing_to_check_says_so(self, client):
        page = client.post(VERIFY, {"sha256": "not a hash"}).text
        assert "64 characters" in page
        assert "Choose the PDF, or enter its SHA-256." in client.post(VERIFY, {}).text


class TestRateLimit:
    def test_past_the_limit_the_page_and_the_api_answer_429(self, settings, executed):
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
