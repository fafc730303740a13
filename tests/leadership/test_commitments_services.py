"""Leaders' learning and commitments services (L1-L3), and the summary's SQL aggregates.

Every refusal names the field and writes nothing; the summary's figures are asserted exactly.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.core.access import can
from accord.directory.models import Person
from accord.leadership.models import Commitment, LearningActivity
from accord.leadership.queries.commitments import summary_of
from accord.leadership.services.commitments import (
    clean_topics,
    commitment_create,
    commitment_set_status,
    commitment_update,
    learning_log,
    learning_update,
)
from accord.partnerships.models import Partnership
from tests.factories import OrganizationFactory, PersonFactory
from tests.matrix.leadership_commitments import sample_records

pytestmark = pytest.mark.django_db


def counts():
    return (
        LearningActivity.objects.count(),
        Commitment.objects.count(),
        LearningActivity.history.count(),
        Commitment.history.count(),
    )


def refused(call, **kwargs) -> dict:
    """Run a service that must refuse; check that nothing was written; its errors by field."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert counts() == before
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {}


def learning(cast, **overrides):
    values = {
        "partnership": cast.own,
        "person": cast.people["leader"],
        "title": "Inclusive mentoring",
        "provider": "SIEP",
        "completed_on": date(2025, 3, 4),
        "hours": Decimal("1.5"),
        "topics": "Mentoring\n  first-generation students  \n\nmentoring",
        "notes": "",
    }
    return values | overrides


def commitment(cast, **overrides):
    values = {
        "partnership": cast.own,
        "person": cast.people["leader"],
        "kind": "resources",
        "description": "Paid summer internships.",
        "amount": Decimal("15000"),
        "unit": " US  dollars ",
        "starts_on": date(2025, 5, 1),
        "ends_on": date(2025, 8, 31),
    }
    return values | overrides


class TestLearning:
    def test_logs_for_the_persons_own_organization_with_tidy_topics(self, cast):
        activity = learning_log(**learning(cast))
        assert activity.organization == cast.partner
        assert activity.topics == ["Mentoring", "first-generation students"]
        assert activity.history.count() == 1

    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            (Decimal("0"), "Hours must be more than zero."),
            (Decimal("-1"), "Hours must be more than zero."),
            ("x", "Enter a number."),
            (None, "Give the hours the activity took."),
            (
                Decimal("24.25"),
                "A day has 24 hours: log at most 24 hours for one date, and a course over "
                "several days day by day.",
            ),
        ],
    )
    def test_hours_must_be_a_positive_number(self, cast, hours, message):
        errors = refused(learning_log, **learning(cast, hours=hours))
        assert errors == {"hours": [message]}

    def test_a_date_in_the_future_is_refused(self, cast):
        tomorrow = timezone.localdate() + timedelta(days=1)
        errors = refused(learning_log, **learning(cast, completed_on=tomorrow))
        assert errors == {
            "completed_on": ["This date is in the future: log an activity once it has taken place."]
        }
        assert learning_log(**learning(cast, completed_on=timezone.localdate()))
        activity = learning_log(**learning(cast))
        errors = refused(learning_update, activity=activity, completed_on=tomorrow)
        assert list(errors) == ["completed_on"]

    def test_a_persons_activities_of_one_date_count_at_most_24_hours(self, cast):
        learning_log(**learning(cast, hours=Decimal("20")))
        errors = refused(learning_log, **learning(cast, hours=Decimal("4.5")))
        assert errors == {
            "hours": [
                "Leader Person already has 20 hours of learning logged on 4 March 2025; a day "
                "has 24 hours."
            ]
        }
        fits = learning_log(**learning(cast, hours=Decimal("4")))
        errors = refused(learning_update, activity=fits, hours=Decimal("5"))
        assert list(errors) == ["hours"]
        # Another day or another person counts apart.
        assert learning_log(**learning(cast, hours=Decimal("24"), completed_on=date(2025, 3, 5)))
        other = learning(cast, hours=Decimal("24"), person=cast.people["contributor"])
        assert learning_log(**other)

    def test_more_than_20_topics_are_refused(self, cast):
        topics = "\n".join(f"Topic {n}" for n in range(21))
        errors = refused(learning_log, **learning(cast, topics=topics))
        assert errors == {"topics": ["Name at most 20 topics; this activity has 21."]}

    def test_20_topics_with_repeats_and_blanks_are_fine(self):
        topics = [f"Topic {n}" for n in range(20)] + ["topic 3", "", "  "]
        assert len(clean_topics(topics)) == 20

    def test_every_wrong_field_is_named_at_once(self, cast):
        errors = refused(
            learning_log, **learning(cast, title="  ", hours=Decimal(0), completed_on=None)
        )
        assert set(errors) == {"title", "hours", "completed_on"}

    def test_a_person_without_a_role_or_organization_is_refused(self, cast):
        errors = refused(learning_log, **learning(cast, person=cast.people["outsider"]))
        assert errors == {"person": ["Outsider Person holds no role in this partnership."]}
        errors = refused(learning_log, **learning(cast, person=None))
        assert "not linked to a person" in errors["person"][0]
        # A fresh copy: the cast's objects are shared by the whole class.
        viewer = Person.objects.get(pk=cast.people["viewer"].pk)
        viewer.organization = None
        viewer.save()
        errors = refused(learning_log, **learning(cast, person=viewer))
        assert "belongs to no organization" in errors["person"][0]

    def test_an_archived_partnership_takes_no_records(self, cast):
        archived = Partnership.objects.get(pk=cast.own.pk)
        archived.archived_at = timezone.now()
        archived.save()
        errors = refused(learning_log, **learning(cast, partnership=archived))
        assert errors == {}

    def test_update_changes_only_what_differs_and_keeps_the_person(self, cast):
        activity = learning_log(**learning(cast))
        learning_update(activity=activity, hours=Decimal("1.50"), title="Inclusive mentoring")
        assert activity.history.count() == 1  # nothing changed
        learning_update(activity=activity, hours=Decimal("2"), topics=["Bias"])
        activity.refresh_from_db()
        assert (activity.hours, activity.topics) == (Decimal("2"), ["Bias"])
        assert activity.history.count() == 2
        errors = refused(learning_update, activity=activity, person=cast.people["steward"])
        assert errors == {"person": ["This field cannot be changed."]}


class TestCommitments:
    def test_records_a_commitment_with_a_tidy_unit(self, cast):
        found = commitment_create(**commitment(cast))
        assert (found.organization, found.unit, found.status) == (
            cast.partner,
            "US dollars",
            "planned",
        )

    def test_until_before_from_is_refused(self, cast):
        errors = refused(commitment_create, **commitment(cast, ends_on=date(2025, 4, 30)))
        assert errors == {"ends_on": ["The end date cannot be before the start date."]}

    @pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
    def test_amount_must_be_positive(self, cast, amount):
        errors = refused(commitment_create, **commitment(cast, amount=amount))
        assert errors == {"amount": ["The amount must be more than zero; leave it empty for none."]}

    def test_amount_and_unit_go_together(self, cast):
        errors = refused(commitment_create, **commitment(cast, unit=""))
        assert errors == {"unit": ["Say what the amount counts, for example hours or US dollars."]}
        errors = refused(commitment_create, **commitment(cast, amount=None))
        assert errors == {"amount": ["Give the amount for this unit, or leave the unit empty."]}

    def test_kind_status_and_description_are_checked(self, cast):
        errors = refused(
            commitment_create,
            **commitment(cast, kind="money", status="done", description=" "),
        )
        assert set(errors) == {"kind", "status", "description"}

    def test_an_update_is_checked_against_the_stored_dates(self, cast):
        found = commitment_create(**commitment(cast))
        errors = refused(commitment_update, commitment=found, ends_on=date(2025, 1, 1))
        assert errors == {"ends_on": ["The end date cannot be before the start date."]}

    def test_status_changes_are_in_the_history(self, cast):
        found = commitment_create(**commitment(cast))
        commitment_set_status(commitment=found, status="kept")
        found.refresh_from_db()
        assert found.status == "kept"
        assert [h.status for h in found.history.order_by("history_date")] == ["planned", "kept"]
        refused(commitment_set_status, commitment=found, status="forgotten")

    def test_own_person_or_steward_may_change_it(self, cast):
        found = commitment_create(**commitment(cast))
        allowed = {
            actor: can(cast.users[actor], "leadership.record.change", found) for actor in cast.users
        }
        assert {actor for actor, ok in allowed.items() if ok} == {"leader", "steward", "admin"}


@pytest.fixture(scope="class")
def records(cast, django_db_blocker):
    """The sample records, once per class (rolled back with the cast)."""
    with django_db_blocker.unblock():
        return sample_records(cast)


class TestEmptySummary:
    def test_a_partnership_without_records_shows_its_members_with_zeros(self, cast):
        summary = summary_of(cast.own)
        assert [row.organization.name for row in summary.organizations] == [
            "Host Society",
            "Partner University",
        ]
        assert summary.total.is_empty and summary.total.kept_rate is None


class TestSummary:
    """The figures of `sample_records`, per organization and for the whole partnership."""

    def test_every_year(self, cast, records):
        summary = summary_of(cast.own, viewer_organization_id=cast.partner.pk)
        total = summary.total
        assert (total.learning_hours, total.learning_count, total.learners) == (
            Decimal("11.5"),
            5,
            4,
        )
        assert [(t.topic, t.activities) for t in total.topics] == [
            ("Bias", 3),
            ("Inclusive mentoring", 2),
        ]
        assert (total.commitment_count, total.committers) == (5, 3)
        assert total.by_kind == {"time": 2, "effort": 1, "resources": 2}
        assert total.by_status == {"planned": 1, "in_progress": 1, "kept": 2, "not_kept": 1}
        assert total.kept_rate == pytest.approx(2 / 3) and total.kept_percent == 67
        assert [(a.unit, a.total) for a in total.amounts] == [
            ("hours a month", Decimal("12")),
            ("US dollars", Decimal("20000")),
        ]
        names = [row.organization.name for row in summary.organizations]
        # The viewer's organization first, then the members, then those that left.
        assert names == ["Partner University", "Host Society", "Alumni College"]
        partner, host, alumni = summary.organizations
        assert partner.is_viewers and not host.is_viewers and not alumni.is_member
        assert (partner.learning_hours, partner.learning_count, partner.learners) == (
            Decimal("6.5"),
            3,
            2,
        )
        assert [(t.topic, t.activities) for t in partner.topics] == [
            ("Bias", 2),
            ("Inclusive mentoring", 2),
        ]
        assert (partner.commitment_count, partner.kept, partner.not_kept) == (3, 1, 1)
        assert partner.kept_rate == 0.5
        assert [(a.unit, a.total) for a in partner.amounts] == [
            ("hours a month", Decimal("2")),
            ("US dollars", Decimal("20000")),
        ]
        assert (host.learning_hours, host.topics, host.commitment_count) == (
            Decimal("4"),
            [],
            2,
        )
        assert host.kept_rate == 1.0 and host.by_kind == {"time": 1, "effort": 1, "resources": 0}
        assert [(a.unit, a.total) for a in host.amounts] == [("hours a month", Decimal("10"))]
        assert (alumni.learning_count, alumni.commitment_count, alumni.kept_rate) == (1, 0, None)

    def test_one_year(self, cast, records):
        summary = summary_of(cast.own, year=2025)
        total = summary.total
        assert (total.learning_hours, total.learning_count, total.learners) == (
            Decimal("10.5"),
            4,
            4,
        )
        assert [(t.topic, t.activities) for t in total.topics] == [
            ("Bias", 3),
            ("Inclusive mentoring", 1),
        ]
        # Commitments running during 2025: not the one of 2024, nor the one starting in 2026.
        assert total.commitment_count == 3
        assert total.by_status == {"planned": 0, "in_progress": 1, "kept": 2, "not_kept": 0}
        assert total.kept_rate == 1.0
        names = [row.organization.name for row in summary.organizations]
        assert names == ["Host Society", "Partner University", "Alumni College"]

    def test_another_partnership_is_not_counted(self, cast, records):
        other = OrganizationFactory(name="Elsewhere")
        person = PersonFactory(organization=other)
        LearningActivity.objects.create(
            partnership=cast.other,
            person=person,
            organization=other,
            title="Elsewhere",
            completed_on=date(2025, 1, 1),
            hours=Decimal("100"),
        )
        assert summary_of(cast.own).total.learning_hours == Decimal("11.5")
