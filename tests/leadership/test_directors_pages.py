"""Project directors pages (L6): each member's director or the flag, nominating, the nominee's
page to accept or decline, naming a first director, the flag on the partnership page; plain
posts without JavaScript, and the same number of queries with 5 members or 50."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.accounts.models import Notification
from accord.leadership.models import ProjectDirectorHandover
from accord.leadership.services.directors import handover_nominate
from accord.partnerships.models import PartnershipRole
from tests.factories import MembershipFactory, PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = ProjectDirectorHandover.Status


def url(name, cast, *args, side="own"):
    return reverse(f"leadership:{name}", args=[cast.partnership(side).pk, *args])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def counts():
    return (
        ProjectDirectorHandover.objects.count(),
        PartnershipRole.objects.filter(role="project_director").count(),
        Notification.objects.count(),
    )


def nominated(cast, person=None, by="steward") -> ProjectDirectorHandover:
    return handover_nominate(
        partnership=cast.own,
        organization=cast.partner,
        incoming=person or cast.people["contributor"],
        nominated_by=cast.users[by],
    )


def director(cast, organization):
    role = PartnershipRole.objects.filter(
        partnership=cast.own,
        organization=organization,
        role="project_director",
        archived_at__isnull=True,
    ).first()
    return role.person if role else None


class TestDirectorsPage:
    def test_each_member_with_its_director_or_the_flag(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(url("directors", cast))
        text = response.text
        assert response.status_code == 200
        rows = {row.organization.name: row for row in response.context["rows"]}
        assert rows["Host Society"].flagged and rows["Host Society"].director is None
        assert rows["Partner University"].director.person == cast.people["project_director"]
        assert "1 member organization without a project director:</strong> Host Society." in text
        assert 'class="badge text-bg-warning director-flag">No project director' in text
        crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', text, re.S).group(1)
        assert [c.strip() for c in re.findall(r">([^<>]+)</(?:a|li)>", crumbs)] == [
            "Home",
            "Partnerships",
            "Own partnership",
            "Project directors",
        ]
        assert 'aria-current="page">Project directors</a>' in text  # the section tab
        # A viewer reads only.
        assert "Hand over" not in text and "Name a project director" not in text

    def test_steward_may_name_and_hand_over(self, cast, client):
        client.force_login(cast.users["steward"])
        text = client.get(url("directors", cast)).text
        assert url("director-name", cast, cast.host.pk) in text
        assert url("director-handover-create", cast, cast.partner.pk) in text

    def test_a_director_may_hand_over_their_own_organization_only(self, cast, client):
        client.force_login(cast.users["project_director"])
        text = client.get(url("directors", cast)).text
        assert url("director-handover-create", cast, cast.partner.pk) in text
        assert url("director-handover-create", cast, cast.host.pk) not in text
        assert url("director-name", cast, cast.host.pk) not in text

    def test_waiting_handover_and_history(self, cast, client):
        declined = nominated(cast, by="project_director")
        declined.status, declined.decided_at = Status.DECLINED, declined.created_at
        declined.save()
        nominated(cast, person=PersonFactory(organization=cast.partner, user=UserFactory()))
        client.force_login(cast.users["steward"])
        response = client.get(url("directors", cast))
        text = response.text
        assert len(response.context["pending"]) == 1
        assert "is nominated as project director of Partner University, after Project " in text
        assert "Withdraw" in text
        assert list(response.context["page_obj"].object_list) == [declined]
        assert ">Declined</span>" in text
        # The nominee is offered their page.
        client.force_login(cast.users["contributor"])
        assert "Answer your nomination" not in client.get(url("directors", cast)).text

    def test_outsider_and_other_partnership_are_404(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert client.get(url("directors", cast)).status_code == 404
        client.force_login(cast.users["steward"])
        assert client.get(url("directors", cast, side="other")).status_code == 404

    def test_same_queries_with_5_members_and_50(self, cast, client):
        client.force_login(cast.users["steward"])

        def add(n):
            for _ in range(n):
                membership = MembershipFactory(partnership=cast.own)
                organization = membership.organization
                person = PersonFactory(organization=organization, user=UserFactory())
                RoleFactory(partnership=cast.own, person=person, role="project_director")
                handover_nominate(
                    partnership=cast.own,
                    organization=organization,
                    incoming=PersonFactory(organization=organization, user=UserFactory()),
                    nominated_by=cast.users["steward"],
                )
                old = PartnershipRole.objects.get(
                    pk=RoleFactory(
                        partnership=cast.own, person=PersonFactory(organization=organization)
                    ).pk
                )
                old.role, old.archived_at = "project_director", old.created_at
                old.save()

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url("directors", cast)).status_code == 200
            return len(captured)

        add(3)  # with the cast's own two: 5 members
        five = queries()
        add(45)
        assert queries() == five


class TestNominating:
    def test_the_form_lists_who_can_accept_and_names_who_cannot(self, cast, client):
        PersonFactory(name="Ida Nologin", organization=cast.partner)
        client.force_login(cast.users["project_director"])
        response = client.get(url("director-handover-create", cast, cast.partner.pk))
        assert response.status_code == 200
        options = dict(response.context["form"].fields["incoming"].widget.choices)
        assert cast.people["contributor"].pk in options
        assert "Not listed because they have no Accord account: Ida Nologin." in response.text
        assert "Project director now" in response.text

    def test_nominating_tells_the_nominee(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            url("director-handover-create", cast, cast.partner.pk),
            {"incoming": cast.people["contributor"].pk, "note": "You know the partners."},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == url("directors", cast)
        assert (
            "Contributor Person is nominated as project director of Partner University. They "
            "have been told, and accept or decline on their own page."
        ) in messages_of(response)
        handover = ProjectDirectorHandover.objects.get()
        assert handover.note == "You know the partners."
        assert Notification.objects.get(user=cast.users["contributor"]).url == url(
            "director-handover", cast, handover.pk
        )

    def test_someone_of_another_organization_is_refused_on_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        other = PersonFactory(name="Host Hana", organization=cast.host, user=UserFactory())
        before = counts()
        response = client.post(
            url("director-handover-create", cast, cast.partner.pk), {"incoming": other.pk}
        )
        assert response.status_code == 200 and counts() == before
        assert response.context["form"].errors["incoming"] == [
            "Host Hana belongs to Host Society, not to Partner University: a project director "
            "speaks for their own organization."
        ]
        assert 'id="id_incoming_error"' in response.text

    def test_someone_without_a_login_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        person = PersonFactory(name="Ida Nologin", organization=cast.partner)
        before = counts()
        response = client.post(
            url("director-handover-create", cast, cast.partner.pk), {"incoming": person.pk}
        )
        assert counts() == before
        assert "Ida Nologin has no Accord account" in response.context["form"].errors["incoming"][0]

    def test_a_second_waiting_handover_is_refused(self, cast, client):
        nominated(cast)
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            url("director-handover-create", cast, cast.partner.pk),
            {"incoming": cast.people["leader"].pk},
        )
        assert counts() == before
        errors = response.context["form"].non_field_errors()
        assert errors[0].startswith("A handover for Partner University is already waiting for")

    def test_an_id_that_is_no_person_is_refused(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.post(
            url("director-handover-create", cast, cast.partner.pk), {"incoming": "999999"}
        )
        assert response.context["form"].errors["incoming"] == ["Choose a person from the list."]

    def test_a_leader_may_not_nominate(self, cast, client):
        client.force_login(cast.users["leader"])
        response = client.get(url("director-handover-create", cast, cast.partner.pk))
        assert response.status_code == 403

    def test_an_organization_that_is_not_a_member_is_404(self, cast, client):
        client.force_login(cast.users["steward"])
        stranger = PersonFactory().organization
        assert client.get(url("director-handover-create", cast, stranger.pk)).status_code == 404

    def test_withdrawing_a_nomination(self, cast, client):
        handover = nominated(cast)
        client.force_login(cast.users["leader"])
        assert client.post(url("director-handover-cancel", cast, handover.pk)).status_code == 403
        client.force_login(cast.users["steward"])
        response = client.post(url("director-handover-cancel", cast, handover.pk), follow=True)
        assert "The nomination of Contributor Person for Partner University was withdrawn." in (
            messages_of(response)
        )
        handover.refresh_from_db()
        assert handover.status == Status.CANCELLED


class TestTheNomineesPage:
    def test_the_nominee_reads_what_it_means_and_may_answer(self, cast, client):
        handover = nominated(cast, by="project_director")
        client.force_login(cast.users["contributor"])
        response = client.get(url("director-handover", cast, handover.pk))
        text = response.text
        assert response.status_code == 200
        assert "Your nomination as project director of Partner University" in text
        assert "Accept: I will be project director" in text and "Decline" in text
        assert "Project Director Person's role ends" in text
        assert "History" in text and "Created</strong> by" in text

    def test_members_read_the_nomination_without_answering_it_outsiders_404(self, cast, client):
        handover = nominated(cast)
        for actor in ("steward", "project_director", "admin"):
            client.force_login(cast.users[actor])
            response = client.get(url("director-handover", cast, handover.pk))
            assert response.status_code == 200
            assert "Nomination of Contributor Person" in response.text
            assert "Accept: I will be project director" not in response.text
            accept = url("director-handover-accept", cast, handover.pk)
            assert client.post(accept).status_code == 403
        client.force_login(cast.users["outsider"])
        assert client.get(url("director-handover", cast, handover.pk)).status_code == 404

    def test_accepting_makes_them_director(self, cast, client):
        handover = nominated(cast)
        client.force_login(cast.users["contributor"])
        response = client.post(url("director-handover-accept", cast, handover.pk), follow=True)
        assert response.redirect_chain[-1][0] == url("directors", cast)
        assert "You are now the project director of Partner University." in messages_of(response)
        assert director(cast, cast.partner) == cast.people["contributor"]
        assert ">Accepted</span>" in response.text

    def test_accepting_twice_shows_a_message_and_writes_nothing(self, cast, client):
        handover = nominated(cast)
        client.force_login(cast.users["contributor"])
        client.post(url("director-handover-accept", cast, handover.pk), follow=True)
        before = counts()
        response = client.post(url("director-handover-accept", cast, handover.pk), follow=True)
        assert response.status_code == 200 and counts() == before
        [message] = messages_of(response)
        assert message.startswith("Nothing was changed. This handover was already accepted on ")
        assert "This nomination has been answered." in response.text

    def test_someone_elses_handover_cannot_be_accepted(self, cast, client):
        handover = nominated(cast)
        before = counts()
        client.force_login(cast.users["leader"])
        assert client.post(url("director-handover-accept", cast, handover.pk)).status_code == 403
        assert counts() == before

    def test_a_nominee_new_to_the_partnership_sees_and_accepts_their_nomination(self, cast, client):
        newcomer = PersonFactory(name="New Comer", organization=cast.partner, user=UserFactory())
        handover = nominated(cast, person=newcomer)
        client.force_login(newcomer.user)
        assert client.get(url("directors", cast)).status_code == 404  # not yet a member
        response = client.get(url("director-handover", cast, handover.pk))
        assert response.status_code == 200
        assert "(you see it once you accept)" in response.text
        response = client.post(url("director-handover-accept", cast, handover.pk))
        assert response.url == url("directors", cast)
        assert client.get(url("directors", cast)).status_code == 200

    def test_a_newcomer_who_declines_is_told_and_then_sees_nothing_of_it(self, cast, client):
        newcomer = PersonFactory(organization=cast.partner, user=UserFactory())
        handover = nominated(cast, person=newcomer)
        client.force_login(newcomer.user)
        response = client.post(url("director-handover-decline", cast, handover.pk), follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == "/"
        assert "You declined. Whoever nominated you has been told." in messages_of(response)
        # Access to the nomination lasted while it waited for an answer (docs/decisions.md).
        assert client.get(url("director-handover", cast, handover.pk)).status_code == 404


class TestNamingAFirstDirector:
    def test_the_steward_names_one_for_a_member_without(self, cast, client):
        person = PersonFactory(name="Hana Host", organization=cast.host)
        client.force_login(cast.users["steward"])
        response = client.get(url("director-name", cast, cast.host.pk))
        assert response.status_code == 200 and "has no project director" in response.text
        response = client.post(
            url("director-name", cast, cast.host.pk), {"person": person.pk}, follow=True
        )
        assert "Hana Host is now the project director of Host Society." in messages_of(response)
        assert director(cast, cast.host) == person

    def test_someone_of_another_organization_is_refused_on_the_field(self, cast, client):
        client.force_login(cast.users["steward"])
        before = counts()
        response = client.post(
            url("director-name", cast, cast.host.pk), {"person": cast.people["leader"].pk}
        )
        assert counts() == before
        assert (
            "Leader Person belongs to Partner University, not to Host Society"
            in (response.context["form"].errors["person"][0])
        )

    def test_an_organization_with_a_director_is_sent_to_hand_over(self, cast, client):
        client.force_login(cast.users["steward"])
        response = client.get(url("director-name", cast, cast.partner.pk))
        assert "already has a project director" in response.text
        assert "<form" not in response.text.split("<main")[1]

    def test_a_director_may_not_name(self, cast, client):
        client.force_login(cast.users["project_director"])
        assert client.get(url("director-name", cast, cast.host.pk)).status_code == 403


class TestPartnershipPageFlag:
    def detail(self, cast):
        return reverse("partnerships:detail", args=[cast.own.pk])

    def test_a_member_without_a_director_is_flagged(self, cast, client):
        client.force_login(cast.users["viewer"])
        response = client.get(self.detail(cast))
        assert response.context["without_director"] == {cast.host.pk}
        rows = re.findall(r"<tr>(.*?)</tr>", response.text, re.S)
        host_row = next(row for row in rows if "Host Society" in row and "Member as" not in row)
        assert "No project director" in host_row
        assert url("directors", cast) in host_row
        partner_row = next(row for row in rows if ">Partner University<" in row)
        assert "No project director" not in partner_row

    def test_same_queries_with_5_members_and_50(self, cast, client):
        client.force_login(cast.users["steward"])

        def add(n):
            for index in range(n):
                membership = MembershipFactory(partnership=cast.own)
                if index % 2:
                    RoleFactory(
                        partnership=cast.own,
                        person=PersonFactory(organization=membership.organization),
                        role="project_director",
                    )

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(self.detail(cast)).status_code == 200
            return len(captured)

        add(3)
        five = queries()
        add(45)
        assert queries() == five
