"""Qualitative evidence (M3): recorded through its service with every field checked (a file by its
content, its size, tags of the partnership's own, a quote's consent), changed only from what was
read, served safely as a download; its pages and API."""

import json
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.models import StaleRevision
from accord.measurement import services_evidence as services
from accord.measurement.models import Evidence
from tests.measurement.files import ACCEPTED, REFUSED
from tests.measurement.helpers import draft

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "notes.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(settings) -> list[str]:
    folder = os.path.join(settings.MEDIA_ROOT, "evidence")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def refused(**values) -> dict:
    with pytest.raises(ValidationError) as error:
        services.evidence_create(**values)
    return error.value.message_dict


class TestRecording:
    def test_a_story_tagged_to_an_indicator_core_value_and_period(self, cast):
        indicator = draft(cast, indicators=1).indicators.get()
        story = services.evidence_create(
            partnership=cast.own,
            title="Ana's first week",
            body="She measured a crack.",
            organization_id=cast.partner.pk,
            indicator_ids=[indicator.pk],
            created_by=cast.users["contributor"],
        )
        assert list(story.indicators.all()) == [indicator]
        assert story.organization == cast.partner
        assert story.history.count() == 1

    @pytest.mark.parametrize("kind", ACCEPTED)
    def test_each_kind_of_file_is_read_by_its_content_and_kept_under_a_name_of_accords(
        self, cast, kind
    ):
        content, media_type, extension = ACCEPTED[kind]
        item = services.evidence_create(
            partnership=cast.own,
            kind="file",
            title=f"A {kind}",
            upload=upload(content, name="renamed.txt"),
        )
        assert item.media_type == media_type
        assert item.file_name == "renamed.txt"
        assert item.file.name.startswith("evidence/") and item.file.name.endswith(f".{extension}")
        with item.file.open("rb") as handle:
            assert handle.read() == content

    @pytest.mark.parametrize("case", REFUSED)
    def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_written(
        self, cast, case, settings
    ):
        content, message = REFUSED[case]
        before = stored_files(settings)
        errors = refused(
            partnership=cast.own, kind="file", title="Report", upload=upload(content, "r.pdf")
        )
        assert errors == {"file": [message]}
        assert not Evidence.objects.exists()
        assert stored_files(settings) == before

    def test_an_image_cut_short_is_refused_after_weasyprint_was_imported(self, cast, monkeypatch):
        """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for its process when imported: a
        PDF rendered before in the same process let a PNG cut short through."""
        from PIL import ImageFile

        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as weasyprint/images.py
        content, message = REFUSED["a PNG cut short"]
        errors = refused(
            partnership=cast.own, kind="file", title="Report", upload=upload(content, "r.png")
        )
        assert errors == {"file": [message]}

    def test_an_oversized_file_is_refused_naming_the_limit(self, cast, settings):
        settings.ACCORD_MAX_UPLOAD_MB = 1
        big = ACCEPTED["png"][0] + b"\x00" * (1024 * 1024 + 10)
        errors = refused(partnership=cast.own, kind="file", title="Big", upload=upload(big))
        assert errors == {"file": ["The file is 1.0 MB; the limit is 1 MB."]}
        assert not Evidence.objects.exists()

    def test_a_file_kind_without_a_file_is_refused(self, cast):
        assert refused(partnership=cast.own, kind="file", title="Report") == {
            "file": ["Choose the file to upload."]
        }

    def test_tags_from_another_partnership_are_refused_naming_each_field(self, cast):
        theirs = draft(cast, indicators=1, partnership=cast.other).indicators.get()
        errors = refused(
            partnership=cast.own,
            title="Story",
            body="Text.",
            indicator_ids=[theirs.pk],
            core_value_ids=[999_999],
            period_ids=[888_888],
        )
        assert errors == {
            "indicator_ids": [
                f"Indicator {theirs.pk} is not one of this partnership's measures set."
            ],
            "core_value_ids": ["Core value 999999 is not one of this partnership's charter."],
            "period_ids": ["Reporting period 888888 is not one of this partnership's."],
        }
        assert not Evidence.objects.exists()

    def test_a_quote_without_consent_is_refused_naming_the_consent_field(self, cast):
        errors = refused(
            partnership=cast.own, kind="quote", title="Said", body="I can do this.", speaker="Ana"
        )
        assert errors == {
            "consent": [
                "Record the speaker's consent for a quote: given, given to quote without a "
                "name, or not given."
            ]
        }
        assert not Evidence.objects.exists()

    def test_consent_given_says_how_and_when(self, cast):
        errors = refused(
            partnership=cast.own,
            kind="quote",
            title="Said",
            body="I can do this.",
            speaker="Ana",
            consent="given",
        )
        assert set(errors) == {"consent_note", "consent_on"}
        anonymous = services.evidence_create(
            partnership=cast.own,
            kind="quote",
            title="Said",
            body="I can do this.",
            consent="anonymous",
            consent_note="Aloud, at the closing meeting.",
            consent_on=cast.own.created_at.date(),
        )
        assert anonymous.consent == "anonymous"

    def test_an_organization_that_is_not_a_member_is_refused(self, cast):
        from tests.factories import OrganizationFactory

        stranger = OrganizationFactory()
        errors = refused(
            partnership=cast.own, title="Story", body="Text.", organization_id=stranger.pk
        )
        assert errors == {
            "organization_id": ["Choose a current member organization of this partnership."]
        }


class TestChanging:
    def test_a_change_from_a_stale_reading_is_refused_whole(self, cast):
        indicator = draft(cast, indicators=1).indicators.get()
        item = services.evidence_create(partnership=cast.own, title="Story", body="First.")
        read = Evidence.objects.get(pk=item.pk)
        services.evidence_update(evidence=item, body="Someone else's words.")
        read.expect_revision(read.revision)  # what the person read, before the other save
        with pytest.raises(StaleRevision):
            services.evidence_update(evidence=read, body="Mine.", indicator_ids=[indicator.pk])
        item.refresh_from_db()
        assert item.body == "Someone else's words."
        assert not item.indicators.exists()

    def test_tags_alone_move_the_revision_and_a_quote_cannot_lose_its_consent(self, cast):
        indicator = draft(cast, indicators=1).indicators.get()
        item = services.evidence_create(partnership=cast.own, title="Story", body="First.")
        revision = item.revision
        services.evidence_update(evidence=item, indicator_ids=[indicator.pk])
        item.refresh_from_db()
        assert item.revision > revision
        with pytest.raises(ValidationError) as error:
            services.evidence_update(evidence=item, kind="quote")
        assert "consent" in error.value.message_dict

    def test_archived_evidence_leaves_the_list_and_no_longer_changes(self, cast):
        item = services.evidence_create(partnership=cast.own, title="Story", body="First.")
        services.evidence_archive(evidence=item)
        item.refresh_from_db()
        assert item.is_archived
        with pytest.raises(ValidationError):
            services.evidence_update(evidence=item, body="Again.")


class TestPages:
    def login(self, client, cast, role):
        client.force_login(cast.users[role])

    def test_the_file_is_served_as_an_attachment_with_its_stored_type_and_nosniff(
        self, client, cast
    ):
        content = ACCEPTED["png"][0]
        item = services.evidence_create(
            partnership=cast.own,
            kind="file",
            title="Photo",
            upload=upload(content, name='site "visit".png'),
        )
        self.login(client, cast, "viewer")
        response = client.get(reverse("measurement:evidence-file", args=[cast.own.pk, item.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == content

    def test_recording_a_quote_without_consent_shows_the_error_on_the_field(self, client, cast):
        self.login(client, cast, "contributor")
        url = reverse("measurement:evidence-create", args=[cast.own.pk])
        response = client.post(
            url, {"kind": "quote", "title": "Said", "body": "Yes.", "consent": "not_needed"}
        )
        assert response.status_code == 422
        assert "Record the speaker" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_uploading_a_file_that_is_not_what_it_says_shows_the_error(self, client, cast):
        self.login(client, cast, "contributor")
        url = reverse("measurement:evidence-create", args=[cast.own.pk])
        response = client.post(
            url,
            {
                "kind": "file",
                "title": "Report",
                "consent": "not_needed",
                "file": upload(b"<html></html>", "report.pdf"),
            },
        )
        assert response.status_code == 422
        assert "whatever its name says" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_the_author_changes_their_evidence_and_another_contributor_may_not(self, client, cast):
        item = services.evidence_create(
            partnership=cast.own,
            title="Story",
            body="First.",
            created_by=cast.users["contributor"],
        )
        edit = reverse("measurement:evidence-edit", args=[cast.own.pk, item.pk])
        self.login(client, cast, "leader")
        assert client.get(edit).status_code == 403
        self.login(client, cast, "contributor")
        response = client.post(
            edit,
            {
                "kind": "story",
                "title": "Story",
                "body": "Second.",
                "consent": "not_needed",
                "read_revision": item.revision,
            },
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.body == "Second."

    @pytest.mark.parametrize("page", ["list", "filtered"])
    def test_the_list_costs_the_same_queries_at_two_sizes(self, client, cast, page):
        indicator = draft(cast, indicators=1).indicators.get()
        self.login(client, cast, "viewer")
        url = reverse("measurement:evidence", args=[cast.own.pk])
        if page == "filtered":
            url += f"?kind=story&indicator={indicator.pk}"
        counts = []
        for n in (2, 8):
            while Evidence.objects.count() < n:
                services.evidence_create(
                    partnership=cast.own,
                    title=f"Story {Evidence.objects.count()}",
                    body="Text.",
                    organization_id=cast.partner.pk,
                    indicator_ids=[indicator.pk],
                    created_by=cast.users["contributor"],
                )
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            assert response.content.decode().count("Story ") >= n
            counts.append(len(queries))
        assert counts[0] == counts[1], counts

    def test_the_detail_page_shows_the_consent(self, client, cast):
        item = services.evidence_create(
            partnership=cast.own,
            kind="quote",
            title="Said",
            body="Someone like me can do this.",
            speaker="Imani",
            consent="given",
            consent_note="Signed form.",
            consent_on=cast.own.created_at.date(),
        )
        self.login(client, cast, "viewer")
        body = client.get(item.get_absolute_url()).content.decode()
        assert "Consent given" in body and "Signed form." in body


class TestApi:
    def api(self, client, method, url, data=None, **headers):
        return client.generic(
            method, url, json.dumps(data or {}), content_type="application/json", headers=headers
        )

    def test_a_quote_without_consent_answers_422_naming_consent(self, client, cast):
        client.force_login(cast.users["contributor"])
        response = self.api(
            client,
            "POST",
            f"/api/v1/partnerships/{cast.own.pk}/evidence",
            {"kind": "quote", "title": "Said", "body": "Yes.", "speaker": "Ana"},
        )
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["consent"]
        assert not Evidence.objects.exists()

    def test_upload_create_read_stale_patch_and_download(self, client, cast):
        client.force_login(cast.users["contributor"])
        base = f"/api/v1/partnerships/{cast.own.pk}/evidence"
        response = client.post(
            base + "/upload",
            {"title": "Sheet", "file": upload(ACCEPTED["xlsx"][0], "numbers.xlsx")},
        )
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["media_type"] == ACCEPTED["xlsx"][1]
        one = f"{base}/{created['id']}"
        stale = self.api(client, "PATCH", one, {"title": "New"}, **{"If-Match": '"99"'})
        assert stale.status_code == 412
        fresh = self.api(
            client, "PATCH", one, {"title": "New"}, **{"If-Match": f'"{created["revision"]}"'}
        )
        assert fresh.status_code == 200 and fresh.json()["title"] == "New"
        download = client.get(created["file_url"])
        assert download.status_code == 200
        assert download["X-Content-Type-Options"] == "nosniff"

    def test_a_bad_upload_answers_422_naming_file(self, client, cast):
        client.force_login(cast.users["contributor"])
        response = client.post(
            f"/api/v1/partnerships/{cast.own.pk}/evidence/upload",
            {"title": "Sheet", "file": upload(b"%PDF-1.4 not really", "numbers.pdf")},
        )
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["file"]
        assert not Evidence.objects.exists()
