"""The one write path for values (M3): checks by type and category, all rows checked before any
is written, one audit event per write, and the review moves that lock and reopen values."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accord.core.audit import acting_as
from accord.measurement import collection, services
from accord.measurement.models import DataValue, Submission, SubmissionEvent

from .helpers import agree, dimension, draft, indicator_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(cast):
    gender = dimension(cast)
    version = draft(cast, indicators=1)
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Share retained",
            type="ratio",
            numerator="Students retained",
            denominator="Students enrolled",
            targets=[],
            baseline_value=None,
            dimension_version_ids=[gender.versions.get().pk],
        ),
    )
    agree(cast, version)
    return collection.period_create(
        partnership=cast.own, label="2026 Q1", starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31)
    )


def test_rows_are_checked_by_type_and_category(cast, period):
    catalog = collection.Catalog(period)
    cleaned, errors = catalog.clean_all(
        [
            {"indicator": "Indicator 1", "value": "12"},
            {"indicator": "Indicator 1", "value": "12.5"},
            {
                "indicator": "Share retained",
                "category_a": "Woman",
                "numerator": 3,
                "denominator": 4,
            },
            {
                "indicator": "Share retained",
                "category_a": "Martian",
                "numerator": 1,
                "denominator": 2,
            },
            {"indicator": "Nothing", "value": 1},
            {"indicator": "Share retained", "numerator": 1},
        ]
    )
    assert [c.value for c in cleaned] == [Decimal("12"), Decimal("0.7500")]
    assert set(errors) == {2, 4, 5, 6}
    assert "not a count" in errors[2]["value"]
    assert "Martian" in errors[4]["category_a"] and "Woman" in errors[4]["category_a"]
    assert "not an indicator" in errors[5]["indicator"]
    assert "denominator" in errors[6]


def test_a_write_is_one_event_and_approval_locks(cast, period):
    submission = collection.submission_for(period, cast.partner)
    catalog = collection.Catalog(period)
    cleaned, errors = catalog.clean_all([{"indicator": "Indicator 1", "value": "7"}])
    assert not errors
    with acting_as(cast.people["leader"].user):
        collection.write_cells(submission, cleaned)
        cleaned, _ = catalog.clean_all([{"indicator": "Indicator 1", "value": "9"}])
        event = collection.write_cells(submission, cleaned)
    assert event.changes == [{"cell": event.changes[0]["cell"], "old": "7", "new": "9"}]
    assert DataValue.objects.get().value == 9
    collection.submit(submission)
    with pytest.raises(ValidationError):
        collection.write_cells(submission, cleaned)
    with pytest.raises(ValidationError):
        collection.return_with_comment(submission, "")
    collection.return_with_comment(submission, "Q1 looks low; check March.")
    collection.submit(submission)
    collection.approve(submission)
    assert Submission.objects.get().status == "approved"
    with pytest.raises(ValidationError) as locked:
        collection.write_cells(submission, cleaned)
    assert "approved" in str(locked.value)
    collection.reopen(submission, "March attendance was entered twice.")
    actions = list(SubmissionEvent.objects.values_list("action", flat=True))
    assert actions == [
        "saved",
        "saved",
        "submitted",
        "returned",
        "submitted",
        "approved",
        "reopened",
    ]
    assert not hasattr(DataValue, "history"), "values are audited per submission, not per cell"


def test_who_enters_and_who_reviews(cast, period):
    from accord.core.access import can

    submission = collection.submission_for(period, cast.partner)
    leader = cast.people["leader"].user  # of the partner organization
    assert can(leader, "measurement.values.enter", submission)
    assert can(cast.people["steward"].user, "measurement.values.enter", submission)
    assert not can(cast.people["viewer"].user, "measurement.values.enter", submission)
    host = collection.submission_for(period, cast.host)
    assert not can(leader, "measurement.values.enter", host)
    assert can(cast.people["steward"].user, "measurement.values.review", submission)
    assert not can(leader, "measurement.values.review", submission)


def test_a_project_director_reviews_through_the_periods_indicators_in_one_exists(cast, period):
    """The reviewer rule (DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION) asks the period's set of
    measures with one EXISTS: no second copy of the submissions table, which PostgreSQL spent
    8 ms planning on every home page. One object and the list still agree for everyone."""
    from django.db import connection

    from accord.core.access import can
    from accord.core.policy import DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION
    from accord.partnerships.models import PartnershipRole

    partner = collection.submission_for(period, cast.partner)
    host = collection.submission_for(period, cast.host)
    director = cast.users["project_director"]
    rule = DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION
    # The indicators are the partner's to answer for: its project director reviews both
    # organizations' data of the period; nobody else does through this rule.
    for submission in (partner, host):
        assert can(director, "measurement.values.review", submission)
        assert {actor for actor, user in cast.users.items() if rule.allows(user, submission)} == {
            "project_director"
        }
    for user in cast.users.values():
        for submission in (partner, host):
            listed = Submission.objects.allowing(user, "measurement.values.review")
            assert listed.filter(pk=submission.pk).exists() == can(
                user, "measurement.values.review", submission
            )
    sql, _ = Submission.objects.filter(rule.q(director, Submission)).query.sql_with_params()
    table = connection.ops.quote_name(Submission._meta.db_table)
    assert sql.count(f"FROM {table}") == 1, "one copy of the submissions table"
    assert "EXISTS" in sql
    # The role must be current and in the period's own partnership.
    role = PartnershipRole.objects.get(partnership=cast.own, role="project_director")
    role.archived_at = period.created_at
    role.save(update_fields=["archived_at"])
    assert not rule.allows(director, partner)
    assert not Submission.objects.filter(rule.q(director, Submission)).exists()
