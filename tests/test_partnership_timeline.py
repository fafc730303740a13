"""The partnership's timeline: stage changes with the pillars' events, in order (L4, L5)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accord.leadership.models import Announcement, Mou
from accord.partnerships.timeline import timeline_of

pytestmark = pytest.mark.django_db


def test_sent_announcements_and_executed_mous_join_the_stage_changes(cast, client):
    Mou.objects.create(
        partnership=cast.own,
        title="Memorandum of understanding",
        status=Mou.Status.EXECUTED,
        executed_at=datetime(2030, 1, 2, tzinfo=UTC),
    )
    Announcement.objects.create(
        partnership=cast.own,
        title="Our direction for 2030",
        body="…",
        status=Announcement.Status.SENT,
        sent_at=datetime(2030, 1, 3, tzinfo=UTC),
    )
    Announcement.objects.create(partnership=cast.own, title="Still a draft", body="…")
    labels = [(entry.label, entry.title) for entry in timeline_of(cast.own, cast.users["viewer"])]
    assert labels[-2:] == [
        ("MOU", "Memorandum of understanding executed"),
        ("Announcement", "Our direction for 2030"),
    ]
    assert labels[0][0] == "Stage"
    assert ("Announcement", "Still a draft") not in labels
    client.force_login(cast.users["viewer"])
    page = client.get(reverse("partnerships:detail", args=[cast.own.pk])).text
    assert "Our direction for 2030" in page and "Still a draft" not in page


def test_the_other_partnerships_events_stay_out(cast):
    Announcement.objects.create(
        partnership=cast.other,
        title="Not yours",
        body="…",
        status=Announcement.Status.SENT,
        sent_at=datetime(2030, 1, 3, tzinfo=UTC),
    )
    titles = [entry.title for entry in timeline_of(cast.own, cast.users["viewer"])]
    assert "Not yours" not in titles


def test_the_timeline_is_one_query_with_every_source(cast, django_assert_num_queries):
    Mou.objects.create(
        partnership=cast.own,
        title="Memorandum",
        status=Mou.Status.EXECUTED,
        executed_at=datetime(2030, 1, 2, tzinfo=UTC),
        expires_on=datetime(2032, 1, 2, tzinfo=UTC).date(),
    )
    with django_assert_num_queries(1):
        entries = timeline_of(cast.own, cast.users["viewer"])
    mou = next(entry for entry in entries if entry.label == "MOU")
    assert mou.detail == "until 2 Jan 2032"
    assert mou.url == reverse("leadership:mou-detail", args=[cast.own.pk, Mou.objects.get().pk])
    assert entries[0].label == "Stage" and entries[0].title == "Exploring"
