"""Announcement services (L4): drafts, audiences, recipients, sending once, and delivery by a
background task over real SMTP, with a recipient the server refuses recorded as failed.

Every refusal names the field and writes nothing.
"""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.access import can
from accord.directory.models import Person
from accord.leadership.models import Announcement, AnnouncementDelivery
from accord.leadership.queries.announcements import recipients_of
from accord.leadership.services.announcements import (
    announcement_create,
    announcement_deliver,
    announcement_send,
    announcement_update,
)
from accord.partnerships.models import Partnership
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, RoleFactory
from tests.smtp import Inbox, LoopbackController, mailer_settings

pytestmark = pytest.mark.django_db


def counts():
    return (
        Announcement.objects.count(),
        AnnouncementDelivery.objects.count(),
        Announcement.history.count(),
    )


def refused(call, **kwargs) -> dict:
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert counts() == before
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {}


def draft(cast, **overrides):
    values = {
        "partnership": cast.own,
        "title": "Our direction\nfor next year",
        "body": "  Two more summer programs.  ",
        "author": cast.people["leader"],
        "created_by": cast.users["leader"],
    }
    return announcement_create(**(values | overrides))


class RefusingInbox(Inbox):
    """The test server's inbox, refusing any recipient whose address starts with "refuse"."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing_smtp(settings):
    """A real SMTP server on loopback that refuses some recipients; Django's mailer uses it."""
    inbox = RefusingInbox()
    controller = LoopbackController(inbox)
    controller.start()
    settings.MAILERS = mailer_settings(controller.port)
    try:
        yield inbox
    finally:
        controller.stop()


class TestWriting:
    def test_a_draft_with_a_one_line_title_and_everyone_as_audience(self, cast):
        found = draft(cast)
        assert (found.title, found.body, found.status) == (
            "Our direction for next year",
            "Two more summer programs.",
            "draft",
        )
        assert list(found.audience_organizations.all()) == [] and found.audience_levels == []

    def test_only_organizations_that_take_part_and_real_levels_make_an_audience(self, cast):
        stranger = OrganizationFactory(name="Stranger Inc.")
        errors = refused(
            announcement_create,
            partnership=cast.own,
            title="Hello",
            body="Text",
            audience_organizations=[stranger],
            audience_levels=["executive", "emperor"],
        )
        assert errors["audience_organizations"] == [
            "Choose member organizations or organizations whose people hold a role in the "
            "partnership; nobody takes part for “Stranger Inc.”."
        ]
        assert errors["audience_levels"][0].startswith("“emperor” is not a level")

    def test_an_audience_that_matches_nobody_is_refused(self, cast):
        # The cast's people are all staff of Partner University; the host has nobody taking part.
        errors = refused(
            announcement_create,
            partnership=cast.own,
            title="Hello",
            body="Text",
            audience_organizations=[cast.host],
        )
        assert list(errors) == ["audience_organizations"]
        assert errors["audience_organizations"][0].startswith("Nobody who takes part")
        errors = refused(
            announcement_create,
            partnership=cast.own,
            title="Hello",
            body="Text",
            audience_levels=["executive"],
        )
        assert list(errors) == ["audience_levels"]

    def test_title_and_text_are_required(self, cast):
        errors = refused(announcement_create, partnership=cast.own, title=" \n ", body="")
        assert errors == {
            "title": ["Give the announcement a title."],
            "body": ["Write the announcement's text."],
        }

    def test_levels_are_kept_in_order_without_repeats(self, cast):
        found = draft(cast, audience_levels=["student", "staff", "student"])
        assert found.audience_levels == ["staff", "student"]

    def test_update_changes_a_draft_only(self, cast):
        found = draft(cast)
        announcement_update(announcement=found, title="New title", audience_levels=["staff"])
        found.refresh_from_db()
        assert (found.title, found.audience_levels) == ("New title", ["staff"])
        announcement_send(announcement=found)
        errors = refused(announcement_update, announcement=found, title="Later")
        assert errors["status"][0].startswith("This announcement was already sent on")

    def test_who_writes_and_who_manages(self, cast):
        found = draft(cast)
        writers = {
            actor
            for actor, user in cast.users.items()
            if can(user, "leadership.announcement.write", cast.own)
        }
        assert writers == {"leader", "project_director", "steward", "admin"}
        managers = {
            actor
            for actor, user in cast.users.items()
            if can(user, "leadership.announcement.manage", found)
        }
        assert managers == {"leader", "steward", "admin"}


class TestRecipients:
    def test_role_holders_of_the_chosen_organizations_and_levels(self, cast):
        host_exec = PersonFactory(name="Host Exec", organization=cast.host, level="executive")
        RoleFactory(partnership=cast.own, person=host_exec, role="leader")
        # A partner person who speaks for the host in this partnership counts for the host.
        speaker = PersonFactory(name="Speaker", organization=cast.partner, level="executive")
        RoleFactory(partnership=cast.own, person=speaker, role="viewer", organization=cast.host)
        # A person of a former member organization who still holds a role is in "everyone".
        gone = OrganizationFactory(name="Gone College")
        MembershipFactory(partnership=cast.own, organization=gone, left_on=timezone.localdate())
        RoleFactory(
            partnership=cast.own,
            person=PersonFactory(name="Gone Person", organization=gone),
            role="viewer",
        )

        def names(organizations=(), levels=()):
            return [p.name for p in recipients_of(cast.own, organizations, levels)]

        everyone = names()
        assert "Host Exec" in everyone and "Speaker" in everyone and "Gone Person" in everyone
        assert len(everyone) == 9
        assert names([cast.host.pk]) == ["Host Exec", "Speaker"]
        assert names([cast.host.pk], ["executive"]) == ["Host Exec", "Speaker"]
        assert names([cast.partner.pk], ["executive"]) == []
        assert "Outsider Person" not in everyone and "Other Steward" not in everyone

    def test_community_stakeholders_of_organizations_that_are_not_members(self, cast):
        """An audience is anyone who holds a role, whatever their organization."""
        group = OrganizationFactory(name="Eastside Neighbours", subtype="community_group")
        resident = PersonFactory(name="Resident", organization=group, level="community_member")
        RoleFactory(partnership=cast.own, person=resident, role="stakeholder")
        unattached = PersonFactory(name="Unattached", organization=None, level="community_member")
        RoleFactory(partnership=cast.own, person=unattached, role="stakeholder")
        # A community member who holds no role here is not in the audience.
        PersonFactory(name="Bystander", organization=group, level="community_member")

        def names(organizations=(), levels=()):
            return [p.name for p in recipients_of(cast.own, organizations, levels)]

        assert names(levels=["community_member"]) == ["Resident", "Unattached"]
        assert names([group.pk]) == ["Resident"]
        found = draft(cast, audience_organizations=[group.pk], audience_levels=["community_member"])
        assert list(found.audience_organizations.all()) == [group]
        stranger = OrganizationFactory(name="Nobody Here")
        errors = refused(draft, cast=cast, audience_organizations=[stranger.pk])
        assert "Nobody Here" in errors["audience_organizations"][0]


class TestSending:
    def test_send_fixes_recipients_and_refuses_a_second_time(
        self, cast, django_capture_on_commit_callbacks
    ):
        found = draft(cast, audience_levels=["staff"])
        nobody = PersonFactory(name="No Mail", organization=cast.partner)
        Person.objects.filter(pk=nobody.pk).update(email="")
        RoleFactory(partnership=cast.own, person=nobody, role="viewer")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            announcement_send(announcement=found)
        assert len(callbacks) == 1
        found.refresh_from_db()
        assert found.status == "sent" and found.sent_at is not None
        deliveries = {d.person.name: d.status for d in found.deliveries.select_related("person")}
        assert len(deliveries) == 7
        assert deliveries["No Mail"] == "no_address"
        assert {s for n, s in deliveries.items() if n != "No Mail"} == {"sent"}
        errors = refused(announcement_send, announcement=found)
        assert errors["status"][0].startswith("This announcement was already sent on")

    def test_send_refuses_when_the_audience_has_left_since(self, cast):
        found = draft(cast)
        Partnership.objects.get(pk=cast.own.pk).roles.update(archived_at=timezone.now())
        errors = refused(announcement_send, announcement=found)
        assert list(errors) == ["audience_organizations"]
        found.refresh_from_db()
        assert found.status == "draft"


class TestDeliveryOverSmtp:
    def test_each_recipient_gets_the_email_and_a_refused_one_is_failed(
        self, cast, refusing_smtp, settings, django_capture_on_commit_callbacks
    ):
        settings.ACCORD_BASE_URL = "https://accord.example.org"
        refused_person = PersonFactory(
            name="Refused Reader", email="refuse.me@example.org", organization=cast.partner
        )
        RoleFactory(partnership=cast.own, person=refused_person, role="viewer")
        found = draft(cast)
        with django_capture_on_commit_callbacks(execute=True):
            announcement_send(announcement=found)
        messages = refusing_smtp.wait_for(6)
        assert len(messages) == 6
        message = messages[0]
        assert message["Subject"] == "[Accord] Own partnership: Our direction for next year"
        assert message["From"] == settings.DEFAULT_FROM_EMAIL
        text = message.get_content()
        assert "Two more summer programs." in text
        assert (
            f"https://accord.example.org/partnerships/{cast.own.pk}/announcements/{found.pk}/"
            in text
        )
        assert "From Leader Person, Partner University, for Own partnership." in text
        found.refresh_from_db()
        assert found.status == "sent"
        log = {d.person.name: d for d in found.deliveries.select_related("person")}
        failed = log.pop("Refused Reader")
        assert failed.status == "failed" and "No such mailbox here" in failed.error
        assert failed.attempted_at is not None
        assert {d.status for d in log.values()} == {"sent"}
        # The recipients' addresses, one e-mail each: nobody sees who else received it.
        assert sorted(m["To"] for m in messages) == sorted(d.email for d in log.values())

    def test_a_second_run_sends_nothing_again(
        self, cast, smtp_server, django_capture_on_commit_callbacks
    ):
        found = draft(cast, audience_levels=["staff"])
        with django_capture_on_commit_callbacks(execute=True):
            announcement_send(announcement=found)
        assert len(smtp_server.wait_for(6)) == 6
        assert announcement_deliver(announcement_id=found.pk) == {"sent": 0, "failed": 0}
        assert len(smtp_server.messages) == 6

    def test_a_server_that_is_down_fails_every_delivery_and_ends(
        self, cast, settings, django_capture_on_commit_callbacks
    ):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]  # nothing listens here
        settings.MAILERS = mailer_settings(port, timeout=2)
        found = draft(cast)
        with django_capture_on_commit_callbacks(execute=True):
            announcement_send(announcement=found)
        found.refresh_from_db()
        assert found.status == "sent"
        statuses = set(found.deliveries.values_list("status", flat=True))
        assert statuses == {"failed"}
        assert all(found.deliveries.values_list("error", flat=True))
