"""The MOU API (L5): drafting, versions and their sections, edits, the diff, sending, signing,
declining, voiding, verification, uploads and documents; errors in the one shape, nothing written
on bad input; query budgets for the lists."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.leadership.models import Mou, MouSection, MouVersion, Signatory
from tests.factories import PASSWORD
from tests.matrix.leadership_mous import drafted, make_mou, sent, signers
from tests.pdfs import PLAIN_PDF

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def counts():
    rows = [m.objects.count() for m in (Mou, MouVersion, MouSection, Signatory)]
    return (*rows, Signatory.objects.filter(status="signed").count())


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def version_url(version, suffix=""):
    mou = version.mou
    return f"{API}/{mou.partnership_id}/mous/{mou.pk}/versions/{version.number}{suffix}"


class TestDrafting:
    def test_create_list_and_read(self, cast, client):
        client.force_login(cast.users["project_director"])
        response = call(
            client,
            "POST",
            f"{API}/{cast.own.pk}/mous",
            {"title": "API MOU", "expires_on": "2029-12-31"},
        )
        assert response.status_code == 201
        body = response.json()
        assert (body["title"], body["status"], body["latest_version_number"]) == (
            "API MOU",
            "drafting",
            1,
        )
        listed = client.get(f"{API}/{cast.own.pk}/mous").json()
        assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
        version = client.get(f"{API}/{cast.own.pk}/mous/{body['id']}/versions/1").json()
        assert version["expires_on"] == "2029-12-31" and len(version["sections"]) == 12
        assert version["sections"][0]["key"] == "parties" and version["signatories"] == []

    def test_unknown_template_is_a_field_error(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", f"{API}/{cast.own.pk}/mous", {"template_id": 999999})
        assert response.status_code == 422
        assert field_errors(response) == {"template_id": "There is no template with this id."}
        assert counts() == before

    def test_a_leader_may_not_draft(self, cast, client):
        client.force_login(cast.users["leader"])
        assert call(client, "POST", f"{API}/{cast.own.pk}/mous", {}).status_code == 403

    def test_patch_sections_of_a_draft(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "PATCH",
            version_url(version),
            {
                "sections": [{"key": "purpose", "body": "A new purpose."}],
                "signing_order": "sequential",
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert body["number"] == 1 and body["signing_order"] == "sequential"
        purpose = next(s for s in body["sections"] if s["key"] == "purpose")
        assert (purpose["heading"], purpose["body"]) == ("Purpose", "A new purpose.")

    def test_patch_an_unknown_section_names_it(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        response = call(
            client, "PATCH", version_url(version), {"sections": [{"key": "nope", "body": "x"}]}
        )
        assert response.status_code == 422
        assert field_errors(response) == {"sections.0.key": "Version 1 has no section “nope”."}

    def test_patch_out_for_signature_returns_the_new_draft(self, cast, client):
        version = sent(cast, drafted(cast))
        client.force_login(cast.users["steward"])
        response = call(client, "PATCH", version_url(version), {"expires_on": "2031-01-01"})
        assert response.status_code == 200
        assert (response.json()["number"], response.json()["status"]) == (2, "draft")
        version.refresh_from_db()
        assert (version.status, version.void_reason) == (
            "voided",
            "Edited while out for signature.",
        )

    def test_patch_executed_is_refused(self, cast, client):
        version = make_mou(cast, "own", "executed")
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "PATCH", version_url(version), {"expires_on": "2031-01-01"})
        assert response.status_code == 422
        assert "An executed MOU is never edited" in field_errors(response)["__all__"]
        assert counts() == before

    def test_diff(self, cast, client):
        version = make_mou(cast, "own", "two")
        client.force_login(cast.users["viewer"])
        base = f"{API}/{cast.own.pk}/mous/{version.mou_id}/diff"
        body = client.get(base, {"a": 1, "b": 2}).json()
        purpose = next(s for s in body["sections"] if s["key"] == "purpose")
        assert purpose["status"] == "changed"
        assert {"kind": "added", "text": " Changed."} in purpose["pieces"]
        response = client.get(base, {"a": 1, "b": 5})
        assert response.status_code == 422
        assert field_errors(response) == {"b": "This MOU has no version 5."}

    def test_amendment(self, cast, client):
        version = make_mou(cast, "own", "executed")
        client.force_login(cast.users["steward"])
        response = call(client, "POST", f"{API}/{cast.own.pk}/mous/{version.mou_id}/amendment")
        assert response.status_code == 201
        assert response.json()["amends"] == {"id": version.mou_id, "title": "Matrix MOU (executed)"}


class TestSignatures:
    def test_send_refuses_a_person_who_may_not_sign(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(
            client,
            "POST",
            version_url(version, "/send"),
            {
                "signatories": [{"person_id": cast.people["viewer"].pk, "order": 1}],
            },
        )
        assert response.status_code == 422
        assert "This person may not sign" in field_errors(response)["signatories.0.person_id"]
        response = call(
            client,
            "POST",
            version_url(version, "/send"),
            {
                "signatories": [{"person_id": cast.people["leader"].pk, "order": 1}],
            },
        )
        assert field_errors(response)["signatories"].startswith(
            "Choose at least one signatory for Host Society."
        )
        assert counts() == before

    def test_send_sign_and_execute(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        body = {
            "signing_order": "parallel",
            "signatories": [{"person_id": p.pk, "order": 1} for _, p in signers(cast, "own")],
            "confirm_no_agreed_charter": True,
        }
        response = call(client, "POST", version_url(version, "/send"), body)
        assert response.status_code == 200 and response.json()["status"] == "out_for_signature"
        sha = response.json()["document_sha256"]
        document = client.get(version_url(version, "/document"))
        assert document["Content-Type"] == "application/pdf"
        assert document["X-Content-Type-Options"] == "nosniff"
        assert document["Content-Disposition"].startswith("attachment;")

        client.force_login(cast.users["leader"])
        wrong = call(client, "POST", version_url(version, "/sign"), {"password": "nope"})
        assert wrong.status_code == 422
        assert field_errors(wrong) == {
            "password": "That is not your password. Type the password you sign in to Accord with."
        }
        signed = call(client, "POST", version_url(version, "/sign"), {"password": PASSWORD})
        assert signed.status_code == 200
        mine = next(
            s for s in signed.json()["signatories"] if s["person"]["name"] == "Leader Person"
        )
        assert (mine["status"], mine["signed_sha256"], mine["ip_address"]) == (
            "signed",
            sha,
            "127.0.0.1",
        )
        before = counts()
        again = call(client, "POST", version_url(version, "/sign"), {"password": PASSWORD})
        assert (
            again.status_code == 422
            and "You signed version 1 on" in again.json()["errors"][0]["message"]
        )
        assert counts() == before

        host = version.signatories.exclude(person=cast.people["leader"]).get().person
        client.force_login(host.user)
        done = call(client, "POST", version_url(version, "/sign"), {"password": PASSWORD})
        assert done.json()["status"] == "executed"
        check = client.get(version_url(version, "/verification")).json()
        assert check["intact"] is True and check["certificate"]["intact"] is True
        assert [s["intact"] for s in check["signatures"]] == [True, True]
        executed = client.get(version_url(version, "/executed-document"))
        assert b"".join(executed.streaming_content).startswith(b"%PDF-")

    def test_a_member_who_is_not_a_signatory_gets_403_and_an_outsider_404(self, cast, client):
        version = make_mou(cast, "own", "out")
        client.force_login(cast.users["steward"])
        response = call(client, "POST", version_url(version, "/sign"), {"password": PASSWORD})
        assert response.status_code == 403
        assert (
            response.json()["detail"] == "Only the people asked to sign this version may sign it."
        )
        client.force_login(cast.users["outsider"])
        response = call(client, "POST", version_url(version, "/sign"), {"password": PASSWORD})
        assert response.status_code == 404

    def test_decline_and_void(self, cast, client):
        version = make_mou(cast, "own", "out")
        client.force_login(cast.users["leader"])
        response = call(client, "POST", version_url(version, "/decline"), {"reason": ""})
        assert response.status_code == 422 and "reason" in field_errors(response)
        response = call(client, "POST", version_url(version, "/decline"), {"reason": "Not yet."})
        assert response.json()["status"] == "voided"
        client.force_login(cast.users["steward"])
        response = call(client, "POST", version_url(version, "/void"), {"reason": "Again."})
        assert response.status_code == 422
        assert "Only a version out for signature is voided" in field_errors(response)["__all__"]

    def test_verification_reports_a_tampered_document(self, cast, client):
        version = make_mou(cast, "own", "executed")
        with open(version.document.path, "r+b") as handle:
            handle.write(b"%PDF-9")
        client.force_login(cast.users["viewer"])
        check = client.get(version_url(version, "/verification")).json()
        assert check["intact"] is False and check["document"]["intact"] is False
        assert check["certificate"]["intact"] is True
        assert [s["intact"] for s in check["signatures"]] == [False, False]


class TestUpload:
    def post(self, client, cast, content, **fields):
        data = {"title": "Signed on paper", "effective_on": "2026-02-01", **fields}
        if content is not None:
            data["file"] = SimpleUploadedFile("mou.pdf", content, content_type="application/pdf")
        return client.post(f"{API}/{cast.own.pk}/mous/upload", data)

    def test_upload_a_signed_pdf(self, cast, client):
        client.force_login(cast.users["steward"])
        response = self.post(client, cast, PLAIN_PDF, expires_on="2028-02-01")
        assert response.status_code == 201
        body = response.json()
        assert (body["status"], body["effective_on"], body["expires_on"]) == (
            "executed",
            "2026-02-01",
            "2028-02-01",
        )
        version = client.get(f"{API}/{cast.own.pk}/mous/{body['id']}/versions/1").json()
        assert version["external"] is True and version["status"] == "executed"

    def test_bad_uploads_are_refused_naming_the_file(self, cast, client, settings):
        client.force_login(cast.users["steward"])
        before = counts()
        assert field_errors(self.post(client, cast, None)) == {
            "file": "Choose the signed PDF to upload."
        }
        assert field_errors(self.post(client, cast, b"GIF89a")) == {
            "file": "This file is not a PDF, whatever its name says. Upload a PDF file."
        }
        settings.ACCORD_MAX_UPLOAD_MB = 1
        big = b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024) + b"\n%%EOF\n"
        assert "the limit is 1 MB" in field_errors(self.post(client, cast, big))["file"]
        assert counts() == before

    def test_a_viewer_may_not_upload(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert self.post(client, cast, PLAIN_PDF).status_code == 403


class TestBudgets:
    def cost(self, client, address):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, {"page_size": 100}).status_code == 200
        return len(captured)

    def test_mou_list(self, cast, client):
        client.force_login(cast.users["viewer"])

        def add(n):
            for i in range(Mou.objects.filter(partnership=cast.own).count(), n):
                mou = Mou.objects.create(partnership=cast.own, title=f"MOU {i}")
                MouVersion.objects.create(mou=mou, number=1)
            return self.cost(client, f"{API}/{cast.own.pk}/mous")

        assert add(5) == add(50)

    def test_version_list(self, cast, client):
        mou = Mou.objects.create(partnership=cast.own, title="Many versions")
        client.force_login(cast.users["viewer"])

        def add(n):
            for number in range(mou.versions.count() + 1, n + 1):
                MouVersion.objects.create(mou=mou, number=number, status="voided")
            return self.cost(client, f"{API}/{cast.own.pk}/mous/{mou.pk}/versions")

        assert add(5) == add(50)
