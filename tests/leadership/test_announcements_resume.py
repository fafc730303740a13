"""A send that stopped half-way (L4, issue 11): each recipient's message is recorded before it
goes to the mail server, with a Message-ID of its own; a send that has stalled is shown as such
and resumed from its page or the API, and a resumed send gives every recipient one message."""

import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accord.leadership.models import Announcement, AnnouncementDelivery
from accord.leadership.services.announcements import (
    announcement_create,
    announcement_deliver,
    announcement_send,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"


def stopped_send(cast, *, handed_over: int = 1, minutes_ago: int = 60) -> Announcement:
    """A send whose worker stopped `minutes_ago`: `handed_over` e-mails were being handed to the
    mail server (recorded, the server's answer not), the others still queued."""
    found = announcement_create(
        partnership=cast.own,
        title="Our direction",
        body="Two more summer programs.",
        author=cast.people["leader"],
        created_by=cast.users["leader"],
        audience_levels=["staff"],
    )
    announcement_send(announcement=found)  # the task is queued on commit, which never comes here
    then = timezone.now() - timedelta(minutes=minutes_ago)
    Announcement.objects.filter(pk=found.pk).update(sent_at=then, delivery_queued_at=then)
    for delivery in AnnouncementDelivery.objects.filter(announcement=found)[:handed_over]:
        AnnouncementDelivery.objects.filter(pk=delivery.pk).update(
            status="sending", message_id=f"<handed-over-{delivery.pk}@test>", attempted_at=then
        )
    return Announcement.objects.get(pk=found.pk)


def detail(cast, found) -> str:
    return reverse("leadership:announcement-detail", args=[cast.own.pk, found.pk])


def resume_url(cast, found) -> str:
    return reverse("leadership:announcement-resume", args=[cast.own.pk, found.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestDelivery:
    def test_each_message_is_recorded_with_its_message_id_before_the_server_has_it(
        self, cast, smtp_server, django_capture_on_commit_callbacks
    ):
        found = stopped_send(cast, handed_over=0, minutes_ago=0)
        announcement_deliver(announcement_id=found.pk)
        messages = smtp_server.wait_for(6)
        deliveries = {d.email: d for d in found.deliveries.all()}
        assert len(messages) == 6
        for message in messages:
            delivery = deliveries[message["To"]]
            assert delivery.status == "sent"
            assert message["Message-ID"] == delivery.message_id
            assert delivery.message_id == (
                f"<accord.announcement.{found.pk}.delivery.{delivery.pk}@127.0.0.1>"
            )

    def test_a_message_handed_over_when_the_send_stopped_is_not_sent_again(self, cast, smtp_server):
        found = stopped_send(cast, handed_over=2)
        handed_over = set(found.deliveries.filter(status="sending").values_list("email", flat=True))
        assert announcement_deliver(announcement_id=found.pk) == {"sent": 4, "failed": 0}
        received = [m["To"] for m in smtp_server.wait_for(4)]
        assert len(received) == 4 and not handed_over & set(received)
        found.refresh_from_db()
        assert found.status == "sent"
        statuses = sorted(found.deliveries.values_list("status", flat=True))
        assert statuses == ["sending", "sending", "sent", "sent", "sent", "sent"]


class TestResumingFromThePage:
    def test_a_stalled_send_is_shown_and_resumed_once_for_those_still_waiting(
        self, cast, client, smtp_server, django_capture_on_commit_callbacks
    ):
        found = stopped_send(cast)
        client.force_login(cast.users["leader"])
        page = client.get(detail(cast, found)).content.decode()
        assert "Sending has stopped" in page
        assert "5 recipients still wait for the e-mail" in page
        assert "The e-mail to 1 recipient was being handed to the mail server" in page
        assert "Resume sending" in page and resume_url(cast, found) in page
        assert "1 handed over, not confirmed" in page
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(resume_url(cast, found))
        assert response.status_code == 302 and len(callbacks) == 1
        assert messages_of(response) == [
            "Sending resumed for the recipients still waiting. The delivery log shows each "
            "e-mail as it goes."
        ]
        received = [m["To"] for m in smtp_server.wait_for(5)]
        assert len(received) == len(set(received)) == 5
        found.refresh_from_db()
        assert found.status == "sent" and found.delivery_queued_at > found.sent_at
        page = client.get(detail(cast, found)).content.decode()
        assert "Sending has stopped" not in page

    def test_a_send_that_is_moving_is_not_resumed(
        self, cast, client, django_capture_on_commit_callbacks
    ):
        found = stopped_send(cast, minutes_ago=1)
        client.force_login(cast.users["steward"])
        assert "Sending has stopped" not in client.get(detail(cast, found)).content.decode()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(resume_url(cast, found))
        assert callbacks == []
        [message] = messages_of(response)
        assert message.startswith("Sending was not resumed. It is being sent: the last progress")
        assert message.endswith("once nothing has moved for 10 minutes.")

    def test_one_who_reads_but_does_not_manage_sees_the_stall_without_the_button(
        self, cast, client
    ):
        found = stopped_send(cast)
        client.force_login(cast.users["project_director"])  # writes, but not this draft
        page = client.get(detail(cast, found)).content.decode()
        assert "Sending has stopped" in page and "Resume sending" not in page
        assert "The person who wrote it, or a steward, may resume sending." in page
        assert client.post(resume_url(cast, found)).status_code == 403

    def test_without_a_worker_the_page_says_so(self, cast, client, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        found = stopped_send(cast)
        client.force_login(cast.users["leader"])
        page = client.get(detail(cast, found)).content.decode()
        assert "No task worker is running" in page


class TestResumingFromTheApi:
    def test_stalled_is_reported_and_resume_answers_202_then_422(
        self, cast, client, smtp_server, django_capture_on_commit_callbacks
    ):
        found = stopped_send(cast)
        client.force_login(cast.users["steward"])
        one = f"{API}/{cast.own.pk}/announcements/{found.pk}"
        before = client.get(one).json()
        assert before["stalled"] is True
        assert before["deliveries"]["sending"] == 1 and before["deliveries"]["queued"] == 5
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(one + "/resume", "", content_type="application/json")
        assert response.status_code == 202
        assert len(smtp_server.wait_for(5)) == 5
        after = client.get(one).json()
        assert after["status"] == "sent" and after["stalled"] is False
        assert after["deliveries"] | {"total": 0} == {
            "total": 0,
            "queued": 0,
            "sending": 1,
            "sent": 5,
            "failed": 0,
            "no_address": 0,
        }
        again = client.post(one + "/resume", "", content_type="application/json")
        assert again.status_code == 422
        errors = json.loads(again.content)["errors"]
        assert errors == [
            {
                "field": "status",
                "message": "This announcement is not being sent; there is nothing to resume.",
            }
        ]
