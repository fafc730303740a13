"""Accessible PDFs: every kind of PDF Accord produces (a draft, the document sent for signature,
the executed document with its certificate) is tagged PDF/UA-1, with its language and title, as
pdfinfo and the PDF's catalog report them; and no code writes a PDF without those options."""

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from accord.leadership.rendering import read_stored, version_pdf
from tests.leadership.test_signatures_services import sign
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db
ACCORD = Path(__file__).resolve().parents[2] / "accord"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdfinfo(data: bytes, tmp_path) -> dict[str, str]:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.fail("pdfinfo is missing: apt-get install poppler-utils (PDF tests never skip).")
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    out = subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def check_accessible(data: bytes, tmp_path, title: str) -> None:
    info = pdfinfo(data, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == title
    catalog = PdfReader(BytesIO(data)).trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]  # viewers show the title
    assert "/StructTreeRoot" in catalog


def test_every_kind_of_mou_pdf_is_tagged_with_language_and_title(cast, tmp_path):
    version = drafted(cast, title="Bridges MOU")
    check_accessible(version_pdf(version), tmp_path, "Bridges MOU — version 1")
    version = sent(cast, version)
    check_accessible(read_stored(version.document), tmp_path, "Bridges MOU — version 1")
    for signatory in version.signatories.select_related("person__user"):
        sign(signatory)
    version.refresh_from_db()
    check_accessible(
        read_stored(version.certificate_document),
        tmp_path,
        "Bridges MOU — version 1, executed, with its signing certificate",
    )


def test_no_code_writes_a_pdf_without_the_accessible_options():
    """Each WeasyPrint rendering and PDF write in Accord passes PDF_OPTIONS (rendering.py)."""
    calls = [
        (path.name, line.strip())
        for path in ACCORD.rglob("*.py")
        if "weasyprint" in (text := path.read_text())
        for line in text.splitlines()
        if re.search(r"\.write_pdf\(|HTML\(.*\)\.render\(", line)
    ]
    assert len(calls) >= 3, calls  # rendering, the draft or sent PDF, the executed PDF
    assert all("**PDF_OPTIONS" in line for _, line in calls), calls
