"""Partnership pages end to end: list and live search, detail, lifecycle, members and roles."""

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.partnerships.models import Membership, Partnership, PartnershipRole, StageChange
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Partnership.objects.count(),
        Membership.objects.count(),
        PartnershipRole.objects.count(),
        StageChange.objects.count(),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail(partnership) -> str:
    return reverse("partnerships:detail", args=[partnership.pk])


class TestList:
    def test_shows_only_visible_partnerships_with_member_counts(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(reverse("partnerships:list"))
        assert list(response.context["page_obj"]) == [cast.own]
        assert response.context["page_obj"][0].member_count == 2
        assert "Other partnership" not in response.text
        assert "New partnership" not in response.text  # a viewer may not create

    def test_outsider_sees_an_empty_list(self, cast, client):
        client.force_login(cast.users["outsider"])
        response = client.get(reverse("partnerships:list"))
        assert not response.context["page_obj"].object_list
        assert "You do not take part in any partnership yet." in response.text

    @pytest.mark.parametrize(
        ("query", "found"),
        [
            ({"q": "own"}, True),
            ({"q": "under-represented"}, True),  # purpose
            ({"q": "partner univ"}, True),  # a member organization's name
            ({"q": "nothing like it"}, False),
            ({"stage": "exploring"}, True),
            ({"stage": "active"}, False),
            ({"scope": "external"}, True),
            ({"scope": "internal"}, False),
        ],
    )
    def test_search_and_filters(self, cast, client, query, found):
        client.force_login(cast.users["steward"])
        response = client.get(reverse("partnerships:list"), query)
        assert (cast.own in response.context["page_obj"].object_list) is found

    def test_filter_by_member_organization(self, cast, client):
        client.force_login(cast.users["admin"])
        url = reverse("partnerships:list")
        response = client.get(url, {"organization": cast.host.pk})
        assert list(response.context["page_obj"]) == [cast.own]
        response = client.get(url, {"organization": cast.partner.pk})
        # Filtering by a member must not narrow the member count of the rows found.
        assert {(p.title, p.member_count) for p in response.context["page_obj"]} == {
            ("Own partnership", 2),
            ("Other partnership", 1),
        }

    def test_filter_by_part_of_a_member_organization_name(self, cast, client):
        client.force_login(cast.users["admin"])
        url = reverse("partnerships:list")
        response = client.get(url, {"organization_name": " host soc "})
        assert list(response.context["page_obj"]) == [cast.own]
        response = client.get(url, {"organization_name": "university", "stage": "exploring"})
        assert {p.title for p in response.context["page_obj"]} == {
            "Own partnership",
            "Other partnership",
        }
        assert not client.get(url, {"organization_name": "nobody"}).context["page_obj"]
        text = client.get(url).text
        assert '<label class="form-label" for="id_organization_name">Member organization' in text
        assert '<select name="organization"' not in text

    def test_organization_id_filter_is_a_box_to_untick(self, cast, client):
        client.force_login(cast.users["admin"])
        url = reverse("partnerships:list")
        text = client.get(url, {"organization": cast.host.pk}).text
        ticked = f'name="organization" value="{cast.host.pk}" id="id_organization" checked>'
        assert ticked in text
        assert ">Only partnerships with Host Society as a member</label>" in text
        # Unticked, the form sends no organization: the filter is gone.
        response = client.get(url, {"organization_name": ""})
        assert 'name="organization"' not in response.text
        assert len(response.context["page_obj"]) == 2

    def test_organization_without_visible_partnerships_lists_none(self, cast, client):
        # Before, such an id was dropped as an invalid choice and every partnership was listed.
        client.force_login(cast.users["steward"])
        lonely = OrganizationFactory(name="Lonely Lab")
        response = client.get(reverse("partnerships:list"), {"organization": lonely.pk})
        assert not response.context["page_obj"].object_list
        assert "Only partnerships with Lonely Lab as a member" in response.text

    def test_page_does_not_grow_with_the_directory(self, cast, client, settings):
        # The organization filter is a text box, not a select with an option per organization.
        settings.ACCORD_PAGE_SIZE = 1  # page 1 shows "Other partnership"; "Own" is on page 2
        client.force_login(cast.users["admin"])
        url = reverse("partnerships:list")

        def page():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert list(response.context["page_obj"]) == [cast.other]
            return len(queries), len(response.content)

        before = page()
        for organization in OrganizationFactory.create_batch(40):
            MembershipFactory(partnership=cast.own, organization=organization)
        assert page() == before

    def test_archived_partnerships_are_listed_only_when_asked(self, cast, client):
        client.force_login(cast.users["steward"])
        client.post(reverse("partnerships:archive", args=[cast.own.pk]))
        url = reverse("partnerships:list")
        assert not client.get(url).context["page_obj"].object_list
        listed = client.get(url, {"include_archived": "on"}).context["page_obj"].object_list
        assert list(listed) == [cast.own]

    def test_htmx_request_gets_only_the_results(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(
            reverse("partnerships:list"), {"q": "own"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert "<html" not in response.text and "<table" in response.text
        assert "Own partnership" in response.text
        assert "HX-Request" in response["Vary"]
        full = client.get(reverse("partnerships:list"), {"q": "own"})
        assert "<html" in full.text and 'aria-live="polite"' in full.text
        assert 'hx-get="/partnerships/"' in full.text

    def test_htmx_history_restore_gets_the_whole_page(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(
            reverse("partnerships:list"),
            headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
        )
        assert "<html" in response.text

    def test_pagination(self, client, admin_user):
        PartnershipFactory.create_batch(30)
        client.force_login(admin_user)
        first = client.get(reverse("partnerships:list"))
        assert len(first.context["page_obj"]) == 25
        second = client.get(reverse("partnerships:list"), {"page": 2})
        assert len(second.context["page_obj"]) == Partnership.objects.count() - 25
        assert "Page 2 of 2" in second.text

    def test_bad_filter_values_do_not_fail(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(
            reverse("partnerships:list"), {"stage": "nope", "organization": "x", "page": "zz"}
        )
        assert response.status_code == 200
        assert list(response.context["page_obj"]) == [cast.own]


class TestDetail:
    def test_shows_members_roles_timeline_and_history(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(detail(cast.own))
        text = response.text
        assert "<h1" in text and text.count("<h1") == 1
        for shown in ("Host Society", "Partner University", "Steward Person", "Project director"):
            assert shown in text
        assert "Timeline" in text and "History" in text
        # A viewer sees no buttons for what their role does not allow.
        for hidden in ("Edit details", "Archive", "Give a role", "Add a member", "Move to"):
            assert hidden not in text

    def test_history_is_loaded_on_demand_with_a_link_for_browsers_without_javascript(
        self, cast, client
    ):
        client.force_login(cast.users["viewer"])
        history_url = reverse("partnerships:history", args=[cast.own.pk])
        page = client.get(detail(cast.own))
        assert "history" not in page.context
        assert f'hx-get="{history_url}" hx-trigger="revealed"' in page.text
        assert f'<a href="{history_url}">' in page.text

    def test_history_page_and_its_htmx_fragment(self, cast, client):
        client.force_login(cast.users["steward"])
        client.post(reverse("partnerships:transition", args=[cast.own.pk]), {"to_stage": "forming"})
        url = reverse("partnerships:history", args=[cast.own.pk])
        whole = client.get(url)
        assert whole.text.count("<h1") == 1 and "Changed</strong> by Steward" in whole.text
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert "<html" not in fragment.text and "<h1" not in fragment.text
        assert "Changed</strong> by Steward" in fragment.text
        assert "HX-Request" in fragment["Vary"]

    def test_steward_gets_the_move_form_with_the_allowed_stages(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(detail(cast.own))
        choices = [
            value for value, _ in response.context["transition_form"].fields["to_stage"].choices
        ]
        assert choices == ["", "forming", "concluded"]
        for shown in ("Edit details", "Archive", "Give a role", "Add a member organization"):
            assert shown in response.text

    def test_project_director_may_edit_but_not_move(self, cast, client):
        client.force_login(cast.users["project_director"])
        response = client.get(detail(cast.own))
        assert "Edit details" in response.text and "Move to" not in response.text


class TestTransition:
    def url(self, cast):
        return reverse("partnerships:transition", args=[cast.own.pk])

    def test_steward_moves_the_partnership_and_the_timeline_shows_it(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            self.url(cast), {"to_stage": "forming", "note": "Partners agreed."}, follow=True
        )
        cast.own.refresh_from_db()
        assert cast.own.stage == "forming"
        change = cast.own.stage_changes.last()
        assert (change.from_stage, change.changed_by) == ("exploring", cast.users["steward"])
        assert "The partnership is now forming." in response.text
        assert "Partners agreed." in response.text
        history = client.get(reverse("partnerships:history", args=[cast.own.pk]))
        assert "Changed</strong> by Steward" in history.text  # history entry by the steward

    def test_formalized_is_refused_with_the_mou_message(self, cast, client):
        client.force_login(cast.users["steward"])
        client.post(self.url(cast), {"to_stage": "forming"})
        before = counts()
        response = client.post(self.url(cast), {"to_stage": "formalized"}, follow=True)
        assert counts() == before
        cast.own.refresh_from_db()
        assert cast.own.stage == "forming"
        assert any("executed memorandum of understanding" in m for m in messages_of(response))
        assert "alert-danger" in response.text and "this partnership has none yet" in response.text

    def test_illegal_move_is_refused_with_the_lifecycle_reason(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(self.url(cast), {"to_stage": "active"}, follow=True)
        assert counts() == before
        assert "A partnership cannot move from exploring to active." in response.text

    def test_nonsense_stage_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(self.url(cast), {"to_stage": "<script>"}, follow=True)
        assert response.status_code == 200 and counts() == before
        assert "The stage was not changed" in response.text

    def test_viewer_gets_403(self, cast, client):
        client.force_login(cast.users["viewer"])
        assert client.post(self.url(cast), {"to_stage": "forming"}).status_code == 403
        cast.own.refresh_from_db()
        assert cast.own.stage == "exploring"


class TestCreateAndEdit:
    def test_steward_creates_a_partnership_and_becomes_its_steward(self, cast, client):
        client.force_login(cast.users["steward"])
        partner = OrganizationFactory(name="Tribal College")
        response = client.post(
            reverse("partnerships:create"),
            {
                "title": "Bridges",
                "purpose": "Build bridges.",
                "scope": "mixed",
                "host": cast.host.pk,
                "partners": [cast.partner.pk, partner.pk],
            },
        )
        partnership = Partnership.objects.get(title="Bridges")
        assert response.url == detail(partnership)
        assert {m.organization.name for m in partnership.memberships.all()} == {
            "Host Society",
            "Partner University",
            "Tribal College",
        }
        assert partnership.memberships.get(kind="host").organization == cast.host
        steward = partnership.roles.get()
        assert (steward.person, steward.role) == (cast.people["steward"], "steward")

    def test_named_steward_is_used(self, cast, client):
        client.force_login(cast.users["admin"])
        person = PersonFactory()
        client.post(
            reverse("partnerships:create"),
            {
                "title": "Named",
                "purpose": "P",
                "scope": "external",
                "host": cast.host.pk,
                "steward": person.pk,
            },
        )
        assert Partnership.objects.get(title="Named").roles.get().person == person

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"title": ""}, "title"),
            ({"title": "x" * 201}, "title"),
            ({"purpose": "   "}, "purpose"),
            ({"scope": "galactic"}, "scope"),
            ({"host": "999999"}, "host"),
            ({"host": ""}, "host"),
            ({"partners": ["nope"]}, "partners"),
            ({"steward": "999999"}, "steward"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, cast, client, changes, field):
        client.force_login(cast.users["steward"])
        data = {"title": "T", "purpose": "P", "scope": "external", "host": cast.host.pk, **changes}
        before = counts()
        response = client.post(reverse("partnerships:create"), data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert f'id="id_{field}_error"' in response.text
        assert counts() == before

    def test_host_cannot_also_be_a_partner(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            reverse("partnerships:create"),
            {
                "title": "T",
                "purpose": "P",
                "scope": "external",
                "host": cast.host.pk,
                "partners": [cast.host.pk],
            },
        )
        assert "partners" in response.context["form"].errors and counts() == before

    def test_contributor_may_not_create(self, cast, client):
        client.force_login(cast.users["contributor"])
        assert client.get(reverse("partnerships:create")).status_code == 403

    def test_edit_saves_and_history_shows_the_change(self, cast, client):
        client.force_login(cast.users["project_director"])
        url = reverse("partnerships:edit", args=[cast.own.pk])
        form = client.get(url).context["form"]
        assert form.initial["title"] == "Own partnership"
        response = client.post(
            url, {"title": "Renamed", "purpose": "New.", "scope": "mixed"}, follow=True
        )
        cast.own.refresh_from_db()
        assert (cast.own.title, cast.own.scope) == ("Renamed", "mixed")
        assert "Renamed" in response.text
        history = client.get(reverse("partnerships:history", args=[cast.own.pk])).text
        assert '<del><span class="visually-hidden">before: </span>Own partnership</del>' in history

    def test_edit_with_bad_input_writes_nothing(self, cast, client):
        client.force_login(cast.users["steward"])
        url = reverse("partnerships:edit", args=[cast.own.pk])
        response = client.post(url, {"title": "", "purpose": "New.", "scope": "mixed"})
        assert "title" in response.context["form"].errors
        cast.own.refresh_from_db()
        assert cast.own.title == "Own partnership" and cast.own.scope == "external"


class TestMembers:
    def test_add_lists_only_organizations_that_are_not_members(self, cast, client):
        client.force_login(cast.users["steward"])
        candidate = OrganizationFactory(name="Community Group")
        form = client.get(reverse("partnerships:member-add", args=[cast.own.pk])).context["form"]
        offered = set(form.fields["organization"].queryset)
        assert candidate in offered
        assert cast.host not in offered and cast.partner not in offered

    def test_add_a_member(self, cast, client):
        client.force_login(cast.users["steward"])
        candidate = OrganizationFactory(name="Community Group")
        response = client.post(
            reverse("partnerships:member-add", args=[cast.own.pk]),
            {"organization": candidate.pk, "kind": "partner", "joined_on": "2025-01-15"},
            follow=True,
        )
        membership = cast.own.memberships.get(organization=candidate)
        assert membership.joined_on == date(2025, 1, 15)
        assert "Community Group added as a member." in response.text

    def test_adding_a_current_member_again_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            reverse("partnerships:member-add", args=[cast.own.pk]),
            {"organization": cast.partner.pk, "kind": "partner", "joined_on": "2025-01-15"},
        )
        assert "organization" in response.context["form"].errors and counts() == before

    def test_left_before_joined_is_a_field_error(self, cast, client):
        client.force_login(cast.users["steward"])
        membership = cast.partner_membership
        url = reverse("partnerships:member-edit", args=[cast.own.pk, membership.pk])
        response = client.post(
            url, {"kind": "partner", "joined_on": "2025-05-01", "left_on": "2025-04-01"}
        )
        assert response.context["form"].errors["left_on"] == [
            "The date left cannot be before the date joined."
        ]
        membership.refresh_from_db()
        assert membership.left_on is None

    def test_edit_and_remove_a_member(self, cast, client):
        client.force_login(cast.users["steward"])
        membership = cast.partner_membership
        url = reverse("partnerships:member-edit", args=[cast.own.pk, membership.pk])
        client.post(url, {"kind": "partner", "joined_on": "2024-01-01", "left_on": "2025-01-01"})
        membership.refresh_from_db()
        assert membership.left_on == date(2025, 1, 1)
        client.post(reverse("partnerships:member-remove", args=[cast.own.pk, membership.pk]))
        membership.refresh_from_db()
        assert membership.is_archived
        page = client.get(detail(cast.own)).text
        members_section = page.split('id="members-heading"')[1].split('id="roles-heading"')[0]
        assert "Host Society" in members_section
        assert "Partner University" not in members_section

    def test_a_membership_of_another_partnership_is_not_found(self, cast, client):
        client.force_login(cast.users["steward"])
        url = reverse("partnerships:member-edit", args=[cast.own.pk, cast.other_membership.pk])
        assert client.get(url).status_code == 404


class TestRoles:
    def test_give_a_role(self, cast, client):
        client.force_login(cast.users["steward"])
        person = PersonFactory(name="Grace Hopper")
        response = client.post(
            reverse("partnerships:role-add", args=[cast.own.pk]),
            {"person": person.pk, "role": "leader"},
            follow=True,
        )
        assert cast.own.roles.filter(person=person, role="leader").exists()
        assert "Grace Hopper is now leader." in response.text

    def test_duplicate_role_is_a_field_error(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            reverse("partnerships:role-add", args=[cast.own.pk]),
            {"person": cast.people["viewer"].pk, "role": "viewer"},
        )
        assert response.context["form"].errors["role"] == [
            "Viewer Person is already viewer in this partnership."
        ]
        assert 'id="id_role_error"' in response.text
        assert "is-invalid" in re.search(r'<select name="role"[^>]*>', response.text).group()
        assert counts() == before

    def test_remove_a_role(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            reverse("partnerships:role-remove", args=[cast.own.pk, cast.own_role.pk])
        )
        assert response.url == detail(cast.own)
        cast.own_role.refresh_from_db()
        assert cast.own_role.is_archived
        client.force_login(cast.users["viewer"])
        assert client.get(detail(cast.own)).status_code == 404

    def test_steward_removing_their_own_role_lands_on_the_list(self, cast, client):
        client.force_login(cast.users["steward"])
        own = cast.own.roles.get(role="steward")
        response = client.post(reverse("partnerships:role-remove", args=[cast.own.pk, own.pk]))
        assert response.url == reverse("partnerships:list")


DETAIL_QUERIES = 8


def test_the_roles_table_gives_the_same_roles_as_the_policy(cast):
    from accord.core.rules import roles_of
    from accord.partnerships.queries import roles_by_rank, roles_held_by

    roles = roles_by_rank(cast.own)
    for user in cast.users.values():
        fresh = Partnership.objects.get(pk=cast.own.pk)
        assert roles_held_by(user, roles) == roles_of(user, fresh), user


class TestQueryBudgets:
    """The list and detail pages cost the same number of queries with 5 rows and with 50."""

    @staticmethod
    def count_queries(client, url) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def test_list_page(self, client):
        person = PersonFactory()
        from tests.factories import UserFactory

        user = UserFactory()
        person.user = user
        person.save()

        def add(n):
            for partnership in PartnershipFactory.create_batch(n):
                RoleFactory(partnership=partnership, person=person, role="steward")
                MembershipFactory.create_batch(2, partnership=partnership)

        client.force_login(user)
        add(5)
        five = self.count_queries(client, reverse("partnerships:list"))
        add(45)
        fifty = self.count_queries(client, reverse("partnerships:list"))
        assert five == fifty

    def test_detail_page(self, cast, client):
        client.force_login(cast.users["steward"])

        def add(n):
            MembershipFactory.create_batch(n, partnership=cast.own)
            RoleFactory.create_batch(n, partnership=cast.own, role="contributor")

        add(3)  # with the cast's own: 5 members
        five = self.count_queries(client, detail(cast.own))
        add(45)
        fifty = self.count_queries(client, detail(cast.own))
        # Session, user, the partnership, the roles (also the steward's own), the members (the
        # steward's role here tells that every member's culture profile is theirs to see), the
        # timeline (one UNION ALL), unread notifications, the resources card (one query, M5); the
        # history on demand.
        assert five == fifty == DETAIL_QUERIES

    def test_detail_page_before_formalizing(self, cast, client):
        """Where the next stage needs an executed MOU, what is missing costs one more query,
        whatever the partnership's MOUs are."""
        from django.utils import timezone

        from accord.leadership.models import Mou
        from accord.partnerships.services import partnership_transition

        partnership_transition(partnership=cast.own, to_stage="forming")
        client.force_login(cast.users["steward"])
        counts = []
        for status, expires_on in (
            ("", None),
            ("out_for_signature", None),
            ("executed", date(2021, 1, 1)),
        ):
            if status:
                Mou.objects.create(
                    partnership=cast.own,
                    title=f"MOU {status}",
                    status=status,
                    executed_at=timezone.now() if status == "executed" else None,
                    effective_on=date(2020, 1, 1),
                    expires_on=expires_on,
                )
            response = client.get(detail(cast.own))
            assert response.context["unmet"], status
            counts.append(self.count_queries(client, detail(cast.own)))
        assert counts == [DETAIL_QUERIES + 1] * 3

    def test_detail_page_as_administrator(self, cast, client):
        """The administrator sees every culture profile by the rule's first clause: the rule
        folds to no subquery at all, and the page pays no more than the steward's."""
        from accord.directory.access import culture_visible_to

        admin = cast.users["admin"]
        assert "SELECT" not in str(culture_visible_to(admin).query).split("WHERE", 1)[1]
        client.force_login(admin)
        MembershipFactory.create_batch(3, partnership=cast.own)
        five = self.count_queries(client, detail(cast.own))
        MembershipFactory.create_batch(45, partnership=cast.own)
        assert self.count_queries(client, detail(cast.own)) == five <= DETAIL_QUERIES
