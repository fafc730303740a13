"""Pickers (accord/core/pickers.py): a select of organizations or people longer than
ACCORD_PICKER_LIMIT shows only that many, with a search box that asks the page for the others.

The limit is 3 here, so a handful of organizations stands in for a directory of thousands.
"""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db
LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.ACCORD_PICKER_LIMIT = LIMIT


@pytest.fixture
def many(cast):
    """Six organizations that may join the cast's partnership, and one archived one."""
    made = [OrganizationFactory(name=f"Riverside Group {n}") for n in range(1, 7)]
    OrganizationFactory(name="Riverside Group Archived", archived_at=timezone.now())
    return made


def member_add(cast):
    return reverse("partnerships:member-add", args=[cast.own.pk])


def options(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def pick(client, url, field, text):
    return client.get(url, {"pick": field, "q": text})


class TestTheSelect:
    def test_a_long_list_shows_the_limit_and_a_labelled_search_box(self, cast, client, many):
        client.force_login(cast.users["steward"])
        html = client.get(member_add(cast)).text
        shown = options(html, "id_organization")
        assert len(shown) == LIMIT + 1  # the empty choice, then the first three by name
        assert 'id="id_organization_find"' in html
        assert 'aria-label="Find an organization for “Organization”"' in html
        total = client.get(member_add(cast)).context["form"].fields["organization"].queryset.count()
        assert f"Showing {LIMIT} of {total};" in html

    def test_a_short_list_is_a_plain_select(self, cast, client, settings):
        settings.ACCORD_PICKER_LIMIT = 50
        client.force_login(cast.users["steward"])
        html = client.get(member_add(cast)).text
        assert 'id="id_organization_find"' not in html
        assert "data-picker-for" not in html

    def test_a_choice_beyond_the_first_few_is_accepted(self, cast, client, many):
        client.force_login(cast.users["steward"])
        last = many[-1]
        assert last.name not in options(client.get(member_add(cast)).text, "id_organization")
        client.post(
            member_add(cast),
            {"organization": last.pk, "kind": "partner", "joined_on": "2025-01-15"},
        )
        assert cast.own.memberships.get(organization=last).joined_on == date(2025, 1, 15)

    def test_a_refused_form_still_shows_what_was_chosen(self, cast, client, many):
        client.force_login(cast.users["steward"])
        last = many[-1]
        response = client.post(
            member_add(cast), {"organization": last.pk, "kind": "partner", "joined_on": "nope"}
        )
        assert "joined_on" in response.context["form"].errors
        html = response.text
        assert re.search(rf'<option value="{last.pk}" selected>{last.name}</option>', html)

    def test_the_chosen_partners_stay_listed(self, cast, client, many):
        client.force_login(cast.users["admin"])
        chosen = [many[-1].pk, many[-2].pk]
        response = client.post(
            reverse("partnerships:create"),
            {"title": "", "scope": "external", "host": many[0].pk, "partners": chosen},
        )
        assert "title" in response.context["form"].errors
        selected = re.findall(r'<option value="(\d+)" selected>', response.text)
        assert {str(pk) for pk in chosen} <= set(selected)


class TestTheSearch:
    def test_matches_come_from_what_the_form_would_accept(self, cast, client, many):
        client.force_login(cast.users["steward"])
        answer = pick(client, member_add(cast), "organization", "riverside").json()
        assert answer["more"] is True
        assert [o["label"] for o in answer["options"]] == [
            f"Riverside Group {n}" for n in (1, 2, 3)
        ]
        answer = pick(client, member_add(cast), "organization", "group 6").json()
        assert answer == {
            "options": [{"value": str(many[-1].pk), "label": "Riverside Group 6"}],
            "more": False,
        }
        # Archived organizations and current members are not offered.
        assert pick(client, member_add(cast), "organization", "archived").json()["options"] == []
        assert pick(client, member_add(cast), "organization", "Partner Univ").json() == {
            "options": [],
            "more": False,
        }

    def test_people_are_found_by_name_email_or_organization(self, cast, client, many):
        client.force_login(cast.users["steward"])
        url = reverse("partnerships:role-add", args=[cast.own.pk])
        PersonFactory(name="Ana Ortiz", email="ana@example.org", organization=many[4])
        for text in ("ortiz", "ana@example", "group 5"):
            labels = [o["label"] for o in pick(client, url, "person", text).json()["options"]]
            assert labels == ["Ana Ortiz (Riverside Group 5)"], text

    def test_the_person_form_picks_organizations(self, cast, client, many):
        client.force_login(cast.users["admin"])
        url = reverse("directory:person-create")
        html = client.get(url).text
        assert len(options(html, "id_organization")) == LIMIT + 1
        labels = [
            o["label"] for o in pick(client, url, "organization", "group 4").json()["options"]
        ]
        assert labels == ["Riverside Group 4"]

    def test_an_assessment_picks_its_candidate(self, cast, client, many):
        client.force_login(cast.users["steward"])
        url = reverse("alignment:assessment-create", args=[cast.own.pk])
        # Coming from discovery with a candidate beyond the first few: it is listed, and chosen.
        html = client.get(url, {"candidate": many[-1].pk}).text
        assert re.search(
            rf'<option value="{many[-1].pk}" selected>Riverside Group 6</option>', html
        )
        labels = [o["label"] for o in pick(client, url, "candidate", "group 2").json()["options"]]
        assert labels == ["Riverside Group 2"]
        assert pick(client, url, "candidate", "Partner Univ").json()["options"] == []

    def test_not_a_picker_is_not_found(self, cast, client, many):
        client.force_login(cast.users["steward"])
        assert pick(client, member_add(cast), "kind", "x").status_code == 404
        assert pick(client, member_add(cast), "nothing", "x").status_code == 404

    def test_access_comes_first(self, cast, client, many):
        client.force_login(cast.users["outsider"])
        assert pick(client, member_add(cast), "organization", "river").status_code == 404
        client.force_login(cast.users["viewer"])
        assert pick(client, member_add(cast), "organization", "river").status_code == 403
        client.logout()
        response = pick(client, member_add(cast), "organization", "river")
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]

    def test_a_search_costs_the_same_queries_however_many_match(self, cast, client, many):
        client.force_login(cast.users["steward"])
        with CaptureQueriesContext(connection) as few:
            pick(client, member_add(cast), "organization", "group 6")
        for n in range(7, 40):
            OrganizationFactory(name=f"Riverside Group {n}")
        with CaptureQueriesContext(connection) as lots:
            pick(client, member_add(cast), "organization", "riverside")
        assert len(lots.captured_queries) == len(few.captured_queries)

    def test_the_page_costs_the_same_queries_however_long_the_list(self, cast, client, many):
        client.force_login(cast.users["steward"])
        with CaptureQueriesContext(connection) as few:
            client.get(member_add(cast))
        for n in range(7, 40):
            OrganizationFactory(name=f"Riverside Group {n}")
        with CaptureQueriesContext(connection) as lots:
            response = client.get(member_add(cast))
        assert len(lots.captured_queries) == len(few.captured_queries)
        assert len(options(response.text, "id_organization")) == LIMIT + 1


class TestStakeholderGroups:
    """The directory's stakeholder groups grow with the platform: naming one as affected (R1)
    and recording those present at an engagement pick them, never list them all."""

    @pytest.fixture
    def groups(self):
        from tests.factories import StakeholderGroupFactory

        return [StakeholderGroupFactory(name=f"Riverside Elders {n}") for n in range(1, 7)]

    def test_naming_an_affected_group_picks_it(self, cast, client, groups):
        client.force_login(cast.users["steward"])
        url = reverse("relationships:stakeholders", args=[cast.own.pk])
        html = client.get(url).text
        assert len(options(html, "id_group")) == LIMIT + 1
        labels = [o["label"] for o in pick(client, url, "group", "elders 5").json()["options"]]
        assert labels == ["Riverside Elders 5"]
        # Only a steward searches; a viewer reads the page without the form.
        client.force_login(cast.users["viewer"])
        response = client.get(url, {"pick": "group", "q": "elders"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")

    def test_a_refused_form_still_searches_the_section(self, cast, client, groups):
        client.force_login(cast.users["steward"])
        page = reverse("relationships:stakeholders", args=[cast.own.pk])
        refused = client.post(
            reverse("relationships:affected-add", args=[cast.own.pk]),
            {"group": groups[-1].pk, "note": "x" * 100_000},
        )
        assert refused.status_code == 200 and "note" in refused.context["form"].errors
        assert f'data-picker-url="{page}"' in refused.text
        labels = [o["label"] for o in pick(client, page, "group", "elders 6").json()["options"]]
        assert labels == ["Riverside Elders 6"]

    def test_an_engagement_picks_the_groups_present(self, cast, client, groups):
        client.force_login(cast.users["steward"])
        url = reverse("relationships:engagement-add", args=[cast.own.pk])
        html = client.get(url).text
        assert len(options(html, "id_groups")) == LIMIT
        labels = [o["label"] for o in pick(client, url, "groups", "elders 6").json()["options"]]
        assert labels == ["Riverside Elders 6"]


class TestGroupRepresentation:
    """Recording which organization represents a stakeholder group (R1) picks it from the whole
    directory: the group page listed every organization (2,000 at scale, 83 ms)."""

    def test_the_group_page_picks_the_organization(self, cast, client, many):
        from tests.factories import StakeholderGroupFactory

        group = StakeholderGroupFactory(name="Riverside Elders")
        client.force_login(cast.users["steward"])
        url = group.get_absolute_url()
        html = client.get(url).text
        assert len(options(html, "id_organization")) == LIMIT + 1
        labels = [
            o["label"] for o in pick(client, url, "organization", "group 6").json()["options"]
        ]
        assert labels == ["Riverside Group 6"]  # the archived one is not offered
        assert pick(client, url, "organization", "archived").json()["options"] == []
        # A refused post shows the form again at the address that only takes posts: its picker
        # still searches the group's page.
        add = reverse("directory:group-representation-add", args=[group.pk])
        refused = client.post(add, {"organization": many[-1].pk, "how": "nope"})
        assert refused.status_code == 200 and "how" in refused.context["form"].errors
        assert f'data-picker-url="{url}"' in refused.text
        assert options(refused.text, "id_organization")[1] == "Riverside Group 6"
        # Who may not record one reads the page without the form, and finds no picker.
        client.force_login(cast.users["viewer"])
        answer = client.get(url, {"pick": "organization", "q": "group"})
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
        assert "id_organization" not in answer.text


def test_no_select_renders_a_template_per_option(cast, client):
    """Every select writes its options in one template (accord/templates/django/forms/widgets/
    select.html): a time zone list of 600 options cost about 80 ms through a template each."""
    from django.test.signals import template_rendered

    names = []

    def seen(sender, template, **kwargs):
        names.append(template.name)

    client.force_login(cast.users["steward"])
    template_rendered.connect(seen)
    try:
        html = client.get(reverse("relationships:engagement-add", args=[cast.own.pk])).text
    finally:
        template_rendered.disconnect(seen)
    assert "django/forms/widgets/select.html" in names
    assert "django/forms/widgets/select_option.html" not in names
    assert len(options(html, "id_time_zone")) > 300
    assert re.search(r'<option value="UTC" selected>UTC</option>', html)
