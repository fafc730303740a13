"""Engagements (R4, R5) end to end: recording one with its local time and time zone, attendees
in and outside Accord, groups present, action items on their owner's "waiting for me" list, the
cadence flag per pair of member organizations, the engagement on the timeline, calendar files and
the private feed; bad input names the field and writes nothing."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.core.audit import history_for
from accord.core.waiting import waiting_for
from accord.directory.services_groups import group_create
from accord.partnerships.timeline import timeline_of
from accord.relationships import services_engagements as services
from accord.relationships.models import ActionItem, Engagement, EngagementAttendee
from tests.factories import OrganizationFactory, PartnershipFactory
from tests.relationships.engagements import counts, engagement

pytestmark = pytest.mark.django_db


class TestEngagementPages:
    def test_a_contributor_records_an_engagement_in_its_local_time(self, cast, client):
        group = group_create(name="Riverside tenants")
        client.force_login(cast.users["contributor"])
        address = reverse("relationships:engagement-add", args=[cast.own.pk])
        assert client.get(address).status_code == 200
        answer = client.post(
            address,
            {
                "title": "Design workshop",
                "kind": "workshop",
                "level": "collaborate",
                "starts_at": "2026-03-10T09:30",
                "ends_at": "2026-03-10T12:00",
                "time_zone": "America/Chicago",
                "place": "Community hall",
                "groups": [group.pk],
                "agenda": "Routes to internships",
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]
        saved = Engagement.objects.get()
        # 09:30 in Chicago (CDT, UTC-5) on 10 March 2026.
        assert saved.starts_at == datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
        assert list(saved.groups.all()) == [group]
        assert history_for(saved)[0].who.startswith("Contributor")
        page = client.get(answer["Location"]).content.decode()
        assert "Design workshop" in page and "America/Chicago" in page and "09:30" in page
        assert "Riverside tenants" in page

    def test_the_edit_page_starts_from_what_is_stored(self, cast, client):
        group = group_create(name="Riverside tenants")
        client.force_login(cast.users["steward"])
        add = reverse("relationships:engagement-add", args=[cast.own.pk])
        client.post(
            add,
            {
                "title": "Design workshop",
                "kind": "workshop",
                "level": "collaborate",
                "starts_at": "2026-03-10T09:30",
                "time_zone": "America/Chicago",
                "place": "Community hall",
                "groups": [group.pk],
            },
        )
        saved = Engagement.objects.get()
        page = client.get(
            reverse("relationships:engagement-edit", args=[cast.own.pk, saved.pk])
        ).content.decode()
        assert 'name="title" value="Design workshop"' in page
        assert 'value="2026-03-10T09:30"' in page  # the local time, in its own zone
        assert '<option value="America/Chicago" selected>' in page
        assert f'<option value="{group.pk}" selected>Riverside tenants</option>' in page
        assert 'value="Community hall"' in page

    def test_dates_out_of_order_are_refused_naming_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        answer = client.post(
            reverse("relationships:engagement-add", args=[cast.own.pk]),
            {
                "title": "Backwards",
                "kind": "meeting",
                "level": "inform",
                "starts_at": "2026-03-10T12:00",
                "ends_at": "2026-03-10T09:00",
                "time_zone": "UTC",
            },
        )
        assert answer.status_code == 200
        assert "The end comes before the start." in answer.content.decode()
        assert counts() == (0, 0, 0)

    def test_attendees_in_and_outside_accord_and_a_non_member_refused(self, cast, client):
        found = engagement(cast.own)
        client.force_login(cast.users["steward"])
        add = reverse("relationships:attendee-add", args=[cast.own.pk, found.pk])
        person = cast.people["leader"]
        assert client.post(add, {"person": person.pk}).status_code == 302
        outside = {"name": "Ada Guest", "organization": cast.host.pk, "level": "executive"}
        assert client.post(add, outside).status_code == 302
        rows = {str(a): a for a in EngagementAttendee.objects.all()}
        assert rows["Leader Person"].organization == cast.partner
        assert rows["Ada Guest"].level == "executive" and rows["Ada Guest"].person is None
        stranger = OrganizationFactory(name="Stranger Co")
        answer = client.post(add, {"name": "Bo", "organization": stranger.pk})
        assert "Choose a member organization." in answer.content.decode()
        assert client.post(add, {"name": ""}).status_code == 200
        assert EngagementAttendee.objects.count() == 2
        page = client.get(found.get_absolute_url()).content.decode()
        assert "Ada Guest" in page and "(outside Accord)" in page

    def test_an_action_item_waits_for_its_owner_until_done(self, cast, client):
        found = engagement(cast.own)
        owner = cast.people["viewer"]
        client.force_login(cast.users["steward"])
        answer = client.post(
            reverse("relationships:action-add", args=[cast.own.pk, found.pk]),
            {"title": "Send the minutes", "owner": owner.pk, "due_on": "2026-12-20"},
        )
        assert answer.status_code == 302
        item = ActionItem.objects.get()
        waiting = waiting_for(cast.users["viewer"])
        assert [w.kind for w in waiting] == ["relationships.action.do"]
        assert "Send the minutes" in waiting[0].title and waiting[0].url == found.get_absolute_url()
        assert waiting_for(cast.users["leader"]) == []
        # The owner (a viewer) closes it; another viewer-level member could not.
        client.force_login(cast.users["viewer"])
        select = f'id="status-{item.pk}"'
        assert select in client.get(found.get_absolute_url()).content.decode()
        status = reverse("relationships:action-status", args=[cast.own.pk, item.pk])
        assert client.post(status, {"status": "done"}).status_code == 302
        item.refresh_from_db()
        assert item.status == "done"
        assert waiting_for(cast.users["viewer"]) == []
        client.force_login(cast.users["stakeholder"])
        assert select not in client.get(found.get_absolute_url()).content.decode()
        assert client.post(status, {"status": "open"}).status_code == 403

    def test_an_owner_outside_the_partnership_is_refused(self, cast, client):
        found = engagement(cast.own)
        client.force_login(cast.users["steward"])
        answer = client.post(
            reverse("relationships:action-add", args=[cast.own.pk, found.pk]),
            {"title": "X", "owner": cast.people["outsider"].pk, "due_on": "2026-12-20"},
        )
        assert answer.status_code == 200
        assert "Choose a person who holds a role in this partnership." in answer.content.decode()
        assert ActionItem.objects.count() == 0

    def test_the_engagement_shows_on_the_timeline(self, cast):
        found = engagement(cast.own, title="Spring gathering", kind="social")
        engagement(cast.own, days_ago=-30, title="Not yet")
        titles = [entry.title for entry in timeline_of(cast.own, cast.users["viewer"])]
        assert "Spring gathering" in titles and "Not yet" not in titles
        assert found.get_absolute_url() in [e.url for e in timeline_of(cast.own, None)]


def test_archived_partnership_refuses_new_engagements():
    partnership = PartnershipFactory(archived_at=timezone.now())
    with pytest.raises(Exception, match="archived"):
        services.engagement_create(
            partnership=partnership, title="Late", starts_at=timezone.now(), time_zone="UTC"
        )
    assert date.today()
