"""MOU pages end to end (L5): the list, drafting, the version with numbered clauses and its
history, edits, the diff, PDFs served as attachments, sending, the signing page (only the
signatory), verification and uploads; bad input refused on the page with nothing written."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.leadership.models import Mou, MouSection, MouVersion, Signatory
from tests.factories import PASSWORD
from tests.matrix.leadership_mous import FAKE_PDF, drafted, make_mou, sent, signer_for
from tests.pdfs import PLAIN_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def counts():
    rows = [m.objects.count() for m in (Mou, MouVersion, MouSection, Signatory)]
    return (*rows, Signatory.objects.filter(status="signed").count())


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, version, *extra):
    mou = version.mou
    return reverse(f"leadership:{name}", args=[mou.partnership_id, mou.pk, version.number, *extra])


class TestListAndCreate:
    def test_the_list_shows_each_mou_with_its_status(self, cast, client):
        make_mou(cast, "own", "executed")
        make_mou(cast, "own", "out")
        client.force_login(cast.users["viewer"])
        response = client.get(reverse("leadership:mou-list", args=[cast.own.pk]))
        text = response.text
        assert "Matrix MOU (executed)" in text and "Matrix MOU (out)" in text
        assert "Executed" in text and "Out for signature" in text
        assert 'aria-current="page">MOU</a>' in text  # the partnership's section navigation
        assert "Draft an MOU" not in text  # a viewer does not draft

    def test_list_query_budget_is_the_same_for_5_and_50(self, cast, client):
        client.force_login(cast.users["steward"])
        address = reverse("leadership:mou-list", args=[cast.own.pk])

        def cost(n):
            start = Mou.objects.filter(partnership=cast.own).count()
            for i in range(start, n):
                mou = Mou.objects.create(partnership=cast.own, title=f"MOU {i}")
                MouVersion.objects.create(mou=mou, number=1)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address, {"page": 1}).status_code == 200
            return len(captured)

        assert cost(5) == cost(50)

    def test_steward_drafts_an_mou_from_the_default_template(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            reverse("leadership:mou-create", args=[cast.own.pk]),
            {"title": "Our MOU", "template": "", "effective_on": "", "expires_on": ""},
        )
        assert response.status_code == 200  # the template is required
        assert "This field is required." in response.text
        from accord.leadership.queries.templates import default_template

        response = client.post(
            reverse("leadership:mou-create", args=[cast.own.pk]),
            {
                "title": "Our MOU",
                "template": default_template().pk,
                "effective_on": "2027-01-01",
                "expires_on": "2026-01-01",
            },
        )
        assert "The expiry date must come after the effective date." in response.text
        assert not Mou.objects.filter(title="Our MOU").exists()
        response = client.post(
            reverse("leadership:mou-create", args=[cast.own.pk]),
            {"title": "Our MOU", "template": default_template().pk},
            follow=True,
        )
        mou = Mou.objects.get(title="Our MOU")
        assert response.redirect_chain[-1][0] == mou.versions.get().get_absolute_url()
        assert "drafted from" in response.text and "1.</span> Parties" in response.text


class TestVersionPage:
    def test_shows_numbered_clauses_signatures_and_history(self, cast, client):
        version = sent(cast, drafted(cast))
        client.force_login(cast.users["steward"])
        text = client.get(version.get_absolute_url()).text
        assert '<span class="mou-clause-number">1.</span> Parties' in text
        assert '<span class="mou-clause-number">12.</span> Signatures' in text
        assert "Leader Person" in text and "Asked to sign" in text
        assert version.document_sha256 in text
        assert "History" in text and "Version 1 started" in text and "12 sections drafted" in text
        assert "Editing it now voids its signatures" in text
        assert "Void this version" in text

    def test_the_signatory_is_invited_to_sign(self, cast, client):
        version = sent(cast, drafted(cast))
        client.force_login(cast.users["leader"])
        text = client.get(version.get_absolute_url()).text
        assert "You are asked to sign this version" in text and url("mou-sign", version) in text
        assert "Edit<span" not in text  # a leader does not edit

    def test_query_budget_is_the_same_for_few_and_many_sections(self, cast, client):
        version = make_mou(cast, "own", "draft")
        client.force_login(cast.users["steward"])

        def cost(n):
            start = version.sections.count()
            for i in range(start, n):
                MouSection.objects.create(
                    version=version, key=f"s{i}", heading=f"S{i}", body="Text.", position=i + 1
                )
            with CaptureQueriesContext(connection) as captured:
                assert client.get(version.get_absolute_url()).status_code == 200
            return len(captured)

        assert cost(5) == cost(50)

    def test_unknown_version_is_404(self, cast, client):
        version = make_mou(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        address = reverse("leadership:mou-version", args=[cast.own.pk, version.mou_id, 9])
        assert client.get(address).status_code == 404


class TestEdits:
    def test_editing_a_version_out_for_signature_makes_a_new_draft(self, cast, client):
        version = sent(cast, drafted(cast))
        section = version.sections.get(key="purpose")
        client.force_login(cast.users["steward"])
        response = client.post(
            url("mou-section-edit", version, section.pk),
            {"heading": "Purpose", "body": "Sharper."},
            follow=True,
        )
        assert response.redirect_chain[-1][0].endswith("/versions/2/")
        assert any("voided its signatures" in m for m in messages_of(response))
        version.refresh_from_db()
        assert version.status == "voided"

    def test_an_executed_version_is_never_edited(self, cast, client):
        version = make_mou(cast, "own", "executed")
        section = version.sections.first()
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            url("mou-section-edit", version, section.pk),
            {"heading": "New", "body": "New."},
            follow=True,
        )
        assert any("An executed MOU is never edited" in m for m in messages_of(response))
        assert counts() == before
        section.refresh_from_db()
        assert section.heading == "Purpose"
        response = client.post(
            url("mou-term", version), {"signing_order": "sequential"}, follow=True
        )
        assert any("never edited" in m for m in messages_of(response))

    def test_regenerate_asks_first(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["project_director"])
        text = client.get(url("mou-regenerate", version)).text
        assert "Edits made to this draft's sections will be replaced." in text
        response = client.post(url("mou-regenerate", version), follow=True)
        assert any("re-generated" in m for m in messages_of(response))

    def test_the_diff_marks_insertions_and_deletions(self, cast, client):
        version = make_mou(cast, "own", "two")
        client.force_login(cast.users["viewer"])
        address = reverse("leadership:mou-diff", args=[cast.own.pk, version.mou_id])
        text = client.get(address, {"a": 1, "b": 2}).text
        assert '<ins><span class="visually-hidden">added: </span> Changed.</ins>' in text
        assert "Changed</span>" in text
        response = client.get(address, {"a": 1, "b": 7})
        assert response.status_code == 200 and "Select a valid choice" in response.text

    def test_print_view(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["viewer"])
        text = client.get(url("mou-print", version)).text
        assert 'class="clause"' in text and "Signed for the Partners" in text


class TestDownloads:
    def test_a_draft_pdf_is_rendered_as_an_attachment(self, cast, client):
        version = make_mou(cast, "own", "draft")
        client.force_login(cast.users["viewer"])
        response = client.get(url("mou-pdf", version))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_the_stored_document_is_served_exactly(self, cast, client):
        version = make_mou(cast, "own", "executed")
        client.force_login(cast.users["viewer"])
        for name in ("mou-document", "mou-executed-document"):
            response = client.get(url(name, version))
            assert b"".join(response.streaming_content) == FAKE_PDF
            assert response["Content-Type"] == "application/pdf"
            assert (
                'attachment; filename="matrix-mou-executed-version-1'
                in response["Content-Disposition"]
            )
            assert response["X-Content-Type-Options"] == "nosniff"
        assert client.get(url("mou-pdf", version)).status_code == 302  # to the stored one

    def test_outsider_gets_404_for_the_document(self, cast, client):
        version = make_mou(cast, "own", "executed")
        client.force_login(cast.users["outsider"])
        assert client.get(url("mou-document", version)).status_code == 404


class TestSending:
    def test_sending_without_a_signatory_for_each_member_is_refused(self, cast, client):
        version = drafted(cast)
        signer_for(cast, "own", cast.host)
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            url("mou-send", version),
            {"signing_order": "parallel", f"sign_{cast.people['leader'].pk}": "on"},
        )
        assert response.status_code == 200
        assert "Choose at least one signatory for Host Society." in response.text
        assert counts() == before
        version.refresh_from_db()
        assert version.status == "draft" and not version.document

    def test_sending_with_both(self, cast, client):
        version = drafted(cast)
        host = signer_for(cast, "own", cast.host)
        client.force_login(cast.users["steward"])
        response = client.post(
            url("mou-send", version),
            {
                "signing_order": "sequential",
                "confirm_no_agreed_charter": "on",
                f"sign_{cast.people['leader'].pk}": "on",
                f"order_{cast.people['leader'].pk}": "2",
                f"sign_{host.pk}": "on",
                f"order_{host.pk}": "1",
            },
            follow=True,
        )
        assert any("is out for signature" in m for m in messages_of(response))
        version.refresh_from_db()
        assert version.signing_order == "sequential"
        assert dict(version.signatories.values_list("person__name", "status")) == {
            "Signer of Host Society": "pending",
            "Leader Person": "waiting",
        }


class TestSigningPage:
    def test_only_the_signatory_may_open_it(self, cast, client):
        version = make_mou(cast, "own", "out")
        for actor, status in (("steward", 403), ("viewer", 403), ("admin", 403), ("outsider", 404)):
            client.force_login(cast.users[actor])
            assert client.get(url("mou-sign", version)).status_code == status, actor
        client.force_login(cast.users["leader"])
        text = client.get(url("mou-sign", version)).text
        assert "Your password" in text and version.document_sha256 in text
        assert "Declining stops this version" in text

    def test_wrong_password_is_a_field_error_and_nothing_is_written(self, cast, client):
        version = make_mou(cast, "own", "out")
        client.force_login(cast.users["leader"])
        before = counts()
        response = client.post(url("mou-sign", version), {"password": "guess"})
        assert response.status_code == 200
        assert 'id="id_password_error"' in response.text
        assert "That is not your password." in response.text
        assert counts() == before

    def test_behind_the_proxy_the_signature_records_the_client_address(
        self, cast, client, settings
    ):
        settings.ACCORD_BEHIND_PROXY = True
        version = make_mou(cast, "own", "out")
        client.force_login(cast.users["leader"])
        client.post(
            url("mou-sign", version),
            {"password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
        )
        mine = version.signatories.get(person=cast.people["leader"])
        assert (mine.status, mine.ip_address) == ("signed", "203.0.113.7")

    def test_signing_and_signing_again(self, cast, client):
        version = make_mou(cast, "own", "out")
        client.force_login(cast.users["leader"])
        response = client.post(
            url("mou-sign", version),
            {"password": PASSWORD},
            HTTP_USER_AGENT="Test browser",
            follow=True,
        )
        assert any(
            "you signed version 1 for Partner University" in m for m in messages_of(response)
        )
        mine = version.signatories.get(person=cast.people["leader"])
        assert (mine.status, mine.ip_address, mine.user_agent) == (
            "signed",
            "127.0.0.1",
            "Test browser",
        )
        before = counts()
        response = client.post(url("mou-sign", version), {"password": PASSWORD}, follow=True)
        assert response.status_code == 200
        assert any("You signed version 1 on" in m for m in messages_of(response))
        assert counts() == before
        text = client.get(url("mou-sign", version)).text
        assert "There is nothing more to do." in text and "Your password" not in text

    def test_decline_needs_a_reason(self, cast, client):
        version = make_mou(cast, "own", "out")
        client.force_login(cast.users["leader"])
        response = client.post(url("mou-decline", version), {"reason": ""})
        assert response.status_code == 200 and "This field is required." in response.text
        response = client.post(url("mou-decline", version), {"reason": "Not yet."}, follow=True)
        assert any("You declined to sign version 1" in m for m in messages_of(response))
        version.refresh_from_db()
        assert version.status == "voided"


class TestVerifyPage:
    def test_reports_a_changed_document(self, cast, client):
        version = make_mou(cast, "own", "executed")
        client.force_login(cast.users["viewer"])
        assert "<strong>Intact.</strong>" in client.get(url("mou-verify", version)).text
        with open(version.document.path, "ab") as handle:
            handle.write(b"tampered")
        text = client.get(url("mou-verify", version)).text
        assert "Changed since it was signed." in text
        assert "Changed since it was stored" in text


class TestUploadPage:
    def post(self, client, cast, content, name="signed.pdf"):
        return client.post(
            reverse("leadership:mou-upload", args=[cast.own.pk]),
            {
                "title": "Signed on paper",
                "effective_on": "2026-01-01",
                "expires_on": "2028-01-01",
                "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
            },
            follow=True,
        )

    def test_a_pdf_is_recorded_as_executed(self, cast, client):
        client.force_login(cast.users["steward"])
        response = self.post(client, cast, PLAIN_PDF)
        assert any(
            "recorded as executed, signed outside Accord" in m for m in messages_of(response)
        )
        assert Mou.objects.get(title="Signed on paper").status == "executed"

    def test_not_a_pdf_and_too_big_are_refused_on_the_field(self, cast, client, settings):
        client.force_login(cast.users["steward"])
        before = counts()
        response = self.post(client, cast, b"MZ\x90\x00 not a pdf")
        assert 'id="id_file_error"' in response.text
        assert "This file is not a PDF, whatever its name says." in response.text
        settings.ACCORD_MAX_UPLOAD_MB = 1
        response = self.post(client, cast, b"%PDF-1.4\n" + b"x" * (1024 * 1024 + 10) + b"%%EOF")
        assert "the limit is 1 MB" in response.text
        assert counts() == before
