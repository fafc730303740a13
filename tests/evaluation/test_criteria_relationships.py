"""The scorecard's criteria of relationships, each turned good, watch and act (and not yet) by
the partnership's own records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.relationships.models import Body, Seat
from accord.relationships.models_engagements import (
    Engagement,
    EngagementAttendee,
    EngagementGroup,
    EngagementRhythm,
)
from accord.relationships.models_ledger import Input
from accord.relationships.models_trust import (
    TrustRating,
    TrustResponse,
    TrustWave,
    TrustWaveMember,
)
from tests.factories import AffectedGroupFactory, PersonFactory, StakeholderGroupFactory

from .helpers import members, partnership_with, result

pytestmark = pytest.mark.django_db
MEMBERS = ("Red Cedar Tribal College", "Engineers for Equitable Communities", "Carver Heights")


class TestRepresentation:
    def body_with(self, partnership, group_seats: int, others: int, votes: bool = True):
        group = StakeholderGroupFactory(name="Eastside Neighbors")
        AffectedGroupFactory(partnership=partnership, group=group)
        body = Body.objects.create(partnership=partnership, name="Planning committee")
        organization = members(partnership)[0]
        since = timezone.localdate() - timedelta(days=30)
        for index in range(group_seats + others):
            Seat.objects.create(
                body=body,
                person=PersonFactory(organization=organization),
                organization=organization,
                group=group if index < group_seats else None,
                votes=votes or index >= group_seats,
                since=since,
            )
        return body

    def test_not_yet_without_a_body(self):
        assert result("relationships.representation", partnership_with(*MEMBERS)).status == (
            "not_yet"
        )

    def test_good_when_the_group_holds_enough_voting_seats(self):
        partnership = partnership_with(*MEMBERS)
        self.body_with(partnership, group_seats=3, others=5)
        assert result("relationships.representation", partnership).status == "good"

    def test_watch_on_a_warning(self):
        partnership = partnership_with(*MEMBERS)
        self.body_with(partnership, group_seats=2, others=5)
        found = result("relationships.representation", partnership)
        assert found.status == "watch"
        assert "Planning committee: Eastside Neighbors hold 2 seats." in found.evidence

    def test_act_on_one_seat_and_no_vote(self):
        partnership = partnership_with(*MEMBERS)
        body = self.body_with(partnership, group_seats=1, others=5, votes=False)
        found = result("relationships.representation", partnership)
        assert found.status == "act"
        assert "Eastside Neighbors hold a single seat" in found.evidence
        assert "Eastside Neighbors hold 1 seat(s) and no vote" in found.evidence
        assert (found.url_name, found.args) == (
            "relationships:body-detail",
            (partnership.pk, body.pk),
        )


class TestPlanning:
    def planning(self, partnership, group, *present_levels):
        """One planning engagement per entry: the level if the group was there, else None."""
        for days, level in enumerate(present_levels, start=1):
            engagement = Engagement.objects.create(
                partnership=partnership,
                title=f"Design session {days}",
                kind=Engagement.Kind.PLANNING,
                level=level or "involve",
                starts_at=timezone.now() - timedelta(days=days),
            )
            if level:
                EngagementGroup.objects.create(engagement=engagement, group=group)

    def setup(self):
        partnership = partnership_with(*MEMBERS)
        group = StakeholderGroupFactory(name="Eastside Neighbors")
        AffectedGroupFactory(partnership=partnership, group=group)
        return partnership, group

    def test_not_yet_without_a_planning_engagement(self):
        partnership, _ = self.setup()
        assert result("relationships.planning", partnership).status == "not_yet"

    def test_good_when_the_group_takes_part(self):
        partnership, group = self.setup()
        self.planning(partnership, group, "involve")
        assert result("relationships.planning", partnership).status == "good"

    def test_watch_when_it_missed_some(self):
        partnership, group = self.setup()
        self.planning(partnership, group, "collaborate", None)
        assert result("relationships.planning", partnership).status == "watch"

    def test_act_when_it_was_left_out(self):
        partnership, group = self.setup()
        self.planning(partnership, group, None)
        found = result("relationships.planning", partnership)
        assert found.status == "act"
        assert "Eastside Neighbors did not take part" in found.evidence


class TestInputs:
    def inputs(self, partnership, overdue: int, recent: int = 0):
        now = timezone.now()
        for index in range(overdue + recent):
            Input.objects.create(
                partnership=partnership,
                subject=f"Bus stop {index}",
                text="The stop near the school has no shelter.",
                received_at=now - timedelta(days=60 if index < overdue else 0),
            )

    def test_not_yet_without_input(self):
        assert result("relationships.inputs", partnership_with(*MEMBERS)).status == "not_yet"

    @pytest.mark.parametrize(
        ("overdue", "status"), [(0, "good"), (1, "watch"), (2, "watch"), (3, "act")]
    )
    def test_status_follows_the_inputs_past_their_deadline(self, overdue, status):
        partnership = partnership_with(*MEMBERS)
        self.inputs(partnership, overdue, recent=1)
        found = result("relationships.inputs", partnership)
        assert found.status == status
        if overdue == 3:
            assert found.evidence.startswith("3 inputs unanswered past their deadline")


class TestCadence:
    def met(self, partnership, days_ago: int, *organizations):
        engagement = Engagement.objects.create(
            partnership=partnership,
            title="Members' meeting",
            starts_at=timezone.now() - timedelta(days=days_ago),
        )
        for organization in organizations:
            EngagementAttendee.objects.create(
                engagement=engagement,
                organization=organization,
                person=PersonFactory(organization=organization),
            )

    def test_not_yet_before_any_meeting(self):
        assert result("relationships.cadence", partnership_with(*MEMBERS)).status == "not_yet"

    def test_good_when_every_pair_met_within_the_rhythm(self):
        partnership = partnership_with(*MEMBERS)
        self.met(partnership, 10, *members(partnership))
        assert result("relationships.cadence", partnership).status == "good"

    def test_watch_when_a_pair_is_a_little_late(self):
        partnership = partnership_with(*MEMBERS)
        EngagementRhythm.objects.create(partnership=partnership, days=90)
        self.met(partnership, 120, *members(partnership))
        found = result("relationships.cadence", partnership)
        assert found.status == "watch"
        assert "have not met in 4 months" in found.evidence

    def test_act_when_a_pair_never_met(self):
        partnership = partnership_with(*MEMBERS)
        carver, engineers, red_cedar = members(partnership)
        self.met(partnership, 10, carver, engineers)
        self.met(partnership, 12, carver, red_cedar)
        found = result("relationships.cadence", partnership)
        assert found.status == "act"
        assert found.evidence.startswith(
            "Engineers for Equitable Communities and Red Cedar Tribal College have never met."
        )


class TestTrust:
    def wave(self, partnership):
        today = timezone.localdate()
        return TrustWave.objects.create(
            partnership=partnership,
            title="Spring wave",
            opens_on=today - timedelta(days=30),
            closes_on=today - timedelta(days=1),
        )

    def rate(self, wave, organizations, items=(4, 4, 4), pair_items=None):
        """Every organization rates every other on the trust items (and 3 on value); the
        (rater, rated) in `pair_items` rate with those items instead."""
        for rater in organizations:
            response = TrustResponse.objects.create(
                wave=wave, organization=rater, respondent=PersonFactory(organization=rater)
            )
            for rated in organizations:
                if rated == rater:
                    continue
                given = (pair_items or {}).get((rater.name, rated.name), items)
                TrustRating.objects.create(
                    response=response,
                    rated=rated,
                    **dict(zip(("reliability", "mission", "openness"), given, strict=True)),
                    power=3,
                    involvement=3,
                    resources=3,
                    intensity=2,
                )

    def test_not_yet_without_a_closed_wave(self):
        partnership = partnership_with(*MEMBERS)
        today = timezone.localdate()
        TrustWave.objects.create(
            partnership=partnership, title="Open", opens_on=today, closes_on=today + timedelta(9)
        )
        assert result("relationships.trust", partnership).status == "not_yet"

    def test_not_yet_with_too_few_raters(self):
        partnership = partnership_with(*MEMBERS)
        self.wave(partnership)
        assert result("relationships.trust", partnership).status == "not_yet"

    @pytest.mark.parametrize(
        ("items", "pair_items", "status", "evidence"),
        [
            ((4, 4, 4), None, "good", "Network trust 4.0 of 4 in “Spring wave”."),
            (
                (4, 4, 4),
                {("Carver Heights", "Red Cedar Tribal College"): (2, 2, 2)},
                "watch",
                "Network trust 3.7 of 4 in “Spring wave”. 1 one-sided pair: Carver Heights and "
                "Red Cedar Tribal College.",
            ),
            ((2, 2, 3), None, "watch", "Network trust 2.3 of 4 in “Spring wave”."),
            ((1, 1, 2), None, "act", "Network trust 1.3 of 4 in “Spring wave”."),
        ],
    )
    def test_status_follows_network_trust(self, items, pair_items, status, evidence):
        partnership = partnership_with(*MEMBERS)
        wave = self.wave(partnership)
        organizations = members(partnership)
        for organization in organizations:
            TrustWaveMember.objects.create(wave=wave, organization=organization)
        self.rate(wave, organizations, items, pair_items)
        found = result("relationships.trust", partnership)
        assert (found.status, found.evidence) == (status, evidence)
        assert (found.url_name, found.args) == ("relationships:trust", (partnership.pk,))
