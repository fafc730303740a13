"""The public "you said, we did" page (R6): only what a steward published, never who gave it;
not found while there is nothing to show."""

import pytest

from accord.relationships import services_ledger as services
from tests.relationships.ledger import form_on, form_url, page_url, recorded

pytestmark = pytest.mark.django_db


class TestYouSaidWeDid:
    def test_shows_only_published_and_never_who(self, cast, client):
        form_on(cast.own)
        published = recorded(
            cast.own, subject="Published one", name="Named Giver", email="giver@example.org"
        )
        services.input_respond(item=published, response="We did it.")
        services.input_action_add(item=published, text="Added a Saturday bus.")
        services.input_publish(item=published)
        answered = recorded(cast.own, subject="Answered not published", name="Second Giver")
        services.input_respond(item=answered, response="Secret answer")
        draft = recorded(cast.own, subject="Drafted")
        services.input_respond(item=draft, response="Draft words", send=False)
        page = client.get(page_url(cast.own)).content.decode()
        assert "Published one" in page and "We did it." in page and "Added a Saturday bus." in page
        for hidden in (
            "Answered not published",
            "Secret answer",
            "Drafted",
            "Draft words",
            "Named Giver",
            "giver@example.org",
            "Second Giver",
        ):
            assert hidden not in page
        form = client.get(form_url(cast.own)).content.decode()
        assert "Named Giver" not in form and "Secret answer" not in form

    def test_not_found_without_form_or_anything_published(self, cast, client):
        item = recorded(cast.own)
        services.input_respond(item=item, response="Answered")
        assert client.get(page_url(cast.own)).status_code == 404
        services.input_publish(item=item)
        assert client.get(page_url(cast.own)).status_code == 200
        assert client.get(page_url(cast.other)).status_code == 404
