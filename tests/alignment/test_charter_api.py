"""The charter API end to end (A2, A3): status, versions, editing, moves, figures, comments,
participation, endorsements; error shapes and query budgets."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.alignment.models import (
    CharterBenefit,
    CharterComment,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)
from accord.api import api
from tests.factories import OrganizationFactory, PersonFactory, RoleFactory
from tests.matrix.alignment_charter import charter_version

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"


def counts():
    return tuple(
        model.objects.count()
        for model in (
            CharterVersion,
            CharterValue,
            CharterBenefit,
            CharterComment,
            CharterEndorsement,
        )
    )


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def charter(cast, suffix="", side="own") -> str:
    return f"{API}/{cast.partnership(side).pk}/charter{suffix}"


class TestCharterStatus:
    def test_agreement_with_each_members_endorsement(self, cast, client):
        version = charter_version(cast, "own", "final")
        CharterEndorsement.objects.create(
            version=version, organization=cast.partner, person=cast.people["leader"]
        )
        charter_version(cast, "own", "open")
        client.force_login(cast.users["viewer"])
        body = client.get(charter(cast)).json()
        assert body["agreed"] is False
        assert (body["latest_final_number"], body["working_version_number"]) == (1, 2)
        assert body["working_version_status"] == "open"
        assert (body["member_count"], body["endorsed_count"]) == (2, 1)
        members = {m["organization"]["name"]: m for m in body["members"]}
        assert members["Host Society"] == {
            "organization": {"id": cast.host.pk, "name": "Host Society"},
            "endorsed": False,
            "endorsement": None,
        }
        endorsement = members["Partner University"]["endorsement"]
        assert endorsement["person"]["name"] == "Leader Person"
        assert endorsement["version_number"] == 1

    def test_no_versions(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(charter(cast)).json()
        assert body["agreed"] is False and body["latest_final_number"] is None

    def test_outsider_404_and_anonymous_401(self, cast, client):
        assert client.get(charter(cast)).status_code == 401
        client.force_login(cast.users["outsider"])
        response = client.get(charter(cast))
        assert response.status_code == 404 and response.json()["detail"] == "Not found."


class TestVersions:
    def test_create_edit_open_and_finalize(self, cast, client):
        client.force_login(cast.users["project_director"])
        response = call(client, "POST", charter(cast, "/versions"))
        assert response.status_code == 201, response.content
        assert (response.json()["number"], response.json()["status"]) == (1, "draft")
        body = {
            "vision": "  Every student finds a path into civil engineering. ",
            "values": [
                {"name": "Students first", "meaning": "We ask students what they need."},
                {"name": "Respect", "meaning": "We listen before we plan."},
            ],
            "benefits": [
                {"organization_id": cast.host.pk, "benefits": "New members."},
                {"organization_id": cast.partner.pk, "benefits": "Paid internships."},
            ],
        }
        response = call(client, "PATCH", charter(cast, "/versions/1"), body)
        assert response.status_code == 200, response.content
        version = response.json()
        assert version["vision"] == "Every student finds a path into civil engineering."
        assert [v["name"] for v in version["values"]] == ["Students first", "Respect"]
        assert [b["organization"]["name"] for b in version["benefits"]] == [
            "Host Society",
            "Partner University",
        ]
        stats = version["text_stats"]
        assert stats["words"] > 20 and 0 <= stats["reading_ease"] <= 100 and stats["band"]
        for to in ("open", "final"):
            response = call(client, "POST", charter(cast, "/versions/1/status"), {"to": to})
            assert response.status_code == 200 and response.json()["status"] == to
        assert response.json()["finalized_at"] is not None

    def test_values_are_replaced_by_name_keeping_each_record(self, cast, client):
        version = charter_version(cast, "own", "draft")
        kept = version.values.get()
        client.force_login(cast.users["steward"])
        body = {"values": [{"name": "New", "meaning": "N."}, {"name": kept.name, "meaning": "M."}]}
        response = call(client, "PATCH", charter(cast, "/versions/1"), body)
        values = response.json()["values"]
        assert [(v["name"], v["position"]) for v in values] == [("New", 0), (kept.name, 1)]
        assert values[1]["id"] == kept.pk

    def test_a_second_working_version_is_refused(self, cast, client):
        charter_version(cast, "own", "open")
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", charter(cast, "/versions"))
        assert response.status_code == 422 and "still open for comment" in field_errors(
            response
        ).get("status", "")
        assert counts() == before

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"values": [{"name": "Equity", "meaning": ""}]}, "values.0.meaning"),
            ({"values": [{"name": "Equity"}]}, "values.0.meaning"),
            ({"values": [{"name": "  ", "meaning": "M."}]}, "values.0.name"),
            ({"values": [{"name": "A", "meaning": "1"}, {"name": "a", "meaning": "2"}]},
             "values.1.name"),
            ({"values": "Equity"}, "values"),
            ({"vision": "x" * 5001}, "vision"),
            ({"vision": "nul\x00"}, "vision"),
            ({"benefits": [{"organization_id": 0, "benefits": "x"}]}, "benefits.0.organization_id"),
            ({"benefits": [{"organization_id": "one", "benefits": "x"}]},
             "benefits.0.organization_id"),
        ],
    )  # fmt: skip
    def test_bad_input_is_422_naming_the_field_and_writes_nothing(self, cast, client, body, field):
        charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "PATCH", charter(cast, "/versions/1"), body)
        assert response.status_code == 422 and field in field_errors(response), response.json()
        assert counts() == before

    def test_benefits_for_a_non_member_or_twice_are_refused(self, cast, client):
        charter_version(cast, "own", "draft")
        client.force_login(cast.users["steward"])
        stranger = OrganizationFactory(name="Stranger Foundation")
        before = counts()
        response = call(
            client,
            "PATCH",
            charter(cast, "/versions/1"),
            {"benefits": [{"organization_id": stranger.pk, "benefits": "Gifts."}]},
        )
        assert "Stranger Foundation is not a current member" in field_errors(response)["benefits"]
        twice = [{"organization_id": cast.host.pk, "benefits": "x"}] * 2
        response = call(client, "PATCH", charter(cast, "/versions/1"), {"benefits": twice})
        assert "listed twice" in field_errors(response)["benefits.1.organization_id"]
        assert counts() == before

    @pytest.mark.parametrize("status", ["open", "final"])
    def test_only_a_draft_is_patched(self, cast, client, status):
        charter_version(cast, "own", status)
        client.force_login(cast.users["steward"])
        response = call(client, "PATCH", charter(cast, "/versions/1"), {"vision": "Changed."})
        assert response.status_code == 422 and "status" in field_errors(response)

    def test_opening_an_empty_draft_names_what_is_missing(self, cast, client):
        CharterVersion.objects.create(partnership=cast.own, number=1)
        client.force_login(cast.users["steward"])
        response = call(client, "POST", charter(cast, "/versions/1/status"), {"to": "open"})
        assert response.status_code == 422
        assert set(field_errors(response)) == {"vision", "values"}
        response = call(client, "POST", charter(cast, "/versions/1/status"), {"to": "sealed"})
        assert response.status_code == 422 and "to" in field_errors(response)

    def test_member_without_the_right_gets_403_and_unknown_version_404(self, cast, client):
        charter_version(cast, "own", "draft")
        client.force_login(cast.users["contributor"])
        response = call(client, "PATCH", charter(cast, "/versions/1"), {"vision": "x"})
        assert response.status_code == 403 and response.json()["errors"] == []
        assert client.get(charter(cast, "/versions/9")).status_code == 404

    def test_text_stats_of_each_part(self, cast, client):
        version = charter_version(cast, "own", "draft")
        client.force_login(cast.users["viewer"])
        body = client.get(charter(cast, f"/versions/{version.number}/text-stats")).json()
        assert body["number"] == 1
        assert body["whole"]["words"] > body["vision"]["words"] > 0
        assert body["values"][0]["name"] == "Students first"
        assert {b["organization"]["name"] for b in body["benefits"]} == {
            "Host Society",
            "Partner University",
        }


class TestComments:
    def test_comment_and_participation(self, cast, client):
        charter_version(cast, "own", "open")
        client.force_login(cast.users["stakeholder"])
        response = call(
            client, "POST", charter(cast, "/versions/1/comments"), {"text": " Evenings, please. "}
        )
        assert response.status_code == 201, response.content
        comment = response.json()
        assert comment["text"] == "Evenings, please." and comment["version_number"] == 1
        assert comment["person"]["organization"]["name"] == "Partner University"
        assert comment["person"]["level"] == "staff"
        listed = client.get(charter(cast, "/versions/1/comments")).json()
        assert listed["count"] == 1
        body = client.get(charter(cast, "/versions/1/participation")).json()
        assert (body["comments"], body["people"]) == (1, 1)
        levels = {row["level"]: row for row in body["levels"]}
        assert levels["staff"]["heard"] and not levels["executive"]["heard"]
        organizations = {r["organization"]["name"]: r["people"] for r in body["organizations"]}
        assert organizations == {"Host Society": 0, "Partner University": 1}
        silent = {person["name"] for person in body["not_heard_from"]}
        assert "Stakeholder Person" not in silent and "Leader Person" in silent
        assert "Viewer Person" not in silent
        assert body["not_heard_from_count"] == len(body["not_heard_from"]) == 4

    @pytest.mark.parametrize(
        ("body", "field"), [({"text": "  "}, "text"), ({}, "text"), ({"text": "x" * 5001}, "text")]
    )
    def test_bad_comment_is_422(self, cast, client, body, field):
        charter_version(cast, "own", "open")
        client.force_login(cast.users["leader"])
        response = call(client, "POST", charter(cast, "/versions/1/comments"), body)
        assert response.status_code == 422 and field in field_errors(response)
        assert not CharterComment.objects.exists()

    def test_comment_on_a_draft_is_422(self, cast, client):
        charter_version(cast, "own", "draft")
        client.force_login(cast.users["leader"])
        response = call(client, "POST", charter(cast, "/versions/1/comments"), {"text": "Hi."})
        assert response.status_code == 422 and "version" in field_errors(response)

    def test_account_without_a_person_gets_403_saying_why(self, cast, client):
        charter_version(cast, "own", "open")
        client.force_login(cast.users["admin"])
        response = call(client, "POST", charter(cast, "/versions/1/comments"), {"text": "Hi."})
        assert response.status_code == 403
        assert "not linked to a person" in response.json()["detail"]


class TestEndorsements:
    def test_leader_endorses_and_a_second_endorsement_is_refused(self, cast, client):
        charter_version(cast, "own", "final")
        client.force_login(cast.users["leader"])
        response = call(
            client, "POST", charter(cast, "/versions/1/endorsements"), {"note": "Board vote."}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["organization"]["name"], body["note"]) == ("Partner University", "Board vote.")
        client.force_login(cast.users["project_director"])
        response = call(client, "POST", charter(cast, "/versions/1/endorsements"), {})
        assert response.status_code == 422
        assert "already endorsed version 1" in field_errors(response)["organization"]
        assert client.get(charter(cast, "/versions/1/endorsements")).json()["count"] == 1

    @pytest.mark.parametrize("status", ["draft", "open"])
    def test_a_version_that_is_not_final_is_refused(self, cast, client, status):
        charter_version(cast, "own", status)
        client.force_login(cast.users["leader"])
        response = call(client, "POST", charter(cast, "/versions/1/endorsements"), {})
        assert response.status_code == 422 and "version" in field_errors(response)
        assert not CharterEndorsement.objects.exists()

    def test_roles_without_the_right_get_403(self, cast, client):
        charter_version(cast, "own", "final")
        for role in ("steward", "contributor", "viewer"):
            client.force_login(cast.users[role])
            response = call(client, "POST", charter(cast, "/versions/1/endorsements"), {})
            assert response.status_code == 403
        assert not CharterEndorsement.objects.exists()


class TestQueryBudgets:
    """API lists cost the same number of queries with 5 rows and with 50."""

    @staticmethod
    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, {"page_size": 100}).status_code == 200
        return len(captured)

    def test_versions(self, cast, client):
        client.force_login(cast.users["viewer"])

        def add(n):
            start = CharterVersion.objects.filter(partnership=cast.own).count()
            for number in range(start + 1, start + n + 1):
                version = CharterVersion.objects.create(
                    partnership=cast.own, number=number, status="final", vision="V."
                )
                CharterValue.objects.create(version=version, name="A", meaning="M.")
                CharterBenefit.objects.create(version=version, organization=cast.host, benefits="B")

        add(5)
        five = self.queries(client, charter(cast, "/versions"))
        add(45)
        assert self.queries(client, charter(cast, "/versions")) == five

    @pytest.mark.parametrize("kind", ["comments", "endorsements", "participation"])
    def test_lists_of_a_version(self, cast, client, kind):
        version = charter_version(cast, "own", "final")
        client.force_login(cast.users["viewer"])

        def add(n):
            for _ in range(n):
                organization = OrganizationFactory()
                person = PersonFactory(organization=organization)
                RoleFactory(partnership=cast.own, person=person, role="contributor")
                CharterComment.objects.create(version=version, person=person, body="Yes.")
                CharterEndorsement.objects.create(
                    version=version, organization=organization, person=person
                )

        add(5)
        address = charter(cast, f"/versions/1/{kind}")
        five = self.queries(client, address)
        add(45)
        assert self.queries(client, address) == five


def test_every_charter_operation_declares_its_errors():
    paths = api.get_openapi_schema()["paths"]
    charter_paths = [path for path in paths if "/charter" in path]
    assert len(charter_paths) == 10  # with the diff and adding values
    for path in charter_paths:
        for method, operation in paths[path].items():
            declared = {str(code) for code in operation["responses"]}
            assert {"401", "403", "404", "422"} <= declared, f"{method} {path}: {declared}"
