"""The culture profile (A4): who sees and changes it, its pages, its rules and its history."""

from datetime import date, time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.access import can
from accord.directory import access, services
from accord.directory.models import CultureProfile
from accord.partnerships import services as partnership_services
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def counts():
    return CultureProfile.objects.count(), CultureProfile.history.count()


def culture_url(organization, edit=False) -> str:
    name = "organization-culture-edit" if edit else "organization-culture"
    return reverse(f"directory:{name}", args=[organization.pk])


def detail_url(organization) -> str:
    return reverse("directory:organization-detail", args=[organization.pk])


FORM = {
    "decision_making": "The board decides twice a year.",
    "communication_preferences": "E-mail first.",
    "languages": " English \nSpanish\n\nenglish\nAmerican Sign Language (ASL)",
    "time_zone": "America/Chicago",
    "working_days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
    "working_hours_start": "08:30",
    "working_hours_end": "16:30",
    "holidays_and_calendars": "Closed the last week of December.",
    "accessibility_needs": "Captions at every meeting.",
    "notes": "",
}


# --- The rule -----------------------------------------------------------------------------------
class TestWhoSeesAndChanges:
    """cast.host is a member of `own` only; the actors' people belong to cast.partner."""

    def test_partners_in_a_live_partnership_see_it_and_stewards_change_it(self, cast):
        for role in cast.ROLES:
            assert can(cast.users[role], access.VIEW, cast.host), role
        editors = {r for r in cast.ROLES if can(cast.users[r], access.CHANGE, cast.host)}
        assert editors == {"steward"}

    def test_the_organizations_own_people_see_and_change_it_without_a_role(self, cast):
        outsider = cast.users["outsider"]  # a person of cast.partner, holding no role
        assert can(outsider, access.CHANGE, cast.partner)
        assert not can(outsider, access.VIEW, cast.host)

    def test_platform_admin_sees_and_changes_everything(self, cast):
        stranger = OrganizationFactory()
        assert can(cast.users["admin"], access.VIEW, stranger)
        assert can(cast.users["admin"], access.CHANGE, stranger)

    def test_a_steward_elsewhere_sees_nothing_of_an_unrelated_organization(self, cast):
        stranger = OrganizationFactory()
        assert not can(cast.users["steward"], access.VIEW, stranger)
        # A steward of the other partnership does not see the host of the own one.
        assert not can(cast.users["other_steward"], access.VIEW, cast.host)

    def test_a_former_member_is_no_longer_shared(self, cast):
        cast.own_membership.left_on = date.today()
        cast.own_membership.save()
        assert not can(cast.users["viewer"], access.VIEW, cast.host)

    def test_an_archived_partnership_shares_nothing(self, cast):
        partnership_services.partnership_archive(partnership=cast.own)
        assert not can(cast.users["steward"], access.VIEW, cast.host)
        assert can(cast.users["steward"], access.VIEW, cast.partner)  # their own

    def test_a_role_taken_away_ends_it(self, cast):
        partnership_services.role_archive(assignment=cast.own_role)
        assert not can(cast.users["viewer"], access.VIEW, cast.host)

    def test_anonymous_and_inactive_users_see_nothing(self, cast):
        assert not access.culture_visible_to(AnonymousUser()).exists()
        user = UserFactory(is_active=False)
        PersonFactory(organization=cast.host, user=user)
        assert not access.culture_visible_to(user).exists()

    def test_visible_organizations_as_one_queryset(self, cast):
        other_member = OrganizationFactory(name="Other Member")
        MembershipFactory(partnership=cast.other, organization=other_member)
        visible = set(access.culture_visible_to(cast.users["viewer"]))
        assert visible == {cast.host, cast.partner}
        assert other_member in set(access.culture_visible_to(cast.users["other_steward"]))


class TestTheStewardWhoAddedIt:
    """A steward who added an organization sees and fills in its culture profile while none of
    its people can sign in; the first of its people with an account takes over."""

    def test_added_through_the_page_until_its_people_sign_in(self, cast, client):
        steward = cast.users["steward"]
        client.force_login(steward)
        response = client.post(
            reverse("directory:organization-create"),
            {"name": "Eastside Neighbours", "kind": "external", "subtype": "community_group"},
        )
        assert response.status_code == 302
        added = access.culture_organizations().get(name="Eastside Neighbours")
        assert added.created_by == steward
        assert can(steward, access.VIEW, added) and can(steward, access.CHANGE, added)
        assert added in set(access.culture_visible_to(steward))
        # Another steward, who did not add it, does not.
        assert not can(cast.users["other_steward"], access.VIEW, added)
        # The organization page offers it, and the steward fills it in.
        text = client.get(detail_url(added)).text
        assert 'id="culture-heading"' in text and culture_url(added, edit=True) in text
        response = client.post(culture_url(added, edit=True), FORM)
        assert response.status_code == 302
        assert CultureProfile.objects.get(organization=added).history.get().history_user == steward
        # A contact without an account changes nothing; a person of its own who signs in does.
        PersonFactory(organization=added, name="Contact")
        assert can(steward, access.CHANGE, added)
        PersonFactory(organization=added, name="Chair", user=UserFactory())
        assert not can(steward, access.VIEW, added)
        assert added not in set(access.culture_visible_to(steward))
        assert client.get(culture_url(added)).status_code == 404

    def test_added_through_the_api(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            "/api/v1/organizations",
            {"name": "Westside Tenants", "subtype": "community_group"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        added = access.culture_organizations().get(name="Westside Tenants")
        assert added.created_by == cast.users["steward"]
        assert can(cast.users["steward"], access.CHANGE, added)

    def test_only_a_steward_who_added_it_gets_it(self, cast):
        added = services.organization_create(
            name="Northside Youth", subtype="community_group", created_by=cast.users["viewer"]
        )
        assert not can(cast.users["viewer"], access.VIEW, added)


# --- Pages --------------------------------------------------------------------------------------
class TestCulturePage:
    def test_not_filled_in_yet_with_a_link_for_those_who_may_fill_it_in(self, cast, client):
        client.force_login(cast.users["steward"])
        text = client.get(culture_url(cast.host)).text
        assert "Not filled in yet." in text and culture_url(cast.host, edit=True) in text
        client.force_login(cast.users["viewer"])
        text = client.get(culture_url(cast.host)).text
        assert "Not filled in yet." in text and culture_url(cast.host, edit=True) not in text

    def test_shows_the_profile_and_its_history(self, cast, client):
        services.culture_profile_save(organization=cast.host, **{"languages": ["English"]})
        client.force_login(cast.users["steward"])
        client.post(culture_url(cast.host, edit=True), FORM)
        client.force_login(cast.users["viewer"])
        text = client.get(culture_url(cast.host)).text
        for shown in (
            "The board decides twice a year.",
            "American Sign Language (ASL)",
            "America/Chicago",
            "16:30, Monday to Friday",
            "Captions at every meeting.",
            "History",
            "Changed</strong> by Steward",
            "Created</strong> by Accord",
        ):
            assert shown in text, shown
        assert text.count("<h1") == 1

    @pytest.mark.parametrize("actor", ["outsider", "other_steward"])
    def test_those_who_may_not_see_it_get_404(self, cast, client, actor):
        client.force_login(cast.users[actor])
        assert client.get(culture_url(cast.host)).status_code == 404
        assert client.get(culture_url(cast.host, edit=True)).status_code == 404

    def test_unknown_organization_is_404(self, cast, client):
        client.force_login(cast.users["admin"])
        url = reverse("directory:organization-culture", args=[999_999])
        assert client.get(url).status_code == 404

    def test_the_organization_page_shows_the_section_only_to_those_who_may_see_it(
        self, cast, client
    ):
        services.culture_profile_save(
            organization=cast.host, languages=["English", "Lakota"], time_zone="America/Chicago"
        )
        client.force_login(cast.users["contributor"])
        text = client.get(detail_url(cast.host)).text
        assert 'id="culture-heading"' in text and "English, Lakota" in text
        client.force_login(cast.users["outsider"])
        response = client.get(detail_url(cast.host))
        assert response.status_code == 200  # the rest of the page stays visible
        assert 'id="culture-heading"' not in response.text and "Lakota" not in response.text

    def test_the_organization_page_offers_to_fill_it_in(self, cast, client):
        client.force_login(cast.users["outsider"])
        text = client.get(detail_url(cast.partner)).text
        assert "Not filled in yet." in text and culture_url(cast.partner, edit=True) in text

    def test_query_count_does_not_grow_with_history(self, cast, client):
        client.force_login(cast.users["viewer"])

        def churn(n):
            for index in range(n):
                services.culture_profile_save(organization=cast.host, notes=f"Note {n}-{index}")

        churn(5)
        with CaptureQueriesContext(connection) as five:
            assert client.get(culture_url(cast.host)).status_code == 200
        churn(45)
        with CaptureQueriesContext(connection) as fifty:
            assert client.get(culture_url(cast.host)).status_code == 200
        assert len(fifty) == len(five)


class TestCultureEdit:
    def test_a_person_of_the_organization_without_a_role_fills_in_their_own(self, cast, client):
        client.force_login(cast.users["outsider"])
        form_page = client.get(culture_url(cast.partner, edit=True))
        assert form_page.status_code == 200 and "Fill in the culture profile" in form_page.text
        response = client.post(culture_url(cast.partner, edit=True), FORM)
        assert response.status_code == 302 and response["Location"] == culture_url(cast.partner)
        profile = CultureProfile.objects.get(organization=cast.partner)
        assert profile.languages == ["English", "Spanish", "American Sign Language (ASL)"]
        assert (profile.working_hours_start, profile.working_hours_end) == (
            time(8, 30),
            time(16, 30),
        )
        assert profile.history.get().history_user == cast.users["outsider"]

    def test_saving_the_same_again_records_nothing(self, cast, client):
        client.force_login(cast.users["steward"])
        client.post(culture_url(cast.host, edit=True), FORM)
        client.post(culture_url(cast.host, edit=True), FORM)
        assert CultureProfile.history.count() == 1
        client.post(culture_url(cast.host, edit=True), {**FORM, "notes": "New note."})
        assert CultureProfile.history.count() == 2

    def test_the_time_zone_select_is_grouped_and_labelled_by_place(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(culture_url(cast.host, edit=True))
        choices = response.context["form"].fields["time_zone"].choices
        regions = [group for group, _ in choices[1:]]
        assert regions[:2] == ["Africa", "America"] and "Other" in regions
        america = dict(dict(choices[1:])["America"])
        assert america["America/New_York"].startswith("New York (UTC")
        assert america["America/Argentina/Buenos_Aires"].startswith("Buenos Aires, Argentina")
        assert '<optgroup label="Europe">' in response.text
        assert 'type="time"' in response.text

    def test_only_canonical_time_zones_are_offered_each_once(self, cast, client):
        client.force_login(cast.users["steward"])
        choices = client.get(culture_url(cast.host, edit=True)).context["form"]
        choices = choices.fields["time_zone"].choices
        names = [name for _, zones in choices[1:] for name, _ in zones]
        labels = [label for _, zones in choices[1:] for _, label in zones]
        for alias in ("US/Eastern", "Asia/Calcutta", "America/Buenos_Aires", "Europe/Kiev", "GMT"):
            assert alias not in names, alias
        for canonical in ("Asia/Kolkata", "Europe/Kyiv", "America/Chicago", "UTC"):
            assert canonical in names, canonical
        assert len(names) == len(set(names)) and len(labels) == len(set(labels))

    def test_an_alias_is_stored_as_the_canonical_name(self, cast, client):
        profile = services.culture_profile_save(organization=cast.host, time_zone="US/Eastern")
        assert profile.time_zone == "America/New_York"
        profile = services.culture_profile_save(organization=cast.host, time_zone="Etc/UTC")
        assert profile.time_zone == "UTC"
        # A name saved before is shown as the one it stands for.
        CultureProfile.objects.filter(pk=profile.pk).update(time_zone="Asia/Calcutta")
        client.force_login(cast.users["steward"])
        form = client.get(culture_url(cast.host, edit=True)).context["form"]
        assert form["time_zone"].value() == "Asia/Kolkata"

    def test_working_days_are_chosen_and_shown(self, cast, client):
        client.force_login(cast.users["steward"])
        days = ["sunday", "monday", "tuesday", "wednesday", "thursday"]
        response = client.post(culture_url(cast.host, edit=True), FORM | {"working_days": days})
        assert response.status_code == 302
        profile = CultureProfile.objects.get(organization=cast.host)
        assert profile.working_days == ["monday", "tuesday", "wednesday", "thursday", "sunday"]
        text = client.get(culture_url(cast.host)).text
        assert "08:30\u201316:30, Sunday to Thursday" in text
        response = client.post(culture_url(cast.host, edit=True), FORM | {"working_days": []})
        assert response.status_code == 200
        assert response.context["form"].errors["working_days"] == [
            "Choose at least one working day."
        ]

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
            ({"working_hours_end": "08:00"}, "working_hours_end", "must end after they start"),
            ({"working_hours_end": "08:30"}, "working_hours_end", "must end after they start"),
            ({"working_hours_end": ""}, "working_hours_end", "Give the end of working hours"),
            ({"working_hours_start": ""}, "working_hours_start", "Give the start of working"),
            ({"working_hours_start": "25:00"}, "working_hours_start", "Enter a valid time."),
            ({"languages": "\n".join(f"L{n}" for n in range(31))}, "languages", "at most 30"),
            ({"languages": "x" * 101}, "languages", "at most 100 characters"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(
        self, cast, client, change, field, message
    ):
        services.culture_profile_save(organization=cast.host, notes="Saved before.")
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(culture_url(cast.host, edit=True), {**FORM, **change})
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == [field]
        assert message in " ".join(form.errors[field])
        assert f'id="id_{field}_error"' in response.text
        assert "Nothing was saved." in response.text
        assert counts() == before
        assert CultureProfile.objects.get(organization=cast.host).notes == "Saved before."

    def test_a_first_save_refused_creates_nothing(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            culture_url(cast.host, edit=True), {**FORM, "working_hours_end": "07:00"}
        )
        assert "working_hours_end" in response.context["form"].errors
        assert counts() == (0, 0)

    @pytest.mark.parametrize("actor", ["viewer", "stakeholder", "leader", "project_director"])
    def test_partners_without_the_steward_role_get_403(self, cast, client, actor):
        client.force_login(cast.users[actor])
        assert client.get(culture_url(cast.host, edit=True)).status_code == 403
        assert client.post(culture_url(cast.host, edit=True), FORM).status_code == 403
        assert counts() == (0, 0)

    def test_a_steward_fills_in_a_member_organizations_profile(self, cast, client):
        client.force_login(cast.users["steward"])
        assert client.post(culture_url(cast.host, edit=True), FORM).status_code == 302
        assert CultureProfile.objects.filter(organization=cast.host).exists()


class TestServiceRules:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"time_zone": "Not/AZone"}, "time_zone"),
            ({"time_zone": "../../etc/passwd"}, "time_zone"),
            ({"working_hours_start": time(9)}, "working_hours_end"),
            ({"working_hours_end": time(9)}, "working_hours_start"),
            ({"working_hours_start": time(9), "working_hours_end": time(9)}, "working_hours_end"),
            ({"languages": "English"}, "languages"),
            ({"time_zone": "CET"}, "time_zone"),
            ({"working_days": []}, "working_days"),
            ({"working_days": ["monday", "someday"]}, "working_days"),
            ({"working_days": "monday"}, "working_days"),
        ],
    )
    def test_refused_with_the_field_named(self, fields, field):
        organization = OrganizationFactory()
        with pytest.raises(ValidationError) as excinfo:
            services.culture_profile_save(organization=organization, **fields)
        assert field in excinfo.value.message_dict
        assert counts() == (0, 0)

    def test_unknown_fields_are_a_programming_error(self):
        with pytest.raises(TypeError):
            services.culture_profile_save(organization=OrganizationFactory(), organization_id=1)

    def test_a_steward_of_an_archived_partnership_may_no_longer_edit(self, cast):
        steward = UserFactory()
        person = PersonFactory(user=steward)
        RoleFactory(partnership=cast.other, person=person, role="steward")
        member = OrganizationFactory()
        MembershipFactory(partnership=cast.other, organization=member)
        assert can(steward, access.CHANGE, member)
        partnership_services.partnership_archive(partnership=cast.other)
        assert not can(steward, access.CHANGE, member)
