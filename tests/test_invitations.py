"""Invitations (issue 10, item 13): an administrator invites a person by e-mail; the invitation
goes by the task worker over real SMTP to the address on record only, works once, within seven
days, its token stored only as a SHA-256; accepting opens an account with the user name and
password the person chooses, linked to them. A steward asks for one for a person of a member
organization of their partnerships, and the request waits on the administrators' home page."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.core.waiting import waiting_for
from accord.directory.services import person_update
from accord.invitations import services
from accord.invitations.models import Invitation
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a long and private passphrase"


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


def run_queue(queue):
    done = [result.task.call(*result.args, **result.kwargs) for result in list(queue)]
    default_task_backend.clear()
    return done


def link_in(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/invitations/accept/\S+/", body).group(0)


def invite(cast, person, queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(person=person, sent_by=cast.users["admin"])
    assert run_queue(queue) == [True]
    return invitation


@pytest.fixture
def newcomer(cast):
    """A person of the cast's partner organization (a member of the own partnership), no account."""
    return PersonFactory(name="Nia Newcomer", email="nia@example.org", organization=cast.partner)


class TestSendAndAccept:
    def test_the_invitation_goes_to_the_address_on_record_and_opens_the_account_once(
        self, cast, newcomer, queue, smtp_server, django_capture_on_commit_callbacks, settings
    ):
        settings.ACCORD_BASE_URL = "http://127.0.0.1:8101"
        invitation = invite(cast, newcomer, queue, django_capture_on_commit_callbacks)
        [message] = smtp_server.wait_for(1)
        assert message["To"] == "nia@example.org"
        link = link_in(message)
        assert link.startswith("http://127.0.0.1:8101/invitations/accept/")
        raw = link.rstrip("/").rsplit("/", 1)[1]
        invitation.refresh_from_db()
        # Only the token's SHA-256 is stored, and no history row keeps even that.
        assert invitation.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        assert raw not in str(list(Invitation.history.values()))
        assert invitation.expires_at - invitation.sent_at == timedelta(days=7)

        client = Client()
        path = link.split("8101", 1)[1]
        assert client.get(path).status_code == 200
        answer = client.post(
            path, {"username": "nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert answer.status_code == 302
        newcomer.refresh_from_db()
        assert newcomer.user.username == "nia"
        assert newcomer.user.email == "nia@example.org"
        assert newcomer.user.check_password(NEW_PASSWORD)
        assert client.get(reverse("core:home")).status_code == 200  # signed in
        invitation.refresh_from_db()
        assert (invitation.status, invitation.user) == ("accepted", newcomer.user)
        # Single use: the same link is refused afterwards, and opens nothing.
        again = Client().post(
            path, {"username": "nia2", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert again.status_code == 404
        assert not type(newcomer.user).objects.filter(username="nia2").exists()

    def test_an_expired_invitation_is_refused(
        self, cast, newcomer, queue, smtp_server, django_capture_on_commit_callbacks
    ):
        invitation = invite(cast, newcomer, queue, django_capture_on_commit_callbacks)
        raw = link_in(smtp_server.wait_for(1)[0]).rstrip("/").rsplit("/", 1)[1]
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert services.usable_invitation(raw) is None
        with pytest.raises(ValidationError):
            services.invitation_accept(raw_token=raw, username="nia", password=NEW_PASSWORD)

    def test_a_changed_address_or_a_resend_voids_the_earlier_link(
        self, cast, newcomer, queue, smtp_server, django_capture_on_commit_callbacks
    ):
        invite(cast, newcomer, queue, django_capture_on_commit_callbacks)
        first = link_in(smtp_server.wait_for(1)[0]).rstrip("/").rsplit("/", 1)[1]
        invite(cast, newcomer, queue, django_capture_on_commit_callbacks)
        second = link_in(smtp_server.wait_for(2)[1]).rstrip("/").rsplit("/", 1)[1]
        assert services.usable_invitation(first) is None
        assert services.usable_invitation(second) is not None
        person_update(person=newcomer, by=cast.users["admin"], email="elsewhere@example.org")
        assert services.usable_invitation(second) is None

    def test_a_weak_password_or_a_taken_user_name_is_refused(
        self, cast, newcomer, queue, smtp_server, django_capture_on_commit_callbacks
    ):
        invite(cast, newcomer, queue, django_capture_on_commit_callbacks)
        path = "/" + link_in(smtp_server.wait_for(1)[0]).split("/", 3)[3]
        client = Client()
        weak = client.post(path, {"username": "nia", "password1": "123", "password2": "123"})
        assert weak.status_code == 400
        taken = client.post(
            path, {"username": "leader", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert taken.status_code == 400
        assert "taken" in taken.content.decode()
        newcomer.refresh_from_db()
        assert newcomer.user is None

    def test_only_an_administrator_sends_and_not_to_someone_with_an_account(self, cast, newcomer):
        with pytest.raises(PermissionDenied):
            services.invitation_send(person=newcomer, sent_by=cast.users["steward"])
        with pytest.raises(ValidationError, match="already has an account"):
            services.invitation_send(person=cast.people["viewer"], sent_by=cast.users["admin"])


class TestStewardsRequest:
    def test_a_request_waits_on_the_administrators_home_page_until_sent(
        self, cast, newcomer, queue, smtp_server, django_capture_on_commit_callbacks
    ):
        client = Client()
        client.force_login(cast.users["steward"])
        answer = client.post(
            reverse("invitations:request"), {"email": "NIA@example.org", "note": "New dean."}
        )
        assert answer.status_code == 302
        invitation = Invitation.objects.get(person=newcomer)
        assert (invitation.status, invitation.partnership) == ("requested", cast.own)
        [item] = waiting_for(cast.users["admin"])
        assert item.kind == "invitations.request"
        assert "Nia Newcomer" in item.title
        assert all(i.kind != "invitations.request" for i in waiting_for(cast.users["steward"]))
        admin = Client()
        admin.force_login(cast.users["admin"])
        assert "Invite Nia Newcomer" in admin.get(reverse("core:home")).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            sent = admin.post(reverse("invitations:send", args=[invitation.pk]))
        assert sent.status_code == 302
        assert run_queue(queue) == [True]
        assert smtp_server.wait_for(1)[0]["To"] == "nia@example.org"
        assert [
            i for i in waiting_for(cast.users["admin"]) if i.kind == "invitations.request"
        ] == []

    def test_a_steward_asks_only_for_people_of_their_members(self, cast):
        stranger = PersonFactory(organization=OrganizationFactory(), email="s@example.org")
        with pytest.raises(PermissionDenied):
            services.invitation_request(person=stranger, requested_by=cast.users["steward"])
        with pytest.raises(PermissionDenied):
            services.invitation_request(
                person=PersonFactory(organization=cast.partner),
                requested_by=cast.users["leader"],
            )
        client = Client()
        client.force_login(cast.users["steward"])
        refused = client.post(reverse("invitations:request"), {"email": "s@example.org"})
        assert refused.status_code == 400
        assert "partnership you steward" in refused.content.decode()
        assert not Invitation.objects.exists()

    def test_the_address_of_a_person_with_roles_is_changed_only_by_an_administrator(self, cast):
        person = cast.people["viewer"]
        with pytest.raises(PermissionDenied):
            person_update(person=person, by=cast.users["steward"], email="x@example.org")
        person_update(person=person, by=person.user, email="mine@example.org")
        person_update(person=person, by=cast.users["admin"], email="viewer@example.org")


def test_an_unknown_token_shows_that_the_invitation_no_longer_works(client):
    answer = client.get(reverse("invitations:accept", args=["no-such-token"]))
    assert answer.status_code == 404
    assert "no longer works" in answer.content.decode()
    UserFactory()  # nothing else to do: the page reveals nothing
