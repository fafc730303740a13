"""The directory: services' rules, and the organization and people pages end to end."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.directory import services
from accord.directory.forms import PersonForm
from accord.directory.models import Organization, Person
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def counts():
    return (
        Organization.objects.count(),
        Person.objects.count(),
        Organization.history.count(),
        Person.history.count(),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def org_url(name: str, organization=None) -> str:
    args = [organization.pk] if organization is not None else []
    return reverse(f"directory:organization-{name}", args=args)


def person_url(name: str, person=None) -> str:
    args = [person.pk] if person is not None else []
    return reverse(f"directory:person-{name}", args=args)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Services -----------------------------------------------------------------------------------
class TestOrganizationServices:
    def test_create_strips_text_and_records_history(self):
        organization = services.organization_create(
            name="  Tribal College  ", subtype="university", mission=" Serve the nation. "
        )
        assert (organization.name, organization.mission) == ("Tribal College", "Serve the nation.")
        assert organization.kind == Organization.Kind.EXTERNAL
        assert organization.history.get().history_type == "+"

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"name": "", "subtype": "nonprofit"}, "name"),
            ({"name": "A", "subtype": "spaceship"}, "subtype"),
            ({"name": "A", "subtype": "nonprofit", "kind": "sideways"}, "kind"),
            ({"name": "A", "subtype": "nonprofit", "website": "not a url"}, "website"),
            ({"name": "host society", "subtype": "nonprofit"}, "name"),  # any letter case
        ],
    )
    def test_create_refuses_bad_input_and_writes_nothing(self, values, field):
        OrganizationFactory(name="Host Society")
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.organization_create(**values)
        assert field in errors_of(excinfo)
        assert counts() == before

    def test_update_saves_only_changed_fields(self):
        organization = OrganizationFactory(name="Acme", city="Reston")
        services.organization_update(organization=organization, name="Acme", city="Reston")
        assert organization.history.count() == 1  # nothing changed, nothing recorded
        services.organization_update(organization=organization, city="Denver")
        organization.refresh_from_db()
        assert organization.city == "Denver"
        assert organization.history.count() == 2

    def test_update_refuses_a_duplicate_name(self):
        OrganizationFactory(name="Acme")
        other = OrganizationFactory(name="Zenith")
        with pytest.raises(ValidationError) as excinfo:
            services.organization_update(organization=other, name="ACME")
        assert "name" in errors_of(excinfo)
        other.refresh_from_db()
        assert other.name == "Zenith"

    def test_update_refuses_unknown_fields(self):
        with pytest.raises(TypeError):
            services.organization_update(organization=OrganizationFactory(), archived_at=None)

    def test_archive_keeps_the_record(self):
        organization = OrganizationFactory()
        services.organization_archive(organization=organization)
        first = organization.archived_at
        services.organization_archive(organization=organization)
        organization.refresh_from_db()
        assert organization.is_archived and organization.archived_at == first
        assert Organization.objects.active().filter(pk=organization.pk).count() == 0


class TestPersonServices:
    @pytest.fixture
    def admin(self):
        return UserFactory(is_superuser=True, is_staff=True)

    def test_create_stores_the_email_in_lower_case(self, admin):
        person = services.person_create(by=admin, name="Ada", email=" Ada.Lovelace@Example.ORG ")
        assert person.email == "ada.lovelace@example.org"
        assert person.level == Person.Level.STAFF

    def test_duplicate_email_in_any_case_is_an_email_error(self, admin):
        PersonFactory(email="ada@example.org")
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.person_create(by=admin, name="Other Ada", email="ADA@example.org")
        assert list(errors_of(excinfo)) == ["email"]
        assert counts() == before

    def test_a_user_account_links_to_one_person_only(self, admin):
        user = UserFactory()
        PersonFactory(user=user)
        with pytest.raises(ValidationError) as excinfo:
            services.person_create(by=admin, name="Twin", email="twin@example.org", user=user)
        assert "user" in errors_of(excinfo)
        person = PersonFactory()
        with pytest.raises(ValidationError) as excinfo:
            services.person_update(by=admin, person=person, user=user)
        assert "user" in errors_of(excinfo)

    def test_an_archived_organization_takes_nobody_new(self, admin):
        organization = OrganizationFactory()
        member = PersonFactory(organization=organization)
        services.organization_archive(organization=organization)
        with pytest.raises(ValidationError) as excinfo:
            services.person_create(
                by=admin, name="New", email="new@example.org", organization=organization
            )
        assert "organization" in errors_of(excinfo)
        # Its existing people can still be edited.
        services.person_update(by=admin, person=member, title="Archivist")

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"name": "", "email": "a@example.org"}, "name"),
            ({"name": "A", "email": "not an address"}, "email"),
            ({"name": "A", "email": "a@example.org", "level": "emperor"}, "level"),
        ],
    )
    def test_create_refuses_bad_input(self, admin, values, field):
        before = counts()
        with pytest.raises(ValidationError) as excinfo:
            services.person_create(by=admin, **values)
        assert field in errors_of(excinfo)
        assert counts() == before

    def test_update_with_the_same_email_in_another_case_changes_nothing(self, admin):
        person = PersonFactory(email="grace@example.org")
        services.person_update(by=admin, person=person, email="Grace@Example.org")
        assert person.history.count() == 1


# --- Organization pages -------------------------------------------------------------------------
class TestOrganizationList:
    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(org_url("list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_everyone_signed_in_reads_the_directory(self, cast, client):
        client.force_login(cast.users["outsider"])
        response = client.get(org_url("list"))
        assert [o.name for o in response.context["page_obj"]] == [
            "Host Society",
            "Partner University",
        ]
        assert "New organization" not in response.text  # only editors may add
        assert '<th scope="col">Name</th>' in response.text
        assert "<caption>" in response.text

    def test_editors_see_the_new_button(self, cast, client):
        client.force_login(cast.users["steward"])
        assert "New organization" in client.get(org_url("list")).text

    @pytest.mark.parametrize(
        ("query", "names"),
        [
            ({"q": "universi"}, ["Partner University"]),
            ({"q": "serve veterans"}, ["Veterans Network"]),  # mission
            ({"q": "ottawa"}, ["Veterans Network"]),  # city
            ({"q": "ontario"}, ["Veterans Network"]),  # region
            ({"kind": "internal"}, ["Host Society"]),
            ({"subtype": "community_group"}, ["Veterans Network"]),
            ({"country": "Canada"}, ["Veterans Network"]),
            ({"subtype": "spaceship"}, ["Host Society", "Partner University", "Veterans Network"]),
            ({"q": "nothing like it"}, []),
        ],
    )
    def test_search_and_filters(self, cast, client, query, names):
        OrganizationFactory(
            name="Veterans Network",
            subtype="community_group",
            mission="We serve veterans in engineering.",
            city="Ottawa",
            region="Ontario",
            country="Canada",
        )
        client.force_login(cast.users["viewer"])
        response = client.get(org_url("list"), query)
        assert [o.name for o in response.context["page_obj"]] == names

    def test_archived_organizations_only_on_request(self, cast, client):
        archived = OrganizationFactory(name="Gone Institute")
        services.organization_archive(organization=archived)
        client.force_login(cast.users["viewer"])
        assert "Gone Institute" not in client.get(org_url("list")).text
        response = client.get(org_url("list"), {"include_archived": "on"})
        assert "Gone Institute" in response.text
        assert "Archived</span>" in response.text

    def test_pagination_keeps_the_filters(self, cast, client, settings):
        settings.ACCORD_PAGE_SIZE = 2
        for n in range(3):
            OrganizationFactory(name=f"Search Me {n}", country="Peru")
        client.force_login(cast.users["viewer"])
        response = client.get(org_url("list"), {"country": "Peru"})
        assert response.context["page_obj"].paginator.count == 3
        assert "?country=Peru&amp;page=2" in response.text
        response = client.get(org_url("list"), {"country": "Peru", "page": 2})
        assert [o.name for o in response.context["page_obj"]] == ["Search Me 2"]

    def test_the_filter_form_searches_live_and_without_javascript(self, cast, client):
        client.force_login(cast.users["viewer"])
        text = client.get(org_url("list")).text
        assert '<form method="get" action="/directory/organizations/"' in text
        assert 'hx-get="/directory/organizations/"' in text
        assert 'hx-target="#organization-results"' in text
        assert 'hx-trigger="input changed delay:300ms from:input[name=q], change"' in text
        assert 'hx-push-url="true"' in text
        assert '<div id="organization-results" aria-live="polite">' in text

    def test_htmx_request_gets_only_the_results(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(org_url("list"), {"q": "host"}, headers=HTMX)
        assert response.status_code == 200
        assert "<html" not in response.text and "<form" not in response.text
        assert "1 organization matches your search" in response.text
        assert "Host Society" in response.text and "Partner University" not in response.text
        assert "HX-Request" in response["Vary"]

    def test_query_count_does_not_grow_with_rows(self, cast, client, django_assert_num_queries):
        client.force_login(cast.users["viewer"])
        for n in range(5):
            organization = OrganizationFactory(name=f"Budget {n:02}", country=f"Country {n}")
            PersonFactory(organization=organization)
        with CaptureQueriesContext(connection) as five:
            assert client.get(org_url("list")).status_code == 200
        for n in range(5, 50):
            organization = OrganizationFactory(name=f"Budget {n:02}", country=f"Country {n}")
            PersonFactory(organization=organization)
        with django_assert_num_queries(len(five)):
            assert client.get(org_url("list")).status_code == 200


class TestOrganizationDetail:
    def test_shows_every_field_people_and_history(self, cast, client):
        organization = OrganizationFactory(
            name="Full Record",
            mission="Mission text",
            vision="Vision text",
            values_statement="Values text",
            jedi_practices="Practices text",
            website="https://full.example.org",
            city="Austin",
            region="Texas",
        )
        PersonFactory(name="Member Person", organization=organization)
        client.force_login(cast.users["viewer"])
        text = client.get(org_url("detail", organization)).text
        for value in (
            "Mission text",
            "Vision text",
            "Values text",
            "Practices text",
            "https://full.example.org",
            "Austin, Texas, United States",
            "External · Nonprofit",
            "Member Person",
            "History",
        ):
            assert value in text
        assert text.count("<h1") == 1
        assert (
            '<li class="breadcrumb-item"><a href="/directory/organizations/">Organizations' in text
        )

    def test_outsider_learns_of_no_partnership(self, cast, client):
        client.force_login(cast.users["outsider"])
        text = client.get(org_url("detail", cast.partner)).text
        assert "Other partnership" not in text
        assert "Own partnership" not in text
        assert "No partnerships that you take part in." in text

    def test_member_sees_only_the_partnerships_they_take_part_in(self, cast, client):
        client.force_login(cast.users["steward"])
        text = client.get(org_url("detail", cast.partner)).text
        assert "Own partnership" in text
        assert "Other partnership" not in text

    def test_platform_admin_sees_every_partnership(self, cast, client):
        client.force_login(cast.users["admin"])
        text = client.get(org_url("detail", cast.partner)).text
        assert "Own partnership" in text and "Other partnership" in text

    def test_edit_and_archive_only_for_editors(self, cast, client):
        client.force_login(cast.users["project_director"])
        text = client.get(org_url("detail", cast.partner)).text
        assert org_url("edit", cast.partner) not in text
        assert org_url("archive", cast.partner) not in text
        client.force_login(cast.users["steward"])
        text = client.get(org_url("detail", cast.partner)).text
        assert org_url("edit", cast.partner) in text
        assert f'action="{org_url("archive", cast.partner)}" data-confirm=' in text

    def test_unknown_organization_is_404(self, cast, client):
        client.force_login(cast.users["admin"])
        assert (
            client.get(reverse("directory:organization-detail", args=[999_999])).status_code == 404
        )


class TestOrganizationWrites:
    FORM = {
        "name": "Hispanic-Serving University",
        "kind": "external",
        "subtype": "university",
        "mission": "Open doors.",
        "website": "https://hsu.example.edu",
        "city": "El Paso",
        "region": "Texas",
        "country": "United States",
    }

    def test_non_editors_may_not_create(self, cast, client):
        client.force_login(cast.users["contributor"])
        assert client.get(org_url("create")).status_code == 403
        before = counts()
        assert client.post(org_url("create"), self.FORM).status_code == 403
        assert counts() == before

    def test_create(self, cast, client):
        client.force_login(cast.users["steward"])
        form_page = client.get(org_url("create")).text
        for label in ("Values statement", "JEDI practices", "Type of organization", "Website"):
            assert label in form_page
        response = client.post(org_url("create"), self.FORM)
        organization = Organization.objects.get(name="Hispanic-Serving University")
        assert response.status_code == 302 and response["Location"] == org_url(
            "detail", organization
        )
        assert messages_of(response) == ["“Hispanic-Serving University” added to the directory."]
        assert organization.history.get().history_user == cast.users["steward"]

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"name": ""}, "name", "This field is required."),
            ({"website": "not a url"}, "website", "Enter a valid URL."),
            ({"subtype": "spaceship"}, "subtype", "Select a valid choice."),
            ({"name": "partner university"}, "name", "already in the directory"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(
        self, cast, client, change, field, message
    ):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(org_url("create"), {**self.FORM, **change})
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == [field]
        assert message in " ".join(form.errors[field])
        assert f'id="id_{field}_error"' in response.text
        assert 'aria-invalid="true"' in response.text
        assert counts() == before

    def test_a_refusal_by_the_service_marks_its_field_invalid(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(org_url("create"), {**self.FORM, "name": "partner university"})
        name_input = re.search(r'<input[^>]*name="name"[^>]*>', response.text).group()
        assert "is-invalid" in re.search(r'class="([^"]*)"', name_input).group(1)

    def test_edit_is_recorded_in_history(self, cast, client):
        client.force_login(cast.users["steward"])
        data = {**self.FORM, "name": cast.partner.name, "city": "Baltimore"}
        response = client.post(org_url("edit", cast.partner), data)
        assert response.status_code == 302
        assert messages_of(response) == ["“Partner University” saved."]
        text = client.get(org_url("detail", cast.partner)).text
        assert "Changed</strong> by Steward" in text
        assert 'City: <del><span class="visually-hidden">before: </span>Reston</del>' in text
        assert '<ins><span class="visually-hidden">after: </span>Baltimore</ins>' in text

    def test_a_refused_edit_keeps_the_record(self, cast, client):
        client.force_login(cast.users["steward"])
        data = {**self.FORM, "name": "Host Society"}
        response = client.post(org_url("edit", cast.partner), data)
        assert "name" in response.context["form"].errors
        assert "Edit Partner University" in response.text
        cast.partner.refresh_from_db()
        assert cast.partner.name == "Partner University" and cast.partner.city == "Reston"

    def test_non_editors_may_not_edit_or_archive(self, cast, client):
        client.force_login(cast.users["project_director"])
        assert client.get(org_url("edit", cast.partner)).status_code == 403
        assert client.post(org_url("archive", cast.partner)).status_code == 403
        cast.partner.refresh_from_db()
        assert not cast.partner.is_archived

    def test_archive(self, cast, client):
        client.force_login(cast.users["admin"])
        assert client.get(org_url("archive", cast.partner)).status_code == 405
        response = client.post(org_url("archive", cast.partner))
        assert response.status_code == 302
        assert response["Location"] == org_url("detail", cast.partner)
        assert messages_of(response) == [
            "“Partner University” archived. It stays here with its history."
        ]
        text = client.get(org_url("detail", cast.partner)).text
        assert "Archived</span>" in text and "Archived</strong> by Admin" in text
        assert "Partner University" not in client.get(org_url("list")).text
        form = PersonForm(editor=cast.users["admin"])
        assert cast.partner not in form.fields["organization"].queryset


# --- People pages -------------------------------------------------------------------------------
class TestPersonList:
    @pytest.mark.parametrize(
        ("query", "names"),
        [
            ({"q": "ada"}, ["Ada Byron"]),
            ({"q": "countess@"}, ["Ada Byron"]),  # e-mail
            ({"q": "analyst"}, ["Ada Byron"]),  # title
            ({"q": "engine works"}, ["Ada Byron"]),  # organization name
            ({"level": "executive"}, ["Ada Byron"]),
            ({"level": "volunteer"}, []),
        ],
    )
    def test_search_and_filters(self, cast, client, query, names):
        works = OrganizationFactory(name="Engine Works")
        PersonFactory(
            name="Ada Byron",
            email="countess@example.org",
            title="Analyst",
            level="executive",
            organization=works,
        )
        client.force_login(cast.users["viewer"])
        response = client.get(person_url("list"), query)
        assert [p.name for p in response.context["page_obj"]] == names

    def test_filter_by_organization(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(person_url("list"), {"organization": cast.host.pk})
        assert list(response.context["page_obj"]) == []
        response = client.get(person_url("list"), {"organization": cast.partner.pk})
        assert len(response.context["page_obj"]) == 8

    def test_filter_by_part_of_the_organization_name(self, cast, client):
        PersonFactory(name="Ada Byron", organization=OrganizationFactory(name="Engine Works"))
        client.force_login(cast.users["viewer"])
        response = client.get(person_url("list"), {"organization_name": " ENGINE "})
        assert [p.name for p in response.context["page_obj"]] == ["Ada Byron"]
        response = client.get(person_url("list"), {"organization_name": "host"})
        assert list(response.context["page_obj"]) == []
        text = client.get(person_url("list")).text
        assert '<label class="form-label" for="id_organization_name">Organization' in text
        assert '<select name="organization"' not in text

    def test_organization_id_filter_is_a_box_to_untick(self, cast, client):
        client.force_login(cast.users["viewer"])
        text = client.get(person_url("list"), {"organization": cast.partner.pk}).text
        ticked = f'name="organization" value="{cast.partner.pk}" id="id_organization" checked>'
        assert ticked in text
        assert 'for="id_organization">Only people of Partner University</label>' in text
        # Unticked, the form sends no organization: the filter is gone.
        assert 'name="organization"' not in client.get(person_url("list"), {"level": ""}).text

    def test_page_does_not_grow_with_the_directory(self, cast, client):
        # The organization filter is a text box, not a select with an option per organization.
        client.force_login(cast.users["viewer"])

        def page():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(person_url("list"))
            return len(queries), len(response.content)

        before = page()
        OrganizationFactory.create_batch(40)
        assert page() == before

    def test_archived_people_only_on_request(self, cast, client):
        services.person_archive(person=cast.people["outsider"])
        client.force_login(cast.users["viewer"])
        assert "Outsider Person" not in client.get(person_url("list")).text
        text = client.get(person_url("list"), {"include_archived": "on"}).text
        assert "Outsider Person" in text

    def test_htmx_request_gets_only_the_results(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(person_url("list"), {"q": "steward"}, headers=HTMX)
        assert "<html" not in response.text
        assert "2 people match your search" in response.text
        normal = client.get(person_url("list"), {"q": "steward"})
        assert (
            "<html" in normal.text and '<div id="person-results" aria-live="polite">' in normal.text
        )

    def test_query_count_does_not_grow_with_rows(self, cast, client, django_assert_num_queries):
        client.force_login(cast.users["viewer"])
        PersonFactory.create_batch(5)
        with CaptureQueriesContext(connection) as five:
            assert client.get(person_url("list")).status_code == 200
        PersonFactory.create_batch(45)
        with django_assert_num_queries(len(five)):
            assert client.get(person_url("list")).status_code == 200


class TestPersonDetail:
    def test_shows_fields_and_roles_in_visible_partnerships_only(self, cast, client):
        person = cast.people["steward"]
        client.force_login(cast.users["viewer"])
        text = client.get(person_url("detail", person)).text
        assert person.email in text and "Partner University" in text and "Staff" in text
        assert "Own partnership" in text and "Steward" in text
        client.force_login(cast.users["outsider"])
        text = client.get(person_url("detail", person)).text
        assert "Own partnership" not in text
        text = client.get(person_url("detail", cast.people["other_steward"])).text
        assert "Other partnership" not in text
        assert "No roles in partnerships that you take part in." in text

    def test_edit_and_archive_only_for_editors(self, cast, client):
        person = cast.people["outsider"]
        client.force_login(cast.users["leader"])
        assert person_url("edit", person) not in client.get(person_url("detail", person)).text
        client.force_login(cast.users["admin"])
        text = client.get(person_url("detail", person)).text
        assert person_url("edit", person) in text and person_url("archive", person) in text


class TestPersonWrites:
    def form(self, cast, **change):
        return {
            "name": "Grace Hopper",
            "email": "Grace.Hopper@Example.org",
            "organization": cast.host.pk,
            "title": "Rear admiral",
            "level": "executive",
            "user": "",
            **change,
        }

    def test_create_with_a_user_account(self, cast, client):
        # Linking an account is an administrator's (test_directory_escalation.py).
        user = UserFactory(username="grace")
        client.force_login(cast.users["admin"])
        response = client.post(person_url("create"), self.form(cast, user=user.pk))
        person = Person.objects.get(name="Grace Hopper")
        assert response.status_code == 302 and response["Location"] == person_url("detail", person)
        assert person.email == "grace.hopper@example.org"
        assert person.user == user and person.organization == cast.host

    def test_form_offers_only_active_organizations_and_free_accounts(self, cast, client):
        archived = OrganizationFactory(name="Closed Chapter")
        services.organization_archive(organization=archived)
        client.force_login(cast.users["steward"])
        form = client.get(person_url("create")).context["form"]
        assert archived not in form.fields["organization"].queryset
        assert cast.host in form.fields["organization"].queryset
        assert cast.users["viewer"] not in form.fields["user"].queryset  # linked already

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"name": ""}, "name"),
            ({"email": "nope"}, "email"),
            ({"email": "VIEWER@example.org"}, "email"),  # duplicate, other letter case
            ({"level": "emperor"}, "level"),
            ({"user": "viewer"}, "user"),  # already linked to the Viewer Person
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, cast, client, change, field):
        Person.objects.filter(pk=cast.people["viewer"].pk).update(email="viewer@example.org")
        if change.get("user") == "viewer":
            change = {"user": cast.users["viewer"].pk}
        client.force_login(cast.users["admin"])
        before = counts()
        response = client.post(person_url("create"), self.form(cast, **change))
        assert response.status_code == 200
        assert list(response.context["form"].errors) == [field]
        assert counts() == before

    def test_edit_is_recorded_in_history(self, cast, client):
        # The outsider has an account: moving them is an administrator's.
        person = cast.people["outsider"]
        client.force_login(cast.users["admin"])
        data = self.form(
            cast, name=person.name, email=person.email, title="Chair", user=person.user_id
        )
        response = client.post(person_url("edit", person), data)
        assert response.status_code == 302
        person.refresh_from_db()
        assert (person.title, person.organization, person.user) == (
            "Chair",
            cast.host,
            cast.users["outsider"],
        )
        text = client.get(person_url("detail", person)).text
        assert "Changed</strong> by Admin" in text
        assert (
            'Organization: <del><span class="visually-hidden">before: </span>Partner University'
            in text
        )
        assert '<ins><span class="visually-hidden">after: </span>Host Society</ins>' in text

    def test_archive(self, cast, client):
        person = cast.people["outsider"]
        client.force_login(cast.users["admin"])
        response = client.post(person_url("archive", person))
        assert response.status_code == 302 and response["Location"] == person_url("detail", person)
        person.refresh_from_db()
        assert person.is_archived
        assert "Archived</span>" in client.get(person_url("detail", person)).text

    def test_non_editors_may_not_create_edit_or_archive(self, cast, client):
        person = cast.people["outsider"]
        client.force_login(cast.users["viewer"])
        before = counts()
        assert client.post(person_url("create"), self.form(cast)).status_code == 403
        assert client.get(person_url("edit", person)).status_code == 403
        assert client.post(person_url("archive", person)).status_code == 403
        assert counts() == before
