"""Notifications: in-app, e-mailed over real SMTP unless turned off, recorded once per key."""

import pytest

from accord.accounts.models import Notification
from accord.accounts.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_notification_is_recorded_and_emailed(smtp_server, settings):
    settings.ACCORD_BASE_URL = "https://accord.example.org"
    user = UserFactory(username="nia", email="nia@example.org")
    notify(
        user=user,
        kind="mou_expiry",
        title="The MOU expires in 30 days",
        body="Bridges' MOU expires on 1 March.",
        url="/partnerships/3/",
    )
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "nia@example.org"
    assert message["Subject"] == "[Accord] The MOU expires in 30 days"
    text = message.get_content()
    assert "Bridges' MOU expires on 1 March." in text
    assert "https://accord.example.org/partnerships/3/" in text
    notification = Notification.objects.get(user=user)
    assert notification.emailed_at is not None and notification.read_at is None


def test_the_same_key_is_recorded_and_sent_once(smtp_server):
    user = UserFactory(username="kai", email="kai@example.org")
    for _ in range(3):
        notify(user=user, kind="reminder", title="Please sign", key="sign:1:kai")
    assert Notification.objects.filter(user=user).count() == 1
    assert len(smtp_server.wait_for(1)) == 1


def test_no_email_when_the_person_turned_it_off(smtp_server):
    user = UserFactory(username="lee", email="lee@example.org", email_notifications=False)
    notify(user=user, kind="reminder", title="In the app only")
    assert Notification.objects.filter(user=user).count() == 1
    assert smtp_server.messages == []


def test_inactive_users_get_nothing(smtp_server):
    user = UserFactory(username="gone", email="gone@example.org", is_active=False)
    assert notify(user=user, kind="reminder", title="Nobody reads this") is None
    assert not Notification.objects.exists()


def test_the_email_task_run_again_sends_nothing_more(smtp_server):
    """A task whose worker stopped runs again (accord/core/worker.py): the e-mail was recorded
    before it went out, so the second run sends nothing."""
    from accord.accounts.notifications import send_notification_email

    user = UserFactory(username="ade", email="ade@example.org")
    notification = notify(user=user, kind="reminder", title="Please sign")
    [message] = smtp_server.wait_for(1)
    assert message["Message-ID"] == f"<accord.notification.{notification.pk}@127.0.0.1>"
    assert send_notification_email.call(notification.pk) is False
    assert len(smtp_server.messages) == 1


def test_an_email_the_server_refused_is_sent_by_a_later_run(smtp_server, settings):
    import socket

    from accord.accounts.notifications import send_notification_email

    working = settings.MAILERS
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }
    user = UserFactory(username="bo", email="bo@example.org")
    notification = notify(user=user, kind="reminder", title="Please sign")
    notification.refresh_from_db()
    assert notification.emailed_at is None
    settings.MAILERS = working
    assert send_notification_email.call(notification.pk) is True
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["bo@example.org"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
