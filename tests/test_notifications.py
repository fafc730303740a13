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
