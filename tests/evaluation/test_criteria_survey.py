"""The collaboration survey feeds the scorecard: its latest wave with results to show turns the
criterion good (every factor a strength), watch (one borderline), act (one a concern), and not yet
(no wave with enough respondents); an answer or a closing wave asks for a recompute."""

import pytest

from accord.evaluation.models import ScorecardPending
from accord.surveys import services
from tests.surveys.world import answers, wave, world

from .helpers import as_if_a_new_transaction, result

pytestmark = pytest.mark.django_db
KEY = "relationships.survey"


def answered(found, the_wave, people, **by_factor):
    for person in people:
        services.answer_submit(wave=the_wave, person=person, answers=answers(the_wave, **by_factor))


@pytest.fixture
def found(settings):
    settings.ACCORD_SURVEY_MIN_RESPONDENTS = 5
    return world(6)


def test_not_yet_without_a_wave_with_enough_respondents(found):
    assert result(KEY, found.partnership).status == "not_yet"
    the_wave = wave(found)
    answered(found, the_wave, found.people[:4], value=2)  # four of the five needed
    not_yet = result(KEY, found.partnership)
    assert not_yet.status == "not_yet"
    assert not_yet.url_name == "surveys:waves"


@pytest.mark.parametrize(
    ("by_factor", "status", "evidence"),
    [
        ({"value": 5}, "good", "Every factor shown is a strength in “Spring”"),
        ({"value": 5, "open_communication": 3}, "watch", "1 factor borderline in “Spring”"),
        (
            {"value": 4, "means": 2, "open_communication": 3},
            "act",
            "1 factor a concern in “Spring”",
        ),
    ],
)
def test_the_factor_scores_turn_it(found, by_factor, status, evidence):
    the_wave = wave(found)
    answered(found, the_wave, found.people[:5], **by_factor)
    found_result = result(KEY, found.partnership)
    assert found_result.status == status
    assert found_result.evidence.startswith(evidence)
    # The next action links to the wave's results.
    assert (found_result.url_name, found_result.args) == (
        "surveys:wave",
        (found.partnership.pk, the_wave.pk),
    )
    if status == "act":
        assert "Borderline: " in found_result.evidence and "2.00" in found_result.evidence
        assert found_result.action.startswith("Read the survey's results with the partners")


def test_answers_and_a_closing_wave_ask_for_a_recompute(
    found, queue, django_capture_on_commit_callbacks
):
    the_wave = wave(found)
    for change in (
        lambda: answered(found, the_wave, found.people[:1], value=4),
        lambda: services.wave_close(wave=the_wave),
    ):
        ScorecardPending.objects.all().delete()
        as_if_a_new_transaction()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert [result.args for result in queue] == [[found.partnership.pk]]
        queue.clear()
