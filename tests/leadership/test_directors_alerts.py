"""When a project director is archived or leaves their organization, the role ends and every
steward is alerted once (L6): a post_save receiver on the directory's Person, after the commit."""

import pytest
from django.db import transaction

from accord.accounts.models import Notification
from accord.directory.models import Person
from accord.directory.services import person_archive, person_update
from accord.partnerships.models import PartnershipRole
from tests.factories import OrganizationFactory, PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def director_role(cast):
    return PartnershipRole.objects.get(partnership=cast.own, role="project_director")


def fresh(person) -> Person:
    # The cast's objects are shared by the whole class: change copies, never them.
    return Person.objects.get(pk=person.pk)


def gap_alerts():
    return Notification.objects.filter(kind="director_gap")


class TestDirectorLeaves:
    def test_archiving_the_director_ends_the_role_and_alerts_each_steward_once(
        self, cast, django_capture_on_commit_callbacks
    ):
        second = PersonFactory(organization=cast.host, user=UserFactory(username="second_st"))
        RoleFactory(partnership=cast.own, person=second, role="steward")
        with django_capture_on_commit_callbacks(execute=True):
            person_archive(person=fresh(cast.people["project_director"]))
        role = director_role(cast)
        assert role.archived_at is not None
        alerts = gap_alerts()
        assert sorted(alerts.values_list("user__username", flat=True)) == ["second_st", "steward"]
        alert = alerts.get(user=cast.users["steward"])
        assert alert.title == "Partner University has no project director in Own partnership"
        assert alert.body.startswith(
            "Project Director Person was archived in the directory, so they no longer speak for "
            "Partner University. Accord ended their role as project director"
        )
        assert alert.url == f"/partnerships/{cast.own.pk}/project-directors/"
        assert alert.key == f"director-gap:{role.pk}:{cast.users['steward'].pk}"

    def test_moving_to_another_organization_ends_the_role(
        self, cast, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            person_update(
                by=cast.users["admin"],
                person=fresh(cast.people["project_director"]),
                organization=OrganizationFactory(name="New Employer"),
            )
        assert director_role(cast).archived_at is not None
        assert (
            gap_alerts()
            .get()
            .body.startswith("Project Director Person now belongs to New Employer")
        )

    def test_the_alert_is_sent_once_however_often_the_person_is_saved(
        self, cast, django_capture_on_commit_callbacks
    ):
        person = fresh(cast.people["project_director"])
        with django_capture_on_commit_callbacks(execute=True):
            person_archive(person=person)
        with django_capture_on_commit_callbacks(execute=True):
            person.title = "Retired"
            person.save()
        assert gap_alerts().count() == 1

    def test_other_changes_leave_the_role_alone(self, cast, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            person_update(
                person=fresh(cast.people["project_director"]), by=cast.users["admin"], title="Dean"
            )
        assert callbacks == []  # nothing watched changed: no work queued
        assert director_role(cast).archived_at is None and not gap_alerts().exists()

    def test_a_leader_who_leaves_is_no_gap(self, cast, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            person_archive(person=fresh(cast.people["leader"]))
        assert not gap_alerts().exists()

    def test_a_change_rolled_back_ends_nothing(self, cast, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    person_archive(person=fresh(cast.people["project_director"]))
                    raise RuntimeError("undo")
            except RuntimeError:
                pass
        assert callbacks == []
        assert director_role(cast).archived_at is None and not gap_alerts().exists()

    def test_the_alert_is_emailed_over_smtp(
        self, cast, smtp_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            person_archive(person=fresh(cast.people["project_director"]))
        [message] = smtp_server.wait_for(1)
        assert message["To"] == "steward@example.org"
        # A long subject is folded onto a second line; unfolded, it may keep a leading space.
        assert message["Subject"].strip() == (
            "[Accord] Partner University has no project director in Own partnership"
        )
        assert f"/partnerships/{cast.own.pk}/project-directors/" in message.get_content()

    def test_the_gap_is_flagged_and_a_successor_can_be_named(
        self, cast, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            person_archive(person=fresh(cast.people["project_director"]))
        client.force_login(cast.users["steward"])
        response = client.get(f"/partnerships/{cast.own.pk}/project-directors/")
        flagged = {row.organization.name for row in response.context["flagged"]}
        assert flagged == {"Host Society", "Partner University"}
        assert "Former project directors" in response.text
        assert "Project Director Person</strong> for Partner University" in response.text
