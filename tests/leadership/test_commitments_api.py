"""The learning and commitments API end to end (L1-L3): lists with filters, logging for oneself
or for someone else, changes by the owner or a steward, the summary; error shapes, nothing
written on bad input, query budgets."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.leadership.models import Commitment, LearningActivity
from tests.factories import PersonFactory, RoleFactory
from tests.matrix.leadership_commitments import commitment, learning, sample_records

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"


def counts():
    return (LearningActivity.objects.count(), Commitment.objects.count())


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def at(cast, suffix="", side="own") -> str:
    return f"{API}/{cast.partnership(side).pk}{suffix}"


LEARNING = {
    "title": "Inclusive mentoring",
    "provider": "SIEP",
    "completed_on": "2025-02-12",
    "hours": 6,
    "topics": ["Mentoring", " mentoring ", "First-generation students"],
}
COMMITMENT = {
    "kind": "time",
    "description": "Two hours a month mentoring students.",
    "amount": 2,
    "unit": "hours a month",
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
}


@pytest.fixture(scope="class")
def records(cast, django_db_blocker):
    with django_db_blocker.unblock():
        return sample_records(cast)


class TestLists:
    def test_learning_newest_first_with_filters(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        body = client.get(at(cast, "/learning")).json()
        assert body["count"] == 5
        first = body["items"][0]
        assert first["completed_on"] == "2025-05-01" and first["hours"] == 4.0
        assert first["person"]["name"] == "Hana Host"
        assert first["organization"] == {"id": cast.host.pk, "name": "Host Society"}
        narrowed = client.get(
            at(cast, "/learning"), {"organization_id": cast.partner.pk, "year": 2025}
        ).json()
        assert narrowed["count"] == 2

    def test_commitments_with_kind_status_and_year(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        body = client.get(at(cast, "/commitments"), {"status": "kept"}).json()
        assert body["count"] == 2 and {i["status"] for i in body["items"]} == {"kept"}
        body = client.get(at(cast, "/commitments"), {"year": 2024}).json()
        assert [i["amount"] for i in body["items"]] == [15000.0]
        assert body["items"][0]["unit"] == "US dollars"

    def test_a_bad_filter_is_422(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(at(cast, "/commitments"), {"status": "done", "year": "x"})
        assert response.status_code == 422
        assert set(field_errors(response)) == {"status", "year"}


class TestSummary:
    def test_figures_per_organization_and_for_the_partnership(self, cast, client, records):
        client.force_login(cast.users["leader"])
        body = client.get(at(cast, "/commitments/summary")).json()
        total = body["total"]
        assert (total["learning_hours"], total["learning_activities"], total["learners"]) == (
            11.5,
            5,
            4,
        )
        assert total["topics"] == [
            {"topic": "Bias", "activities": 3},
            {"topic": "Inclusive mentoring", "activities": 2},
        ]
        assert total["kept_rate"] == pytest.approx(2 / 3)
        assert {row["key"]: row["count"] for row in total["by_status"]} == {
            "planned": 1,
            "in_progress": 1,
            "kept": 2,
            "not_kept": 1,
        }
        assert total["amounts"] == [
            {"unit": "hours a month", "total": 12.0},
            {"unit": "US dollars", "total": 20000.0},
        ]
        first = body["organizations"][0]
        assert first["organization"]["name"] == "Partner University" and first["is_yours"]
        assert first["kept_rate"] == 0.5
        assert [row["is_member"] for row in body["organizations"]] == [True, True, False]

    def test_for_one_year(self, cast, client, records):
        client.force_login(cast.users["viewer"])
        body = client.get(at(cast, "/commitments/summary"), {"year": 2025}).json()
        assert body["year"] == 2025 and body["total"]["commitments"] == 3
        assert body["total"]["learning_hours"] == 10.5


class TestWriting:
    def test_a_leader_logs_learning_for_themselves(self, cast, client):
        client.force_login(cast.users["leader"])
        response = call(client, "POST", at(cast, "/learning"), LEARNING)
        assert response.status_code == 201
        body = response.json()
        assert body["person"]["id"] == cast.people["leader"].pk
        assert body["organization"]["name"] == "Partner University"
        assert body["topics"] == ["Mentoring", "First-generation students"]

    def test_a_steward_logs_for_someone_taking_part(self, cast, client):
        client.force_login(cast.users["steward"])
        body = LEARNING | {"person_id": cast.people["leader"].pk}
        assert call(client, "POST", at(cast, "/learning"), body).status_code == 201
        outsider = LEARNING | {"person_id": cast.people["outsider"].pk}
        response = call(client, "POST", at(cast, "/learning"), outsider)
        assert response.status_code == 422
        assert field_errors(response) == {
            "person_id": "Name someone who holds a role in this partnership."
        }

    def test_a_contributor_may_not_log_for_someone_else(self, cast, client):
        client.force_login(cast.users["contributor"])
        body = COMMITMENT | {"person_id": cast.people["leader"].pk}
        before = counts()
        response = call(client, "POST", at(cast, "/commitments"), body)
        assert response.status_code == 403 and counts() == before
        assert response.json()["detail"] == "Only a steward may log a record for someone else."

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"hours": 0}, "hours", "Hours must be more than zero."),
            ({"hours": -1}, "hours", "Hours must be more than zero."),
            ({"hours": "x"}, "hours", None),
            ({"topics": [f"T{n}" for n in range(21)]}, "topics", "Name at most 20 topics"),
            ({"title": ""}, "title", None),
            ({"completed_on": "yesterday"}, "completed_on", None),
            ({"hours": 24.5}, "hours", "A day has 24 hours"),
            ({"completed_on": "2999-01-01"}, "completed_on", "This date is in the future"),
        ],
    )
    def test_bad_learning_is_422_naming_the_field(self, cast, client, change, field, message):
        client.force_login(cast.users["leader"])
        before = counts()
        response = call(client, "POST", at(cast, "/learning"), LEARNING | change)
        assert response.status_code == 422 and counts() == before
        errors = field_errors(response)
        assert list(errors) == [field]
        if message:
            assert errors[field].startswith(message)

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"ends_on": "2024-12-31"}, "ends_on", "The end date cannot be before the start"),
            ({"amount": 0}, "amount", "The amount must be more than zero"),
            ({"unit": ""}, "unit", "Say what the amount counts"),
            ({"kind": "money"}, "kind", None),
            ({"amount": "NaN"}, "amount", None),
        ],
    )
    def test_bad_commitment_is_422_naming_the_field(self, cast, client, change, field, message):
        client.force_login(cast.users["leader"])
        before = counts()
        response = call(client, "POST", at(cast, "/commitments"), COMMITMENT | change)
        assert response.status_code == 422 and counts() == before
        errors = field_errors(response)
        assert list(errors) == [field]
        if message:
            assert errors[field].startswith(message)

    def test_the_owner_changes_the_status_and_others_may_not(self, cast, client):
        found = commitment(cast, "own")
        address = at(cast, f"/commitments/{found.pk}")
        client.force_login(cast.users["project_director"])
        assert call(client, "PATCH", address, {"status": "kept"}).status_code == 403
        client.force_login(cast.users["leader"])
        response = call(client, "PATCH", address, {"status": "kept", "ends_on": None})
        assert response.status_code == 200
        assert (response.json()["status"], response.json()["ends_on"]) == ("kept", None)
        response = call(client, "PATCH", address, {"amount": None})
        assert field_errors(response) == {
            "amount": "Give the amount for this unit, or leave the unit empty."
        }
        response = call(client, "PATCH", address, {"amount": None, "unit": None})
        assert response.json()["amount"] is None and response.json()["unit"] == ""

    def test_learning_patch_by_a_steward(self, cast, client):
        activity = learning(cast, "own")
        client.force_login(cast.users["steward"])
        response = call(client, "PATCH", at(cast, f"/learning/{activity.pk}"), {"hours": 2.25})
        assert response.status_code == 200 and response.json()["hours"] == 2.25
        response = call(client, "PATCH", at(cast, f"/learning/{activity.pk}"), {"hours": None})
        assert field_errors(response) == {"hours": "Give the hours the activity took."}

    def test_outsider_404_and_another_partnerships_record_404(self, cast, client):
        found = commitment(cast, "own")
        client.force_login(cast.users["outsider"])
        assert client.get(at(cast, f"/commitments/{found.pk}")).status_code == 404
        client.force_login(cast.users["steward"])
        other = commitment(cast, "other")
        assert client.get(at(cast, f"/commitments/{other.pk}")).status_code == 404
        assert client.get(at(cast, "/commitments/99999999999999999999")).status_code in (
            404,
            422,
        )


class TestQueryBudget:
    @staticmethod
    def queries(client, address) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    def test_lists_and_summary_cost_the_same_with_5_and_50_rows(self, cast, client):
        client.force_login(cast.users["viewer"])

        def add(n):
            for i in range(n):
                person = PersonFactory(organization=cast.partner)
                RoleFactory(partnership=cast.own, person=person, role="leader")
                LearningActivity.objects.create(
                    partnership=cast.own,
                    person=person,
                    organization=cast.partner,
                    title=f"Course {i}",
                    completed_on=date(2025, 1, 1),
                    hours=1,
                    topics=["Bias"],
                )
                Commitment.objects.create(
                    partnership=cast.own,
                    person=person,
                    organization=cast.partner,
                    kind="effort",
                    description=f"Host {i}",
                    starts_on=date(2025, 1, 1),
                )

        addresses = [
            at(cast, "/learning?page_size=100"),
            at(cast, "/commitments?page_size=100"),
            at(cast, "/commitments/summary"),
        ]
        add(5)
        five = [self.queries(client, address) for address in addresses]
        add(45)
        assert [self.queries(client, address) for address in addresses] == five
