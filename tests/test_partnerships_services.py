"""Writes to partnerships, members and roles: one transaction each, refusals name the field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accord.core.access import Role
from accord.partnerships import services
from accord.partnerships.models import Membership, Partnership, PartnershipRole, StageChange
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Partnership.objects.count(),
        Membership.objects.count(),
        PartnershipRole.objects.count(),
        StageChange.objects.count(),
    )


class TestPartnershipCreate:
    def test_creates_host_partners_steward_and_first_stage(self):
        host, a, b = OrganizationFactory.create_batch(3)
        steward = PersonFactory()
        user = UserFactory()
        partnership = services.partnership_create(
            title="Pathways",
            purpose="Open pathways.",
            scope="mixed",
            host=host,
            partners=[a, b],
            steward=steward,
            created_by=user,
        )
        members = {(m.organization, m.kind) for m in partnership.memberships.all()}
        assert members == {(host, "host"), (a, "partner"), (b, "partner")}
        assert list(partnership.roles.values_list("person", "role")) == [(steward.pk, Role.STEWARD)]
        first = partnership.stage_changes.get()
        assert (first.from_stage, first.to_stage, first.changed_by) == ("", "exploring", user)

    def test_host_listed_as_partner_is_refused_and_nothing_written(self):
        host = OrganizationFactory()
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.partnership_create(title="T", purpose="P", host=host, partners=[host])
        assert "partners" in refused.value.message_dict
        assert counts() == before

    def test_a_failure_late_in_the_transaction_writes_nothing(self):
        archived_person = PersonFactory()
        archived_person.archived_at = archived_person.created_at
        archived_person.save()
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.partnership_create(
                title="T", purpose="P", host=OrganizationFactory(), steward=archived_person
            )
        assert "person" in refused.value.message_dict
        assert counts() == before

    def test_blank_title_is_refused(self):
        before = counts()
        with pytest.raises(ValidationError) as refused:
            services.partnership_create(title="", purpose="P")
        assert "title" in refused.value.message_dict
        assert counts() == before


class TestMembership:
    def test_an_organization_is_a_current_member_once(self):
        membership = MembershipFactory()
        with pytest.raises(ValidationError) as refused:
            services.membership_add(
                partnership=membership.partnership, organization=membership.organization
            )
        assert refused.value.message_dict["organization"] == [
            f"{membership.organization} is already a member of this partnership."
        ]
        assert Membership.objects.count() == 1

    def test_an_organization_that_left_may_join_again(self):
        membership = MembershipFactory(joined_on=date(2024, 1, 1))
        services.membership_update(membership=membership, left_on=date(2024, 6, 30))
        again = services.membership_add(
            partnership=membership.partnership, organization=membership.organization
        )
        assert again.is_current and not Membership.objects.get(pk=membership.pk).is_current

    def test_a_removed_member_may_be_added_again(self):
        membership = MembershipFactory()
        services.membership_archive(membership=membership)
        services.membership_add(
            partnership=membership.partnership, organization=membership.organization
        )
        assert membership.partnership.memberships.current().count() == 1

    def test_left_before_joined_is_refused_on_the_field(self):
        membership = MembershipFactory(joined_on=date(2025, 3, 1))
        with pytest.raises(ValidationError) as refused:
            services.membership_update(membership=membership, left_on=date(2025, 2, 1))
        assert refused.value.message_dict == {
            "left_on": ["The date left cannot be before the date joined."]
        }
        membership.refresh_from_db()
        assert membership.left_on is None

    def test_archived_organization_cannot_join(self):
        organization = OrganizationFactory()
        organization.archived_at = organization.created_at
        organization.save()
        with pytest.raises(ValidationError) as refused:
            services.membership_add(partnership=PartnershipFactory(), organization=organization)
        assert "organization" in refused.value.message_dict

    def test_membership_changes_are_in_its_history(self):
        membership = MembershipFactory(kind="partner")
        services.membership_update(membership=membership, kind="host")
        latest = membership.history.first()
        assert (latest.prev_record.kind, latest.kind) == ("partner", "host")


class TestRoles:
    def test_duplicate_current_role_is_refused_on_the_role_field(self):
        partnership, person = PartnershipFactory(), PersonFactory(name="Ada Lovelace")
        services.role_assign(partnership=partnership, person=person, role=Role.LEADER)
        with pytest.raises(ValidationError) as refused:
            services.role_assign(partnership=partnership, person=person, role=Role.LEADER)
        assert refused.value.message_dict == {
            "role": ["Ada Lovelace is already leader in this partnership."]
        }
        assert partnership.roles.count() == 1

    def test_a_person_may_hold_two_different_roles(self):
        partnership, person = PartnershipFactory(), PersonFactory()
        services.role_assign(partnership=partnership, person=person, role=Role.LEADER)
        services.role_assign(partnership=partnership, person=person, role=Role.CONTRIBUTOR)
        assert partnership.roles.count() == 2

    def test_a_role_taken_away_may_be_given_again(self):
        partnership, person = PartnershipFactory(), PersonFactory()
        first = services.role_assign(partnership=partnership, person=person, role=Role.VIEWER)
        services.role_archive(assignment=first)
        services.role_assign(partnership=partnership, person=person, role=Role.VIEWER)
        assert partnership.roles.filter(archived_at__isnull=True).count() == 1

    def test_changing_into_a_role_already_held_is_refused(self):
        partnership, person = PartnershipFactory(), PersonFactory()
        services.role_assign(partnership=partnership, person=person, role=Role.LEADER)
        viewer = services.role_assign(partnership=partnership, person=person, role=Role.VIEWER)
        with pytest.raises(ValidationError) as refused:
            services.role_update(assignment=viewer, role=Role.LEADER)
        assert "role" in refused.value.message_dict
        viewer.refresh_from_db()
        assert viewer.role == Role.VIEWER

    def test_unknown_role_is_refused(self):
        with pytest.raises(ValidationError) as refused:
            services.role_assign(
                partnership=PartnershipFactory(), person=PersonFactory(), role="emperor"
            )
        assert "role" in refused.value.message_dict
        assert PartnershipRole.objects.count() == 0


class TestProjectDirectors:
    """L6: exactly one active project director per member organization and partnership."""

    def setup_member(self):
        partnership, organization = PartnershipFactory(), OrganizationFactory(name="Mesa College")
        MembershipFactory(partnership=partnership, organization=organization)
        return partnership, organization

    def test_a_role_speaks_for_the_persons_organization(self):
        partnership, organization = self.setup_member()
        person = PersonFactory(organization=organization)
        role = services.role_assign(
            partnership=partnership, person=person, role=Role.PROJECT_DIRECTOR
        )
        assert role.organization == organization

    def test_a_second_director_for_the_same_organization_is_refused(self):
        partnership, organization = self.setup_member()
        first = PersonFactory(name="Ana Ortiz", organization=organization)
        services.role_assign(partnership=partnership, person=first, role=Role.PROJECT_DIRECTOR)
        second = PersonFactory(organization=organization)
        with pytest.raises(ValidationError) as refused:
            services.role_assign(partnership=partnership, person=second, role=Role.PROJECT_DIRECTOR)
        assert refused.value.message_dict == {
            "role": [
                "Mesa College already has a project director in this partnership: Ana Ortiz. "
                "Hand the role over instead."
            ]
        }
        assert partnership.roles.filter(role=Role.PROJECT_DIRECTOR).count() == 1

    def test_the_database_refuses_a_second_director_too(self):
        from django.db import IntegrityError, transaction

        partnership, organization = self.setup_member()
        PartnershipRole.objects.create(
            partnership=partnership,
            person=PersonFactory(organization=organization),
            role=Role.PROJECT_DIRECTOR,
            organization=organization,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            PartnershipRole.objects.create(
                partnership=partnership,
                person=PersonFactory(organization=organization),
                role=Role.PROJECT_DIRECTOR,
                organization=organization,
            )

    def test_a_director_of_an_organization_that_is_not_a_member_is_refused(self):
        partnership = PartnershipFactory()
        outsider = PersonFactory(organization=OrganizationFactory(name="Elsewhere Inc."))
        with pytest.raises(ValidationError) as refused:
            services.role_assign(
                partnership=partnership, person=outsider, role=Role.PROJECT_DIRECTOR
            )
        assert refused.value.message_dict == {
            "person": ["Elsewhere Inc. is not a member of this partnership."]
        }

    def test_after_the_director_leaves_the_role_another_may_take_it(self):
        partnership, organization = self.setup_member()
        first = services.role_assign(
            partnership=partnership,
            person=PersonFactory(organization=organization),
            role=Role.PROJECT_DIRECTOR,
        )
        services.role_archive(assignment=first)
        services.role_assign(
            partnership=partnership,
            person=PersonFactory(organization=organization),
            role=Role.PROJECT_DIRECTOR,
        )
        assert partnership.roles.filter(archived_at__isnull=True).count() == 1
