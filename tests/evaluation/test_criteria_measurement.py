"""The scorecard's criteria of shared measurement, each turned good, watch and act (and not yet)
by the partnership's own records: the measures set's agreement and the data each member owes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.measurement.models import MeasuresEndorsement, MeasuresVersion
from accord.measurement.models_collection import ReportingPeriod, Submission
from tests.factories import PersonFactory

from .helpers import members, partnership_with, result

pytestmark = pytest.mark.django_db
MEMBERS = ("Carver Heights University", "Rio Bravo State University")


def version(partnership, number=1, status="final", endorsed_by=()):
    found = MeasuresVersion.objects.create(partnership=partnership, number=number, status=status)
    for organization in endorsed_by:
        MeasuresEndorsement.objects.create(
            version=found,
            organization=organization,
            person=PersonFactory(organization=organization),
        )
    return found


class TestMeasuresAgreed:
    def test_not_yet_without_a_version(self):
        assert result("measurement.measures", partnership_with(*MEMBERS)).status == "not_yet"

    def test_watch_while_a_draft(self):
        partnership = partnership_with(*MEMBERS)
        version(partnership, status="draft")
        assert result("measurement.measures", partnership).status == "watch"

    def test_good_when_every_member_endorsed(self):
        partnership = partnership_with(*MEMBERS)
        version(partnership, endorsed_by=members(partnership))
        found = result("measurement.measures", partnership)
        assert found.status == "good"
        assert found.url_name == "measurement:version"

    def test_act_when_a_member_has_not_endorsed(self):
        partnership = partnership_with(*MEMBERS)
        version(partnership, endorsed_by=members(partnership)[:1])
        found = result("measurement.measures", partnership)
        assert found.status == "act"
        assert found.evidence == (
            "Measures set version 1 not endorsed by 1 of 2 members: Rio Bravo State University."
        )


class TestDataReported:
    def period(self, partnership, label, due_days_ago, approved_for=()):
        today = timezone.localdate()
        measures = MeasuresVersion.objects.filter(partnership=partnership).first() or version(
            partnership
        )
        period = ReportingPeriod.objects.create(
            partnership=partnership,
            label=label,
            starts_on=today - timedelta(days=due_days_ago + 120),
            ends_on=today - timedelta(days=due_days_ago + 30),
            opens_on=today - timedelta(days=due_days_ago + 30),
            due_on=today - timedelta(days=due_days_ago),
            measures_version=measures,
        )
        for organization in members(partnership):
            Submission.objects.create(
                period=period,
                organization=organization,
                status="approved" if organization in approved_for else "submitted",
            )
        return period

    def test_not_yet_before_any_period_is_due(self):
        partnership = partnership_with(*MEMBERS)
        self.period(partnership, "2026 Q4", due_days_ago=-20)
        assert result("measurement.data", partnership).status == "not_yet"

    def test_good_when_every_member_is_approved(self):
        partnership = partnership_with(*MEMBERS)
        self.period(partnership, "2026 Q2", 40, approved_for=members(partnership))
        assert result("measurement.data", partnership).status == "good"

    def test_watch_when_only_the_latest_period_is_missing_and_recently_due(self):
        partnership = partnership_with(*MEMBERS)
        carver, _ = members(partnership)
        self.period(partnership, "2026 Q2", 100, approved_for=members(partnership))
        self.period(partnership, "2026 Q3", 10, approved_for=[carver])
        found = result("measurement.data", partnership)
        assert found.status == "watch"
        assert found.evidence == "2026 Q3 data missing from Rio Bravo State University."

    def test_act_when_an_earlier_period_is_missing(self):
        partnership = partnership_with(*MEMBERS)
        carver, _ = members(partnership)
        self.period(partnership, "2026 Q2", 100, approved_for=[carver])
        self.period(partnership, "2026 Q3", 10, approved_for=members(partnership))
        found = result("measurement.data", partnership)
        assert found.status == "act"
        assert found.evidence == "2026 Q2 data missing from Rio Bravo State University."
