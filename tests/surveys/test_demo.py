"""The demo's two survey waves: answered through the service by enough people for every factor to
show, closed, dated in the past (answers too), with change between them; loading again adds
nothing."""

import pytest
from django.utils import timezone

from accord.partnerships.demo import DemoContext
from accord.surveys import queries
from accord.surveys.demo import seed_surveys
from accord.surveys.models import SurveyResponse, SurveyWave
from tests.surveys.world import world

pytestmark = pytest.mark.django_db


def test_two_closed_waves_with_results_and_change():
    found = world(13, organizations=3, levels=("staff", "student", "executive"))
    context = DemoContext(partnerships={"bridges": found.partnership})
    seed_surveys(context)
    waves = list(SurveyWave.objects.order_by("opens_on"))
    assert [w.title for w in waves] == ["Autumn survey", "Spring survey"]
    today = timezone.localdate()
    for wave in waves:
        assert wave.status == "closed" and wave.closes_on < today
        days = set(wave.responses.values_list("answered_on", flat=True))
        assert all(wave.opens_on <= day <= wave.closes_on for day in days)
        answered = wave.invitations.exclude(answered_at=None).values_list("answered_at", flat=True)
        assert all(wave.opens_on <= timezone.localdate(a) <= wave.closes_on for a in answered)
    results = queries.results_of(waves[1])
    assert all(r.total.respondents >= 5 and r.total.score is not None for r in results.factors)
    changes = {r.factor.key: r.change for r in results.factors}
    assert changes["clear-roles"] > 0 and changes["open-communication"] > 0
    statuses = {r.factor.key: r.total.status for r in results.factors}
    assert statuses["means"] == "concern" and statuses["unique-purpose"] == "strength"
    assert SurveyResponse.objects.filter(person__isnull=False).count() == 0
    before = SurveyResponse.objects.count()
    seed_surveys(context)
    assert SurveyResponse.objects.count() == before and SurveyWave.objects.count() == 2
