"""Account e-mails (password reset, sign-in links) go through the task worker (accounts/tasks.py).

A page only queues them, so it does the same work for an address or a name that belongs to an
account and one that does not. Here the task backend only records what is queued (Django's
DummyBackend), nothing is sent during the request, and running the queued task delivers the
e-mail over real SMTP.
"""

import re

import pytest
from django.db import connection
from django.tasks import default_task_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.accounts.models import User
from accord.accounts.tasks import account_email_send, password_reset_send
from tests.factories import PASSWORD

RESET = reverse("accounts:password-reset")


@pytest.fixture
def queue(settings):
    """The task queue as a list: tasks are recorded, not run."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


def run(result):
    return result.task.call(*result.args, **result.kwargs)


@pytest.mark.django_db
class TestPasswordResetIsQueued:
    def post(self, address):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(RESET, {"email": address})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-done")
        return [query["sql"] for query in queries]

    def test_known_and_unknown_addresses_get_the_same_work_and_no_e_mail_in_the_request(
        self, cast, queue, smtp_server
    ):
        known = self.post("leader@example.org")
        unknown = self.post("nobody@example.org")
        assert known == unknown  # not even a look-up: the worker does that
        assert smtp_server.messages == []
        assert [(r.task, r.kwargs) for r in queue] == [
            (password_reset_send, {"email": "leader@example.org", "base_url": "http://testserver"}),
            (password_reset_send, {"email": "nobody@example.org", "base_url": "http://testserver"}),
        ]

        # The worker runs them: the known address receives its link over SMTP, once.
        assert run(queue[0]) == 1
        assert run(queue[1]) == 0
        (message,) = smtp_server.wait_for(1)
        assert message["To"] == "leader@example.org"
        assert message["Subject"] == "Reset your Accord password"
        link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.get_content())
        assert Client().get(link.group(1), follow=True).context["validlink"]

    def test_inactive_accounts_receive_nothing(self, cast, smtp_server):
        User.objects.filter(username="leader").update(is_active=False)
        assert password_reset_send.call(email="leader@example.org", base_url="http://x") == 0
        assert smtp_server.messages == []


@pytest.mark.django_db
class TestSignInLinkIsQueued:
    def test_the_link_is_made_by_the_worker_not_stored_in_the_queue(self, cast, queue, smtp_server):
        for n in range(10):
            Client().post(
                reverse("accounts:login"),
                {"username": "steward", "password": "wrong"},
                REMOTE_ADDR=f"198.51.100.{n}",
            )
        Client().post(
            reverse("accounts:login"),
            {"username": "steward", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.99",
        )
        assert smtp_server.messages == []
        (queued,) = queue
        assert queued.task == account_email_send
        assert queued.kwargs == {
            "user_id": cast.users["steward"].pk,
            "purpose": "sign-in-link",
            "base_url": "http://testserver",
        }
        assert run(queued) is True
        (message,) = smtp_server.wait_for(1)
        assert message["To"] == "steward@example.org"
        assert "/accounts/sign-in/link/" in message.get_content()

    def test_no_e_mail_for_an_account_without_an_address(self, cast, smtp_server):
        user = cast.users["viewer"]
        User.objects.filter(pk=user.pk).update(email="")
        assert account_email_send.call(user.pk, "sign-in-link", "http://x") is False
        assert smtp_server.messages == []
