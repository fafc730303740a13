"""The announcements API end to end (L4): drafts, audiences, sending once (202), the delivery log
for writers; error shapes, nothing written on bad input, query budgets."""

import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.leadership.models import Announcement, AnnouncementDelivery
from tests.factories import OrganizationFactory, PersonFactory, RoleFactory
from tests.matrix.leadership_announcements import announcement

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"


def counts():
    return (Announcement.objects.count(), AnnouncementDelivery.objects.count())


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def at(cast, suffix="", side="own") -> str:
    return f"{API}/{cast.partnership(side).pk}/announcements{suffix}"


BODY = {"title": "Where we are heading", "body": "Two more summer programs next year."}


class TestWritingAndSending:
    def test_draft_then_send_then_the_log(self, cast, client, django_capture_on_commit_callbacks):
        client.force_login(cast.users["leader"])
        body = BODY | {"audience_organizations": [cast.partner.pk], "audience_levels": ["staff"]}
        response = call(client, "POST", at(cast), body)
        assert response.status_code == 201
        created = response.json()
        assert created["status"] == "draft" and created["author"]["name"] == "Leader Person"
        assert created["audience_organizations"] == [
            {"id": cast.partner.pk, "name": "Partner University"}
        ]
        assert created["audience_levels"] == ["staff"]
        assert created["deliveries"]["total"] == 0
        with django_capture_on_commit_callbacks(execute=True):
            response = call(client, "POST", at(cast, f"/{created['id']}/send"))
        assert response.status_code == 202
        # Accepted: the e-mails go out from the background task once the send has committed.
        assert response.json()["status"] == "sending"
        assert response.json()["deliveries"]["queued"] == 6
        after = client.get(at(cast, f"/{created['id']}")).json()
        assert after["status"] == "sent"
        assert after["deliveries"] == {
            "total": 6,
            "queued": 0,
            "sending": 0,
            "sent": 6,
            "failed": 0,
            "no_address": 0,
        }
        assert len(mail.outbox) == 6
        log = client.get(at(cast, f"/{created['id']}/deliveries")).json()
        assert log["count"] == 6
        row = log["items"][0]
        assert set(row) == {
            "id",
            "person",
            "level",
            "email",
            "status",
            "attempted_at",
            "error",
            "message_id",
        }
        assert row["status"] == "sent" and row["level"] == "staff"
        assert (
            row["message_id"]
            == f"<accord.announcement.{created['id']}.delivery.{row['id']}@127.0.0.1>"
        )
        assert after["stalled"] is False
        again = call(client, "POST", at(cast, f"/{created['id']}/send"))
        assert again.status_code == 422
        assert field_errors(again)["status"].startswith("This announcement was already sent on")
        assert len(mail.outbox) == 6

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"title": ""}, "title"),
            ({"body": "   "}, "body"),
            ({"audience_levels": ["emperor"]}, "audience_levels.0"),
            ({"audience_organizations": [0]}, "audience_organizations.0"),
        ],
    )
    def test_bad_input_is_422_naming_the_field(self, cast, client, change, field):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", at(cast), BODY | change)
        assert response.status_code == 422 and counts() == before
        assert list(field_errors(response)) == [field]

    def test_an_audience_of_nobody_or_of_strangers_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", at(cast), BODY | {"audience_organizations": [cast.host.pk]})
        assert field_errors(response)["audience_organizations"].startswith("Nobody who takes part")
        stranger = OrganizationFactory(name="Stranger Inc.")
        response = call(client, "POST", at(cast), BODY | {"audience_organizations": [stranger.pk]})
        assert field_errors(response) == {
            "audience_organizations": "Choose member organizations or organizations whose people "
            "hold a role in the partnership; nobody takes part for “Stranger Inc.”."
        }
        assert counts() == before

    def test_roles_without_the_right_get_403(self, cast, client):
        client.force_login(cast.users["contributor"])
        response = call(client, "POST", at(cast), BODY)
        assert response.status_code == 403
        assert "stewards, project directors and leaders" in response.json()["detail"]
        found = announcement(cast, "own", "sent")
        assert client.get(at(cast, f"/{found.pk}")).status_code == 200
        assert client.get(at(cast, f"/{found.pk}/deliveries")).status_code == 403
        draft = announcement(cast, "own", "draft")
        assert client.get(at(cast, f"/{draft.pk}")).status_code == 403

    def test_only_the_writer_or_a_steward_changes_a_draft(self, cast, client):
        draft = announcement(cast, "own", "draft")
        client.force_login(cast.users["project_director"])
        response = call(client, "PATCH", at(cast, f"/{draft.pk}"), {"title": "Mine now"})
        assert response.status_code == 403
        client.force_login(cast.users["steward"])
        response = call(
            client, "PATCH", at(cast, f"/{draft.pk}"), {"audience_levels": ["staff", "staff"]}
        )
        assert response.status_code == 200 and response.json()["audience_levels"] == ["staff"]

    def test_lists_show_drafts_to_writers_only(self, cast, client):
        announcement(cast, "own", "sent")
        announcement(cast, "own", "draft")
        client.force_login(cast.users["viewer"])
        assert [a["status"] for a in client.get(at(cast)).json()["items"]] == ["sent"]
        client.force_login(cast.users["leader"])
        assert sorted(a["status"] for a in client.get(at(cast)).json()["items"]) == [
            "draft",
            "sent",
        ]

    def test_outsider_and_another_partnership_get_404(self, cast, client):
        found = announcement(cast, "own", "sent")
        client.force_login(cast.users["outsider"])
        assert client.get(at(cast, f"/{found.pk}")).status_code == 404
        other = announcement(cast, "other", "sent")
        client.force_login(cast.users["steward"])
        assert client.get(at(cast, f"/{other.pk}")).status_code == 404


class TestQueryBudget:
    @staticmethod
    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    def test_list_and_delivery_log_cost_the_same_with_5_and_50_rows(self, cast, client):
        client.force_login(cast.users["steward"])
        found = announcement(cast, "own", "sent")

        def add(n):
            for i in range(n):
                news = Announcement.objects.create(
                    partnership=cast.own,
                    title=f"News {i}",
                    body="Text.",
                    status="sent",
                    sent_at=timezone.now(),
                    author=cast.people["leader"],
                )
                news.audience_organizations.add(cast.partner)
                person = PersonFactory(organization=cast.partner)
                RoleFactory(partnership=cast.own, person=person, role="viewer")
                AnnouncementDelivery.objects.create(
                    announcement=found, person=person, email=person.email, status="sent"
                )

        addresses = [at(cast, "?page_size=100"), at(cast, f"/{found.pk}/deliveries?page_size=100")]
        add(5)
        five = [self.queries(client, address) for address in addresses]
        add(45)
        assert [self.queries(client, address) for address in addresses] == five
