"""Assessment pages (A1), as plain form posts (no JavaScript needed) and HTMX where it helps."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.alignment.models import Assessment, Assessor, Score
from accord.alignment.services.assessments import (
    ScoreEntry,
    assessment_decide,
    assessment_score,
    assessor_add,
)
from accord.partnerships.models import Membership
from accord.partnerships.services import membership_add
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, scored
from tests.matrix.alignment_assessments import assessed, every_score, start

pytestmark = pytest.mark.django_db


def counts():
    return (
        Assessment.objects.count(),
        Assessor.objects.count(),
        Score.objects.count(),
        Membership.objects.count(),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, assessment, *extra):
    return reverse(f"alignment:{name}", args=[assessment.partnership_id, assessment.pk, *extra])


def score_form(score=4, **overrides) -> dict:
    data = {}
    for cid, _ in every_score():
        data[f"score_{cid}"] = overrides.get(f"score_{cid}", score)
        data[f"note_{cid}"] = f"Evidence {cid}."
    return data


def score_all(assessment, assessor, score=4, first=None):
    entries = [ScoreEntry(cid, score, f"Note from {assessor.person}") for cid, _ in every_score()]
    if first is not None:
        entries[0] = ScoreEntry(entries[0].criterion_id, first, "Far apart.")
    assessment_score(assessment=assessment, assessor=assessor, scores=entries)


def candidate_side(assessment):
    """A person of the candidate with a login, assigned as a candidate-side assessor."""
    user = UserFactory()
    person = PersonFactory(name="Candidate Assessor", organization=assessment.candidate, user=user)
    assessor = assessor_add(assessment=assessment, person=person, direction="candidate")
    return user, assessor


class TestList:
    def test_shows_status_decision_and_both_weighted_scores(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        score_all(assessment, assessor, 3)
        decided = start(cast, "own")
        assessment_decide(assessment=scored(decided), decision="decline", rationale="No.")
        client.force_login(cast.users["viewer"])
        response = client.get(reverse("alignment:assessment-list", args=[cast.own.pk]))
        text = response.text
        assert "3.00" in text and "No scores yet" in text
        assert "Decline" in text and "Open" in text and "Decided" in text
        assert "Start an assessment" not in text  # a viewer may not start one

    def test_filters_and_htmx_partial(self, cast, client):
        start(cast, "own")
        decided = start(cast, "own")
        assessment_decide(assessment=scored(decided), decision="defer", rationale="Later.")
        client.force_login(cast.users["steward"])
        list_url = reverse("alignment:assessment-list", args=[cast.own.pk])
        response = client.get(list_url, {"decision": "defer"})
        assert [a.pk for a in response.context["page_obj"].object_list] == [decided.pk]
        assert len(client.get(list_url, {"status": "open"}).context["page_obj"]) == 1
        assert client.get(list_url, {"status": "bogus"}).status_code == 200
        partial = client.get(list_url, headers={"HX-Request": "true"})
        assert "<html" not in partial.text and "<table" in partial.text
        assert "Start an assessment" in client.get(list_url).text

    def test_query_budget_is_the_same_for_5_and_50_assessments(self, cast, client):
        client.force_login(cast.users["steward"])
        list_url = reverse("alignment:assessment-list", args=[cast.own.pk])

        def add(n):
            for _ in range(n):
                assessment, assessor = assessed(cast, "own")
                score_all(assessment, assessor, 4)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(list_url).status_code == 200
            return len(captured)

        add(5)
        five = queries()
        add(45)
        assert queries() == five


class TestStart:
    def test_candidate_is_preselected_from_the_discovery_link(self, cast, client):
        candidate = OrganizationFactory(name="Found by discovery")
        client.force_login(cast.users["steward"])
        create_url = reverse("alignment:assessment-create", args=[cast.own.pk])
        response = client.get(create_url, {"candidate": candidate.pk})
        assert f'<option value="{candidate.pk}" selected>' in response.text
        for junk in ("x", cast.partner.pk, "999999"):  # a member, nonsense: nothing preselected
            assert client.get(create_url, {"candidate": junk}).status_code == 200

    def test_start_then_add_assessors_on_both_sides(self, cast, client):
        candidate = OrganizationFactory()
        their_person = PersonFactory(organization=candidate)
        client.force_login(cast.users["steward"])
        response = client.post(
            reverse("alignment:assessment-create", args=[cast.own.pk]), {"candidate": candidate.pk}
        )
        assessment = Assessment.objects.get(candidate=candidate)
        assert response.url == assessment.get_absolute_url()
        assert assessment.rubric.is_default and assessment.created_by == cast.users["steward"]
        page = client.get(assessment.get_absolute_url()).text
        assert 'id="id_host_person"' in page and 'id="id_candidate_person"' in page
        add = url("assessment-assessor-add", assessment)
        client.post(add, {"person": cast.people["leader"].pk, "direction": "host"})
        client.post(add, {"person": their_person.pk, "direction": "candidate"})
        assert set(assessment.assessors.values_list("direction", flat=True)) == {
            "host",
            "candidate",
        }
        page = client.get(assessment.get_absolute_url()).text
        assert "all of them are assessors already" in page

    def test_member_candidate_is_refused_naming_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            reverse("alignment:assessment-create", args=[cast.own.pk]),
            {"candidate": cast.partner.pk},
        )
        assert response.status_code == 200 and counts() == before
        assert (
            "is not a member of this partnership" in response.context["form"].errors["candidate"][0]
        )

    def test_assessor_without_a_role_is_refused_on_the_person(self, cast, client):
        assessment = start(cast, "own")
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            url("assessment-assessor-add", assessment),
            {"person": cast.people["outsider"].pk, "direction": "host"},
        )
        assert response.status_code == 200 and counts() == before
        assert response.context["form"].errors["person"]

    def test_remove_an_assessor(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        client.force_login(cast.users["steward"])
        response = client.post(
            url("assessment-assessor-remove", assessment, assessor.pk), follow=True
        )
        assert "Contributor Person is no longer an assessor." in messages_of(response)
        assessor.refresh_from_db()
        assert assessor.archived_at is not None
        assert "Archived assessor Contributor Person" in response.text


class TestDetail:
    def test_results_with_discuss_flag_assessors_and_history(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        other = assessor_add(assessment=assessment, person=cast.people["leader"], direction="host")
        score_all(assessment, assessor, 4)
        score_all(assessment, other, 4, first=1)
        client.force_login(cast.users["viewer"])
        text = client.get(assessment.get_absolute_url()).text
        assert "To discuss:" in text and "Discuss</span>" in text
        assert "Mission fit (scores from 1 to 4)" in text
        assert "2 <span" in text and "of 2 assessors" in text  # both complete
        assert "Far apart." in text  # the notes
        assert "History" in text and "Scores saved for Leader Person" in text
        assert 'aria-label="Sections of Own partnership"' in text
        assert "Record the decision" not in text and "Score now" not in text

    def test_the_assessor_gets_the_score_button(self, cast, client):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        assert "Score now" in client.get(assessment.get_absolute_url()).text

    def test_decided_assessment_shows_who_when_and_why(self, cast, client):
        assessment = start(cast, "own")
        assessment_decide(
            assessment=scored(assessment),
            decision="select",
            rationale="Shared mission.",
            decided_by=cast.users["steward"],
        )
        client.force_login(cast.users["viewer"])
        text = client.get(assessment.get_absolute_url()).text
        assert "Decision: Select" in text and "Shared mission." in text
        assert "by <strong>Steward</strong>" in text
        assert "became a partner member" in text

    def test_assessment_of_another_partnership_is_404(self, cast, client):
        assessment = start(cast, "other")
        client.force_login(cast.users["steward"])
        wrong = reverse("alignment:assessment-detail", args=[cast.own.pk, assessment.pk])
        assert client.get(wrong).status_code == 404
        assert client.get(assessment.get_absolute_url()).status_code == 404


class TestScoring:
    def test_page_shows_every_level_and_saving_again_updates(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        score_url = url("assessment-score", assessment)
        page = client.get(score_url).text
        assert "The purpose is core to their mission and they already lead work on it." in page
        assert page.count('type="radio"') == 35
        response = client.post(score_url, score_form(4))
        assert response.url == assessment.get_absolute_url()
        assert sorted(assessor.scores.values_list("score", flat=True)) == [4] * 7
        first = every_score()[0][0]
        client.post(score_url, score_form(4, **{f"score_{first}": 2}))
        assert assessor.scores.get(criterion_id=first).score == 2
        assert assessor.scores.count() == 7
        assert "Saving again replaces" in client.get(score_url).text

    def test_each_criterions_radio_group_is_named_by_its_legend(self, cast, client):
        # A legend names its fieldset only as the fieldset's first child.
        import re

        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        page = client.get(url("assessment-score", assessment)).text
        groups = re.findall(r"<fieldset class=\"card[^>]*>\s*(?:\{#.*?#\}\s*)?<(\w+)", page)
        assert groups == ["legend"] * 7

    @pytest.mark.parametrize("bad", ["0", "6", "x", ""])
    def test_bad_score_is_refused_naming_the_criterion(self, cast, client, bad):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        first = every_score()[0][0]
        before = counts()
        response = client.post(
            url("assessment-score", assessment), score_form(4, **{f"score_{first}": bad})
        )
        assert response.status_code == 200 and counts() == before
        assert response.context["form"].errors[f"score_{first}"] == [
            "“Mission fit”: choose a score from 1 to 5."
        ]
        assert f'id="id_score_{first}_error"' in response.text
        assert "Your scores were not saved." in response.text

    def test_missing_criteria_are_refused(self, cast, client):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        data = score_form(4)
        last = every_score()[-1][0]
        del data[f"score_{last}"]
        before = counts()
        response = client.post(url("assessment-score", assessment), data)
        assert counts() == before
        assert "“Cultural compatibility”" in response.context["form"].errors[f"score_{last}"][0]

    @pytest.mark.parametrize("actor", ["viewer", "steward", "admin"])
    def test_someone_who_is_not_an_assessor_gets_403_with_a_clear_message(
        self, cast, client, actor
    ):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users[actor])
        before = counts()
        response = client.post(url("assessment-score", assessment), score_form(4))
        assert response.status_code == 403 and counts() == before
        assert "you are not one of them" in response.text

    def test_a_decided_assessment_cannot_be_scored(self, cast, client):
        assessment, _ = assessed(cast, "own")
        assessment_decide(assessment=scored(assessment), decision="decline", rationale="No.")
        client.force_login(cast.users["contributor"])
        score_url = url("assessment-score", assessment)
        before = counts()
        response = client.post(score_url, score_form(4), follow=True)
        assert counts() == before
        assert "Your scores were not saved: this assessment has been decided." in messages_of(
            response
        )
        page = client.get(score_url).text
        assert "scores can no longer change" in page and "Save my scores" not in page


class TestCandidateSide:
    """A person of the candidate scores the partnership without holding a role in it."""

    def test_sees_only_their_part(self, cast, client):
        assessment, host_assessor = assessed(cast, "own")
        score_all(assessment, host_assessor, 2)
        user, assessor = candidate_side(assessment)
        score_all(assessment, assessor, 5)
        client.force_login(user)
        response = client.get(assessment.get_absolute_url())
        assert response.status_code == 200
        text = response.text
        assert "Your assessment for Own partnership" in text
        assert "Broaden participation of under-represented students" in text  # the purpose
        assert cast.host.get_absolute_url() in text and "Host Society" in text
        assert "Accord default alignment rubric" in text
        assert "Note from Candidate Assessor" in text
        # Never the members, roles, host-side scores, assessors or history.
        for hidden in (
            "Partner University",
            "Steward Person",
            "Contributor Person",
            "Note from Contributor Person",
            "Weighted score",
            'id="history-heading"',
            "Record the decision",
            "Sections of",  # the partnership's navigation
        ):
            assert hidden not in text, hidden

    def test_scores_through_the_page(self, cast, client):
        assessment, _ = assessed(cast, "own")
        user, assessor = candidate_side(assessment)
        client.force_login(user)
        score_url = url("assessment-score", assessment)
        page = client.get(score_url).text
        assert "Score Own partnership" in page and "Host Society" in page
        assert "Sections of" not in page
        assert "Partner University" not in page
        assert f'href="{reverse("partnerships:detail", args=[cast.own.pk])}"' not in page
        client.post(score_url, score_form(3))
        assert assessor.scores.count() == 7

    def test_everything_else_in_the_partnership_stays_closed(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        user, _ = candidate_side(assessment)
        another = start(cast, "own")
        client.force_login(user)
        for not_found in (
            reverse("partnerships:detail", args=[cast.own.pk]),
            reverse("alignment:assessment-list", args=[cast.own.pk]),
            reverse("alignment:assessment-create", args=[cast.own.pk]),
            another.get_absolute_url(),
            url("assessment-score", another),
        ):
            assert client.get(not_found).status_code == 404, not_found
        for forbidden in (
            url("assessment-decide", assessment),
            url("assessment-assessor-add", assessment),
        ):
            assert client.get(forbidden).status_code == 403, forbidden
        remove = url("assessment-assessor-remove", assessment, assessor.pk)
        assert client.post(remove).status_code == 404

    def test_removed_candidate_assessor_loses_access(self, cast, client):
        assessment, _ = assessed(cast, "own")
        user, assessor = candidate_side(assessment)
        client.force_login(cast.users["steward"])
        client.post(url("assessment-assessor-remove", assessment, assessor.pk))
        client.force_login(user)
        assert client.get(assessment.get_absolute_url()).status_code == 404


class TestDecision:
    def test_select_makes_the_candidate_a_member(self, cast, client):
        assessment = scored(start(cast, "own"))
        client.force_login(cast.users["steward"])
        decide = url("assessment-decide", assessment)
        assert "Select makes" in client.get(decide).text or "<strong>Select</strong>" in (
            client.get(decide).text
        )
        response = client.post(
            decide, {"decision": "select", "rationale": "Strong, shared mission."}, follow=True
        )
        assert any("is now a partner member" in m for m in messages_of(response))
        assert cast.own.memberships.current().filter(organization=assessment.candidate).exists()
        assert "Decision: Select" in response.text
        again = client.get(decide, follow=True)
        assert "This assessment has already been decided." in messages_of(again)

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"decision": "select", "rationale": ""}, "rationale"),
            ({"decision": "select", "rationale": "   "}, "rationale"),
            ({"decision": "", "rationale": "Why"}, "decision"),
            ({"decision": "maybe", "rationale": "Why"}, "decision"),
        ],
    )
    def test_bad_decision_is_refused_naming_the_field(self, cast, client, data, field):
        assessment = start(cast, "own")
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(url("assessment-decide", assessment), data)
        assert response.status_code == 200 and counts() == before
        assert field in response.context["form"].errors

    def test_rationale_message_says_why(self, cast, client):
        assessment = start(cast, "own")
        client.force_login(cast.users["steward"])
        response = client.post(url("assessment-decide", assessment), {"decision": "decline"})
        assert response.context["form"].errors["rationale"] == [
            "Say why: a decision needs its rationale."
        ]

    def test_candidate_that_became_a_member_meanwhile_is_refused(self, cast, client):
        assessment = scored(start(cast, "own"))
        membership_add(partnership=cast.own, organization=assessment.candidate)
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            url("assessment-decide", assessment), {"decision": "select", "rationale": "Fit."}
        )
        assert counts() == before
        assert "already a member" in response.context["form"].errors["decision"][0]
        assessment.refresh_from_db()
        assert assessment.status == "open"

    def test_no_decision_while_no_assessor_has_scored(self, cast, client):
        assessment, _ = assessed(cast, "own")  # an assessor, but no scores yet
        client.force_login(cast.users["steward"])
        decide = url("assessment-decide", assessment)
        message = "No assessor has scored this assessment yet: a decision needs evidence."
        assert message in client.get(decide).text
        before = counts()
        for decision in ("select", "decline", "defer"):
            response = client.post(decide, {"decision": decision, "rationale": "Because."})
            assert response.status_code == 200 and counts() == before
            assert response.context["form"].errors["decision"][0].startswith(message)
        assessment.refresh_from_db()
        assert assessment.status == "open"
        scored(assessment)
        assert message not in client.get(decide).text
        response = client.post(decide, {"decision": "defer", "rationale": "Later."})
        assert response.status_code == 302

    def test_a_project_director_may_not_decide(self, cast, client):
        assessment = start(cast, "own")
        client.force_login(cast.users["project_director"])
        response = client.post(
            url("assessment-decide", assessment), {"decision": "select", "rationale": "Fit."}
        )
        assert response.status_code == 403
        assessment.refresh_from_db()
        assert assessment.status == "open"
