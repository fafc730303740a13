"""The partnerships API end to end: lists, filters, writes, the lifecycle, errors, query budgets."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import ApiToken, hash_token
from accord.api import api
from accord.partnerships.models import Membership, Partnership, PartnershipRole, Stage, StageChange
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships"


def counts():
    return (
        Partnership.objects.count(),
        Membership.objects.count(),
        PartnershipRole.objects.count(),
        StageChange.objects.count(),
    )


def call(client, method, url, body=None, **extra):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json", **extra)


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


class TestPartnershipsList:
    def test_lists_visible_partnerships_with_totals(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(API).json()
        assert body["count"] == 1 and body["page"] == 1
        item = body["items"][0]
        assert item["title"] == "Own partnership"
        assert (item["stage"], item["scope"], item["member_count"]) == ("exploring", "external", 2)

    def test_outsider_gets_an_empty_list(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert client.get(API).json() == {"count": 0, "page": 1, "page_size": 25, "items": []}

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ({"q": "partner univ"}, ["Other partnership", "Own partnership"]),
            ({"q": "own"}, ["Own partnership"]),
            ({"stage": "exploring"}, ["Other partnership", "Own partnership"]),
            ({"stage": "active"}, []),
            ({"scope": "internal"}, []),
        ],
    )
    def test_filters(self, cast, client, query, titles):
        client.force_login(cast.users["admin"])
        body = client.get(API, query).json()
        assert [item["title"] for item in body["items"]] == titles

    def test_filter_by_organization(self, cast, client):
        client.force_login(cast.users["admin"])
        body = client.get(API, {"organization_id": cast.host.pk}).json()
        assert [item["title"] for item in body["items"]] == ["Own partnership"]

    def test_include_archived(self, cast, client):
        client.force_login(cast.users["steward"])
        call(client, "POST", f"{API}/{cast.own.pk}/archive")
        assert client.get(API).json()["count"] == 0
        assert client.get(API, {"include_archived": "true"}).json()["count"] == 1

    @pytest.mark.parametrize(
        ("query", "field"), [({"stage": "dormant"}, "stage"), ({"page_size": "1000"}, "page_size")]
    )
    def test_bad_query_is_422_naming_the_field(self, cast, client, query, field):
        client.force_login(cast.users["steward"])
        response = client.get(API, query)
        assert response.status_code == 422 and field in field_errors(response)

    def test_bearer_token(self, cast, client):
        raw = ApiToken.generate()
        ApiToken.objects.create(
            user=cast.users["viewer"], name="script", hint=raw[4:12], token_hash=hash_token(raw)
        )
        response = client.get(API, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200 and response.json()["count"] == 1
        assert client.get(API, headers={"Authorization": "Bearer acc_wrong"}).status_code == 401


class TestPartnershipWrites:
    def test_create(self, cast, client):
        client.force_login(cast.users["steward"])
        partner = OrganizationFactory()
        response = call(
            client,
            "POST",
            API,
            {
                "title": "  Bridges  ",
                "purpose": "Build bridges.",
                "scope": "mixed",
                "host_organization_id": cast.host.pk,
                "partner_organization_ids": [partner.pk, partner.pk],
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["title"], body["scope"], body["member_count"]) == ("Bridges", "mixed", 2)
        partnership = Partnership.objects.get(pk=body["id"])
        assert partnership.roles.get().person == cast.people["steward"]

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"title": "   "}, "title"),
            ({"title": "x" * 201}, "title"),
            ({"purpose": ""}, "purpose"),
            ({"scope": "galactic"}, "scope"),
            ({"host_organization_id": 999999}, "host_organization_id"),
            ({"host_organization_id": "one"}, "host_organization_id"),
            ({"partner_organization_ids": [999999]}, "partner_organization_ids"),
            ({"steward_person_id": 999999}, "steward_person_id"),
        ],
    )
    def test_create_with_bad_input_is_422_and_writes_nothing(self, cast, client, changes, field):
        client.force_login(cast.users["steward"])
        body = {"title": "T", "purpose": "P", "host_organization_id": cast.host.pk, **changes}
        before = counts()
        response = call(client, "POST", API, body)
        assert response.status_code == 422
        assert field in field_errors(response)
        assert counts() == before

    def test_host_as_partner_is_422(self, cast, client):
        client.force_login(cast.users["steward"])
        body = {
            "title": "T",
            "purpose": "P",
            "host_organization_id": cast.host.pk,
            "partner_organization_ids": [cast.host.pk],
        }
        before = counts()
        response = call(client, "POST", API, body)
        assert response.status_code == 422 and "partners" in field_errors(response)
        assert counts() == before

    def test_viewer_may_not_create(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = {"title": "T", "purpose": "P", "host_organization_id": cast.host.pk}
        response = call(client, "POST", API, body)
        assert response.status_code == 403 and response.json()["errors"] == []

    def test_get_and_patch(self, cast, client):
        client.force_login(cast.users["project_director"])
        url = f"{API}/{cast.own.pk}"
        assert client.get(url).json()["member_count"] == 2
        response = call(client, "PATCH", url, {"title": "Renamed", "scope": "internal"})
        assert response.status_code == 200
        assert (response.json()["title"], response.json()["purpose"]) == (
            "Renamed",
            cast.own.purpose,
        )
        latest = Partnership.objects.get(pk=cast.own.pk).history.first()
        assert latest.history_user == cast.users["project_director"]

    def test_patch_with_bad_input(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "PATCH", f"{API}/{cast.own.pk}", {"title": ""})
        assert response.status_code == 422 and "title" in field_errors(response)
        assert Partnership.objects.get(pk=cast.own.pk).title == "Own partnership"

    def test_outsider_gets_404_and_viewer_403(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert client.get(f"{API}/{cast.own.pk}").status_code == 404
        client.force_login(cast.users["viewer"])
        response = call(client, "PATCH", f"{API}/{cast.own.pk}", {"title": "No"})
        assert response.status_code == 403

    def test_archive(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "POST", f"{API}/{cast.own.pk}/archive")
        assert response.status_code == 200 and response.json()["archived_at"]


class TestTransition:
    def test_move_and_timeline(self, cast, client):
        client.force_login(cast.users["steward"])
        url = f"{API}/{cast.own.pk}"
        response = call(client, "POST", f"{url}/transition", {"to_stage": "forming", "note": "Go"})
        assert response.status_code == 200 and response.json()["stage"] == "forming"
        timeline = client.get(f"{url}/stage-changes").json()
        assert timeline["count"] == 2
        first, second = timeline["items"]
        assert (first["from_stage"], first["to_stage"]) == (None, "exploring")
        assert (second["from_stage"], second["to_stage"], second["note"]) == (
            "exploring",
            "forming",
            "Go",
        )
        assert second["changed_by"] == cast.users["steward"].display_name

    def test_formalized_is_refused_with_the_lifecycle_reason(self, cast, client):
        client.force_login(cast.users["steward"])
        url = f"{API}/{cast.own.pk}/transition"
        call(client, "POST", url, {"to_stage": "forming"})
        before = counts()
        response = call(client, "POST", url, {"to_stage": "formalized"})
        assert response.status_code == 422
        assert "executed memorandum of understanding" in field_errors(response)["to_stage"]
        assert counts() == before

    def test_illegal_move_is_422(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "POST", f"{API}/{cast.own.pk}/transition", {"to_stage": "renewed"})
        assert response.status_code == 422
        assert field_errors(response)["to_stage"].startswith(
            "A partnership cannot move from exploring to renewed."
        )

    @pytest.mark.parametrize(
        "body", [{"to_stage": "dormant"}, {}, {"to_stage": "forming", "note": "x" * 2001}]
    )
    def test_malformed_body_is_422(self, cast, client, body):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", f"{API}/{cast.own.pk}/transition", body)
        assert response.status_code == 422 and field_errors(response)
        assert counts() == before


class TestMembers:
    def url(self, cast, suffix=""):
        return f"{API}/{cast.own.pk}/members{suffix}"

    def test_list_add_patch_archive(self, cast, client):
        client.force_login(cast.users["steward"])
        names = [
            item["organization"]["name"] for item in client.get(self.url(cast)).json()["items"]
        ]
        assert names == ["Host Society", "Partner University"]
        newcomer = OrganizationFactory(name="Zeta Nonprofit")
        response = call(
            client,
            "POST",
            self.url(cast),
            {"organization_id": newcomer.pk, "joined_on": "2025-02-01"},
        )
        assert response.status_code == 201
        created = response.json()
        assert (created["kind"], created["joined_on"], created["is_current"]) == (
            "partner",
            "2025-02-01",
            True,
        )
        member_url = self.url(cast, f"/{created['id']}")
        response = call(client, "PATCH", member_url, {"left_on": "2025-12-31"})
        assert response.status_code == 200 and response.json()["is_current"] is False
        assert client.get(self.url(cast)).json()["count"] == 2
        assert client.get(self.url(cast), {"include_former": "true"}).json()["count"] == 3
        response = call(client, "POST", f"{member_url}/archive")
        assert response.status_code == 200 and response.json()["archived_at"]

    def test_duplicate_member_is_422_on_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", self.url(cast), {"organization_id": cast.partner.pk})
        assert response.status_code == 422
        assert "already a member" in field_errors(response)["organization"]
        assert counts() == before

    def test_unknown_organization_is_422(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "POST", self.url(cast), {"organization_id": 999999})
        assert response.status_code == 422 and "organization_id" in field_errors(response)

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"left_on": "2000-01-01"}, "left_on"),
            ({"joined_on": "not a date"}, "joined_on"),
            ({"kind": "overlord"}, "kind"),
            ({"kind": None}, "kind"),
        ],
    )
    def test_bad_patch_is_422(self, cast, client, body, field):
        client.force_login(cast.users["steward"])
        url = self.url(cast, f"/{cast.partner_membership.pk}")
        response = call(client, "PATCH", url, body)
        assert response.status_code == 422 and field in field_errors(response)
        membership = Membership.objects.get(pk=cast.partner_membership.pk)
        assert (membership.kind, membership.left_on) == ("partner", None)

    def test_membership_of_another_partnership_is_404(self, cast, client):
        client.force_login(cast.users["steward"])
        assert client.get(self.url(cast, f"/{cast.other_membership.pk}")).status_code == 404


class TestRoles:
    def url(self, cast, suffix=""):
        return f"{API}/{cast.own.pk}/roles{suffix}"

    def test_list_and_filter(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(self.url(cast)).json()
        assert body["count"] == 6
        stewards = client.get(self.url(cast), {"role": "steward"}).json()["items"]
        assert [(r["person"]["name"], r["role"]) for r in stewards] == [
            ("Steward Person", "steward")
        ]
        assert stewards[0]["person"]["organization"]["name"] == "Partner University"

    def test_add_patch_archive(self, cast, client):
        client.force_login(cast.users["steward"])
        person = PersonFactory()
        response = call(client, "POST", self.url(cast), {"person_id": person.pk, "role": "leader"})
        assert response.status_code == 201 and response.json()["role"] == "leader"
        role_url = self.url(cast, f"/{response.json()['id']}")
        assert (
            call(client, "PATCH", role_url, {"role": "contributor"}).json()["role"] == "contributor"
        )
        assert call(client, "POST", f"{role_url}/archive").json()["archived_at"]
        response = call(client, "PATCH", role_url, {"role": "viewer"})
        assert response.status_code == 422 and "role" in field_errors(response)

    def test_duplicate_role_is_422_on_the_role_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        body = {"person_id": cast.people["viewer"].pk, "role": "viewer"}
        response = call(client, "POST", self.url(cast), body)
        assert response.status_code == 422
        assert field_errors(response) == {
            "role": "Viewer Person is already viewer in this partnership."
        }
        assert counts() == before

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"person_id": 999999, "role": "viewer"}, "person_id"),
            ({"person_id": 1, "role": "king"}, "role"),
        ],
    )
    def test_bad_role_input(self, cast, client, body, field):
        client.force_login(cast.users["steward"])
        before = counts()
        response = call(client, "POST", self.url(cast), body)
        assert response.status_code == 422 and field in field_errors(response)
        assert counts() == before


class TestOpenApi:
    def test_enums_are_listed(self):
        schemas = api.get_openapi_schema()["components"]["schemas"]
        assert schemas["Stage"]["enum"] == Stage.values
        assert schemas["PartnershipScope"]["enum"] == ["internal", "external", "mixed"]
        assert schemas["MembershipKind"]["enum"] == ["host", "partner"]
        assert "steward" in schemas["Role"]["enum"]

    def test_every_operation_declares_its_errors(self):
        paths = api.get_openapi_schema()["paths"]
        for path, operations in paths.items():
            if not path.startswith(API):
                continue
            for method, operation in operations.items():
                declared = {str(code) for code in operation["responses"]}
                assert {"401", "404", "422"} <= declared, f"{method} {path}: {declared}"
                if method != "get" or "{" in path:
                    assert "403" in declared, f"{method} {path}"


class TestQueryBudgets:
    """API lists cost the same number of queries with 5 rows and with 50."""

    @staticmethod
    def queries(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"page_size": 100})
            assert response.status_code == 200
        return len(captured)

    def test_partnership_list(self, client):
        user = UserFactory()
        person = PersonFactory(user=user)

        def add(n):
            for partnership in PartnershipFactory.create_batch(n):
                RoleFactory(partnership=partnership, person=person, role="viewer")
                MembershipFactory.create_batch(2, partnership=partnership)

        client.force_login(user)
        add(5)
        five = self.queries(client, API)
        add(45)
        assert self.queries(client, API) == five

    @pytest.mark.parametrize("kind", ["members", "roles", "stage-changes"])
    def test_lists_inside_a_partnership(self, client, kind):
        user = UserFactory()
        partnership = PartnershipFactory()
        RoleFactory(partnership=partnership, person=PersonFactory(user=user), role="steward")

        def add(n):
            if kind == "members":
                MembershipFactory.create_batch(n, partnership=partnership)
            elif kind == "roles":
                RoleFactory.create_batch(n, partnership=partnership)
            else:
                for _ in range(n):
                    StageChange.objects.create(
                        partnership=partnership,
                        from_stage="exploring",
                        to_stage="forming",
                        changed_by=UserFactory(),
                    )

        client.force_login(user)
        add(5)
        url = f"{API}/{partnership.pk}/{kind}"
        five = self.queries(client, url)
        add(45)
        assert self.queries(client, url) == five


HUGE = 2**63


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", f"/{2**70}", None, 404),
        ("GET", "?q=%00", None, 422),
        ("GET", f"?organization_id={HUGE}", None, 422),
        ("POST", "", {"title": "x\x00", "purpose": "y", "host_organization_id": 1}, 422),
        ("POST", "", {"title": "x", "purpose": "y", "host_organization_id": HUGE}, 422),
        ("POST", "/{own}/members", {"organization_id": HUGE}, 422),
        ("POST", "/{own}/roles", {"person_id": HUGE, "role": "viewer"}, 422),
        ("POST", "/{own}/transition", {"to_stage": "forming", "note": "\x00"}, 422),
        ("PATCH", "/{own}/members/{member}", {"joined_on": None}, 422),
        ("POST", "/{own}/members", "not json", 400),
    ],
)
@pytest.mark.usefixtures("cast")
class TestHostileInput:
    def test_is_refused_without_a_server_error(self, cast, client, method, path, body, status):
        client.force_login(cast.users["steward"])
        url = API + path.format(own=cast.own.pk, member=cast.partner_membership.pk)
        before = counts()
        if isinstance(body, str):
            response = client.generic(method, url, body, content_type="application/json")
        else:
            response = call(client, method, url, body)
        assert response.status_code == status, response.content
        assert response.json()["detail"]
        assert counts() == before
