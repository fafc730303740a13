"""Project directors (L6): naming a first director, handovers and their refusals.

The cast: in `own`, the project director leads for `cast.partner`; `cast.host` has none. The
contributor (of `cast.partner`, with an account) is the usual nominee.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.accounts.models import Notification
from accord.directory.models import Person
from accord.leadership.models import ProjectDirectorHandover
from accord.leadership.services import directors as services
from accord.partnerships.models import Partnership, PartnershipRole
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = ProjectDirectorHandover.Status


def counts():
    """Handovers, director roles (all) and notifications: what a refusal must leave alone."""
    return (
        ProjectDirectorHandover.objects.count(),
        PartnershipRole.objects.filter(role="project_director").count(),
        Notification.objects.count(),
    )


def current_director_of(partnership, organization):
    role = PartnershipRole.objects.filter(
        partnership=partnership,
        organization=organization,
        role="project_director",
        archived_at__isnull=True,
    ).first()
    return role.person if role else None


def nominate(cast, *, by="steward", person=None, organization=None, note=""):
    return services.handover_nominate(
        partnership=cast.own,
        organization=organization or cast.partner,
        incoming=person or cast.people["contributor"],
        nominated_by=cast.users[by],
        note=note,
    )


def refused(call) -> dict:
    """The field errors of a refused call."""
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


class TestNominate:
    def test_a_steward_nominates_and_the_nominee_is_told(self, cast):
        handover = nominate(cast, note="Ready when you are.")
        assert handover.status == Status.PENDING
        assert handover.outgoing.person == cast.people["project_director"]
        notice = Notification.objects.get(user=cast.users["contributor"])
        assert notice.kind == "director_handover"
        assert notice.title == (
            "You are nominated as project director of Partner University in Own partnership"
        )
        assert "taking over from Project Director Person" in notice.body
        assert "Ready when you are." in notice.body
        assert notice.url.endswith(f"/project-directors/handovers/{handover.pk}/")

    def test_the_nominee_gets_an_email_with_the_link(
        self, cast, smtp_server, settings, django_capture_on_commit_callbacks
    ):
        settings.ACCORD_BASE_URL = "https://accord.example.org"
        with django_capture_on_commit_callbacks(execute=True):
            handover = nominate(cast)
        [message] = smtp_server.wait_for(1)
        assert message["To"] == "contributor@example.org"
        assert "You are nominated as project director" in message["Subject"]
        link = f"https://accord.example.org/partnerships/{cast.own.pk}/project-directors/"
        assert f"{link}handovers/{handover.pk}/" in message.get_content()

    def test_the_current_director_nominates_their_successor(self, cast):
        handover = nominate(cast, by="project_director")
        assert handover.nominated_by == cast.users["project_director"]

    @pytest.mark.parametrize("actor", ["leader", "contributor", "viewer"])
    def test_others_may_not_nominate(self, cast, actor):
        before = counts()
        with pytest.raises(PermissionDenied):
            nominate(cast, by=actor)
        assert counts() == before

    def test_the_director_of_one_organization_may_not_nominate_for_another(self, cast):
        host_person = PersonFactory(organization=cast.host, user=UserFactory())
        with pytest.raises(PermissionDenied):
            nominate(cast, by="project_director", organization=cast.host, person=host_person)

    def test_someone_of_another_organization_is_refused(self, cast):
        elsewhere = PersonFactory(
            name="Ana Ortiz", organization=OrganizationFactory(name="Elsewhere Inc.")
        )
        before = counts()
        errors = refused(lambda: nominate(cast, person=elsewhere))
        assert errors == {
            "incoming": [
                "Ana Ortiz belongs to Elsewhere Inc., not to Partner University: a project "
                "director speaks for their own organization."
            ]
        }
        assert counts() == before

    def test_an_archived_person_is_refused(self, cast):
        person = PersonFactory(name="Gone Person", organization=cast.partner, user=UserFactory())
        person.archived_at = person.created_at
        person.save()
        before = counts()
        errors = refused(lambda: nominate(cast, person=person))
        assert errors == {
            "incoming": ["Gone Person is archived in the directory, so cannot be project director."]
        }
        assert counts() == before

    def test_someone_without_an_account_is_refused(self, cast):
        person = PersonFactory(name="No Login", organization=cast.partner)
        before = counts()
        errors = refused(lambda: nominate(cast, person=person))
        assert "No Login has no Accord account, so they could not accept." in errors["incoming"][0]
        assert counts() == before

    def test_the_current_director_cannot_be_nominated_again(self, cast):
        errors = refused(lambda: nominate(cast, person=cast.people["project_director"]))
        assert errors == {
            "incoming": [
                "Project Director Person is already the project director of Partner University."
            ]
        }

    def test_a_second_waiting_handover_for_the_same_organization_is_refused(self, cast):
        first = nominate(cast)
        other = PersonFactory(organization=cast.partner, user=UserFactory())
        before = counts()
        errors = refused(lambda: nominate(cast, person=other))
        assert errors["organization"][0].startswith(
            "A handover for Partner University is already waiting for Contributor Person"
        )
        assert counts() == before
        assert first.status == Status.PENDING

    def test_an_organization_that_is_not_a_member_is_refused(self, cast):
        stranger = OrganizationFactory(name="Not A Member")
        person = PersonFactory(organization=stranger, user=UserFactory())
        errors = refused(lambda: nominate(cast, organization=stranger, person=person))
        assert errors == {
            "organization": ["Not A Member is not a current member of this partnership."]
        }

    def test_a_note_too_long_is_refused(self, cast):
        errors = refused(lambda: nominate(cast, note="x" * 2001))
        assert errors == {"note": ["Keep the note under 2000 characters."]}

    def test_an_archived_partnership_is_refused(self, cast):
        archived = Partnership.objects.get(pk=cast.own.pk)
        archived.archived_at = archived.created_at
        archived.save()
        with pytest.raises(ValidationError, match="archived"):
            services.handover_nominate(
                partnership=archived,
                organization=cast.partner,
                incoming=cast.people["contributor"],
                nominated_by=cast.users["steward"],
            )


class TestAnswer:
    def test_accepting_hands_the_role_over_in_one_go(self, cast):
        handover = nominate(cast, by="project_director")
        Notification.objects.all().delete()
        old_role = PartnershipRole.objects.get(
            partnership=cast.own, role="project_director", archived_at__isnull=True
        )
        done = services.handover_accept(handover=handover, user=cast.users["contributor"])
        assert done.status == Status.ACCEPTED and done.decided_at is not None
        old_role.refresh_from_db()
        assert old_role.archived_at is not None
        assert current_director_of(cast.own, cast.partner) == cast.people["contributor"]
        assert done.outgoing == old_role
        # The nominator (the old director here) and the steward hear of it, once each.
        told = set(Notification.objects.values_list("user__username", flat=True))
        assert told == {"project_director", "steward"}
        assert Notification.objects.filter(user=cast.users["steward"]).get().title == (
            "Contributor Person is now the project director of Partner University"
        )
        # The audit trail has both changes of the role.
        assert old_role.history.filter(archived_at__isnull=False).exists()

    def test_accepting_where_there_was_no_director(self, cast):
        person = PersonFactory(organization=cast.host, user=UserFactory())
        handover = nominate(cast, organization=cast.host, person=person)
        assert handover.outgoing is None
        services.handover_accept(handover=handover, user=person.user)
        assert current_director_of(cast.own, cast.host) == person

    def test_accepting_someone_elses_handover_is_refused(self, cast):
        handover = nominate(cast)
        before = counts()
        for actor in ("steward", "project_director", "admin"):
            with pytest.raises(PermissionDenied):
                services.handover_accept(handover=handover, user=cast.users[actor])
        assert counts() == before
        handover.refresh_from_db()
        assert handover.status == Status.PENDING

    def test_accepting_twice_writes_nothing_the_second_time(self, cast):
        handover = nominate(cast)
        services.handover_accept(handover=handover, user=cast.users["contributor"])
        before = counts()
        errors = refused(
            lambda: services.handover_accept(handover=handover, user=cast.users["contributor"])
        )
        assert errors["status"][0].startswith("This handover was already accepted on ")
        assert counts() == before

    def test_a_nominee_who_left_the_organization_meanwhile_cannot_accept(self, cast):
        handover = nominate(cast)
        # A fresh copy: the cast's objects are shared by the whole class.
        Person.objects.filter(pk=cast.people["contributor"].pk).update(
            organization=OrganizationFactory(name="New Employer")
        )
        handover.refresh_from_db()
        before = counts()
        errors = refused(
            lambda: services.handover_accept(handover=handover, user=cast.users["contributor"])
        )
        assert "Contributor Person belongs to New Employer, not to" in errors["incoming"][0]
        assert counts() == before

    def test_declining_keeps_the_director_and_tells_the_nominator(self, cast):
        handover = nominate(cast, by="project_director")
        done = services.handover_decline(handover=handover, user=cast.users["contributor"])
        assert done.status == Status.DECLINED and done.decided_at is not None
        assert current_director_of(cast.own, cast.partner) == cast.people["project_director"]
        notice = Notification.objects.get(user=cast.users["project_director"])
        assert notice.title == (
            "Contributor Person declined to become project director of Partner University"
        )
        assert "Project Director Person stays project director." in notice.body

    def test_declining_someone_elses_handover_is_refused(self, cast):
        handover = nominate(cast)
        with pytest.raises(PermissionDenied):
            services.handover_decline(handover=handover, user=cast.users["leader"])

    def test_the_steward_cancels_and_the_nominee_is_told(self, cast):
        handover = nominate(cast, by="project_director")
        done = services.handover_cancel(handover=handover, user=cast.users["steward"])
        assert done.status == Status.CANCELLED
        assert Notification.objects.filter(
            user=cast.users["contributor"], title__contains="was withdrawn"
        ).exists()
        # A new nomination may follow.
        nominate(cast)

    def test_whoever_nominated_may_withdraw_but_not_others(self, cast):
        handover = nominate(cast, by="project_director")
        with pytest.raises(PermissionDenied):
            services.handover_cancel(handover=handover, user=cast.users["leader"])
        services.handover_cancel(handover=handover, user=cast.users["project_director"])

    def test_a_decided_handover_cannot_be_cancelled(self, cast):
        handover = nominate(cast)
        services.handover_decline(handover=handover, user=cast.users["contributor"])
        errors = refused(
            lambda: services.handover_cancel(handover=handover, user=cast.users["steward"])
        )
        assert errors["status"][0].startswith("This handover was already declined on ")


class TestNameFirstDirector:
    def test_a_member_without_a_director_gets_one_at_once(self, cast):
        person = PersonFactory(name="Hana Host", organization=cast.host, user=UserFactory())
        role = services.director_name(
            partnership=cast.own, organization=cast.host, person=person, named_by=None
        )
        assert role.organization == cast.host and role.person == person
        assert Notification.objects.get(user=person.user).title == (
            "You are now the project director of Host Society in Own partnership"
        )

    def test_a_person_without_an_account_may_be_named(self, cast):
        person = PersonFactory(organization=cast.host)
        services.director_name(partnership=cast.own, organization=cast.host, person=person)
        assert current_director_of(cast.own, cast.host) == person

    def test_an_organization_with_a_director_is_refused(self, cast):
        person = PersonFactory(organization=cast.partner)
        before = counts()
        errors = refused(
            lambda: services.director_name(
                partnership=cast.own, organization=cast.partner, person=person
            )
        )
        assert errors == {
            "organization": [
                "Partner University already has a project director: Project Director Person. "
                "Hand the role over instead."
            ]
        }
        assert counts() == before

    def test_someone_of_another_organization_is_refused(self, cast):
        errors = refused(
            lambda: services.director_name(
                partnership=cast.own, organization=cast.host, person=cast.people["leader"]
            )
        )
        assert (
            "Leader Person belongs to Partner University, not to Host Society"
            in errors["person"][0]
        )

    def test_refused_while_a_nomination_waits(self, cast):
        nominee = PersonFactory(organization=cast.host, user=UserFactory())
        nominate(cast, organization=cast.host, person=nominee)
        errors = refused(
            lambda: services.director_name(
                partnership=cast.own,
                organization=cast.host,
                person=PersonFactory(organization=cast.host),
            )
        )
        assert "already waiting for" in errors["organization"][0]

    def test_a_former_member_is_refused(self, cast):
        former = OrganizationFactory(name="Left Already")
        MembershipFactory(partnership=cast.own, organization=former, left_on=timezone.localdate())
        errors = refused(
            lambda: services.director_name(
                partnership=cast.own,
                organization=former,
                person=PersonFactory(organization=former),
            )
        )
        assert errors == {
            "organization": ["Left Already is not a current member of this partnership."]
        }
