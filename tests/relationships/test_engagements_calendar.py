"""Engagements (R4, R5): the cadence of meeting per pair of member organizations and its
rhythm; calendar files and the private, revocable feed."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from accord.relationships import queries_engagements as queries
from accord.relationships import services_engagements as services
from accord.relationships.models import CalendarFeed
from tests.factories import MembershipFactory, OrganizationFactory
from tests.relationships.engagements import call, engagement

pytestmark = pytest.mark.django_db


class TestCadence:
    def test_pairs_that_have_not_met_within_the_rhythm_are_flagged(self, cast, client):
        third = OrganizationFactory(name="Third Org")
        MembershipFactory(partnership=cast.own, organization=third)
        met = engagement(cast.own, days_ago=150)
        for organization in (cast.host, cast.partner, third):
            services.attendee_add(engagement=met, organization=organization, name="Someone")
        recent = engagement(cast.own, days_ago=20)
        for organization in (cast.host, cast.partner):
            services.attendee_add(engagement=recent, organization=organization, name="Someone")
        cadence = queries.cadence_of(cast.own)
        by_pair = {frozenset({p.first.name, p.second.name}): p for p in cadence.pairs}
        assert cadence.rhythm_days == 90
        assert by_pair[frozenset({"Host Society", "Partner University"})].days_since == 20
        assert not by_pair[frozenset({"Host Society", "Partner University"})].overdue
        assert by_pair[frozenset({"Host Society", "Third Org"})].days_since == 150
        assert by_pair[frozenset({"Host Society", "Third Org"})].overdue
        assert len(cadence.overdue) == 2
        client.force_login(cast.users["viewer"])
        page = client.get(reverse("relationships:engagements", args=[cast.own.pk])).content
        assert "2 pairs of partners have not met within 90 days" in page.decode()
        # A tighter rhythm flags the recent pair too.
        client.force_login(cast.users["steward"])
        rhythm = reverse("relationships:engagement-rhythm", args=[cast.own.pk])
        assert client.post(rhythm, {"days": "14"}).status_code == 302
        assert len(queries.cadence_of(cast.own).overdue) == 3
        assert client.post(rhythm, {"days": "0"}).status_code == 200
        assert queries.rhythm_days(cast.own) == 14

    def test_the_cadence_api_and_its_rhythm(self, cast, client):
        client.force_login(cast.users["steward"])
        address = f"/api/v1/partnerships/{cast.own.pk}/cadence"
        answer = client.get(address).json()
        assert answer["rhythm_days"] == 90 and answer["pairs"][0]["overdue"] is True
        assert answer["pairs"][0]["last_met"] is None
        assert call(client, "PUT", address, {"rhythm_days": 0}).status_code == 422
        changed = call(client, "PUT", address, {"rhythm_days": 30})
        assert changed.status_code == 200 and changed.json()["rhythm_days"] == 30
        stale = call(client, "PUT", address, {"rhythm_days": 40}, HTTP_IF_MATCH='"0"')
        assert stale.status_code == 412
        client.force_login(cast.users["leader"])
        assert call(client, "PUT", address, {"rhythm_days": 7}).status_code == 403


class TestCalendar:
    def test_one_engagement_as_ics_in_its_time_zone(self, cast, client):
        found = services.engagement_create(
            partnership=cast.own,
            title="Conference",
            kind="conference",
            starts_at=datetime(2026, 6, 1, 13, 0, tzinfo=UTC),
            time_zone="Europe/Paris",
            place="Lyon",
        )
        client.force_login(cast.users["viewer"])
        answer = client.get(reverse("relationships:engagement-ics", args=[cast.own.pk, found.pk]))
        assert answer["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(answer.content)
        (event,) = calendar.walk("VEVENT")
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/Paris" and start.hour == 15
        assert event["summary"] == "Conference" and event["location"] == "Lyon"
        assert calendar.walk("VTIMEZONE")

    def test_a_private_feed_shows_own_partnerships_and_stops_when_revoked(self, cast, client):
        engagement(cast.own, title="Ours")
        engagement(cast.other, title="Theirs")
        client.force_login(cast.users["viewer"])
        page = client.post(reverse("relationships:calendar-feed-create")).content.decode()
        token = page.split("/calendar/feed/")[1].split(".ics")[0]
        assert CalendarFeed.objects.get().token_hash != token  # only a hash is kept
        client.logout()
        feed = client.get(reverse("relationships:calendar-feed", args=[token]))
        assert feed.status_code == 200
        summaries = [str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
        assert summaries == ["Ours"]
        assert (
            client.get(reverse("relationships:calendar-feed", args=["x" * 43])).status_code == 404
        )
        client.force_login(cast.users["viewer"])
        client.post(reverse("relationships:calendar-feed-revoke"))
        client.logout()
        assert client.get(reverse("relationships:calendar-feed", args=[token])).status_code == 404
