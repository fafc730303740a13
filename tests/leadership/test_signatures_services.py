"""E-signature (L5): sending freezes one PDF and its SHA-256; each signature records signer, time,
IP, user agent and the SHA-256 of the stored bytes at that moment; wrong password, a second
signature, a signer out of turn and a tampered document are refused with nothing written; a
decline stops the version; the last signature executes the MOU with a signing certificate; an
externally signed PDF is checked and stored; the partnership can then be formalized."""

import hashlib
import shutil
import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.accounts.models import Notification
from accord.leadership.lifecycle import executed_mou_missing
from accord.leadership.models import Mou, MouVersion, Signatory
from accord.leadership.queries.mous import signer_choices, verification_of
from accord.leadership.rendering import read_stored
from accord.leadership.services import signing as services
from accord.leadership.services.mous import mou_upload
from accord.partnerships.models import Partnership, Stage
from accord.partnerships.services import partnership_transition
from tests.factories import PASSWORD
from tests.matrix.leadership_mous import drafted, sent, signer_for
from tests.pdfs import PLAIN_PDF

pytestmark = pytest.mark.django_db
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Accord tests"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def counts():
    return (
        Mou.objects.count(),
        MouVersion.objects.count(),
        Signatory.objects.filter(status="signed").count(),
        Notification.objects.count(),
    )


def pdftotext(data: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (PDF tests never skip).")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pages(data: bytes, tmp_path) -> int:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.fail("pdfinfo is missing: apt-get install poppler-utils (PDF tests never skip).")
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    info = subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def sign(signatory, password=PASSWORD, ip="203.0.113.7"):
    return services.mou_sign(
        signatory=signatory,
        user=signatory.person.user,
        password=password,
        ip_address=ip,
        user_agent=AGENT,
    )


class TestSending:
    def test_stores_one_pdf_with_its_hash_and_asks_everyone(self, cast, tmp_path):
        version = sent(cast, drafted(cast))
        version.refresh_from_db()
        data = read_stored(version.document)
        assert data.startswith(b"%PDF-") and version.document.name.startswith("mou/")
        assert version.document.name.endswith(".pdf") and len(version.document.name) == 40
        assert version.document_sha256 == hashlib.sha256(data).hexdigest()
        assert (version.status, version.mou.status) == ("out_for_signature", "out_for_signature")
        assert version.sent_by == cast.users["steward"] and version.sent_at is not None
        assert set(version.signatories.values_list("status", flat=True)) == {"pending"}
        leader = Notification.objects.get(user=cast.users["leader"], kind="mou_signature_request")
        assert leader.url.endswith(f"/versions/{version.number}/sign/")
        assert version.document_sha256 in leader.body
        text = pdftotext(data, tmp_path)
        assert "Memorandum of understanding" in text and "Own partnership" in text
        assert "1. Parties" in text and "12. Signatures" in text
        assert "Leader Person" in text and "Signer of Host Society" in text
        assert pages(data, tmp_path) > 1 and "Page 1 of" in text

    def test_sequential_asks_the_first_in_order_only(self, cast):
        version = sent(cast, drafted(cast), order="sequential")
        statuses = dict(version.signatories.values_list("order", "status"))
        assert statuses == {1: "pending", 2: "waiting"}
        assert not Notification.objects.filter(user=cast.users["leader"]).exists()

    def test_every_member_organization_needs_a_signatory(self, cast):
        version = drafted(cast)
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.mou_send(version=version, signatories=[(cast.people["leader"], 1)])
        assert refused.value.message_dict["signatories"] == [
            "Choose at least one signatory for Host Society. Nobody can sign for it yet: give "
            "one of its people the role of leader or project director, with an Accord account."
        ]
        version.refresh_from_db()
        assert version.status == "draft" and not version.document and counts() == before

    def test_only_leaders_and_project_directors_with_an_account_may_sign(self, cast):
        version = drafted(cast)
        signer_for(cast, "own", cast.host)
        choices = {
            c.organization.name: [p.name for p in c.people] for c in signer_choices(cast.own)
        }
        assert choices == {
            "Host Society": ["Signer of Host Society"],
            "Partner University": ["Leader Person", "Project Director Person"],
        }
        with pytest.raises(ValidationError) as refused:
            services.mou_send(
                version=version,
                signatories=[(cast.people["steward"], 1), (cast.people["leader"], 1)],
            )
        assert "Steward Person may not sign" in refused.value.message_dict["signatories"][0]


class TestSigning:
    def test_a_signature_records_who_when_where_and_the_hash(self, cast):
        version = sent(cast, drafted(cast))
        mine = version.signatories.get(person=cast.people["leader"])
        before = timezone.now()
        sign(mine)
        mine.refresh_from_db()
        assert mine.status == "signed" and mine.signed_at >= before
        assert (mine.ip_address, mine.user_agent) == ("203.0.113.7", AGENT)
        assert mine.signed_sha256 == version.document_sha256
        version.refresh_from_db()
        assert version.status == "out_for_signature"  # the host has not signed yet

    def test_wrong_password_is_refused_and_nothing_written(self, cast):
        version = sent(cast, drafted(cast))
        mine = version.signatories.get(person=cast.people["leader"])
        before = counts()
        with pytest.raises(ValidationError) as refused:
            sign(mine, password="not my password")
        assert refused.value.message_dict["password"] == [
            "That is not your password. Type the password you sign in to Accord with."
        ]
        mine.refresh_from_db()
        assert mine.status == "pending" and mine.signed_at is None and counts() == before

    def test_signing_twice_gives_no_second_signature(self, cast):
        version = sent(cast, drafted(cast))
        mine = version.signatories.get(person=cast.people["leader"])
        sign(mine)
        mine.refresh_from_db()
        first = (mine.signed_at, mine.history.count())
        with pytest.raises(services.AlreadySigned) as again:
            sign(mine, ip="198.51.100.1")
        assert "You signed version 1 on" in again.value.messages[0]
        mine.refresh_from_db()
        assert (mine.signed_at, mine.history.count()) == first and mine.ip_address == "203.0.113.7"

    def test_someone_else_cannot_sign_for_a_signatory(self, cast):
        version = sent(cast, drafted(cast))
        mine = version.signatories.get(person=cast.people["leader"])
        with pytest.raises(PermissionDenied):
            services.mou_sign(signatory=mine, user=cast.users["steward"], password=PASSWORD)
        mine.refresh_from_db()
        assert mine.status == "pending"

    def test_out_of_turn_is_refused_until_the_one_before_signs(self, cast):
        version = sent(cast, drafted(cast), order="sequential")
        host, partner = version.signatories.order_by("order")
        with pytest.raises(ValidationError) as refused:
            sign(partner)
        assert "It is not your turn yet" in refused.value.messages[0]
        sign(host)
        partner.refresh_from_db()
        assert partner.status == "pending" and partner.asked_at is not None
        assert Notification.objects.filter(user=cast.users["leader"]).exists()

    def test_a_tampered_document_is_reported_and_refuses_signatures(self, cast):
        version = sent(cast, drafted(cast))
        first, second = version.signatories.order_by("pk")
        sign(first)
        path = version.document.path
        with open(path, "r+b") as handle:  # one changed byte on disk
            handle.seek(200)
            byte = handle.read(1)
            handle.seek(200)
            handle.write(bytes([byte[0] ^ 0xFF]))
        check = verification_of(version)
        assert not check.intact and not check.document.intact
        assert check.document.recorded == version.document_sha256
        assert [row.intact for row in check.signatures] == [False]
        before = counts()
        with pytest.raises(ValidationError) as refused:
            sign(second)
        assert "no longer matches the one sent for signature" in refused.value.messages[0]
        second.refresh_from_db()
        assert second.status == "pending" and counts() == before

    def test_a_missing_document_is_reported(self, cast):
        version = sent(cast, drafted(cast))
        version.document.storage.delete(version.document.name)
        check = verification_of(version)
        assert check.document.present is False and not check.intact


class TestDeclineAndVoid:
    def test_a_decline_stops_the_version_and_tells_the_steward(self, cast):
        version = sent(cast, drafted(cast))
        mine = version.signatories.get(person=cast.people["leader"])
        services.mou_decline(signatory=mine, user=cast.users["leader"], reason="Clause 5 is vague.")
        version.refresh_from_db()
        mine.refresh_from_db()
        assert (mine.status, mine.decline_reason) == ("declined", "Clause 5 is vague.")
        assert version.status == "voided" and "Clause 5 is vague." in version.void_reason
        assert version.mou.status == "drafting"
        assert set(version.signatories.exclude(pk=mine.pk).values_list("status", flat=True)) == {
            "voided"
        }
        note = Notification.objects.get(user=cast.users["steward"], kind="mou_declined")
        assert "Clause 5 is vague." in note.body
        with pytest.raises(ValidationError):
            sign(version.signatories.exclude(pk=mine.pk).get())

    def test_a_decline_needs_a_reason(self, cast):
        version = sent(cast, drafted(cast))
        mine = version.signatories.get(person=cast.people["leader"])
        with pytest.raises(ValidationError) as refused:
            services.mou_decline(signatory=mine, user=cast.users["leader"], reason="  ")
        assert "Say why you decline" in refused.value.message_dict["reason"][0]
        version.refresh_from_db()
        assert version.status == "out_for_signature"

    def test_void_withdraws_the_version(self, cast):
        version = sent(cast, drafted(cast))
        services.mou_void(version=version, reason="Wrong dates.")
        version.refresh_from_db()
        assert (version.status, version.void_reason) == ("voided", "Wrong dates.")
        leader = Notification.objects.get(user=cast.users["leader"], kind="mou_voided")
        assert "Wrong dates." in leader.body


class TestExecution:
    def test_the_last_signature_executes_with_a_certificate(self, cast, tmp_path):
        version = sent(cast, drafted(cast, expires_on=date(2030, 6, 30)))
        for signatory in version.signatories.select_related("person__user"):
            sign(signatory)
        version.refresh_from_db()
        mou = version.mou
        assert (version.status, mou.status) == ("executed", "executed")
        assert mou.executed_at == version.executed_at
        assert mou.effective_on == timezone.localdate(version.executed_at)
        assert mou.expires_on == date(2030, 6, 30)
        data = read_stored(version.certificate_document)
        assert version.certificate_sha256 == hashlib.sha256(data).hexdigest()
        assert version.certificate_document.name != version.document.name
        signed = read_stored(version.document)
        assert pages(data, tmp_path) == pages(signed, tmp_path) + 1
        text = pdftotext(data, tmp_path)
        certificate = " ".join(text.split("\f")[pages(signed, tmp_path)].split())
        assert "Signing certificate" in certificate
        assert version.document_sha256 in certificate.replace(" ", "")
        for name in ("Leader Person", "Signer of Host Society", "Partner University"):
            assert name in certificate
        assert "203.0.113.7" in certificate and "UTC" in certificate
        # The signed pages come first, as they were signed.
        assert text.split("\f")[1] == pdftotext(signed, tmp_path).split("\f")[1]
        assert verification_of(version).intact
        assert Notification.objects.filter(kind="mou_executed").count() >= 2

    def test_an_executed_mou_lets_the_partnership_be_formalized(self, cast):
        partnership_transition(partnership=cast.own, to_stage=Stage.FORMING)
        assert "has none yet" in executed_mou_missing(cast.own)
        version = sent(cast, drafted(cast))
        assert "is still out for signature" in executed_mou_missing(cast.own)
        for signatory in version.signatories.select_related("person__user"):
            sign(signatory)
        assert executed_mou_missing(cast.own) is None
        partnership_transition(partnership=cast.own, to_stage=Stage.FORMALIZED)
        assert Partnership.objects.get(pk=cast.own.pk).stage == Stage.FORMALIZED

    def test_an_expired_or_amendment_only_mou_does_not_count(self, cast):
        today = timezone.localdate()
        expired = Mou.objects.create(
            partnership=cast.own,
            title="Old",
            status="executed",
            executed_at=timezone.now(),
            effective_on=date(2020, 1, 1),
            expires_on=date(2021, 1, 1),
        )
        assert "“Old” expired on 1 January 2021" in executed_mou_missing(cast.own)
        Mou.objects.create(
            partnership=cast.own,
            title="Amendment 1 to Old",
            status="executed",
            amends=expired,
            executed_at=timezone.now(),
            effective_on=today,
        )
        assert executed_mou_missing(cast.own) is not None
        expired.expires_on = today
        expired.save()
        assert executed_mou_missing(cast.own) is None


class TestExternalUpload:
    PDF = PLAIN_PDF

    def upload(self, cast, content=PDF, name="signed.pdf", **kwargs):
        file = SimpleUploadedFile(name, content, content_type="application/pdf")
        values = {"effective_on": date(2026, 1, 1), "expires_on": date(2028, 1, 1)} | kwargs
        return mou_upload(
            partnership=cast.own,
            title="Signed on paper",
            upload=file,
            uploaded_by=cast.users["steward"],
            **values,
        )

    def test_a_signed_pdf_becomes_an_executed_external_version(self, cast):
        mou = self.upload(cast)
        version = mou.versions.get()
        assert (mou.status, version.status, version.external) == ("executed", "executed", True)
        assert read_stored(version.document) == self.PDF
        assert version.document.name.startswith("mou/") and "signed" not in version.document.name
        assert version.document_sha256 == hashlib.sha256(self.PDF).hexdigest()
        assert (mou.effective_on, mou.expires_on) == (date(2026, 1, 1), date(2028, 1, 1))
        assert verification_of(version).intact

    def test_a_file_that_is_not_a_pdf_is_refused(self, cast):
        before = counts()
        with pytest.raises(ValidationError) as refused:
            self.upload(cast, content=b"<html>not a pdf</html>", name="mou.pdf")
        assert refused.value.message_dict["file"] == [
            "This file is not a PDF, whatever its name says. Upload a PDF file."
        ]
        assert counts() == before

    def test_an_oversized_file_is_refused(self, cast, settings):
        settings.ACCORD_MAX_UPLOAD_MB = 1
        big = b"%PDF-1.7\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
        before = counts()
        with pytest.raises(ValidationError) as refused:
            self.upload(cast, content=big)
        assert refused.value.message_dict["file"] == ["The file is 1.0 MB; the limit is 1 MB."]
        assert counts() == before

    def test_dates_in_the_wrong_order_are_refused(self, cast):
        with pytest.raises(ValidationError) as refused:
            self.upload(cast, expires_on=date(2025, 1, 1))
        assert "after the effective date" in refused.value.message_dict["expires_on"][0]
