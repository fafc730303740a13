"""The engagements API (R4, R5): create, read, change, archive; bad input names the field and
writes nothing; another partnership's engagement is not found."""

import pytest

from accord.directory.services_groups import group_create
from tests.factories import OrganizationFactory
from tests.relationships.engagements import API, call, counts, engagement, field_errors

pytestmark = pytest.mark.django_db


class TestApi:
    def test_create_read_change_and_archive(self, cast, client):
        group = group_create(name="Elders")
        client.force_login(cast.users["contributor"])
        body = {
            "title": "Listening session",
            "kind": "informal",
            "level": "consult",
            "starts_at": "2026-04-02T18:00:00-04:00",
            "time_zone": "America/New_York",
            "group_ids": [group.pk],
        }
        created = call(client, "POST", API.format(cast.own.pk), body)
        assert created.status_code == 201, created.content
        data = created.json()
        assert data["groups"] == [{"id": group.pk, "name": "Elders"}]
        assert data["starts_at"].startswith("2026-04-02T22:00:00")
        one = f"{API.format(cast.own.pk)}/{data['id']}"
        person = cast.people["leader"]
        attendee = call(client, "POST", one + "/attendees", {"person_id": person.pk})
        assert attendee.status_code == 201 and attendee.json()["name"] == "Leader Person"
        action = call(
            client,
            "POST",
            one + "/action-items",
            {"title": "Write back", "owner_id": person.pk, "due_on": "2026-05-01"},
        )
        assert action.status_code == 201
        changed = call(client, "PATCH", one, {"notes": "Good turnout"}, HTTP_IF_MATCH='"1"')
        assert changed.status_code == 200, changed.content
        assert changed.json()["notes"] == "Good turnout"
        assert len(changed.json()["attendees"]) == 1 and len(changed.json()["action_items"]) == 1
        stale = call(client, "PATCH", one, {"notes": "Again"}, HTTP_IF_MATCH='"1"')
        assert stale.status_code == 412
        item = f"/api/v1/partnerships/{cast.own.pk}/action-items/{action.json()['id']}"
        done = call(client, "PATCH", item, {"status": "done"})
        assert done.status_code == 200 and done.json()["status"] == "done"
        listed = client.get(API.format(cast.own.pk)).json()["items"]
        assert listed[0]["attendee_count"] == 1 and listed[0]["open_actions"] == 0
        assert call(client, "DELETE", one).status_code == 204
        assert client.get(API.format(cast.own.pk)).json()["count"] == 0

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"starts_at": "2026-04-02T18:00:00Z", "ends_at": "2026-04-02T17:00:00Z"}, "ends_at"),
            ({"starts_at": "2026-04-02T18:00:00"}, "starts_at"),
            ({"starts_at": "2026-04-02T18:00:00Z", "time_zone": "Mars/Olympus"}, "time_zone"),
            ({"starts_at": "2026-04-02T18:00:00Z", "level": "dictate"}, "level"),
            ({"starts_at": "2026-04-02T18:00:00Z", "link": "not a link"}, "link"),
            ({"starts_at": "2026-04-02T18:00:00Z", "group_ids": [999999]}, "group_ids"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, cast, client, body, field):
        client.force_login(cast.users["steward"])
        answer = call(client, "POST", API.format(cast.own.pk), {"title": "T", **body})
        assert answer.status_code == 422, answer.content
        assert field in field_errors(answer), answer.json()
        assert counts() == (0, 0, 0)

    def test_bad_attendees_and_action_items(self, cast, client):
        found = engagement(cast.own)
        client.force_login(cast.users["steward"])
        one = f"{API.format(cast.own.pk)}/{found.pk}"
        stranger = OrganizationFactory()
        answer = call(
            client, "POST", one + "/attendees", {"name": "X", "organization_id": stranger.pk}
        )
        assert "organization_id" in field_errors(answer)
        answer = call(client, "POST", one + "/attendees", {"organization_id": cast.host.pk})
        assert "name" in field_errors(answer)
        outsider = cast.people["outsider"].pk
        body = {"title": "Y", "owner_id": outsider, "due_on": "2026-05-01"}
        assert "owner_id" in field_errors(call(client, "POST", one + "/action-items", body))
        body = {"title": "Y", "owner_id": cast.people["viewer"].pk, "due_on": "2026-02-30"}
        assert "due_on" in field_errors(call(client, "POST", one + "/action-items", body))
        assert counts() == (1, 0, 0)

    def test_another_partnerships_engagement_is_not_found(self, cast, client):
        theirs = engagement(cast.other)
        client.force_login(cast.users["steward"])
        assert client.get(f"{API.format(cast.own.pk)}/{theirs.pk}").status_code == 404
        assert client.get(f"{API.format(cast.other.pk)}/{theirs.pk}").status_code == 404
