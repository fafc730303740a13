"""The input ledger's triage (R6): a response is drafted, given and published in separate steps;
anonymous input recorded by staff keeps no identity; closed input reopens."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.partnerships.timeline import timeline_of
from accord.relationships import services_ledger as services
from tests.relationships.ledger import recorded

pytestmark = pytest.mark.django_db


class TestTriage:
    def test_draft_give_publish_are_separate(self, cast):
        item = recorded(cast.own, assignee=cast.people["leader"])
        services.input_respond(item=item, response="Draft", by=cast.users["leader"], send=False)
        assert item.responded_at is None and item.acknowledged_at is None
        with pytest.raises(ValidationError) as caught:
            services.input_publish(item=item)
        assert "published" in caught.value.message_dict
        services.input_respond(item=item, response="Final", by=cast.users["leader"])
        assert item.responded_by == cast.people["leader"] and item.acknowledged_at
        assert item.published_at is None
        services.input_publish(item=item)
        assert item.published_at is not None
        services.input_publish(item=item, published=False)
        assert item.published_at is None

    def test_a_response_needs_text(self, cast):
        with pytest.raises(ValidationError) as caught:
            services.input_respond(item=recorded(cast.own), response="", send=True)
        assert "response" in caught.value.message_dict

    def test_anonymous_recorded_input_keeps_no_identity(self, cast):
        item = recorded(
            cast.own,
            anonymous=True,
            person=cast.people["leader"],
            name="Someone",
            email="someone@example.org",
        )
        assert (item.person, item.organization, item.name, item.email) == (None, None, "", "")
        assert item.submitter == "Anonymous"

    def test_archived_partnership_refuses(self, cast):
        item = recorded(cast.own)
        cast.own.archived_at = timezone.now()
        cast.own.save()
        with pytest.raises(ValidationError):
            services.input_acknowledge(item=item)
        cast.own.archived_at = None
        cast.own.save()

    def test_reopen(self, cast):
        item = recorded(cast.own)
        services.input_close(item=item, reason="duplicate")
        services.input_reopen(item=item)
        assert item.status == "open" and item.close_reason == ""
        assert item.received_at < timezone.now() - timedelta(days=1)

    def test_a_published_response_shows_on_the_timeline(self, cast):
        item = recorded(cast.own, subject="Saturday bus")
        services.input_respond(item=item, response="Added one.")
        assert "Saturday bus" not in [e.title for e in timeline_of(cast.own, cast.users["viewer"])]
        services.input_publish(item=item)
        (entry,) = [
            e for e in timeline_of(cast.own, cast.users["viewer"]) if e.title == "Saturday bus"
        ]
        assert entry.label == "You said, we did" and entry.url == item.get_absolute_url()
