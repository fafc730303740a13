"""Uploaded files are what their content says, read by a real PDF parser (accord/core/uploads.py),
and a refused file is named on the form field and in the API error, with nothing stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.core.uploads import PDF, accept_upload
from accord.leadership import rendering
from accord.leadership.models import Mou, MouVersion
from tests.matrix.leadership_mous import make_mou
from tests.pdfs import ATTACHING_PDFS, HOSTILE_PDFS, HTML_PDF, PLAIN_PDF, encrypted_pdf

NOT_READABLE = "This file is not a readable PDF: it could not be opened as one."
ENCRYPTED = "This PDF is encrypted (protected by a password). Upload a copy without protection."
SCRIPTED = "This PDF holds JavaScript or actions that run on their own, which Accord refuses."
ATTACHED = "This PDF holds embedded or attached files, which Accord refuses."

REFUSED = {
    "html between %PDF- and %%EOF": (HTML_PDF, NOT_READABLE),
    "a PDF cut short": (PLAIN_PDF[: len(PLAIN_PDF) // 2] + b"\n%%EOF\n", NOT_READABLE),
    "encrypted": (encrypted_pdf(), ENCRYPTED),
    **{name: (data, SCRIPTED) for name, data in HOSTILE_PDFS.items()},
    **{name: (data, ATTACHED) for name, data in ATTACHING_PDFS.items()},
}


def upload(content: bytes, name: str = "signed.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(content: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        accept_upload(upload(content, **kwargs), kinds=[PDF])
    (message,) = refused.value.message_dict["file"]
    return message


class TestAcceptUpload:
    def test_a_real_pdf_is_a_pdf_whatever_its_name_and_declared_type(self):
        assert accept_upload(upload(PLAIN_PDF), kinds=[PDF]) is PDF
        renamed = upload(PLAIN_PDF, name="notes.txt", content_type="text/plain")
        assert accept_upload(renamed, kinds=[PDF]) is PDF
        assert renamed.read() == PLAIN_PDF  # left at the start, for whoever stores it

    def test_a_file_that_does_not_start_as_a_pdf_is_not_one_whatever_its_name(self):
        for content in (b"<html></html>", b"GIF89a", b"", b"MZ\x90\x00"):
            assert refusal(content) == (
                "This file is not a PDF, whatever its name says. Upload a PDF file."
            )

    @pytest.mark.parametrize("case", REFUSED)
    def test_what_is_refused_and_why(self, case):
        content, message = REFUSED[case]
        assert content.startswith(b"%PDF-")
        assert refusal(content) == message

    def test_a_file_too_large_is_refused_before_it_is_read(self, settings):
        settings.ACCORD_MAX_UPLOAD_MB = 1
        big = PLAIN_PDF + b"%" + b"x" * (1024 * 1024)
        assert refusal(big) == "The file is 1.0 MB; the limit is 1 MB."


def counts():
    return Mou.objects.count(), MouVersion.objects.count()


@pytest.mark.django_db
class TestMouUpload:
    def test_an_mou_as_accord_renders_it_is_a_pdf(self, cast):
        data = rendering.version_pdf(make_mou(cast, "own", "draft"))
        assert accept_upload(upload(data), kinds=[PDF]) is PDF

    @pytest.mark.parametrize(
        "case",
        ["html between %PDF- and %%EOF", "encrypted", "javascript on open", "embedded file"],
    )
    def test_the_api_names_the_file(self, cast, client, case):
        content, message = REFUSED[case]
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            f"/api/v1/partnerships/{cast.own.pk}/mous/upload",
            {"title": "Signed on paper", "effective_on": "2026-02-01", "file": upload(content)},
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "file", "message": message}]
        assert counts() == before

    def test_the_page_shows_it_on_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            reverse("leadership:mou-upload", args=[cast.own.pk]),
            {
                "title": "Signed on paper",
                "effective_on": "2026-01-01",
                "file": upload(HTML_PDF),
            },
        )
        assert response.status_code == 200
        assert 'id="id_file_error"' in response.text and NOT_READABLE in response.text
        assert counts() == before

    def test_a_real_pdf_is_stored_under_a_name_accord_makes(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            f"/api/v1/partnerships/{cast.own.pk}/mous/upload",
            {"effective_on": "2026-02-01", "file": upload(PLAIN_PDF, name="../evil.html")},
        )
        assert response.status_code == 201
        version = MouVersion.objects.get(mou_id=response.json()["id"])
        assert version.document.name.endswith(".pdf") and "evil" not in version.document.name
        assert rendering.read_stored(version.document) == PLAIN_PDF
