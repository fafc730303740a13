"""The input ledger's services (R6): recording, triage, publishing; bad input names the field and
writes nothing; a response cannot be published before it is given."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.relationships import services_engagements as engagements
from accord.relationships import services_ledger as services
from accord.relationships.models import Input
from tests.factories import PersonFactory
from tests.relationships.ledger import counts, recorded

pytestmark = pytest.mark.django_db


def _refused(call, field, **kwargs):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert field in caught.value.message_dict, caught.value
    assert counts() == before


class TestBadInput:
    def test_consultation_dates_out_of_order(self, cast):
        _refused(
            services.consultation_create,
            "closes_on",
            partnership=cast.own,
            question="Which weeks?",
            opens_on=date(2026, 5, 1),
            closes_on=date(2026, 4, 1),
        )

    def test_input_needs_subject_and_text_within_limits(self, cast):
        _refused(recorded, "subject", partnership=cast.own, subject=" ")
        _refused(recorded, "text", partnership=cast.own, text="x" * (services.MAX_TEXT + 1))

    def test_consultation_of_another_partnership(self, cast):
        other = services.consultation_create(
            partnership=cast.other,
            question="Theirs",
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 2, 1),
        )
        _refused(recorded, "consultation", partnership=cast.own, consultation=other)

    def test_assignee_outside_the_partnership(self, cast):
        _refused(recorded, "assignee", partnership=cast.own, assignee=PersonFactory())

    def test_received_in_the_future(self, cast):
        _refused(recorded, "received_at", partnership=cast.own, days_ago=-2)

    def test_closing_without_action_needs_an_explanation(self, cast):
        item = recorded(cast.own)
        with pytest.raises(ValidationError) as caught:
            services.input_close(item=item, reason="not_acted_on", explanation=" ")
        assert "close_explanation" in caught.value.message_dict
        item.refresh_from_db()
        assert item.status == Input.Status.OPEN
        services.input_close(item=item, reason="not_acted_on", explanation="No budget this year.")
        assert item.status == Input.Status.CLOSED

    def test_a_bad_reason_is_refused(self, cast):
        with pytest.raises(ValidationError) as caught:
            services.input_close(item=recorded(cast.own), reason="bored")
        assert "close_reason" in caught.value.message_dict

    def test_actions_of_another_partnership_are_refused(self, cast):
        item = recorded(cast.own)
        theirs = engagements.engagement_create(
            partnership=cast.other, title="Their meeting", starts_at=timezone.now()
        )
        _refused(services.input_action_add, "engagement", item=item, engagement=theirs)
        their_item = engagements.action_item_add(
            engagement=theirs,
            title="Theirs",
            owner=cast.people["other_steward"],
            due_on=timezone.localdate(),
        )
        _refused(services.input_action_add, "action_item", item=item, action_item=their_item)
        _refused(services.input_action_add, "text", item=item, text="  ")

    def test_settings_out_of_range(self, cast):
        for values, field in (
            ({"ack_days": 0, "response_days": 30}, "ack_days"),
            ({"ack_days": 5, "response_days": 999}, "response_days"),
            ({"ack_days": 10, "response_days": 5}, "response_days"),
        ):
            _refused(services.settings_set, field, partnership=cast.own, public_form=True, **values)
