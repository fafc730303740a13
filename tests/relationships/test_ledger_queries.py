"""The input ledger (R6) costs a fixed number of queries: its pages, the API lists, the public page
and the home page at two sizes; input waiting reaches its assignee, or the stewards, and reminders
of input past its deadline are sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.waiting import waiting_for
from accord.leadership import reminders
from accord.relationships import services_engagements as engagements
from accord.relationships import services_ledger as services
from accord.relationships.models import Input
from accord.relationships.reminders_ledger import send_input_reminders
from tests.factories import OrganizationFactory, PersonFactory, RoleFactory
from tests.relationships.ledger import form_on, recorded

pytestmark = pytest.mark.django_db


def _grow(cast, n: int) -> None:
    """`n` more pieces of input, answered by people of `n` more organizations, each published
    with `n` actions, and a consultation."""
    meeting = engagements.engagement_create(
        partnership=cast.own, title=f"Meeting {n}", starts_at=timezone.now()
    )
    services.consultation_create(
        partnership=cast.own,
        question=f"Question {n}",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    for i in range(n):
        person = PersonFactory(organization=OrganizationFactory())
        RoleFactory(partnership=cast.own, person=person, role="contributor")
        item = recorded(cast.own, days_ago=i + 1, subject=f"Input {n}.{i}", assignee=person)
        services.input_respond(item=item, response="Answered")
        for _ in range(n):
            services.input_action_add(item=item, engagement=meeting, text="Done")
        services.input_publish(item=item)
        recorded(cast.own, days_ago=40, subject=f"Waiting {n}.{i}", assignee=cast.people["viewer"])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
        assert answer.status_code == 200, url
    return len(queries)


def test_pages_and_api_cost_the_same_at_two_sizes(cast, client):
    form_on(cast.own)
    api = f"/api/v1/partnerships/{cast.own.pk}"
    sizes = []
    for n in (1, 4):
        _grow(cast, n)
        latest = Input.objects.filter(partnership=cast.own, published_at__isnull=False).first()
        client.force_login(cast.users["viewer"])
        urls = [
            reverse("relationships:ledger", args=[cast.own.pk]),
            reverse("relationships:ledger", args=[cast.own.pk]) + "?status=all",
            latest.get_absolute_url(),
            f"{api}/inputs",
            f"{api}/inputs/{latest.pk}",
            f"{api}/consultations",
            f"{api}/responsiveness",
            reverse("core:home"),
        ]
        counted = [_count(client, url) for url in urls]
        client.logout()
        counted += [
            _count(client, reverse("relationships:you-said-we-did", args=[cast.own.pk])),
            _count(client, reverse("relationships:public-input", args=[cast.own.pk])),
        ]
        sizes.append(counted)
    assert sizes[0] == sizes[1], sizes


def test_input_waits_for_its_assignee_or_the_stewards(cast):
    assigned = recorded(cast.own, days_ago=10, subject="Assigned", assignee=cast.people["viewer"])
    unassigned = recorded(cast.own, days_ago=1, subject="Nobody's")
    viewer = [w for w in waiting_for(cast.users["viewer"]) if w.kind.startswith("relationships.in")]
    assert [(w.kind, w.url) for w in viewer] == [
        ("relationships.input.acknowledge", assigned.get_absolute_url())
    ]
    assert "past its deadline" in viewer[0].title
    steward = [w.url for w in waiting_for(cast.users["steward"]) if "input" in w.kind]
    assert steward == [unassigned.get_absolute_url()]
    services.input_acknowledge(item=assigned)
    (answer,) = [w for w in waiting_for(cast.users["viewer"]) if "input" in w.kind]
    assert answer.kind == "relationships.input.answer"
    services.input_respond(item=assigned, response="Done")
    assert not [w for w in waiting_for(cast.users["viewer"]) if "input" in w.kind]


def test_waiting_costs_one_query_however_many(cast):
    from accord.relationships.queries_ledger import inputs_waiting

    counted = []
    for n in (1, 5):
        for i in range(n):
            recorded(cast.own, subject=f"Input {n}.{i}", assignee=cast.people["viewer"])
        with CaptureQueriesContext(connection) as queries:
            items = inputs_waiting(cast.users["viewer"])
        counted.append(len(queries))
    assert len(items) == 6 and counted[0] == counted[1]


def test_reminders_go_once_to_the_assignee_or_the_stewards(
    cast, django_capture_on_commit_callbacks
):
    now = timezone.now()
    late = recorded(cast.own, days_ago=8, subject="Late", assignee=cast.people["leader"])
    recorded(cast.own, days_ago=40, subject="Unassigned and late")
    recorded(cast.own, days_ago=1, subject="Not yet due", assignee=cast.people["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_input_reminders(now)
    assert len(mail.outbox) == 2  # the e-mails go through the task queue, after the commit
    assert sorted((n.user.username, n.title.split(": ")[-1]) for n in sent) == [
        ("leader", "Late"),
        ("steward", "Unassigned and late"),
    ]
    assert send_input_reminders(now) == []
    services.input_acknowledge(item=late)
    assert send_input_reminders(now + timedelta(days=30)) != []  # now late to answer
    # `accord remind` runs them with the leadership reminders.
    report = reminders.send_all(now=now + timedelta(days=60))
    assert "relationships.input_overdue" in report.counts()
