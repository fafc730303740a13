"""The directory API end to end: lists, filters, writes, errors, the schema, query budgets."""

import json

import jsonschema_rs
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import ApiToken, hash_token
from accord.api import api
from accord.directory import services
from accord.directory.models import Organization, Person
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
ORGANIZATIONS = "/api/v1/organizations"
PEOPLE = "/api/v1/people"


def counts():
    return (
        Organization.objects.count(),
        Person.objects.count(),
        Organization.history.count(),
        Person.history.count(),
    )


def call(client, method, url, body=None, **extra):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json", **extra)


def field_errors(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return {error["field"]: error["message"] for error in body["errors"]}


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# --- Organizations ------------------------------------------------------------------------------
class TestOrganizationsRead:
    def test_anonymous_gets_401_in_the_one_error_shape(self, client):
        response = client.get(ORGANIZATIONS)
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}

    def test_list_is_paginated_with_a_total(self, cast, client):
        client.force_login(cast.users["outsider"])
        body = client.get(ORGANIZATIONS, {"page_size": 1, "page": 2}).json()
        assert (body["count"], body["page"], body["page_size"]) == (2, 2, 1)
        item = body["items"][0]
        assert item["name"] == "Partner University"
        assert (item["kind"], item["subtype"], item["location"]) == (
            "external",
            "university",
            "Reston, United States",
        )
        assert item["archived_at"] is None

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"q": "universi"}, ["Partner University"]),
            ({"q": "veterans"}, ["Veterans Network"]),  # mission
            ({"q": "ottawa"}, ["Veterans Network"]),  # location
            ({"kind": "internal"}, ["Host Society"]),
            ({"subtype": "community_group"}, ["Veterans Network"]),
            ({"country": "canada"}, ["Veterans Network"]),
            ({"include_archived": "true", "q": "closed"}, ["Closed Chapter"]),
            ({"q": "closed"}, []),
        ],
    )
    def test_search_and_filters(self, cast, client, query, expected):
        OrganizationFactory(
            name="Veterans Network",
            subtype="community_group",
            mission="We serve veterans.",
            city="Ottawa",
            country="Canada",
        )
        services.organization_archive(organization=OrganizationFactory(name="Closed Chapter"))
        client.force_login(cast.users["viewer"])
        assert names(client.get(ORGANIZATIONS, query)) == expected

    def test_unknown_filter_value_is_a_422_naming_it(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(ORGANIZATIONS, {"subtype": "spaceship"})
        assert response.status_code == 422
        assert "subtype" in field_errors(response)

    def test_one_organization_and_404(self, cast, client):
        client.force_login(cast.users["viewer"])
        body = client.get(f"{ORGANIZATIONS}/{cast.host.pk}").json()
        assert (body["name"], body["kind"]) == ("Host Society", "internal")
        response = client.get(f"{ORGANIZATIONS}/999999")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": []}

    def test_query_count_does_not_grow_with_rows(self, cast, client, django_assert_num_queries):
        client.force_login(cast.users["viewer"])
        OrganizationFactory.create_batch(5)
        with CaptureQueriesContext(connection) as five:
            assert client.get(ORGANIZATIONS).status_code == 200
        OrganizationFactory.create_batch(45)
        with django_assert_num_queries(len(five)):
            assert client.get(ORGANIZATIONS, {"page_size": 50}).status_code == 200


class TestOrganizationsWrite:
    BODY = {
        "name": "  Tribal College  ",
        "subtype": "university",
        "mission": "Serve the nation.",
        "website": "https://tribal.example.edu",
        "country": "United States",
    }

    def test_create_returns_201(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(client, "POST", ORGANIZATIONS, self.BODY)
        assert response.status_code == 201
        body = response.json()
        assert (body["name"], body["kind"]) == ("Tribal College", "external")
        organization = Organization.objects.get(pk=body["id"])
        assert organization.history.get().history_user == cast.users["steward"]

    def test_non_editors_get_403_and_nothing_is_written(self, cast, client):
        client.force_login(cast.users["project_director"])
        before = counts()
        response = call(client, "POST", ORGANIZATIONS, self.BODY)
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "errors"}
        response = call(client, "PATCH", f"{ORGANIZATIONS}/{cast.partner.pk}", {"city": "X"})
        assert response.status_code == 403
        response = call(client, "POST", f"{ORGANIZATIONS}/{cast.partner.pk}/archive")
        assert response.status_code == 403
        assert counts() == before

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"name": "   "}, "name"),
            ({"name": None}, "name"),
            ({"website": "not a url"}, "website"),
            ({"subtype": "spaceship"}, "subtype"),
            ({"kind": "sideways"}, "kind"),
            ({"name": "PARTNER UNIVERSITY"}, "name"),  # duplicate in another letter case
            ({"city": "x" * 101}, "city"),
        ],
    )
    def test_bad_input_is_422_naming_the_field(self, cast, client, change, field):
        client.force_login(cast.users["admin"])
        before = counts()
        response = call(client, "POST", ORGANIZATIONS, {**self.BODY, **change})
        assert response.status_code == 422
        assert field in field_errors(response)
        assert counts() == before

    def test_patch_changes_only_what_is_sent_and_is_audited(self, cast, client):
        client.force_login(cast.users["steward"])
        url = f"{ORGANIZATIONS}/{cast.partner.pk}"
        response = call(client, "PATCH", url, {"city": "Baltimore", "mission": None})
        assert response.status_code == 200
        assert response.json()["city"] == "Baltimore"
        cast.partner.refresh_from_db()
        assert cast.partner.mission == "Advance equity in engineering education."
        change = cast.partner.history.first()
        assert (change.history_type, change.history_user, change.city) == (
            "~",
            cast.users["steward"],
            "Baltimore",
        )

    def test_patch_refuses_a_duplicate_name(self, cast, client):
        client.force_login(cast.users["steward"])
        response = call(
            client, "PATCH", f"{ORGANIZATIONS}/{cast.partner.pk}", {"name": "host society"}
        )
        assert response.status_code == 422
        assert list(field_errors(response)) == ["name"]

    def test_archive(self, cast, client):
        client.force_login(cast.users["admin"])
        response = call(client, "POST", f"{ORGANIZATIONS}/{cast.partner.pk}/archive")
        assert response.status_code == 200 and response.json()["archived_at"]
        assert names(client.get(ORGANIZATIONS)) == ["Host Society"]

    def test_bearer_token_writes_are_audited_to_the_token_owner(self, cast, client):
        raw = ApiToken.generate()
        ApiToken.objects.create(
            user=cast.users["steward"], name="script", hint=raw[4:12], token_hash=hash_token(raw)
        )
        response = call(
            client,
            "PATCH",
            f"{ORGANIZATIONS}/{cast.host.pk}",
            {"region": "Virginia"},
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert response.status_code == 200
        assert cast.host.history.first().history_user == cast.users["steward"]


# --- People -------------------------------------------------------------------------------------
class TestPeopleRead:
    def test_list_shows_the_organization(self, cast, client):
        client.force_login(cast.users["outsider"])
        body = client.get(PEOPLE, {"q": "viewer person"}).json()
        assert body["count"] == 1
        item = body["items"][0]
        assert item["organization"] == {"id": cast.partner.pk, "name": "Partner University"}
        assert (item["level"], item["user_id"]) == ("staff", cast.users["viewer"].pk)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"q": "countess@"}, ["Ada Byron"]),
            ({"q": "analyst"}, ["Ada Byron"]),
            ({"q": "engine works"}, ["Ada Byron"]),
            ({"level": "executive"}, ["Ada Byron"]),
            ({"level": "student", "q": "ada"}, []),
            ({"q": "babbage"}, []),
            ({"q": "babbage", "include_archived": "true"}, ["Charles Babbage"]),
        ],
    )
    def test_search_and_filters(self, cast, client, query, expected):
        works = OrganizationFactory(name="Engine Works")
        PersonFactory(
            name="Ada Byron",
            email="countess@example.org",
            title="Analyst",
            level="executive",
            organization=works,
        )
        services.person_archive(person=PersonFactory(name="Charles Babbage", organization=works))
        client.force_login(cast.users["viewer"])
        assert names(client.get(PEOPLE, query)) == expected

    def test_filter_by_organization(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert client.get(PEOPLE, {"organization_id": cast.host.pk}).json()["count"] == 0
        assert client.get(PEOPLE, {"organization_id": cast.partner.pk}).json()["count"] == 8

    def test_query_count_does_not_grow_with_rows(self, cast, client, django_assert_num_queries):
        client.force_login(cast.users["viewer"])
        PersonFactory.create_batch(5)
        with CaptureQueriesContext(connection) as five:
            assert client.get(PEOPLE).status_code == 200
        PersonFactory.create_batch(45)
        with django_assert_num_queries(len(five)):
            assert client.get(PEOPLE, {"page_size": 60}).status_code == 200


class TestPeopleWrite:
    def body(self, cast, **change):
        return {
            "name": "Grace Hopper",
            "email": "Grace.Hopper@Example.org",
            "organization_id": cast.host.pk,
            "title": "Rear admiral",
            "level": "executive",
            **change,
        }

    def test_create_returns_201_with_the_email_in_lower_case(self, cast, client):
        user = UserFactory(username="grace")
        client.force_login(cast.users["admin"])  # linking an account is an administrator's
        response = call(client, "POST", PEOPLE, self.body(cast, user_id=user.pk))
        assert response.status_code == 201
        body = response.json()
        assert body["email"] == "grace.hopper@example.org"
        assert (body["user_id"], body["organization"]["id"]) == (user.pk, cast.host.pk)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"name": ""}, "name"),
            ({"email": "not an address"}, "email"),
            ({"email": "VIEWER@EXAMPLE.ORG"}, "email"),  # taken, in another letter case
            ({"level": "emperor"}, "level"),
            ({"organization_id": 999999}, "organization_id"),
            ({"organization_id": "archived"}, "organization_id"),
            ({"user_id": "linked"}, "user_id"),
            ({"user_id": 999999}, "user_id"),
            ({"organization_id": 2**70}, "organization_id"),
        ],
    )
    def test_bad_input_is_422_naming_the_field(self, cast, client, change, field):
        Person.objects.filter(pk=cast.people["viewer"].pk).update(email="viewer@example.org")
        if change.get("organization_id") == "archived":
            closed = services.organization_archive(organization=OrganizationFactory())
            change = {"organization_id": closed.pk}
        if change.get("user_id") == "linked":
            change = {"user_id": cast.users["viewer"].pk}
        client.force_login(cast.users["admin"])
        before = counts()
        response = call(client, "POST", PEOPLE, self.body(cast, **change))
        assert response.status_code == 422
        assert list(field_errors(response)) == [field]
        assert counts() == before

    def test_patch_may_clear_the_organization_and_user(self, cast, client):
        person = cast.people["outsider"]
        client.force_login(cast.users["admin"])
        url = f"{PEOPLE}/{person.pk}"
        response = call(client, "PATCH", url, {"organization_id": None, "user_id": None})
        assert response.status_code == 200
        assert (response.json()["organization"], response.json()["user_id"]) == (None, None)
        response = call(client, "PATCH", url, {"title": "Chair", "name": None})
        assert (response.json()["title"], response.json()["name"]) == ("Chair", "Outsider Person")

    def test_patch_refuses_a_user_linked_elsewhere(self, cast, client):
        client.force_login(cast.users["admin"])
        url = f"{PEOPLE}/{cast.people['outsider'].pk}"
        response = call(client, "PATCH", url, {"user_id": cast.users["viewer"].pk})
        assert response.status_code == 422
        assert list(field_errors(response)) == ["user_id"]

    def test_archive_and_403(self, cast, client):
        url = f"{PEOPLE}/{cast.people['outsider'].pk}/archive"
        client.force_login(cast.users["viewer"])
        assert call(client, "POST", url).status_code == 403
        client.force_login(cast.users["steward"])  # the outsider has an account
        assert call(client, "POST", url).status_code == 403
        client.force_login(cast.users["admin"])
        response = call(client, "POST", url)
        assert response.status_code == 200 and response.json()["archived_at"]


# --- The schema ---------------------------------------------------------------------------------
def test_openapi_shows_choices_and_every_response():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    assert set(components["OrganizationSubtype"]["enum"]) == set(Organization.Subtype.values)
    assert set(components["OrganizationKind"]["enum"]) == {"internal", "external"}
    assert set(components["PersonLevel"]["enum"]) == set(Person.Level.values)
    paths = schema["paths"]
    for path, method, codes in [
        (ORGANIZATIONS, "get", {"200", "401", "422"}),
        (ORGANIZATIONS, "post", {"201", "400", "401", "403", "422"}),
        (ORGANIZATIONS + "/{organization_id}", "patch", {"200", "400", "403", "404", "422"}),
        (PEOPLE + "/{person_id}/archive", "post", {"200", "403", "404"}),
    ]:
        operation = paths[path][method]
        assert codes <= {str(code) for code in operation["responses"]}, (path, method)
        assert set(operation["tags"]) <= {"Organizations", "People"}
    error = paths[ORGANIZATIONS]["post"]["responses"][422]["content"]["application/json"]
    assert error["schema"]["$ref"].endswith("/ErrorOut")


def test_culture_profile_matches_its_schema_with_formats_checked(cast, client):
    # Working hours are local times; the schema said "format: time", which demands an offset
    # (found by the schema fuzzer).
    client.force_login(cast.users["admin"])
    url = f"{ORGANIZATIONS}/{cast.partner.pk}/culture-profile"
    hours = {"working_hours_start": "08:30", "working_hours_end": "16:00"}
    assert call(client, "PUT", url, hours).status_code == 200
    body = client.get(url).json()
    assert (body["working_hours_start"], body["working_hours_end"]) == ("08:30:00", "16:00:00")
    components = api.get_openapi_schema()["components"]["schemas"]
    validator = jsonschema_rs.Draft202012Validator(
        components["CultureProfileOut"], validate_formats=True
    )
    assert validator.is_valid(body), [error.message for error in validator.iter_errors(body)]
    request = jsonschema_rs.Draft202012Validator(
        components["CultureProfileIn"], validate_formats=True
    )
    assert request.is_valid(hours)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", ORGANIZATIONS),
        ("PATCH", ORGANIZATIONS + "/{organization_id}"),
        ("POST", PEOPLE),
        ("PATCH", PEOPLE + "/{person_id}"),
    ],
)
def test_a_body_that_is_not_json_is_a_documented_400(cast, client, method, url):
    # Found by the schema fuzzer: the 400 was sent but missing from the schema.
    client.force_login(cast.users["admin"])
    ids = {"organization_id": cast.partner.pk, "person_id": cast.people["outsider"].pk}
    response = client.generic(method, url.format(**ids), "{not json", "application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert 400 in api.get_openapi_schema()["paths"][url][method.lower()]["responses"]


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("GET", ORGANIZATIONS + "?q=a%00b", None, "q"),
        ("GET", ORGANIZATIONS + "?country=a%00b", None, "country"),
        ("GET", PEOPLE + "?q=a%00b", None, "q"),
        ("POST", ORGANIZATIONS, {"name": "Nul\x00 Society"}, "name"),
        ("PATCH", ORGANIZATIONS + "/{organization_id}", {"mission": "a\x00b"}, "mission"),
        ("POST", PEOPLE, {"name": "Ada", "email": "ada@example.org", "title": "\x00"}, "title"),
        ("PATCH", PEOPLE + "/{person_id}", {"email": "a\x00@example.org"}, "email"),
    ],
)
def test_text_with_a_nul_character_is_422_naming_the_field(cast, client, method, url, body, field):
    # PostgreSQL cannot store or compare NUL; found by the schema fuzzer as a 500 there.
    client.force_login(cast.users["admin"])
    ids = {"organization_id": cast.partner.pk, "person_id": cast.people["outsider"].pk}
    before = counts()
    response = call(client, method, url.format(**ids), body)
    assert response.status_code == 422, response.content
    assert field in field_errors(response)
    assert counts() == before
