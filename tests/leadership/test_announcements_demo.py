"""The demo's announcements (L4): one sent to every member organization with its delivery log,
delivered through the configured mailer, and one draft; loading it again changes nothing."""

import pytest
from django.core import mail

from accord.leadership.demo import announcements as announcements_demo
from accord.leadership.models import Announcement, AnnouncementDelivery
from accord.partnerships.demo import build_demo

pytestmark = pytest.mark.django_db


def rows() -> tuple[int, ...]:
    return (
        Announcement.objects.count(),
        AnnouncementDelivery.objects.count(),
        Announcement.history.count(),
    )


def test_demo_has_a_sent_announcement_with_its_log_and_a_draft():
    context = build_demo()
    announcements_demo.seed(context)
    bridges = context.partnerships["bridges"]
    sent = Announcement.objects.get(partnership=bridges, status="sent")
    deliveries = sent.deliveries.all()
    assert deliveries.count() >= 10
    # Delivered for real through the configured mailer (the tests' in-memory one).
    assert set(deliveries.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == deliveries.count()
    draft = Announcement.objects.get(partnership=bridges, status="draft")
    assert draft.audience_organizations.count() == 2 and draft.audience_levels

    before = rows()
    again = build_demo()
    announcements_demo.seed(again)
    assert not again.log and rows() == before
    assert len(mail.outbox) == deliveries.count()
