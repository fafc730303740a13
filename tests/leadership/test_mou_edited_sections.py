"""Sections edited by hand (L5): they keep their text and say that they no longer follow the
data; the MOU page lists them; a draft whose edited text names values that changed since
disagrees with itself and is not sent for signature (page and service), until the section is
edited or follows the data again."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.leadership.mou_context import readable_date
from accord.leadership.rendering import read_stored, version_pdf
from accord.leadership.services import mous as services
from tests.leadership.test_mou_true_to_data import pdftotext
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class TestEditedSections:
    def edit_term_by_hand(self, version):
        section = version.sections.get(key="term")
        return services.mou_section_update(
            section=section,
            heading="Term",
            body="This MOU takes effect on 1 September 2026 and ends on 31 December 2029, "
            "unless the Partners renew it in writing.",
        )

    def test_an_edited_section_keeps_its_text_and_says_so(self, cast, tmp_path):
        version = drafted(cast, effective_on=date(2026, 9, 1), expires_on=date(2029, 12, 31))
        section = self.edit_term_by_hand(version)
        assert section.edited and not section.follows_data
        assert section.edited_data["term.expires_on"] == "31 December 2029"
        text = pdftotext(version_pdf(version), tmp_path)
        assert "Edited — no longer follows the data" in text
        assert "unless the Partners renew it in writing" in text

    def test_a_draft_that_disagrees_with_itself_is_not_sent(self, cast, tmp_path, client):
        version = drafted(cast, effective_on=date(2026, 9, 1), expires_on=date(2029, 12, 31))
        self.edit_term_by_hand(version)
        version = services.mou_version_update(version=version, expires_on=date(2030, 6, 30))
        text = pdftotext(version_pdf(version), tmp_path)
        assert "30 June 2030" in text  # the cover follows the data
        assert "no longer the expiry date" in text  # and the edited clause says it disagrees
        with pytest.raises(ValidationError) as refused:
            sent(cast, version)
        message = " ".join(refused.value.messages)
        assert "disagrees with itself" in message
        assert "Section 7 “Term”" in message and "“31 December 2029”" in message
        assert "now “30 June 2030”" in message
        version.refresh_from_db()
        assert version.status == "draft" and not version.document
        # The MOU page lists the edited section, and says why the draft cannot be sent.
        client.force_login(cast.users["steward"])
        page = client.get(version.mou.get_absolute_url()).content.decode()
        assert "Sections edited by hand in version 1" in page
        assert "cannot be sent for signature" in page and "31 December 2029" in page
        # The send page refuses with the reason too.
        url = reverse("leadership:mou-send", args=[cast.own.pk, version.mou_id, version.number])
        page = client.post(url, {"signing_order": "parallel"}).content.decode()
        assert "disagrees with itself" in page

    def test_following_the_data_again_lets_it_be_sent(self, cast, tmp_path):
        version = drafted(cast, effective_on=date(2026, 9, 1), expires_on=date(2029, 12, 31))
        section = self.edit_term_by_hand(version)
        services.mou_version_update(version=version, expires_on=date(2030, 6, 30))
        section = services.mou_section_update(
            section=section, heading="Term", body="", follow_data=True
        )
        assert section.follows_data and "until 30 June 2030" in section.body
        version = sent(cast, version)
        text = pdftotext(read_stored(version.document), tmp_path)
        assert "31 December 2029" not in text
        assert "Edited — no longer follows the data" not in text
        assert version.data["term"]["expires_on"] == readable_date(date(2030, 6, 30))

    def test_an_edit_that_names_no_changed_value_may_be_sent(self, cast):
        version = drafted(cast, expires_on=date(2029, 12, 31))
        section = version.sections.get(key="renewal")
        services.mou_section_update(section=section, heading="Renewal", body="We may renew.")
        services.mou_version_update(version=version, expires_on=date(2030, 6, 30))
        version = sent(cast, version)
        assert version.status == "out_for_signature"
        assert version.sections.get(key="renewal").body == "We may renew."
        assert "30 June 2030" in version.sections.get(key="term").body
        assert version.sent_at <= timezone.now()


class TestApi:
    def test_sections_say_whether_they_follow_the_data(self, cast, client):
        from tests.leadership.test_mous_api import call, version_url

        version = drafted(cast, expires_on=date(2029, 12, 31))
        client.force_login(cast.users["steward"])
        edit = {"key": "term", "body": "This MOU ends on 31 December 2029."}
        response = call(client, "PATCH", version_url(version), {"sections": [edit]})
        term = next(s for s in response.json()["sections"] if s["key"] == "term")
        assert (term["follows_data"], term["disagreements"]) == (False, [])
        response = call(client, "PATCH", version_url(version), {"expires_on": "2030-06-30"})
        term = next(s for s in response.json()["sections"] if s["key"] == "term")
        assert term["disagreements"] == [
            "it says “31 December 2029”, which is no longer the expiry date (now “30 June 2030”)"
        ]
        response = call(client, "POST", version_url(version, "/send"), {"signatories": []})
        assert response.status_code == 422
        assert "disagrees with itself" in response.json()["detail"] + str(response.json())
        follow = {"key": "term", "follow_data": True}
        response = call(client, "PATCH", version_url(version), {"sections": [follow]})
        term = next(s for s in response.json()["sections"] if s["key"] == "term")
        assert term["follows_data"] and "until 30 June 2030" in term["body"]
