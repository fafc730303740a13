"""Announcement pages end to end (L4): the timeline, writing a draft with its audience, sending
it (plain posts, no JavaScript), the delivery log for those who write, history; query budgets."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.leadership.models import Announcement, AnnouncementDelivery
from tests.factories import OrganizationFactory, PersonFactory, RoleFactory
from tests.matrix.leadership_announcements import announcement

pytestmark = pytest.mark.django_db


def counts():
    return (Announcement.objects.count(), AnnouncementDelivery.objects.count())


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, cast, *args, side="own"):
    return reverse(f"leadership:{name}", args=[cast.partnership(side).pk, *args])


FORM = {"title": "Where we are heading", "body": "Two more summer programs next year."}


class TestTimeline:
    def test_members_see_what_was_sent_newest_first_without_drafts(self, cast, client):
        sent = announcement(cast, "own", "sent")
        older = Announcement.objects.create(
            partnership=cast.own,
            title="An older one",
            body="Hello.",
            status="sent",
            sent_at=timezone.now() - timezone.timedelta(days=30),
        )
        announcement(cast, "own", "draft")
        client.force_login(cast.users["stakeholder"])
        response = client.get(url("announcements", cast))
        assert list(response.context["page_obj"].object_list) == [sent, older]
        text = response.text
        assert "Drafts" not in text and "Write an announcement" not in text
        assert "6 recipients" in text and "6 sent" not in text  # counts are for writers
        assert "Everyone who holds a role · every level" in text

    def test_writers_see_drafts_and_delivery_counts(self, cast, client):
        announcement(cast, "own", "sent")
        announcement(cast, "own", "draft")
        client.force_login(cast.users["project_director"])
        text = client.get(url("announcements", cast)).text
        assert "Drafts" in text and "Write an announcement" in text
        assert '6 recipients: <span class="text-nowrap">6 sent</span>' in text


class TestWriting:
    def test_compose_form_offers_member_organizations_and_levels(self, cast, client):
        client.force_login(cast.users["leader"])
        text = client.get(url("announcement-create", cast)).text
        assert "<legend" in text and "Organizations" in text and "Levels" in text
        assert "Host Society" in text and "Partner University" in text
        assert "Community member" in text
        assert 'class="form-check-input"' in text

    def test_compose_form_offers_the_organizations_of_community_stakeholders(self, cast, client):
        group = OrganizationFactory(name="Eastside Neighbours", subtype="community_group")
        resident = PersonFactory(name="Resident", organization=group, level="community_member")
        RoleFactory(partnership=cast.own, person=resident, role="stakeholder")
        client.force_login(cast.users["leader"])
        text = client.get(url("announcement-create", cast)).text
        assert "Eastside Neighbours" in text
        assert "None chosen: everyone who holds a role in the partnership" in text

    def test_a_leader_writes_a_draft_then_sends_it(
        self, cast, client, django_capture_on_commit_callbacks
    ):
        client.force_login(cast.users["leader"])
        data = FORM | {"audience_organizations": [cast.partner.pk], "audience_levels": ["staff"]}
        response = client.post(url("announcement-create", cast), data)
        found = Announcement.objects.get()
        assert response.url == url("announcement-detail", cast, found.pk)
        assert found.author == cast.people["leader"] and found.created_by == cast.users["leader"]
        page = client.get(response.url).text
        assert "Who will receive it" in page and "Send to 6 people" in page
        assert "data-confirm=" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("announcement-send", cast, found.pk))
        assert "Sending to 6 people." in messages_of(response)[0]
        assert len(mail.outbox) == 6
        found.refresh_from_db()
        assert found.status == "sent"
        page = client.get(url("announcement-detail", cast, found.pk)).text
        assert "Delivery log" in page and "6 recipients" in page
        assert (
            page.count('<td><span class="badge rounded-pill text-bg-success">Sent</span></td>') == 6
        )
        assert "History" in page and "Status: <del>" in page

    def test_sending_twice_is_refused_with_a_message(self, cast, client):
        found = announcement(cast, "own", "sent")
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(url("announcement-send", cast, found.pk))
        assert counts() == before
        assert messages_of(response)[0].startswith(
            "The announcement was not sent. This announcement was already sent on"
        )

    def test_an_audience_that_matches_nobody_is_refused_on_its_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        data = FORM | {"audience_organizations": [cast.host.pk]}
        response = client.post(url("announcement-create", cast), data)
        assert response.status_code == 200 and counts() == before
        error = re.search(r'id="id_audience_organizations_error">(.*?)</div>', response.text)
        assert error.group(1).startswith("Nobody who takes part in the partnership matches")
        # The check boxes keep their own style, marked invalid, after the service's refusal.
        assert 'class="form-check-input is-invalid"' in response.text
        assert "form-check-input form-control" not in response.text
        assert (
            'aria-describedby="id_audience_organizations_helptext id_audience_organizations_error"'
            in response.text
        )

    def test_missing_title_and_text_are_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(url("announcement-create", cast), {"title": "", "body": ""})
        assert counts() == before
        assert 'id="id_title_error"' in response.text and 'id="id_body_error"' in response.text

    def test_the_writer_edits_a_draft_and_another_leader_may_not(self, cast, client):
        found = announcement(cast, "own", "draft")
        client.force_login(cast.users["project_director"])
        assert client.post(url("announcement-edit", cast, found.pk), FORM).status_code == 403
        assert client.post(url("announcement-send", cast, found.pk)).status_code == 403
        client.force_login(cast.users["leader"])
        response = client.post(url("announcement-edit", cast, found.pk), FORM)
        assert response.url == url("announcement-detail", cast, found.pk)
        found.refresh_from_db()
        assert found.title == "Where we are heading"

    def test_a_sent_announcement_is_not_edited(self, cast, client):
        found = announcement(cast, "own", "sent")
        client.force_login(cast.users["leader"])
        response = client.post(url("announcement-edit", cast, found.pk), FORM)
        assert "Only a draft changes" in messages_of(response)[0]
        found.refresh_from_db()
        assert found.title == "Our direction for the year"


class TestReading:
    def test_members_read_it_without_the_delivery_log(self, cast, client):
        found = announcement(cast, "own", "sent")
        client.force_login(cast.users["viewer"])
        text = client.get(url("announcement-detail", cast, found.pk)).text
        assert "We will open two more summer programs." in text
        assert "Delivery log" not in text and "History" not in text

    def test_a_draft_is_403_for_those_who_do_not_write(self, cast, client):
        found = announcement(cast, "own", "draft")
        client.force_login(cast.users["contributor"])
        assert client.get(url("announcement-detail", cast, found.pk)).status_code == 403
        client.force_login(cast.users["outsider"])
        assert client.get(url("announcement-detail", cast, found.pk)).status_code == 404

    def test_the_log_shows_each_recipients_outcome(self, cast, client):
        found = announcement(cast, "own", "sent")
        delivery = found.deliveries.get(person=cast.people["viewer"])
        delivery.status, delivery.error = "failed", "550 No such mailbox here"
        delivery.save()
        client.force_login(cast.users["steward"])
        text = client.get(url("announcement-detail", cast, found.pk)).text
        row = re.search(
            r"<th scope=\"row\" class=\"fw-normal\">Viewer Person</th>(.*?)</tr>", text, re.S
        ).group(1)
        assert "Partner University" in row and "Staff" in row and cast.people["viewer"].email in row
        assert "Failed" in row and "550 No such mailbox here" in row
        assert "5 sent" in text and "1 failed" in text


class TestQueryBudget:
    @staticmethod
    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    def test_timeline_costs_the_same_with_5_and_50_announcements(self, cast, client):
        client.force_login(cast.users["steward"])

        def add(n):
            for i in range(n):
                found = Announcement.objects.create(
                    partnership=cast.own,
                    title=f"News {i}",
                    body="Text.",
                    status="sent",
                    sent_at=timezone.now(),
                    author=cast.people["leader"],
                    audience_levels=["staff"],
                )
                found.audience_organizations.add(cast.partner)
                AnnouncementDelivery.objects.create(
                    announcement=found, person=cast.people["viewer"], email="v@example.org"
                )
                Announcement.objects.create(partnership=cast.own, title=f"Draft {i}", body="x")

        add(5)
        five = self.queries(client, url("announcements", cast))
        add(45)
        assert self.queries(client, url("announcements", cast)) == five

    def test_delivery_log_costs_the_same_with_5_and_50_rows(self, cast, client):
        found = announcement(cast, "own", "sent")
        client.force_login(cast.users["steward"])

        def add(n):
            for _ in range(n):
                person = PersonFactory(organization=cast.partner)
                RoleFactory(partnership=cast.own, person=person, role="viewer")
                AnnouncementDelivery.objects.create(
                    announcement=found, person=person, email=person.email, status="sent"
                )

        address = url("announcement-detail", cast, found.pk)
        five = self.queries(client, address)
        add(44)
        assert found.deliveries.count() == 50
        assert self.queries(client, address) == five
