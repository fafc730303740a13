"""Results, trends and the scorecard's read: scores from real answers, every breakdown hidden under
the minimum (and the next-smallest group with a lone hidden one), the change between waves, what
waits for whom, reminders, and query counts that do not grow with the data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.waiting import waiting_for
from accord.surveys import queries, services
from accord.surveys.models import SurveyWave
from accord.surveys.reminders import send_survey_reminders
from tests.factories import PersonFactory, RoleFactory, UserFactory
from tests.surveys.world import answers, wave, world

pytestmark = pytest.mark.django_db


def answer_all(found, the_wave, people=None, **by_factor):
    for index, person in enumerate(people if people is not None else found.people):
        values = {
            key: value(index) if callable(value) else value for key, value in by_factor.items()
        }
        services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave, **values))


def result(found_results, key):
    return next(r for r in found_results.factors if r.factor.key == key)


def test_scores_need_five_answers_then_show_with_their_status():
    found = world(6)
    the_wave = wave(found)
    answer_all(found, the_wave, found.people[:4], value=4)
    shown = queries.results_of(the_wave)
    assert shown.respondents == 4
    assert all(r.total.score is None and r.total.hidden == "fewer" for r in shown.factors)
    answer_all(found, the_wave, found.people[4:6], value=2, respect=lambda i: 5)
    shown = queries.results_of(the_wave)
    # respect: four 4s and two 5s; the rest: four 4s and two 2s.
    assert result(shown, "respect").total.score == Decimal("4.33")
    assert result(shown, "respect").total.status == "strength"
    assert result(shown, "means").total.score == Decimal("3.33")
    assert result(shown, "means").total.status == "borderline"


def test_a_lone_small_organization_hides_the_next_smallest_too():
    # Three organizations with 7, 5 and 2 respondents: the 2 is hidden, and so is the 5, or the
    # total minus the 7 would give the 2 away.
    found = world(0, organizations=3)
    for organization, n in zip(found.organizations, (7, 5, 2), strict=True):
        for _ in range(n):
            person = PersonFactory(organization=organization, user=UserFactory())
            RoleFactory(partnership=found.partnership, person=person, role="contributor")
            found.people.append(person)
    the_wave = wave(found)
    answer_all(found, the_wave, value=3)
    shown = queries.results_of(the_wave)
    by_name = {g.key: g for g in shown.organizations}
    big, middle, small = (by_name[o.pk] for o in found.organizations)
    assert (big.hidden, middle.hidden, small.hidden) == (None, "protects", "fewer")
    assert big.respondents == 7
    respect = result(shown, "respect")
    assert respect.total.score == Decimal("3.00") and respect.total.respondents == 14
    assert [s.score for s in respect.by_organization] == [Decimal("3.00"), None, None]


def test_the_change_since_the_previous_wave_and_the_trend():
    found = world(5)
    today = timezone.localdate()
    first = wave(found, title="First")
    answer_all(found, first, value=3)
    services.wave_close(wave=first)
    SurveyWave.objects.filter(pk=first.pk).update(opens_on=today - timedelta(days=90))
    second = wave(found, title="Second")
    answer_all(found, second, value=4)
    shown = queries.results_of(second)
    assert shown.previous == first
    assert result(shown, "respect").change == Decimal("1.00")
    trends = queries.trends_of(found.partnership)
    assert [w.title for w in trends.waves] == ["First", "Second"]
    row = next(r for r in trends.rows if r.key == "respect")
    assert [s.score for s in row.scores] == [Decimal("3.00"), Decimal("4.00")]
    assert row.changes == [None, Decimal("1.00")]


def test_latest_factor_scores_reads_the_latest_wave_with_results():
    found = world(6)
    assert queries.latest_factor_scores(found.partnership) == []
    the_wave = wave(found)
    answer_all(found, the_wave, found.people[:5], value=2, leadership=lambda i: 5)
    scores = {
        factor.key: (score, status)
        for factor, score, status in queries.latest_factor_scores(found.partnership)
    }
    assert scores["leadership"] == (Decimal("5.00"), "strength")
    assert scores["means"] == (Decimal("2.00"), "concern")
    # A newer wave with too few answers does not hide the last results.
    wave(found, title="Later")
    assert queries.latest_factor_scores(found.partnership)


def test_results_cost_the_same_queries_at_two_sizes():
    costs = []
    for n in (5, 12):
        found = world(n, organizations=3, levels=("staff", "student"))
        the_wave = wave(found, title=f"W{n}")
        answer_all(found, the_wave, value=4)
        with CaptureQueriesContext(connection) as captured:
            queries.results_of(the_wave)
            queries.trends_of(found.partnership)
            queries.latest_factor_scores(found.partnership)
        costs.append(len(captured))
    assert costs[0] == costs[1], costs


def test_the_pages_cost_the_same_queries_at_two_sizes(client):
    costs = []
    for n in (5, 12):
        found = world(n, organizations=2)
        for title in ("A", "B")[: 1 if n == 5 else 2]:
            the_wave = wave(found, title=title)
            answer_all(found, the_wave, value=4)
        client.force_login(found.steward.user)
        counted = []
        for url in (
            reverse("surveys:waves", args=[found.partnership.pk]),
            the_wave.get_absolute_url(),
            reverse("surveys:trends", args=[found.partnership.pk]),
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counted.append(len(captured))
        costs.append(counted)
    assert costs[0] == costs[1], costs


def test_a_wave_waits_for_those_it_asked_until_they_answer():
    found = world(5)
    the_wave = wave(found)
    person = found.people[0]
    mine = [w for w in waiting_for(person.user) if w.kind == "surveys.wave.answer"]
    assert [w.url for w in mine] == [
        reverse("surveys:answer", args=[found.partnership.pk, the_wave.pk])
    ]
    assert not [w for w in waiting_for(found.steward.user) if w.kind == "surveys.wave.answer"]
    services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave))
    assert not [w for w in waiting_for(person.user) if w.kind == "surveys.wave.answer"]
    with CaptureQueriesContext(connection) as captured:
        queries.surveys_waiting(found.people[1].user)
    assert len(captured) == 1


def test_reminders_go_once_to_those_who_have_not_answered_as_the_wave_nears_its_close():
    found = world(5)
    today = timezone.localdate()
    the_wave = wave(found, closes_on=today + timedelta(days=10))
    services.answer_submit(wave=the_wave, person=found.people[0], answers=answers(the_wave))
    assert send_survey_reminders(timezone.now()) == []  # ten days left: not yet
    SurveyWave.objects.filter(pk=the_wave.pk).update(closes_on=today + timedelta(days=2))
    sent = send_survey_reminders(timezone.now())
    assert {n.user_id for n in sent} == {p.user_id for p in found.people[1:]}
    assert send_survey_reminders(timezone.now()) == []


def test_the_answering_page_and_the_api_cost_the_same_queries_at_two_sizes(client):
    costs = []
    for n in (5, 12):
        found = world(n, organizations=2)
        for title in ("A", "B")[: 1 if n == 5 else 2]:
            the_wave = wave(found, title=title)
            answer_all(found, the_wave, found.people[1:], value=4)
        client.force_login(found.people[0].user)
        base = f"/api/v1/partnerships/{found.partnership.pk}"
        counted = []
        for url in (
            reverse("surveys:answer", args=[found.partnership.pk, the_wave.pk]),
            reverse("surveys:wave-create", args=[found.partnership.pk]),
            f"{base}/survey-waves",
            f"{base}/survey-waves/{the_wave.pk}",
            f"{base}/survey-waves/{the_wave.pk}/results",
            f"{base}/survey-trends",
        ):
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            counted.append(len(captured))
        costs.append(counted)
    assert costs[0] == costs[1], costs
