"""Engagements (R4, R5) cost a fixed number of queries: the pages, the API lists, the cadence and
the home page at two sizes, and the .ics feed of a person in 50 partnerships at one query per
table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.waiting import waiting_for
from accord.directory.services_groups import group_create
from accord.relationships import services_engagements as services
from accord.relationships.models import ActionItem, Engagement, EngagementAttendee
from accord.relationships.queries_engagements import action_items_waiting
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _grow(cast, n: int) -> None:
    """`n` more member organizations, all at `n` more engagements with `n` action items each."""
    group = group_create(name=f"Group {n}")
    organizations = [OrganizationFactory() for _ in range(n)]
    for organization in organizations:
        MembershipFactory(partnership=cast.own, organization=organization)
    for i in range(n):
        engagement = services.engagement_create(
            partnership=cast.own,
            title=f"Meeting {n}.{i}",
            starts_at=timezone.now() - timedelta(days=10 + i),
            groups=[group],
        )
        for organization in [cast.host, *organizations]:
            services.attendee_add(engagement=engagement, organization=organization, name="Guest")
        for j in range(n):
            services.action_item_add(
                engagement=engagement,
                title="Follow up",
                owner=cast.people["viewer" if j % 2 else "leader"],
                due_on=timezone.localdate(),
            )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_and_api_cost_the_same_at_two_sizes(cast, client):
    client.force_login(cast.users["viewer"])
    api = f"/api/v1/partnerships/{cast.own.pk}"
    sizes = []
    for n in (1, 4):
        _grow(cast, n)
        latest = Engagement.objects.filter(partnership=cast.own).order_by("-pk").first()
        urls = [
            reverse("relationships:engagements", args=[cast.own.pk]),
            latest.get_absolute_url(),
            reverse("relationships:engagement-ics", args=[cast.own.pk, latest.pk]),
            f"{api}/engagements",
            f"{api}/engagements/{latest.pk}",
            f"{api}/cadence",
            reverse("core:home"),
        ]
        sizes.append([_count(client, url) for url in urls])
    assert sizes[0] == sizes[1], sizes
    assert EngagementAttendee.objects.count() > 20 and ActionItem.objects.count() == 17


def test_the_feed_of_a_person_in_50_partnerships_is_one_query_per_table(client):
    user = UserFactory()
    person = PersonFactory(user=user)
    for i in range(50):
        partnership = PartnershipFactory()
        RoleFactory(partnership=partnership, person=person, role="viewer")
        for days in (3, 40):
            services.engagement_create(
                partnership=partnership,
                title=f"Meeting {i}",
                starts_at=timezone.now() - timedelta(days=days),
                time_zone="America/Chicago" if i % 2 else "Europe/Berlin",
            )
    token = services.calendar_feed_create(user=user)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(reverse("relationships:calendar-feed", args=[token]))
    assert answer.status_code == 200
    assert answer.content.count(b"BEGIN:VEVENT") == 100
    # The feed (with its user), then the engagements (with their partnerships).
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    assert len(tables) == 2 and len(set(tables)) == 2, queries.captured_queries


def test_waiting_action_items_cost_one_query_however_many():
    user = UserFactory()
    person = PersonFactory(user=user)
    counts = []
    for n in (1, 5):
        for _ in range(n):
            partnership = PartnershipFactory()
            RoleFactory(partnership=partnership, person=person, role="viewer")
            engagement = Engagement.objects.create(
                partnership=partnership, title="Met", starts_at=timezone.now()
            )
            ActionItem.objects.create(
                engagement=engagement, title="Do", owner=person, due_on=timezone.localdate()
            )
        with CaptureQueriesContext(connection) as queries:
            items = action_items_waiting(user)
        counts.append(len(queries))
    assert len(items) == 6
    assert counts == [1, 1]
    assert len([i for i in waiting_for(user) if i.kind == "relationships.action.do"]) == 6
