"""Sending an MOU while no charter version is agreed (L5, A3): the service, the send page and
the API refuse it until the steward confirms explicitly; with an agreed charter nobody is asked."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.leadership.rendering import read_stored
from tests.leadership.test_mou_charter import AGREED, final
from tests.leadership.test_mou_true_to_data import pdftotext
from tests.leadership.test_mous_api import call, field_errors, version_url
from tests.matrix.leadership_mous import drafted, send_body, send_form, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class TestSendingWithoutAnAgreedCharter:
    def test_the_service_refuses_until_the_steward_confirms(self, cast, tmp_path):
        version = drafted(cast)
        with pytest.raises(ValidationError) as refused:
            sent(cast, version, confirm=False)
        message = refused.value.message_dict["confirm_no_agreed_charter"][0]
        assert message.startswith("No charter version is agreed")
        version.refresh_from_db()
        assert version.status == "draft" and not version.signatories.exists()
        version = sent(cast, version, confirm=True)
        assert version.data["charter"] is None
        stored = pdftotext(read_stored(version.document), tmp_path)
        assert "This draft quotes no charter" not in stored  # a draft's note, not the signed text

    def test_the_send_page_asks_for_the_confirmation(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        url = reverse("leadership:mou-send", args=[cast.own.pk, version.mou_id, 1])
        assert "Send it without an agreed charter" in client.get(url).text
        data = send_form(cast, "own")
        del data["confirm_no_agreed_charter"]
        response = client.post(url, data)
        assert response.status_code == 200 and "No charter version is agreed" in response.text
        version.refresh_from_db()
        assert version.status == "draft"
        assert client.post(url, send_form(cast, "own")).status_code == 302

    def test_the_api_asks_for_the_confirmation(self, cast, client):
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        body = send_body(cast, "own")
        del body["confirm_no_agreed_charter"]
        response = call(client, "POST", version_url(version, "/send"), body)
        assert response.status_code == 422
        assert "No charter version is agreed" in field_errors(response)["confirm_no_agreed_charter"]
        response = call(client, "POST", version_url(version, "/send"), send_body(cast, "own"))
        assert response.status_code == 200

    def test_with_an_agreed_charter_the_page_does_not_ask(self, cast, client):
        final(cast, 1, AGREED, endorsed_by=(cast.host, cast.partner))
        version = drafted(cast)
        client.force_login(cast.users["steward"])
        url = reverse("leadership:mou-send", args=[cast.own.pk, version.mou_id, 1])
        assert "Send it without an agreed charter" not in client.get(url).text
