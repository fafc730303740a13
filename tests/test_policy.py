"""The one access policy (accord/core/policy.py): its table, and one object agreeing with a list."""

import pytest
from django.utils import timezone

from accord.alignment.models import Assessment
from accord.alignment.services.assessments import assessment_start, assessor_add
from accord.core.access import can, require
from accord.core.policy import ACTIONS, ROLE_PERMISSIONS, Perm, Role, roles_granting
from accord.core.policy import action as action_named
from accord.core.rules import partnership_of
from accord.leadership.models import Announcement, ProjectDirectorHandover
from accord.partnerships.models import Membership, Partnership
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTORS = ("outsider", *(role for role in ROLE_PERMISSIONS), "admin")


def test_every_role_has_a_row_and_sees_its_partnership():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    assert all(Perm.VIEW in perms for perms in ROLE_PERMISSIONS.values())


def test_every_partnership_wide_permission_is_an_action():
    assert set(Perm.values) <= set(ACTIONS)


def test_an_unknown_action_is_an_error_not_a_refusal(cast):
    with pytest.raises(KeyError, match="no action"):
        can(cast.users["steward"], "partnerships.partnership.delete", cast.own)


def test_who_may_be_asked_to_sign_comes_from_the_policy():
    assert roles_granting("leadership.mou.sign") == {Role.LEADER, Role.PROJECT_DIRECTOR}


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Perm.VIEW, set(ROLE_PERMISSIONS) | {"admin"}),
        (Perm.CHANGE, {"steward", "project_director", "admin"}),
        ("leadership.announcement.write", {"steward", "project_director", "leader", "admin"}),
        ("leadership.record.log_for_others", {"steward", "admin"}),
        # Speaking for an organization is a person's own act: the administrator has no role.
        ("alignment.charter.endorse", {"project_director", "leader"}),
        ("directory.edit", {"steward", "admin"}),
        ("partnerships.partnership.create", {"steward", "admin"}),
        ("alignment.rubric.manage", {"admin"}),
        ("directory.person.link_account", {"admin"}),
    ],
)
def test_the_table_for_the_cast(cast, action, allowed):
    granted = {actor for actor in ACTORS if can(cast.users[actor], action, cast.own)}
    assert granted == allowed


class TestOneObjectAgreesWithTheList:
    """`can(user, action, obj)` and `Model.objects.allowing(user, action)` are one rule."""

    def objects(self, cast):
        assessment = assessment_start(
            partnership=cast.own, candidate=OrganizationFactory(), created_by=cast.users["admin"]
        )
        assessor_add(assessment=assessment, person=cast.people["contributor"], direction="host")
        handover = ProjectDirectorHandover.objects.create(
            partnership=cast.own,
            organization=cast.partner,
            incoming=cast.people["viewer"],
            nominated_by=cast.users["project_director"],
        )
        draft = Announcement.objects.create(
            partnership=cast.own,
            author=cast.people["leader"],
            created_by=cast.users["leader"],
            title="Draft",
            body="Not yet sent.",
        )
        return {
            Partnership: (cast.own, [Perm.VIEW, Perm.CHANGE, "leadership.announcement.write"]),
            Membership: (
                cast.partner_membership,
                [Perm.MANAGE_MEMBERS, "leadership.handover.nominate"],
            ),
            Assessment: (
                assessment,
                ["alignment.assessment.view", "alignment.assessment.score"],
            ),
            ProjectDirectorHandover: (
                handover,
                [
                    "leadership.handover.view",
                    "leadership.handover.answer",
                    "leadership.handover.cancel",
                ],
            ),
            Announcement: (
                draft,
                ["leadership.announcement.read", "leadership.announcement.manage"],
            ),
        }

    def test_single_checks_match_the_lists(self, cast):
        for model, (obj, actions) in self.objects(cast).items():
            for action in actions:
                for actor in ACTORS:
                    user = cast.users[actor]
                    one = can(user, action, obj)
                    listed = model.objects.allowing(user, action).filter(pk=obj.pk).exists()
                    assert one == listed, (model.__name__, action, actor)
                    # Within the object's partnership (the history page reads each model's rows
                    # of one partnership), the rule folds its partnership-wide parts.
                    rule = action_named(action).rule
                    within = rule.q_in(user, model, partnership_of(obj))
                    assert one == model.objects.filter(within, pk=obj.pk).exists(), (
                        model.__name__,
                        action,
                        actor,
                    )

    def test_the_named_predicates_pick_the_right_people(self, cast):
        objects = self.objects(cast)

        def who(action, obj):
            return {actor for actor in ACTORS if can(cast.users[actor], action, obj)}

        assessment = objects[Assessment][0]
        handover = objects[ProjectDirectorHandover][0]
        draft = objects[Announcement][0]
        assert who("alignment.assessment.score", assessment) == {"contributor"}
        assert who("leadership.handover.answer", handover) == {"viewer"}
        # The nominator (the project director) and stewards withdraw a nomination.
        assert who("leadership.handover.cancel", handover) == {
            "project_director",
            "steward",
            "admin",
        }
        assert who("leadership.announcement.manage", draft) == {"leader", "steward", "admin"}
        readers = who("leadership.announcement.read", draft)
        assert readers == {"leader", "project_director", "steward", "admin"}


class TestExceptionsLastOnlyWhileTheirReasonLasts:
    """The two ways to see something of a partnership without a role (docs/decisions.md)."""

    def test_a_nominee_sees_their_nomination_only_while_it_waits(self, cast, client):
        nominee = PersonFactory(organization=cast.partner, user=UserFactory())
        handover = ProjectDirectorHandover.objects.create(
            partnership=cast.own,
            organization=cast.partner,
            incoming=nominee,
            nominated_by=cast.users["steward"],
        )
        page = f"/partnerships/{cast.own.pk}/project-directors/handovers/{handover.pk}/"
        api = f"/api/v1/partnerships/{cast.own.pk}/project-directors/handovers/{handover.pk}"
        client.force_login(nominee.user)
        assert client.get(page).status_code == 200
        assert client.get(api).status_code == 200
        assert client.get(f"/partnerships/{cast.own.pk}/").status_code == 404
        handover.status, handover.decided_at = "cancelled", timezone.now()
        handover.save()
        assert client.get(page).status_code == 404
        assert client.get(api).status_code == 404

    def test_a_nominee_who_declines_is_answered_and_then_sees_nothing(self, cast, client):
        nominee = PersonFactory(organization=cast.partner, user=UserFactory())
        handover = ProjectDirectorHandover.objects.create(
            partnership=cast.own,
            organization=cast.partner,
            incoming=nominee,
            nominated_by=cast.users["steward"],
        )
        client.force_login(nominee.user)
        base = f"/api/v1/partnerships/{cast.own.pk}/project-directors/handovers/{handover.pk}"
        response = client.post(f"{base}/decline")
        # The answer comes from what was written, not from a reload the nominee may not do.
        assert response.status_code == 200 and response.json()["status"] == "declined"
        assert client.get(base).status_code == 404

    def test_a_candidate_side_assessor_sees_the_assessment_only_while_assigned(self, cast):
        candidate = OrganizationFactory()
        assessor_person = PersonFactory(organization=candidate, user=UserFactory())
        assessment = assessment_start(
            partnership=cast.own, candidate=candidate, created_by=cast.users["admin"]
        )
        assessor = assessor_add(
            assessment=assessment, person=assessor_person, direction="candidate"
        )
        user = assessor_person.user
        assert Assessment.objects.visible_to(user).filter(pk=assessment.pk).exists()
        assert not Partnership.objects.visible_to(user).exists()
        assessor.archived_at = timezone.now()
        assessor.save()
        assert not Assessment.objects.visible_to(user).filter(pk=assessment.pk).exists()

    def test_require_explains_a_missing_person(self, cast):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied, match="not linked to a person"):
            require(cast.users["admin"], "alignment.charter.comment", cast.own)


def test_a_rule_through_a_many_valued_relation_is_refused(cast):
    from accord.core.rules import ME, Where

    rule = Where("a member's person", through="memberships", person__user=ME)
    with pytest.raises(ValueError, match="not a single-valued relation"):
        rule.q(cast.users["viewer"], Partnership)
    with pytest.raises(ValueError, match="not both"):
        Where("both", in_partnership=True, through="partnership", person__user=ME)
