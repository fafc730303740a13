"""The assessments API (A1): lists, results, scores, decision, assessors, errors, budgets."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.alignment.models import Assessment, Assessor, Score
from accord.alignment.services.assessments import (
    assessment_decide,
    assessor_add,
    assessor_archive,
)
from accord.api import api
from accord.partnerships.models import Membership
from accord.partnerships.services import membership_add
from tests.alignment.test_assessments_pages import candidate_side, score_all
from tests.factories import OrganizationFactory, PersonFactory, scored
from tests.matrix.alignment_assessments import assessed, every_score, start

pytestmark = pytest.mark.django_db


def counts():
    return (
        Assessment.objects.count(),
        Assessor.objects.count(),
        Score.objects.count(),
        Score.history.count(),
        Membership.objects.count(),
    )


def base(partnership) -> str:
    return f"/api/v1/partnerships/{partnership.pk}/assessments"


def one(assessment, suffix: str = "") -> str:
    return f"{base(assessment.partnership)}/{assessment.pk}{suffix}"


def call(client, method, url, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def scores_body(score=4, **by_position) -> dict:
    items = [{"criterion_id": cid, "score": score, "note": "API"} for cid, _ in every_score()]
    for position, value in by_position.items():
        items[int(position.removeprefix("p"))]["score"] = value
    return {"scores": items}


class TestList:
    def test_lists_with_both_weighted_scores(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        score_all(assessment, assessor, 3)
        client.force_login(cast.users["viewer"])
        body = client.get(base(cast.own)).json()
        assert body["count"] == 1
        item = body["items"][0]
        assert (item["status"], item["decision"], item["host_score"], item["candidate_score"]) == (
            "open",
            None,
            3.0,
            None,
        )
        assert item["candidate"]["id"] == assessment.candidate_id and item["assessor_count"] == 1

    def test_filters_status_and_decision(self, cast, client):
        start(cast, "own")
        decided = start(cast, "own")
        assessment_decide(assessment=scored(decided), decision="decline", rationale="No.")
        client.force_login(cast.users["viewer"])
        assert client.get(base(cast.own), {"status": "open"}).json()["count"] == 1
        body = client.get(base(cast.own), {"decision": "decline"}).json()
        assert [item["id"] for item in body["items"]] == [decided.pk]
        assert body["items"][0]["rationale"] == "No."
        response = client.get(base(cast.own), {"status": "closed"})
        assert response.status_code == 422 and "status" in field_errors(response)

    def test_outsider_and_other_partnership_are_404(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert client.get(base(cast.own)).status_code == 404
        client.force_login(cast.users["steward"])
        assert client.get(base(cast.other)).status_code == 404

    @pytest.mark.parametrize("kind", ["assessments", "assessors"])
    def test_query_budget_is_the_same_for_5_and_50(self, cast, client, kind):
        client.force_login(cast.users["steward"])
        target, _ = assessed(cast, "own")
        url = base(cast.own) if kind == "assessments" else one(target, "/assessors")

        def add(n):
            for _ in range(n):
                if kind == "assessments":
                    assessment, assessor = assessed(cast, "own")
                    score_all(assessment, assessor, 4)
                else:
                    person = PersonFactory(organization=target.candidate)
                    assessor_add(assessment=target, person=person, direction="candidate")

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, {"page_size": 100}).status_code == 200
            return len(captured)

        add(5)
        five = queries()
        add(45)
        assert queries() == five


class TestCreate:
    def test_create_is_201_with_the_default_rubric(self, cast, client):
        client.force_login(cast.users["steward"])
        candidate = OrganizationFactory()
        response = call(client, "POST", base(cast.own), {"candidate_organization_id": candidate.pk})
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["candidate"]["id"] == candidate.pk and body["rubric"]["name"].startswith(
            "Accord default"
        )
        assert body["results"]["host"]["weighted_score"] is None
        assert len(body["results"]["host"]["criteria"]) == 7

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"candidate_organization_id": "member"}, "candidate_organization_id"),
            ({"candidate_organization_id": 999999}, "candidate_organization_id"),
            ({"candidate_organization_id": 0}, "candidate_organization_id"),
            ({"candidate_organization_id": "new", "rubric_id": 999999}, "rubric_id"),
            ({}, "candidate_organization_id"),
        ],
    )
    def test_bad_input_is_422_naming_the_field_and_writes_nothing(
        self, cast, client, payload, field
    ):
        client.force_login(cast.users["steward"])
        payload = dict(payload)
        if payload.get("candidate_organization_id") == "member":
            payload["candidate_organization_id"] = cast.partner.pk
        if payload.get("candidate_organization_id") == "new":
            payload["candidate_organization_id"] = OrganizationFactory().pk
        before = counts()
        response = call(client, "POST", base(cast.own), payload)
        assert response.status_code == 422
        assert field in field_errors(response), field_errors(response)
        assert counts() == before

    def test_member_message_names_the_organization(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(
            client, "POST", base(cast.own), {"candidate_organization_id": cast.partner.pk}
        )
        assert field_errors(response) == {
            "candidate_organization_id": "Partner University is already a member of this "
            "partnership."
        }

    def test_contributor_is_403(self, cast, client):
        client.force_login(cast.users["contributor"])
        response = call(
            client, "POST", base(cast.own), {"candidate_organization_id": OrganizationFactory().pk}
        )
        assert response.status_code == 403


class TestGet:
    def test_member_gets_results_both_ways_and_assessors(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        second = assessor_add(assessment=assessment, person=cast.people["leader"], direction="host")
        score_all(assessment, assessor, 4)
        score_all(assessment, second, 4, first=2)
        client.force_login(cast.users["contributor"])
        body = client.get(one(assessment)).json()
        host = body["results"]["host"]
        assert (host["assessor_count"], host["complete_count"]) == (2, 2)
        first = host["criteria"][0]
        assert (first["name"], first["mean"], first["spread"], first["discuss"]) == (
            "Mission fit",
            3.0,
            2,
            True,
        )
        assert first["stdev"] == 1.0 and first["count"] == 2
        assert host["weighted_score"] == pytest.approx(3.8)
        assert host["percent"] == pytest.approx(76.0)
        assert body["host_score"] == pytest.approx(3.8)
        assert {a["person"]["name"] for a in body["assessors"]} == {
            "Contributor Person",
            "Leader Person",
        }
        assert len(body["my_scores"]) == 7  # the contributor is an assessor

    def test_candidate_side_assessor_gets_only_their_part(self, cast, client):
        assessment, host_assessor = assessed(cast, "own")
        score_all(assessment, host_assessor, 2)
        user, assessor = candidate_side(assessment)
        score_all(assessment, assessor, 5)
        client.force_login(user)
        response = client.get(one(assessment))
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {
            "id",
            "revision",
            "partnership",
            "hosts",
            "candidate",
            "rubric",
            "status",
            "direction",
            "my_scores",
        }
        assert body["partnership"]["title"] == "Own partnership"
        assert [host["name"] for host in body["hosts"]] == ["Host Society"]
        assert body["direction"] == "candidate"
        assert {score["score"] for score in body["my_scores"]} == {5}
        assert "Contributor Person" not in response.text and "Partner University" not in (
            response.text
        )

    def test_candidate_side_assessor_is_refused_everything_else(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        user, _ = candidate_side(assessment)
        client.force_login(user)
        assert client.get(base(cast.own)).status_code == 404
        assert client.get(f"/api/v1/partnerships/{cast.own.pk}").status_code == 404
        assert client.get(one(assessment, "/assessors")).status_code == 403
        decision = {"decision": "select", "rationale": "Me."}
        assert call(client, "POST", one(assessment, "/decision"), decision).status_code == 403
        archive = one(assessment, f"/assessors/{assessor.pk}/archive")
        assert call(client, "POST", archive).status_code == 404
        another = start(cast, "own")
        assert client.get(one(another)).status_code == 404

    def test_unknown_assessment_is_404(self, cast, client):
        client.force_login(cast.users["steward"])
        assert client.get(f"{base(cast.own)}/999999").status_code == 404


class TestMyScores:
    def test_put_saves_every_score_and_again_updates(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        response = call(client, "PUT", one(assessment, "/my-scores"), scores_body(4))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["direction"] == "host" and [s["score"] for s in body["scores"]] == [4] * 7
        response = call(client, "PUT", one(assessment, "/my-scores"), scores_body(4, p0=1))
        assert response.json()["scores"][0]["score"] == 1
        assert assessor.scores.count() == 7

    def test_candidate_side_assessor_puts_their_scores(self, cast, client):
        assessment, _ = assessed(cast, "own")
        user, assessor = candidate_side(assessment)
        client.force_login(user)
        response = call(client, "PUT", one(assessment, "/my-scores"), scores_body(3))
        assert response.status_code == 200 and assessor.scores.count() == 7

    @pytest.mark.parametrize("bad", [0, 6, "x", 2.5, None, True])
    def test_a_bad_score_is_422_naming_the_criterion_and_writes_nothing(self, cast, client, bad):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        before = counts()
        response = call(client, "PUT", one(assessment, "/my-scores"), scores_body(4, p2=bad))
        assert response.status_code == 422
        criterion_id = every_score()[2][0]
        assert field_errors(response) == {
            "scores.2.score": f"Criterion {criterion_id}: the score must be a whole number "
            "from 1 to 5."
        }
        assert counts() == before

    def test_missing_criteria_are_422_naming_them(self, cast, client):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        body = scores_body(4)
        body["scores"] = body["scores"][:-1]
        before = counts()
        response = call(client, "PUT", one(assessment, "/my-scores"), body)
        assert response.status_code == 422
        assert field_errors(response) == {
            "scores": "“Cultural compatibility” has no score: every criterion needs one."
        }
        assert counts() == before

    def test_unknown_criterion_and_bad_note_are_422(self, cast, client):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        body = scores_body(4)
        body["scores"].append({"criterion_id": 999999, "score": 3})
        response = call(client, "PUT", one(assessment, "/my-scores"), body)
        assert "has no criterion with id 999999" in field_errors(response)["scores"]
        body = scores_body(4)
        body["scores"][1]["note"] = "x" * 5001
        response = call(client, "PUT", one(assessment, "/my-scores"), body)
        assert "scores.1.note" in field_errors(response)

    def test_non_json_body_is_refused_without_a_500(self, cast, client):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users["contributor"])
        response = client.generic(
            "PUT", one(assessment, "/my-scores"), "{not json", content_type="application/json"
        )
        assert response.status_code in (400, 422)

    @pytest.mark.parametrize("actor", ["viewer", "steward", "admin"])
    def test_non_assessor_is_403(self, cast, client, actor):
        assessment, _ = assessed(cast, "own")
        client.force_login(cast.users[actor])
        before = counts()
        response = call(client, "PUT", one(assessment, "/my-scores"), scores_body(4))
        assert response.status_code == 403 and counts() == before
        assert "you are not one of them" in response.json()["detail"]

    def test_decided_assessment_is_422(self, cast, client):
        assessment, _ = assessed(cast, "own")
        assessment_decide(assessment=scored(assessment), decision="decline", rationale="No.")
        client.force_login(cast.users["contributor"])
        before = counts()
        response = call(client, "PUT", one(assessment, "/my-scores"), scores_body(4))
        assert response.status_code == 422 and counts() == before
        assert "has been decided" in field_errors(response)["__all__"]


class TestDecision:
    def test_select_makes_the_candidate_a_member_and_records_who(self, cast, client):
        assessment = scored(start(cast, "own"))
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            one(assessment, "/decision"),
            {"decision": "select", "rationale": "Fit."},
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["status"], body["decision"], body["decided_by"]) == (
            "decided",
            "select",
            "Steward",
        )
        assert cast.own.memberships.current().filter(organization=assessment.candidate).exists()

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"decision": "select"}, "rationale"),
            ({"decision": "select", "rationale": "  "}, "rationale"),
            ({"decision": "perhaps", "rationale": "Why"}, "decision"),
            ({"rationale": "Why"}, "decision"),
        ],
    )
    def test_bad_decision_is_422_and_writes_nothing(self, cast, client, payload, field):
        assessment = start(cast, "own")
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", one(assessment, "/decision"), payload)
        assert response.status_code == 422 and field in field_errors(response)
        assert counts() == before

    def test_no_decision_while_no_assessor_has_scored(self, cast, client):
        assessment, assessor = assessed(cast, "own")  # an assessor, but no scores yet
        client.force_login(cast.users["steward"])
        before = counts()
        for decision in ("select", "decline", "defer"):
            payload = {"decision": decision, "rationale": "Because."}
            response = call(client, "POST", one(assessment, "/decision"), payload)
            assert response.status_code == 422 and counts() == before
            assert field_errors(response)["decision"] == (
                "No assessor has scored this assessment yet: a decision needs evidence. Add "
                "assessors and wait for their scores before you select, decline or defer."
            )
        # An archived assessor's scores are no evidence either.
        scored(assessment)
        assessor_archive(assessor=assessment.assessors.exclude(pk=assessor.pk).get())
        payload = {"decision": "defer", "rationale": "Because."}
        assert call(client, "POST", one(assessment, "/decision"), payload).status_code == 422
        scored(assessment)
        assert call(client, "POST", one(assessment, "/decision"), payload).status_code == 200

    def test_member_meanwhile_is_422_on_decision(self, cast, client):
        assessment = scored(start(cast, "own"))
        membership_add(partnership=cast.own, organization=assessment.candidate)
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(
            client, "POST", one(assessment, "/decision"), {"decision": "select", "rationale": "Go."}
        )
        assert response.status_code == 422 and counts() == before
        assert "already a member" in field_errors(response)["decision"]


class TestAssessors:
    def test_list_add_and_archive(self, cast, client):
        assessment, assessor = assessed(cast, "own")
        client.force_login(cast.users["steward"])
        url = one(assessment, "/assessors")
        response = call(
            client, "POST", url, {"person_id": cast.people["leader"].pk, "direction": "host"}
        )
        assert response.status_code == 201 and response.json()["direction"] == "host"
        assert client.get(url).json()["count"] == 2
        response = call(client, "POST", one(assessment, f"/assessors/{assessor.pk}/archive"))
        assert response.status_code == 200 and response.json()["archived_at"]
        assert client.get(url).json()["count"] == 1
        assert client.get(url, {"include_archived": "true"}).json()["count"] == 2

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"person_id": "outsider", "direction": "host"}, "person_id"),
            ({"person_id": "viewer", "direction": "candidate"}, "person_id"),
            ({"person_id": 999999, "direction": "host"}, "person_id"),
            ({"person_id": "viewer", "direction": "sideways"}, "direction"),
        ],
    )
    def test_bad_assessor_is_422_naming_the_field(self, cast, client, payload, field):
        assessment = start(cast, "own")
        client.force_login(cast.users["steward"])
        payload = dict(payload)
        if isinstance(payload["person_id"], str):
            payload["person_id"] = cast.people[payload["person_id"]].pk
        before = counts()
        response = call(client, "POST", one(assessment, "/assessors"), payload)
        assert response.status_code == 422 and field in field_errors(response)
        assert counts() == before

    def test_assessor_of_another_assessment_is_404(self, cast, client):
        assessment = start(cast, "own")
        _, elsewhere = assessed(cast, "own")
        client.force_login(cast.users["steward"])
        response = call(client, "POST", one(assessment, f"/assessors/{elsewhere.pk}/archive"))
        assert response.status_code == 404


def test_every_operation_declares_its_errors():
    paths = api.get_openapi_schema()["paths"]
    found = 0
    for path, operations in paths.items():
        if "/assessments" not in path:
            continue
        for method, operation in operations.items():
            found += 1
            declared = {str(code) for code in operation["responses"]}
            assert {"401", "403", "404", "422"} <= declared, f"{method} {path}: {declared}"
    assert found == 8


def test_anonymous_is_401(client):
    assert client.get("/api/v1/partnerships/1/assessments").status_code == 401
