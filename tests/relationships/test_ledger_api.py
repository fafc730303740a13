"""The input ledger API (R6): record, triage with If-Match, close, publish, actions, consultations,
settings and responsiveness; bad input names the field and writes nothing; input of another
partnership is not found, so it cannot be answered through this one."""

import pytest

from accord.relationships import services_ledger as services
from tests.relationships.engagements import call, field_errors
from tests.relationships.ledger import API, counts, recorded

pytestmark = pytest.mark.django_db


class TestApi:
    def test_record_triage_answer_publish(self, cast, client):
        client.force_login(cast.users["steward"])
        base = f"/api/v1/partnerships/{cast.own.pk}"
        consultation = call(
            client,
            "POST",
            base + "/consultations",
            {"question": "Which weeks?", "opens_on": "2026-01-01", "closes_on": "2026-02-01"},
        )
        assert consultation.status_code == 201, consultation.content
        body = {
            "subject": "Weeks 2 to 7",
            "text": "Weeks 2 to 7 suit us.",
            "channel": "meeting",
            "consultation_id": consultation.json()["id"],
            "name": "Kofi",
            "assignee_id": cast.people["leader"].pk,
        }
        created = call(client, "POST", API.format(cast.own.pk), body)
        assert created.status_code == 201, created.content
        data = created.json()
        assert data["source"] == "solicited" and data["submitter"] == "Kofi"
        assert data["overdue"] is False and data["assignee"]["id"] == cast.people["leader"].pk
        one = f"{API.format(cast.own.pk)}/{data['id']}"
        draft = call(client, "PATCH", one, {"response": "Draft"}, HTTP_IF_MATCH='"1"')
        assert draft.status_code == 200, draft.content
        assert draft.json()["responded_at"] is None and draft.json()["response"] == "Draft"
        stale = call(client, "PATCH", one, {"acknowledged": True}, HTTP_IF_MATCH='"1"')
        assert stale.status_code == 412
        early = call(client, "PUT", one + "/published", {"published": True})
        assert early.status_code == 422 and "published" in field_errors(early)
        given = call(client, "PATCH", one, {"response": "Thank you", "give_response": True})
        assert given.status_code == 200 and given.json()["responded_at"]
        assert given.json()["published_at"] is None
        action = call(client, "POST", one + "/actions", {"text": "Set the weeks."})
        assert action.status_code == 201 and action.json()["description"] == "Set the weeks."
        published = call(client, "PUT", one + "/published", {"published": True})
        assert published.status_code == 200 and published.json()["published_at"]
        closed = call(client, "POST", one + "/close", {"reason": "not_acted_on"})
        assert closed.status_code == 422 and "explanation" in field_errors(closed)
        closed = call(client, "POST", one + "/close", {"reason": "acted_on"})
        assert closed.status_code == 200 and closed.json()["status"] == "closed"
        listed = client.get(API.format(cast.own.pk)).json()
        assert listed["count"] == 1 and listed["items"][0]["close_reason"] == "acted_on"
        figures = client.get(base + "/responsiveness").json()
        assert figures["partnership"]["count"] == 1
        assert figures["by_organization"][0]["organization"] == cast.partner.name
        assert client.get(base + "/consultations").json()["items"][0]["input_count"] == 1
        assert call(client, "DELETE", one).status_code == 204
        assert client.get(API.format(cast.own.pk)).json()["count"] == 0

    def test_settings_with_if_match(self, cast, client):
        client.force_login(cast.users["steward"])
        url = f"/api/v1/partnerships/{cast.own.pk}/input-settings"
        read = client.get(url).json()
        assert (read["ack_days"], read["response_days"], read["public_form"]) == (5, 30, False)
        assert read["revision"] == 0
        body = {"ack_days": 3, "response_days": 20, "public_form": True}
        changed = call(client, "PUT", url, body, HTTP_IF_MATCH='"0"')
        assert changed.status_code == 200, changed.content
        assert changed.json()["public_form"] is True and changed.json()["revision"] == 1
        assert call(client, "PUT", url, body, HTTP_IF_MATCH='"0"').status_code == 412
        bad = call(client, "PUT", url, {**body, "ack_days": 40})
        assert bad.status_code == 422 and "response_days" in field_errors(bad)

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"subject": "", "text": "t"}, "subject"),
            ({"subject": "s", "text": "t" * 10001}, "text"),
            ({"subject": "s", "text": "t", "channel": "pigeon"}, "channel"),
            ({"subject": "s", "text": "t", "email": "not-mail"}, "email"),
            ({"subject": "s", "text": "t", "consultation_id": 999999}, "consultation_id"),
            ({"subject": "s", "text": "t", "assignee_id": 999999}, "assignee_id"),
            ({"subject": "s", "text": "t", "received_at": "2026-04-02T18:00:00"}, "received_at"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, cast, client, body, field):
        client.force_login(cast.users["contributor"])
        before = counts()
        answer = call(client, "POST", API.format(cast.own.pk), body)
        assert answer.status_code == 422, answer.content
        assert field in field_errors(answer), answer.json()
        assert counts() == before

    def test_consultation_dates_out_of_order(self, cast, client):
        client.force_login(cast.users["steward"])
        body = {"question": "When?", "opens_on": "2026-03-01", "closes_on": "2026-02-01"}
        answer = call(client, "POST", f"/api/v1/partnerships/{cast.own.pk}/consultations", body)
        assert answer.status_code == 422 and "closes_on" in field_errors(answer)
        assert counts() == (0, 0, 0, 0)

    def test_input_of_another_partnership_cannot_be_answered_here(self, cast, client):
        theirs = recorded(cast.other)
        client.force_login(cast.users["steward"])
        one = f"{API.format(cast.own.pk)}/{theirs.pk}"
        answer = call(client, "PATCH", one, {"response": "Hi", "give_response": True})
        assert answer.status_code == 404
        assert call(client, "POST", one + "/actions", {"text": "x"}).status_code == 404
        theirs.refresh_from_db()
        assert theirs.response == "" and theirs.responded_at is None

    def test_actions_name_their_field(self, cast, client):
        item = recorded(cast.own)
        client.force_login(cast.users["contributor"])
        one = f"{API.format(cast.own.pk)}/{item.pk}"
        for body, field in (
            ({"engagement_id": 999999}, "engagement_id"),
            ({"action_item_id": 999999}, "action_item_id"),
            ({}, "text"),
        ):
            answer = call(client, "POST", one + "/actions", body)
            assert answer.status_code == 422 and field in field_errors(answer), answer.json()
        services.input_close(item=item, reason="duplicate")
