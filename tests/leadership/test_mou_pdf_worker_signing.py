"""The document sent for signature and the executed document are rendered by the task worker
(L5): sending and the last signature queue them; the API answers 202 and the pages wait while
they are rendered; signing waits for the stored document and records the SHA-256 of its bytes.
Tasks run through the database queue and the worker's steps (see test_mou_pdf_worker.py).
"""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from accord.leadership import rendering
from accord.leadership.services import pdfs, signing
from tests.factories import PASSWORD
from tests.leadership.test_mou_pdf_worker import api, body, page, queue, renders, run_worker
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db
__all__ = ["queue", "renders"]  # fixtures used here


class TestSentAndExecuted:
    def test_signing_waits_for_the_stored_document_and_hashes_its_bytes(
        self, cast, client, renders
    ):
        version = sent(cast, drafted(cast))
        # Sending rendered nothing: the document is queued, in the sending transaction.
        assert renders == [] and not version.document
        # Nobody is asked to sign before there is a document to read.
        assert set(version.signatories.values_list("status", flat=True)) == {"waiting"}
        assert DBTaskResult.objects.filter(status="READY").count() == 1

        client.force_login(cast.users["viewer"])
        pending = client.get(api(version, "/document"))
        assert pending.status_code == 202 and pending["Retry-After"] == "2"
        assert "being rendered" in pending.json()["detail"]
        waiting = client.get(page("mou-document", version))
        assert waiting.status_code == 200 and 'hx-trigger="every 2s"' in waiting.text
        assert client.get(page("mou-pdf", version)).status_code == 302  # to the document

        signatory = version.signatories.order_by("order").first()
        user = signatory.person.user
        client.force_login(user)
        sign_page = client.get(page("mou-sign", version))
        assert "Accord is preparing the document to sign" in sign_page.text
        assert 'name="password"' not in sign_page.text
        with pytest.raises(ValidationError, match="still being prepared"):
            signing.mou_sign(signatory=signatory, user=user, password=PASSWORD)
        assert renders == []

        [task] = run_worker()
        assert task.return_value == "stored" and len(renders) == 1
        assert set(version.signatories.values_list("status", flat=True)) == {"pending"}
        version.refresh_from_db()
        stored = rendering.read_stored(version.document)
        assert version.document_sha256 == hashlib.sha256(stored).hexdigest()
        served = client.get(api(version, "/document"))
        assert served.status_code == 200 and body(served) == stored
        # The storing is in the version's history, for the steward who sent it.
        entry = version.history.first()
        assert entry.document and entry.history_user == cast.users["steward"]

        # The same task again (a worker taken back, say) keeps the stored file.
        pdfs.queue_document(version)
        again = run_worker()[-1]
        assert again.return_value == "already" and len(renders) == 1
        version.refresh_from_db()
        assert rendering.read_stored(version.document) == stored

        # Every signature records the SHA-256 of exactly those stored bytes.
        for signatory in version.signatories.order_by("order", "pk"):
            signing.mou_sign(signatory=signatory, user=signatory.person.user, password=PASSWORD)
            signatory.refresh_from_db()
            assert signatory.signed_sha256 == hashlib.sha256(stored).hexdigest()
        version.refresh_from_db()
        assert version.status == "executed" and not version.certificate_document
        pending = client.get(api(version, "/executed-document"))
        assert pending.status_code == 202 and pending["Retry-After"] == "2"
        run_worker()
        assert len(renders) == 3  # the signed pages and the certificate, laid out once each
        version.refresh_from_db()
        executed = rendering.read_stored(version.certificate_document)
        assert version.certificate_sha256 == hashlib.sha256(executed).hexdigest()
        served = client.get(api(version, "/executed-document"))
        assert served.status_code == 200 and body(served) == executed
        assert len(renders) == 3
