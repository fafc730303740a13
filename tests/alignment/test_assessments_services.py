"""Assessment services (A1): start, assessors, scores, the decision, results, history, demo."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.alignment.models import Assessment, Assessor, Score
from accord.alignment.queries import assessments as queries
from accord.alignment.services.assessments import (
    ScoreEntry,
    assessment_decide,
    assessment_score,
    assessment_start,
    assessor_add,
    assessor_archive,
)
from accord.alignment.services.rubrics import rubric_archive
from accord.partnerships.models import Membership
from accord.partnerships.services import membership_add
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, scored
from tests.matrix.alignment_assessments import assessed, every_score, start
from tests.matrix.alignment_rubrics import make_rubric

pytestmark = pytest.mark.django_db


def counts():
    return (
        Assessment.objects.count(),
        Assessor.objects.count(),
        Score.objects.count(),
        Score.history.count(),
        Membership.objects.count(),
    )


def entries(score=4, overrides: dict | None = None) -> list[ScoreEntry]:
    """Every criterion of the default rubric at `score`; `overrides` by criterion id."""
    overrides = overrides or {}
    return [
        ScoreEntry(cid, overrides.get(cid, value), f"Note {cid}")
        for cid, value in every_score(score)
    ]


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


class TestStart:
    def test_uses_the_default_rubric(self, cast):
        assessment = start(cast, "own")
        assert assessment.rubric.is_default
        assert (assessment.status, assessment.decision) == ("open", "")

    def test_current_member_is_refused_naming_the_candidate(self, cast):
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            start(cast, "own", candidate=cast.partner)
        assert errors_of(excinfo) == {
            "candidate": ["Partner University is already a member of this partnership."]
        }
        assert counts() == before

    def test_archived_candidate_is_refused(self, cast):
        candidate = OrganizationFactory(archived_at=timezone.now())
        with pytest.raises(ValidationError) as excinfo:
            start(cast, "own", candidate=candidate)
        assert "archived" in errors_of(excinfo)["candidate"][0]

    def test_one_open_assessment_per_candidate_and_partnership(self, cast):
        candidate = OrganizationFactory()
        first = start(cast, "own", candidate=candidate)
        with pytest.raises(ValidationError) as excinfo:
            start(cast, "own", candidate=candidate)
        assert "already has an open assessment" in errors_of(excinfo)["candidate"][0]
        start(cast, "other", candidate=candidate)  # another partnership may assess it too
        assessment_decide(assessment=scored(first), decision="defer", rationale="Later.")
        assert start(cast, "own", candidate=candidate).status == "open"  # after a decision

    def test_archived_rubric_or_one_without_criteria_is_refused(self, cast):
        archived = rubric_archive(rubric=make_rubric())
        empty = make_rubric(criteria=0)
        for rubric, text in ((archived, "archived"), (empty, "no criteria")):
            with pytest.raises(ValidationError) as excinfo:
                assessment_start(
                    partnership=cast.own, candidate=OrganizationFactory(), rubric=rubric
                )
            assert text in errors_of(excinfo)["rubric"][0]


class TestAssessors:
    def test_host_side_needs_a_role_in_the_partnership(self, cast):
        assessment = start(cast, "own")
        with pytest.raises(ValidationError) as excinfo:
            assessor_add(assessment=assessment, person=cast.people["outsider"], direction="host")
        assert "holds no role" in errors_of(excinfo)["person"][0]
        assessor = assessor_add(
            assessment=assessment, person=cast.people["viewer"], direction="host"
        )
        assert assessor.direction == "host"

    def test_candidate_side_must_be_a_person_of_the_candidate(self, cast):
        assessment = start(cast, "own")
        with pytest.raises(ValidationError) as excinfo:
            assessor_add(assessment=assessment, person=cast.people["viewer"], direction="candidate")
        assert "is not a person of" in errors_of(excinfo)["person"][0]
        person = PersonFactory(organization=assessment.candidate)
        assessor = assessor_add(assessment=assessment, person=person, direction="candidate")
        assert assessor.direction == "candidate"  # no role in the partnership needed

    def test_the_same_person_only_once_while_active(self, cast):
        assessment, assessor = assessed(cast, "own")
        with pytest.raises(ValidationError) as excinfo:
            assessor_add(assessment=assessment, person=assessor.person, direction="host")
        assert "already an assessor" in errors_of(excinfo)["person"][0]
        assessor_archive(assessor=assessor)
        again = assessor_add(assessment=assessment, person=assessor.person, direction="host")
        assert again.pk != assessor.pk

    def test_bad_direction_and_archived_person_are_refused(self, cast):
        assessment = start(cast, "own")
        with pytest.raises(ValidationError) as excinfo:
            assessor_add(assessment=assessment, person=cast.people["viewer"], direction="both")
        assert "direction" in errors_of(excinfo)
        person = PersonFactory(organization=assessment.candidate, archived_at=timezone.now())
        with pytest.raises(ValidationError) as excinfo:
            assessor_add(assessment=assessment, person=person, direction="candidate")
        assert "archived" in errors_of(excinfo)["person"][0]


class TestScores:
    def test_scores_every_criterion_and_saving_again_updates(self, cast):
        assessment, assessor = assessed(cast, "own")
        assessment_score(assessment=assessment, assessor=assessor, scores=entries(4))
        assert sorted(assessor.scores.values_list("score", flat=True)) == [4] * 7
        history_before = Score.history.count()
        first = every_score()[0][0]
        assessment_score(assessment=assessment, assessor=assessor, scores=entries(4, {first: 2}))
        assert assessor.scores.count() == 7
        assert assessor.scores.get(criterion_id=first).score == 2
        assert Score.history.count() == history_before + 1  # only the changed score

    @pytest.mark.parametrize("bad", [0, 6, "x", None, 2.5, True])
    def test_a_bad_score_is_refused_naming_the_criterion_and_nothing_is_written(self, cast, bad):
        assessment, assessor = assessed(cast, "own")
        first = every_score()[0][0]
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            assessment_score(
                assessment=assessment, assessor=assessor, scores=entries(4, {first: bad})
            )
        assert errors_of(excinfo) == {
            f"score_{first}": ["“Mission fit”: give a whole number from 1 to 5."]
        }
        assert counts() == before

    def test_missing_criteria_are_refused_naming_each(self, cast):
        assessment, assessor = assessed(cast, "own")
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            assessment_score(assessment=assessment, assessor=assessor, scores=entries()[:5])
        missing = {f"score_{cid}" for cid, _ in every_score()[5:]}
        assert set(errors_of(excinfo)) == missing
        assert "has no score" in next(iter(errors_of(excinfo).values()))[0]
        assert counts() == before

    def test_unknown_and_repeated_criteria_are_refused(self, cast):
        assessment, assessor = assessed(cast, "own")
        other_rubric = make_rubric(criteria=1)
        stranger = ScoreEntry(other_rubric.criteria.get().pk, 3)
        with pytest.raises(ValidationError) as excinfo:
            assessment_score(
                assessment=assessment, assessor=assessor, scores=[*entries(), stranger]
            )
        assert "has no criterion with id" in errors_of(excinfo)["criterion_id"][0]
        repeated = entries() + entries()[:1]
        with pytest.raises(ValidationError, match="more than once"):
            assessment_score(assessment=assessment, assessor=assessor, scores=repeated)
        assert not assessor.scores.exists()

    def test_a_note_with_a_nul_character_is_refused(self, cast):
        assessment, assessor = assessed(cast, "own")
        bad = [ScoreEntry(e.criterion_id, e.score, "bad\x00note") for e in entries()]
        with pytest.raises(ValidationError) as excinfo:
            assessment_score(assessment=assessment, assessor=assessor, scores=bad)
        assert all(field.startswith("note_") for field in errors_of(excinfo))

    def test_a_decided_assessment_cannot_be_scored(self, cast):
        assessment, assessor = assessed(cast, "own")
        assessment_decide(assessment=scored(assessment), decision="decline", rationale="Not now.")
        before = counts()
        with pytest.raises(ValidationError, match="has been decided"):
            assessment_score(assessment=assessment, assessor=assessor, scores=entries())
        assert counts() == before

    def test_a_removed_assessor_cannot_score(self, cast):
        assessment, assessor = assessed(cast, "own")
        assessor_archive(assessor=assessor)
        with pytest.raises(ValidationError, match="not an assessor"):
            assessment_score(assessment=assessment, assessor=assessor, scores=entries())


class TestDecision:
    def test_select_makes_the_candidate_a_partner_member(self, cast):
        assessment = start(cast, "own")
        assessment_decide(
            assessment=scored(assessment),
            decision="select",
            rationale="  Strong fit.  ",
            decided_by=cast.users["steward"],
        )
        assessment.refresh_from_db()
        assert (assessment.status, assessment.decision, assessment.rationale) == (
            "decided",
            "select",
            "Strong fit.",
        )
        assert assessment.decided_by == cast.users["steward"] and assessment.decided_at
        membership = cast.own.memberships.current().get(organization=assessment.candidate)
        assert membership.kind == "partner"

    def test_decline_and_defer_change_no_membership(self, cast):
        for decision in ("decline", "defer"):
            assessment = start(cast, "own")
            before = Membership.objects.count()
            assessment_decide(
                assessment=scored(assessment), decision=decision, rationale="Because."
            )
            assert Membership.objects.count() == before

    def test_select_is_refused_when_it_became_a_member_meanwhile(self, cast):
        assessment = scored(start(cast, "own"))
        membership_add(partnership=cast.own, organization=assessment.candidate)
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            assessment_decide(assessment=assessment, decision="select", rationale="Fit.")
        message = errors_of(excinfo)["decision"][0]
        assert "cannot be selected" in message and "already a member" in message
        assert counts() == before
        assessment.refresh_from_db()
        assert assessment.status == "open"

    @pytest.mark.parametrize(
        ("decision", "rationale", "field"),
        [("select", "", "rationale"), ("select", "   ", "rationale"), ("maybe", "Why", "decision")],
    )
    def test_bad_decision_is_refused_naming_the_field(self, cast, decision, rationale, field):
        assessment = start(cast, "own")
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            assessment_decide(assessment=assessment, decision=decision, rationale=rationale)
        assert field in errors_of(excinfo)
        assert counts() == before

    def test_a_decision_is_final(self, cast):
        assessment, assessor = assessed(cast, "own")
        assessment_decide(assessment=scored(assessment), decision="defer", rationale="Later.")
        with pytest.raises(ValidationError) as excinfo:
            assessment_decide(assessment=assessment, decision="select", rationale="Now.")
        assert "decision" in errors_of(excinfo)
        with pytest.raises(ValidationError):
            assessor_archive(assessor=assessor)
        with pytest.raises(ValidationError):
            assessor_add(assessment=assessment, person=cast.people["viewer"], direction="host")


class TestResultsAndHistory:
    def test_results_both_ways_with_the_discuss_flag(self, cast):
        assessment, assessor = assessed(cast, "own")
        second = assessor_add(assessment=assessment, person=cast.people["leader"], direction="host")
        candidate_side = assessor_add(
            assessment=assessment,
            person=PersonFactory(organization=assessment.candidate),
            direction="candidate",
        )
        first = every_score()[0][0]
        assessment_score(assessment=assessment, assessor=assessor, scores=entries(4))
        assessment_score(assessment=assessment, assessor=second, scores=entries(4, {first: 2}))
        assessment_score(assessment=assessment, assessor=candidate_side, scores=entries(5))
        results = queries.assessment_results(assessment)
        assert [row.result.discuss for row in results.host.rows] == [True] + [False] * 6
        assert results.host.rows[0].mean == 3
        # Mission fit weighs 2 of 10: (2 * 3 + 8 * 4) / 10
        assert results.host.weighted == Decimal("3.80")
        assert (results.host.result.complete_count, results.host.result.assessor_count) == (2, 2)
        assert results.candidate.weighted == Decimal("5.00")
        listed = queries.with_weighted_scores(queries.assessments_of(cast.own))
        assert (listed[0].host_score, listed[0].candidate_score) == (pytest.approx(3.8), 5)

    def test_removed_assessors_no_longer_count(self, cast):
        assessment, assessor = assessed(cast, "own")
        assessment_score(assessment=assessment, assessor=assessor, scores=entries(2))
        assessor_archive(assessor=assessor)
        assert queries.assessment_results(assessment).host.weighted is None

    def test_history_shows_assessors_scores_and_the_decision(self, cast):
        assessment, assessor = assessed(cast, "own")
        assessment_score(assessment=assessment, assessor=assessor, scores=entries(3))
        first = every_score()[0][0]
        assessment_score(assessment=assessment, assessor=assessor, scores=entries(3, {first: 5}))
        assessment_decide(assessment=scored(assessment), decision="decline", rationale="No fit.")
        history = queries.assessment_history(assessment)
        actions = [entry.action for entry in history]
        assert actions[0] == "Changed"  # the decision, newest first
        assert "Created assessor Contributor Person (partnership assesses the candidate)" in actions
        saves = [e for e in history if e.action == "Scores saved for Contributor Person"]
        assert [len(e.changes) for e in saves] == [1, 7]
        assert (saves[0].changes[0].label, saves[0].changes[0].old, saves[0].changes[0].new) == (
            "Mission fit",
            "3",
            "5",
        )


class TestDemo:
    def test_demo_assessment_is_in_progress_and_loading_again_changes_nothing(self):
        from accord.alignment.demo import assessments, rubrics
        from accord.partnerships.demo import build_demo

        context = build_demo()
        rubrics.seed(context)
        assessments.seed(context)
        before = counts()
        assessments.seed(context)
        assert counts() == before
        assessment = Assessment.objects.get(candidate=context.organizations["siep"])
        assert assessment.status == "open"
        assert assessment.partnership.title == "Bridges to Civil Engineering Careers"
        results = queries.assessment_results(assessment)
        names = {a.person.name: a.complete for a in results.host.assessors}
        assert names == {"Marisol Vega": True, "Kwame Mensah": False}
        assert results.host.discuss_rows
        assert [a.person.name for a in results.candidate.assessors] == ["Grace Adeyemi"]
        assert not assessment.partnership.memberships.filter(
            organization=assessment.candidate
        ).exists()


@pytest.mark.django_db
def test_a_new_assessor_is_told_in_accord(cast):
    from accord.accounts.models import Notification

    candidate = OrganizationFactory(name="Mesa Engineering Society")
    assessment = assessment_start(
        partnership=cast.own, candidate=candidate, created_by=cast.users["steward"]
    )
    user = UserFactory(username="rita")
    person = PersonFactory(organization=candidate, user=user)
    assessor_add(assessment=assessment, person=person, direction="candidate")
    notice = Notification.objects.get(user=user)
    assert notice.title == f"Please assess the partnership “{cast.own}”"
    assert notice.url == f"/partnerships/{cast.own.pk}/assessments/{assessment.pk}/score/"
