"""Collecting data (M3) beyond the pages: the computed totals never sum a partial set, the next
quarter and a period's edit, what waits for whom, the reminders before and after the due date
(sent once, over SMTP), and approved data on the partnership's timeline."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.audit import acting_as
from accord.core.waiting import waiting_for
from accord.measurement import collection
from accord.measurement.models import DataValue, Indicator, ReportingPeriod
from accord.measurement.queries_collection import rollup, status_of
from accord.measurement.reminders_collection import send_data_reminders
from accord.partnerships.timeline import timeline_of

from .grid import collecting

pytestmark = pytest.mark.django_db


def _value(number):
    return None if number is None else DataValue(value=Decimal(number))


@settings(deadline=None, max_examples=60, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.none(), st.integers(0, 10_000)), min_size=1, max_size=12))
def test_a_rollup_sums_only_a_complete_set(numbers):
    indicator = Indicator(type="count")
    result = rollup(indicator, [_value(n) for n in numbers], None)
    missing = sum(1 for n in numbers if n is None)
    if missing:
        assert result.text == f"{missing} of {len(numbers)} cells missing"
    else:
        assert result.text == str(sum(numbers))


def test_rollups_of_ratios_pool_and_percentages_do_not_add_up():
    ratio = Indicator(type="ratio")
    parts = [
        DataValue(value=Decimal("0.5"), numerator=Decimal(1), denominator=Decimal(2)),
        DataValue(value=Decimal("0.75"), numerator=Decimal(3), denominator=Decimal(4)),
    ]
    assert rollup(ratio, parts, None).text == "4 / 6 = 0.6667"
    assert "Not added up" in rollup(Indicator(type="percentage"), parts, None).text
    total = DataValue(value=Decimal(5))
    assert rollup(Indicator(type="count"), [_value(2), _value(2)], total).differs


def test_status_of_says_missing_overdue_and_not_open():
    period = ReportingPeriod(opens_on=date(2026, 4, 1), due_on=date(2026, 4, 21))
    assert status_of(period, None, False, date(2026, 3, 1)) == ("not_open", False)
    assert status_of(period, None, False, date(2026, 4, 2)) == ("missing", False)
    assert status_of(period, None, False, date(2026, 4, 22)) == ("missing", True)


def test_the_next_quarter_and_a_period_edit(cast):
    period = collecting(cast)
    made = collection.next_quarter(cast.own)
    assert (made.label, made.starts_on, made.ends_on) == (
        "2026 Q2",
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert made.due_on == date(2026, 7, 21)
    with pytest.raises(ValidationError):
        collection.period_update(made, label="2026 Q1")  # taken
    collection.period_update(period, due_on=None, opens_on=date(2026, 3, 15))
    period.refresh_from_db()
    assert period.due_on == date(2026, 4, 21) and period.opens_on == date(2026, 3, 15)
    # After a monthly period the next quarter starts at the next whole quarter.
    collection.period_create(
        partnership=cast.own,
        label="2026 July",
        kind="monthly",
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 7, 31),
    )
    assert collection.next_quarter(cast.own).label == "2026 Q4"


def test_data_due_and_values_to_review_wait_for_the_right_people(cast):
    period = collecting(cast)
    contributor, steward = cast.users["contributor"], cast.users["steward"]
    viewer, director = cast.users["viewer"], cast.users["project_director"]
    with time_machine.travel(date(2026, 4, 2), tick=False):
        due = [i for i in waiting_for(contributor) if i.kind == "measurement.data.due"]
        assert [i.title for i in due] == ["2026 Q1 data from Partner University, due 21 April 2026"]
        assert not [i for i in waiting_for(viewer) if i.kind.startswith("measurement.data")]
    with time_machine.travel(date(2026, 3, 1), tick=False):  # not open yet
        assert not [i for i in waiting_for(contributor) if i.kind == "measurement.data.due"]
    submission = collection.submission_for(period, cast.partner)
    with acting_as(contributor):
        collection.submit(submission)
    with time_machine.travel(date(2026, 4, 2), tick=False):
        assert not [i for i in waiting_for(contributor) if i.kind == "measurement.data.due"]
        for user in (steward, director):
            review = [i for i in waiting_for(user) if i.kind == "measurement.values.review"]
            assert [i.url for i in review] == [submission.get_absolute_url()]
        assert not [i for i in waiting_for(contributor) if i.kind == "measurement.values.review"]
    collection.approve(submission)
    assert not [i for i in waiting_for(steward) if i.kind == "measurement.values.review"]


def test_reminders_before_and_after_the_due_date_go_once(
    cast, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.ACCORD_BASE_URL = "https://accord.example.org"
    period = collecting(cast)  # opens 31 March, due 21 April
    at = lambda day: timezone.make_aware(timezone.datetime(2026, 4, day, 9))  # noqa: E731
    assert send_data_reminders(at(10)) == []  # more than seven days before
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_data_reminders(at(15))
    # Each member's people who add records: the partner's, and the host's leader.
    who = sorted((n.user.username, n.title.split(" data from ")[1].split(" is ")[0]) for n in sent)
    assert who == [
        ("contributor", "Partner University"),
        ("host_leader", "Host Society"),
        ("leader", "Partner University"),
        ("project_director", "Partner University"),
        ("steward", "Partner University"),
    ]
    assert all("is due on 21 April 2026" in n.title for n in sent)
    messages = smtp_server.wait_for(5)
    assert {m["To"] for m in messages} >= {"contributor@example.org"}
    assert "https://accord.example.org/partnerships/" in messages[0].get_content()
    assert send_data_reminders(at(16)) == []  # once
    with django_capture_on_commit_callbacks(execute=True):
        late = send_data_reminders(at(22))
    assert len(late) == 5 and all("overdue" in n.title for n in late)
    assert send_data_reminders(at(23)) == []
    # Submitted data is reminded of no more.
    collection.submit(collection.submission_for(period, cast.partner))
    period_two = collection.next_quarter(cast.own)
    assert period_two.due_on == date(2026, 7, 21)
    when = timezone.make_aware(timezone.datetime(2026, 7, 22, 9))
    assert {n.title for n in send_data_reminders(when)} == {
        "2026 Q2 data from Partner University is overdue",
        "2026 Q2 data from Host Society is overdue",
    }


def test_approved_data_shows_on_the_timeline(cast):
    period = collecting(cast)
    submission = collection.submission_for(period, cast.partner)
    with acting_as(cast.users["steward"]):
        collection.submit(submission)
        collection.approve(submission)
    entries = [e for e in timeline_of(cast.own, cast.users["viewer"]) if e.label == "Data"]
    assert [e.title for e in entries] == ["2026 Q1 data from Partner University approved"]
    assert entries[0].url == submission.get_absolute_url()
    assert entries[0].by


def test_the_grid_is_all_or_nothing_under_a_fault(cast, monkeypatch):
    """A failure while writing leaves no value and no event behind."""
    period = collecting(cast)
    submission = collection.submission_for(period, cast.partner)
    catalog = collection.Catalog(period)
    cleaned, _ = catalog.clean_all(
        [
            {"indicator": "Students placed", "category_a": "Woman", "value": 3},
            {"indicator": "Students placed", "category_a": "Man", "value": 4},
        ]
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(collection, "record", broken)
    with pytest.raises(RuntimeError):
        collection.write_cells(submission, cleaned)
    assert DataValue.objects.count() == 0
    assert timezone.now() - timedelta(days=1) < timezone.now()
