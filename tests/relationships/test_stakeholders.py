"""Stakeholder groups (R1) end to end: the directory's groups and who represents them, a
partnership's affected groups with the member organizations that represent each, the flag for a
group none represents; bad input names the field and writes nothing; constant query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.audit import acting_as
from accord.directory.models import GroupRepresentation, StakeholderGroup
from accord.directory.services_groups import group_create, representation_add
from accord.relationships.models import AffectedGroup
from accord.relationships.services import affected_group_add
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
GROUPS = "/api/v1/stakeholder-groups"


def call(client, method, address, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json")


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def counts():
    return (
        StakeholderGroup.objects.count(),
        GroupRepresentation.objects.count(),
        AffectedGroup.objects.count(),
    )


def stakeholders_url(cast):
    return reverse("relationships:stakeholders", args=[cast.own.pk])


def _grow(cast, n: int) -> None:
    for i in range(n):
        organization = OrganizationFactory()
        MembershipFactory(partnership=cast.own, organization=organization)
        group = group_create(name=f"Group {i}", reference_share="0.01")
        representation_add(group=group, organization=organization, how="serves")
        representation_add(group=group, organization=OrganizationFactory(), how="led_by")
        affected_group_add(partnership=cast.own, group=group)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class TestStakeholders:
    def test_the_page_flags_an_affected_group_no_member_represents(self, cast, client):
        tenants = group_create(name="Riverside tenants", reference_share="0.25")
        elders = group_create(name="Elders")
        representation_add(group=tenants, organization=cast.partner, how="led_by")
        # An organization that represents elders but is no member does not count.
        representation_add(group=elders, organization=OrganizationFactory(), how="serves")
        affected_group_add(partnership=cast.own, group=tenants)
        affected_group_add(partnership=cast.own, group=elders)
        client.force_login(cast.users["viewer"])
        page = client.get(stakeholders_url(cast)).content.decode()
        assert "Partner University" in page and "led by the group" in page
        assert "One affected group has no member organization that represents it" in page
        assert "<strong>Elders</strong>" in page
        assert "25%" in page
        # A viewer may not name groups: no form.
        assert "Name an affected group" not in page

    def test_a_steward_names_and_removes_an_affected_group_with_history(self, cast, client):
        group = group_create(name="Riverside tenants")
        client.force_login(cast.users["steward"])
        response = client.post(
            reverse("relationships:affected-add", args=[cast.own.pk]),
            {"group": group.pk, "note": "Their homes flood."},
        )
        assert response.status_code == 302
        affected = AffectedGroup.objects.get(partnership=cast.own)
        assert affected.note == "Their homes flood."
        assert affected.history.get().history_user == cast.users["steward"]
        response = client.post(
            reverse("relationships:affected-remove", args=[cast.own.pk, affected.pk])
        )
        affected.refresh_from_db()
        assert affected.is_archived
        assert affected.history.first().history_user == cast.users["steward"]
        # Named again after removal: a new record, the old one stays in the history.
        client.post(reverse("relationships:affected-add", args=[cast.own.pk]), {"group": group.pk})
        assert AffectedGroup.objects.active().filter(partnership=cast.own).count() == 1

    def test_naming_a_group_twice_or_none_is_refused_on_the_page(self, cast, client):
        group = group_create(name="Riverside tenants")
        affected_group_add(partnership=cast.own, group=group)
        client.force_login(cast.users["steward"])
        before = counts()
        url = reverse("relationships:affected-add", args=[cast.own.pk])
        response = client.post(url, {"group": group.pk})
        assert response.status_code == 200 and counts() == before
        assert "Choose a stakeholder group from the directory." in response.text
        response = client.post(url, {"group": "", "note": "x" * 6000})
        assert counts() == before and "is-invalid" in response.text

    def test_the_api_lists_groups_with_representatives_and_the_flag(self, cast, client):
        tenants = group_create(name="Riverside tenants", reference_share="0.25")
        representation_add(group=tenants, organization=cast.partner, how="serves")
        elders = group_create(name="Elders")
        client.force_login(cast.users["project_director"])
        url = f"/api/v1/partnerships/{cast.own.pk}/stakeholders"
        for group in (tenants, elders):
            response = call(client, "POST", url, {"group_id": group.pk})
            assert response.status_code == 201, response.content
        body = call(client, "GET", url).json()
        assert [(row["affected"]["group"]["name"], row["unrepresented"]) for row in body] == [
            ("Elders", True),
            ("Riverside tenants", False),
        ]
        assert body[1]["representatives"] == [
            {"organization": {"id": cast.partner.pk, "name": "Partner University"}, "how": "serves"}
        ]
        assert body[1]["affected"]["group"]["reference_share"] == 0.25

    def test_the_api_refuses_bad_input_naming_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        url = f"/api/v1/partnerships/{cast.own.pk}/stakeholders"
        response = call(client, "POST", url, {"group_id": 999999})
        assert response.status_code == 422 and "group_id" in field_errors(response)
        response = call(client, "POST", GROUPS, {"name": "Tenants", "reference_share": 1.5})
        assert response.status_code == 422 and "reference_share" in field_errors(response)
        response = call(client, "POST", GROUPS, {"name": "Tenants", "reference_share": 0})
        assert response.status_code == 422 and "reference_share" in field_errors(response)
        response = call(client, "POST", GROUPS, {"name": "   "})
        assert response.status_code == 422 and "name" in field_errors(response)
        group = group_create(name="Tenants")
        before = counts()
        response = call(client, "POST", GROUPS, {"name": "tenants"})
        assert response.status_code == 422
        assert field_errors(response)["name"].startswith("The directory already has")
        response = call(
            client,
            "POST",
            f"{GROUPS}/{group.pk}/representations",
            {"organization_id": cast.partner.pk, "how": "owns"},
        )
        assert response.status_code == 422 and "how" in field_errors(response)
        response = call(
            client,
            "POST",
            f"{GROUPS}/{group.pk}/representations",
            {"organization_id": 999999, "how": "serves"},
        )
        assert response.status_code == 422 and "organization_id" in field_errors(response)
        assert counts() == before

    def test_a_group_is_created_changed_and_represented_through_the_api(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "POST", GROUPS, {"name": "Tenants", "how_affected": "Rents rise."})
        assert response.status_code == 201
        group_id = response.json()["id"]
        response = call(client, "PATCH", f"{GROUPS}/{group_id}", {"reference_share": 0.125})
        assert response.status_code == 200 and response.json()["reference_share"] == 0.125
        response = call(
            client,
            "POST",
            f"{GROUPS}/{group_id}/representations",
            {"organization_id": cast.partner.pk, "how": "includes"},
        )
        assert response.status_code == 201
        detail = call(client, "GET", f"{GROUPS}/{group_id}").json()
        assert [r["organization"]["name"] for r in detail["representations"]] == [
            "Partner University"
        ]
        group = StakeholderGroup.objects.get(pk=group_id)
        assert {h.history_user for h in group.history.all()} == {cast.users["steward"]}

    def test_a_representation_is_recorded_and_ended_on_the_group_page(self, cast, client):
        group = group_create(name="Tenants")
        client.force_login(cast.users["steward"])
        url = reverse("directory:group-representation-add", args=[group.pk])
        assert (
            client.post(url, {"organization": cast.partner.pk, "how": "serves"}).status_code == 302
        )
        again = client.post(url, {"organization": cast.partner.pk, "how": "serves"})
        assert "already represents" in again.text
        representation = GroupRepresentation.objects.get(group=group)
        page = client.get(group.get_absolute_url()).text
        assert "Partner University" in page and "Serves the group" in page
        client.post(
            reverse("directory:group-representation-end", args=[group.pk, representation.pk])
        )
        representation.refresh_from_db()
        assert representation.is_archived

    def test_the_pages_and_list_cost_the_same_queries_at_two_sizes(self, cast, client):
        client.force_login(cast.users["steward"])
        urls = [
            stakeholders_url(cast),
            f"/api/v1/partnerships/{cast.own.pk}/stakeholders",
            reverse("directory:group-list"),
            GROUPS,
        ]
        _grow(cast, 2)
        small = [_queries(client, url) for url in urls]
        _grow_more = 8
        for i in range(_grow_more):
            organization = OrganizationFactory()
            MembershipFactory(partnership=cast.own, organization=organization)
            group = group_create(name=f"More {i}")
            representation_add(group=group, organization=organization, how="includes")
            affected_group_add(partnership=cast.own, group=group)
        assert [_queries(client, url) for url in urls] == small

    def test_writes_outside_a_request_name_their_actor(self, cast):
        with acting_as(cast.users["steward"]):
            group = group_create(name="Tenants")
            representation = representation_add(
                group=group, organization=cast.partner, how="serves"
            )
            affected = affected_group_add(partnership=cast.own, group=group)
        for record in (group, representation, affected):
            assert record.history.get().history_user == cast.users["steward"]
