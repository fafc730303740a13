"""The project directors API (L6): members with their director or the flag, naming a first
director, handovers with accept / decline / cancel; errors in the one shape, query budgets."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import Notification
from accord.leadership.models import ProjectDirectorHandover
from accord.leadership.services.directors import handover_nominate
from accord.partnerships.models import PartnershipRole
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def base(partnership) -> str:
    return f"/api/v1/partnerships/{partnership.pk}/project-directors"


def call(client, method, url, body=None):
    return client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def field_errors(response) -> dict[str, str]:
    return {item["field"]: item["message"] for item in response.json()["errors"]}


def counts():
    return (
        ProjectDirectorHandover.objects.count(),
        PartnershipRole.objects.filter(role="project_director").count(),
        Notification.objects.count(),
    )


def nominated(cast, person=None) -> ProjectDirectorHandover:
    return handover_nominate(
        partnership=cast.own,
        organization=cast.partner,
        incoming=person or cast.people["contributor"],
        nominated_by=cast.users["steward"],
    )


class TestMembers:
    def test_each_member_with_its_director_or_null_and_flagged(self, cast, client):
        handover = nominated(cast)
        client.force_login(cast.users["viewer"])
        response = client.get(base(cast.own))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        host, partner = body["items"]
        assert host["organization"] == {"id": cast.host.pk, "name": "Host Society"}
        assert host["membership_kind"] == "host"
        assert host["director"] is None and host["flagged"] is True
        assert host["pending_handover"] is None
        assert partner["flagged"] is False
        assert partner["director"]["person"]["name"] == "Project Director Person"
        assert partner["director"]["since"]
        assert partner["pending_handover"]["id"] == handover.pk
        assert partner["pending_handover"]["outgoing"]["name"] == "Project Director Person"

    def test_outsider_and_other_partnership_are_404(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert client.get(base(cast.own)).status_code == 404
        client.force_login(cast.users["steward"])
        assert client.get(base(cast.other)).status_code == 404

    def test_same_queries_with_5_members_and_50(self, cast, client):
        client.force_login(cast.users["steward"])

        def add(n):
            for _ in range(n):
                organization = MembershipFactory(partnership=cast.own).organization
                RoleFactory(
                    partnership=cast.own,
                    person=PersonFactory(organization=organization),
                    role="project_director",
                )
                handover_nominate(
                    partnership=cast.own,
                    organization=organization,
                    incoming=PersonFactory(organization=organization, user=UserFactory()),
                    nominated_by=cast.users["steward"],
                )

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(base(cast.own), {"page_size": 100})
                assert response.status_code == 200
            return len(captured)

        add(3)
        five = queries()
        add(45)
        assert queries() == five


class TestNaming:
    def test_the_steward_names_a_first_director(self, cast, client):
        person = PersonFactory(organization=cast.host)
        client.force_login(cast.users["steward"])
        response = call(
            client,
            "POST",
            base(cast.own),
            {"organization_id": cast.host.pk, "person_id": person.pk},
        )
        assert response.status_code == 201, response.content
        assert response.json()["person"]["id"] == person.pk

    def test_refusals_name_the_request_fields(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(
            client,
            "POST",
            base(cast.own),
            {"organization_id": cast.partner.pk, "person_id": cast.people["leader"].pk},
        )
        assert response.status_code == 422
        assert field_errors(response) == {
            "organization_id": "Partner University already has a project director: Project "
            "Director Person. Hand the role over instead."
        }
        response = call(
            client,
            "POST",
            base(cast.own),
            {"organization_id": cast.host.pk, "person_id": cast.people["leader"].pk},
        )
        assert (
            "Leader Person belongs to Partner University, not to"
            in field_errors(response)["person_id"]
        )
        response = call(client, "POST", base(cast.own), {"organization_id": 0, "person_id": 1})
        assert response.status_code == 422 and "organization_id" in field_errors(response)
        response = call(
            client, "POST", base(cast.own), {"organization_id": cast.host.pk, "person_id": 10**9}
        )
        assert field_errors(response) == {"person_id": "No person with id 1000000000."}
        assert counts() == before

    def test_a_director_may_not_name(self, cast, client):
        client.force_login(cast.users["project_director"])
        person = PersonFactory(organization=cast.host)
        body = {"organization_id": cast.host.pk, "person_id": person.pk}
        assert call(client, "POST", base(cast.own), body).status_code == 403


class TestHandovers:
    def test_nominate_list_and_read(self, cast, client):
        client.force_login(cast.users["project_director"])
        response = call(
            client,
            "POST",
            base(cast.own) + "/handovers",
            {
                "organization_id": cast.partner.pk,
                "incoming_person_id": cast.people["contributor"].pk,
                "note": "  Over to you.  ",
            },
        )
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["status"] == "pending" and created["note"] == "Over to you."
        assert created["nominated_by"] == cast.users["project_director"].display_name
        assert created["incoming"]["organization"]["name"] == "Partner University"
        listed = client.get(base(cast.own) + "/handovers", {"status": "pending"}).json()
        assert [item["id"] for item in listed["items"]] == [created["id"]]
        assert (
            client.get(base(cast.own) + "/handovers", {"status": "declined"}).json()["count"] == 0
        )
        one = client.get(f"{base(cast.own)}/handovers/{created['id']}")
        assert one.status_code == 200

    @pytest.mark.parametrize(
        ("who", "field", "message"),
        [
            ("other_org", "incoming_person_id", "belongs to Host Society, not to Partner"),
            ("no_login", "incoming_person_id", "has no Accord account"),
            ("archived", "incoming_person_id", "is archived in the directory"),
            ("second", "organization_id", "is already waiting for"),
        ],
    )
    def test_bad_nominations_are_422_and_write_nothing(self, cast, client, who, field, message):
        person = {
            "other_org": lambda: PersonFactory(organization=cast.host, user=UserFactory()),
            "no_login": lambda: PersonFactory(organization=cast.partner),
            "archived": lambda: PersonFactory(
                organization=cast.partner, user=UserFactory(), archived_at=cast.own.created_at
            ),
            "second": lambda: cast.people["leader"],
        }[who]()
        if who == "second":
            nominated(cast)
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(
            client,
            "POST",
            base(cast.own) + "/handovers",
            {"organization_id": cast.partner.pk, "incoming_person_id": person.pk},
        )
        assert response.status_code == 422
        assert message in field_errors(response)[field]
        assert counts() == before

    def test_the_nominee_accepts(self, cast, client):
        handover = nominated(cast)
        client.force_login(cast.users["contributor"])
        response = call(client, "POST", f"{base(cast.own)}/handovers/{handover.pk}/accept")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "accepted" and body["decided_at"]
        assert body["outgoing"]["name"] == "Project Director Person"
        members = client.get(base(cast.own)).json()["items"]
        assert members[1]["director"]["person"]["name"] == "Contributor Person"

    def test_accepting_someone_elses_is_403_and_twice_is_422(self, cast, client):
        handover = nominated(cast)
        accept = f"{base(cast.own)}/handovers/{handover.pk}/accept"
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", accept)
        assert response.status_code == 403
        assert response.json()["detail"] == "Only the nominee can answer this nomination."
        assert counts() == before
        client.force_login(cast.users["contributor"])
        assert call(client, "POST", accept).status_code == 200
        before = counts()
        response = call(client, "POST", accept)
        assert response.status_code == 422 and "status" in field_errors(response)
        assert counts() == before

    def test_a_nominee_new_to_the_partnership_answers_through_the_api(self, cast, client):
        newcomer = PersonFactory(organization=cast.partner, user=UserFactory())
        handover = nominated(cast, person=newcomer)
        client.force_login(newcomer.user)
        assert client.get(f"{base(cast.own)}/handovers/{handover.pk}").status_code == 200
        assert client.get(f"{base(cast.own)}/handovers").status_code == 404
        response = call(client, "POST", f"{base(cast.own)}/handovers/{handover.pk}/decline")
        assert response.status_code == 200 and response.json()["status"] == "declined"

    def test_cancel(self, cast, client):
        handover = nominated(cast)
        cancel = f"{base(cast.own)}/handovers/{handover.pk}/cancel"
        client.force_login(cast.users["leader"])
        assert call(client, "POST", cancel).status_code == 403
        client.force_login(cast.users["steward"])
        response = call(client, "POST", cancel)
        assert response.status_code == 200 and response.json()["status"] == "cancelled"

    def test_unknown_and_huge_ids_are_404(self, cast, client):
        client.force_login(cast.users["steward"])
        for handover_id in (999999, 2**70):
            assert client.get(f"{base(cast.own)}/handovers/{handover_id}").status_code == 404
            accept = f"{base(cast.own)}/handovers/{handover_id}/accept"
            assert call(client, "POST", accept).status_code == 404

    def test_list_costs_the_same_with_5_handovers_and_50(self, cast, client):
        client.force_login(cast.users["steward"])

        def add(n):
            for _ in range(n):
                organization = OrganizationFactory()
                MembershipFactory(partnership=cast.own, organization=organization)
                handover_nominate(
                    partnership=cast.own,
                    organization=organization,
                    incoming=PersonFactory(organization=organization, user=UserFactory()),
                    nominated_by=cast.users["steward"],
                )

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(base(cast.own) + "/handovers", {"page_size": 100})
                assert response.status_code == 200
            return len(captured)

        add(5)
        five = queries()
        add(45)
        assert queries() == five
