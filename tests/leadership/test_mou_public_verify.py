"""Public verification (L5): anyone, without signing in, uploads a PDF or enters its SHA-256 and
learns whether it is an intact executed Accord document, with its signers and dates; a hash that
matches nothing reveals nothing; no id in any URL is the key; uses are limited per client
address in the database (429 past the limit), the page and the API alike."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.leadership.rendering import read_stored
from tests.leadership.test_signatures_services import sign
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db
VERIFY = reverse("leadership:verify")
API = "/api/v1/verify"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def executed_version(cast):
    """A new MOU, "Bridges MOU", sent and signed by everyone: executed."""
    version = sent(cast, drafted(cast, title="Bridges MOU"))
    for signatory in version.signatories.select_related("person__user"):
        sign(signatory)
    version.refresh_from_db()
    return version


@pytest.fixture
def executed(cast):
    return executed_version(cast)


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
