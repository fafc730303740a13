"""The scorecard's criteria of alignment and leadership, each turned good, watch and act (and
not yet) by the partnership's own records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.alignment.models import CharterEndorsement, CharterVersion
from accord.core.access import Role
from accord.leadership.models import Commitment, Mou, ProjectDirectorHandover
from tests.factories import PersonFactory, RoleFactory

from .helpers import members, partnership_with, result

pytestmark = pytest.mark.django_db
MEMBERS = ("Carver Heights University", "Eastside Neighbors", "Rio Bravo State University")


def final_charter(partnership, number: int, endorsed_by) -> CharterVersion:
    version = CharterVersion.objects.create(
        partnership=partnership, number=number, status="final", finalized_at=timezone.now()
    )
    for organization in endorsed_by:
        CharterEndorsement.objects.create(
            version=version,
            organization=organization,
            person=PersonFactory(organization=organization),
        )
    return version


class TestCharterAgreed:
    def test_not_yet_without_a_version(self):
        found = result("alignment.charter", partnership_with(*MEMBERS))
        assert found.status == "not_yet"
        assert found.url_name == "alignment:charter"

    def test_watch_while_the_first_version_is_a_draft(self):
        partnership = partnership_with(*MEMBERS)
        CharterVersion.objects.create(partnership=partnership, number=1, status="draft")
        found = result("alignment.charter", partnership)
        assert found.status == "watch"
        assert "still a draft" in found.evidence

    def test_good_when_every_member_endorsed_the_latest_final(self):
        partnership = partnership_with(*MEMBERS)
        final_charter(partnership, 1, members(partnership))
        found = result("alignment.charter", partnership)
        assert found.status == "good"
        assert found.evidence == "Charter version 1 is endorsed by all 3 members."

    def test_act_when_a_final_version_lacks_endorsements_and_none_is_agreed(self):
        partnership = partnership_with(*MEMBERS)
        final_charter(partnership, 1, members(partnership)[:1])
        found = result("alignment.charter", partnership)
        assert found.status == "act"
        assert found.evidence == (
            "Charter version 1 not endorsed by 2 of 3 members: Eastside Neighbors and "
            "Rio Bravo State University."
        )
        assert found.url_name == "alignment:charter-version"
        assert found.args == (partnership.pk, 1)

    def test_watch_when_a_newer_version_waits_and_an_earlier_stays_agreed(self):
        partnership = partnership_with(*MEMBERS)
        final_charter(partnership, 1, members(partnership))
        final_charter(partnership, 2, members(partnership)[1:])
        found = result("alignment.charter", partnership)
        assert found.status == "watch"
        assert "version 2 not endorsed by 1 of 3 members: Carver Heights University" in (
            found.evidence
        )
        assert "Version 1 stays the agreed one" in found.evidence


class TestMouInForce:
    def mou(self, partnership, status=Mou.Status.EXECUTED, days=None):
        today = timezone.localdate()
        return Mou.objects.create(
            partnership=partnership,
            title="Memorandum of understanding",
            status=status,
            executed_at=timezone.now() if status == Mou.Status.EXECUTED else None,
            expires_on=today + timedelta(days=days) if days is not None else None,
        )

    def test_not_yet_without_an_mou(self):
        assert result("leadership.mou", partnership_with(*MEMBERS)).status == "not_yet"

    def test_watch_while_out_for_signature(self):
        partnership = partnership_with(*MEMBERS)
        self.mou(partnership, Mou.Status.OUT_FOR_SIGNATURE)
        assert result("leadership.mou", partnership).status == "watch"

    @pytest.mark.parametrize(
        ("days", "status"), [(None, "good"), (200, "good"), (60, "watch"), (21, "act"), (-3, "act")]
    )
    def test_status_follows_the_days_left(self, days, status):
        partnership = partnership_with(*MEMBERS)
        mou = self.mou(partnership, days=days)
        found = result("leadership.mou", partnership)
        assert found.status == status
        assert found.args == (partnership.pk, mou.pk)
        if days == 21:
            assert found.evidence.startswith("MOU expires in 21 days")


class TestEveryMemberHasADirector:
    def director(self, partnership, organization):
        RoleFactory(
            partnership=partnership,
            person=PersonFactory(organization=organization),
            role=Role.PROJECT_DIRECTOR,
        )

    def test_not_yet_without_members(self):
        assert result("leadership.directors", partnership_with()).status == "not_yet"

    def test_good_when_every_member_has_one(self):
        partnership = partnership_with(*MEMBERS)
        for organization in members(partnership):
            self.director(partnership, organization)
        assert result("leadership.directors", partnership).status == "good"

    def test_act_names_the_member_without_one_and_links_to_naming_one(self):
        partnership = partnership_with(*MEMBERS)
        carver, *others = members(partnership)
        for organization in others:
            self.director(partnership, organization)
        found = result("leadership.directors", partnership)
        assert found.status == "act"
        assert found.evidence == "Carver Heights University has no project director."
        assert (found.url_name, found.args) == (
            "leadership:director-name",
            (partnership.pk, carver.pk),
        )

    def test_watch_while_a_nominee_has_not_answered(self):
        partnership = partnership_with(*MEMBERS)
        carver, *others = members(partnership)
        for organization in others:
            self.director(partnership, organization)
        ProjectDirectorHandover.objects.create(
            partnership=partnership,
            organization=carver,
            incoming=PersonFactory(organization=carver),
        )
        assert result("leadership.directors", partnership).status == "watch"


class TestCommitmentsKept:
    def commitments(self, partnership, *statuses, ends_on=None):
        organization = members(partnership)[0]
        person = PersonFactory(organization=organization)
        for status in statuses:
            Commitment.objects.create(
                partnership=partnership,
                person=person,
                organization=organization,
                kind=Commitment.Kind.EFFORT,
                description="Mentor two students.",
                starts_on=timezone.localdate() - timedelta(days=90),
                ends_on=ends_on,
                status=status,
            )

    def test_not_yet_while_none_is_decided(self):
        partnership = partnership_with(*MEMBERS)
        self.commitments(partnership, "planned")
        assert result("leadership.commitments", partnership).status == "not_yet"

    @pytest.mark.parametrize(
        ("statuses", "status"),
        [
            (("kept",) * 4 + ("not_kept",), "good"),
            (("kept", "kept", "not_kept"), "watch"),
            (("kept", "not_kept", "not_kept"), "act"),
        ],
    )
    def test_status_follows_the_kept_rate(self, statuses, status):
        partnership = partnership_with(*MEMBERS)
        self.commitments(partnership, *statuses)
        assert result("leadership.commitments", partnership).status == status

    def test_open_commitments_past_their_end_are_watched(self):
        partnership = partnership_with(*MEMBERS)
        self.commitments(partnership, "kept", "kept")
        self.commitments(partnership, "in_progress", ends_on=timezone.localdate() - timedelta(1))
        found = result("leadership.commitments", partnership)
        assert found.status == "watch"
        assert "1 commitment past its end date is still open" in found.evidence
