"""Signature blocks filled (L5): in the executed document each party's block shows the signer's
name, title and organization, the date and time, and the SHA-256 of the document signed, as
signing platforms do; the certificate page stays. Read from the real PDF with pdftotext."""

import shutil
import subprocess
from datetime import date

import pytest
from django.utils import timezone

from accord.leadership.rendering import read_stored
from tests.leadership.test_signatures_services import sign
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pages_text(data: bytes, tmp_path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (PDF tests never skip).")
    path = tmp_path / "executed.pdf"
    path.write_bytes(data)
    out = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True)
    return [" ".join(page.split()) for page in out.stdout.split("\f")]


def test_each_block_names_the_signer_the_time_and_the_hash(cast, tmp_path):
    version = sent(cast, drafted(cast, expires_on=date(2030, 6, 30)))
    blank = " ".join(pages_text(read_stored(version.document), tmp_path))
    assert "Signed electronically in Accord" not in blank  # as sent: blocks to fill in
    signatories = list(version.signatories.select_related("person__user", "organization"))
    for signatory in signatories:
        sign(signatory)
    version.refresh_from_db()
    pages = pages_text(read_stored(version.certificate_document), tmp_path)
    certificate = next(i for i, page in enumerate(pages) if "Signing certificate" in page[:80])
    signed = " ".join(pages[:certificate])
    assert signed.count("Signed electronically in Accord by") == len(signatories)
    compact = signed.replace(" ", "")
    for signatory in signatories:
        signatory.refresh_from_db()
        person = signatory.person
        when = timezone.localtime(signatory.signed_at, timezone.UTC)
        block = signed[signed.index(f"For {signatory.organization.name}") :]
        assert f"Signed electronically in Accord by {person.name}" in block
        assert f"Name {person.name}" in block
        assert f"Title {person.title or '—'}" in block
        assert f"For {signatory.organization.name}" in block
        assert f"Date {when.day} {when:%B %Y, %H:%M:%S} UTC" in block
        assert signatory.signed_sha256 == version.document_sha256
    assert compact.count(version.document_sha256) == len(signatories)
    # The certificate page is still there, after the signed pages.
    assert "Signing certificate" in pages[certificate]
