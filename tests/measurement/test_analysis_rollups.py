"""The analysis's roll-ups against the database (M3): values written through collection.py, the
figures aggregated by SQL, compared with the same arithmetic done by hand; only approved
submissions count, and a period with an organization missing names it instead of a total."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.measurement import analysis, collection
from accord.measurement.models import Submission

from .helpers import count_ratio_and_percentage

pytestmark = pytest.mark.django_db
States = st.sampled_from(["approved", "approved", "submitted", "returned", "missing"])


@pytest.fixture
def setup(cast):
    """An agreed set with a count by gender, a ratio and a percentage; two quarters."""
    version = count_ratio_and_percentage(
        cast, [{"period": "2026 Q1", "value": 10}, {"period": "2026 Q2", "value": 12}]
    )
    periods = [
        collection.period_create(partnership=cast.own, label=label, starts_on=starts, ends_on=ends)
        for label, starts, ends in (
            ("2026 Q1", date(2026, 1, 1), date(2026, 3, 31)),
            ("2026 Q2", date(2026, 4, 1), date(2026, 6, 30)),
        )
    ]
    return version, periods


def _enter(period, organization, state, reached, woman, kept, enrolled, satisfied):
    if state == "missing":
        return
    catalog = collection.Catalog(period)
    cleaned, errors = catalog.clean_all(
        [
            {"indicator": "Reached", "value": reached},
            {"indicator": "Reached", "category_a": "Woman", "value": woman},
            {"indicator": "Retained", "numerator": kept, "denominator": enrolled},
            {"indicator": "Satisfied", "value": satisfied},
        ]
    )
    assert not errors
    submission = collection.submission_for(period, organization)
    collection.write_cells(submission, cleaned)
    if state == "open":
        return
    submission = collection.submit(submission)
    if state == "approved":
        collection.approve(submission)
    elif state == "returned":
        collection.return_with_comment(submission, "Check the total.")


cells = st.tuples(
    States,
    st.integers(0, 500),
    st.integers(0, 500),
    st.integers(0, 50),
    st.integers(1, 50),
    st.decimals(min_value=0, max_value=100, places=1),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(cells, cells), min_size=2, max_size=2))
def test_period_figures_are_the_approved_totals_or_name_who_is_missing(cast, setup, entries):
    version, periods = setup
    organizations = [cast.host, cast.partner]
    with transaction.atomic():
        for period, pair in zip(periods, entries, strict=True):
            for organization, (state, reached, woman, kept, enrolled, pct) in zip(
                organizations, pair, strict=True
            ):
                _enter(period, organization, state, reached, min(woman, reached), kept,
                       max(enrolled, kept), pct)  # fmt: skip
        rows = {row.indicator.name: row.series for row in analysis.overview(cast.own, version)}
        for index, pair in enumerate(entries):
            approved = [cell for cell in pair if cell[0] == "approved"]
            reached, retained, satisfied = (rows[n].rows[index] for n in rows)
            missing = {
                organizations[i].name for i, cell in enumerate(pair) if cell[0] != "approved"
            }
            assert {m.organization for m in reached.missing} == missing
            if missing:
                assert reached.figure is retained.figure is satisfied.figure is None
                if approved:
                    assert reached.partial == sum(Decimal(c[1]) for c in approved)
                continue
            assert reached.figure == sum(Decimal(c[1]) for c in approved)
            kept = sum(c[3] for c in approved)
            enrolled = sum(max(c[4], c[3]) for c in approved)
            assert retained.figure == (Decimal(kept) / Decimal(enrolled)).quantize(Decimal("1e-4"))
            mean = sum(c[5] for c in approved) / len(approved)
            assert satisfied.figure == mean.quantize(Decimal("1e-4"))
            assert reached.progress.met == (reached.figure >= reached.target)
        transaction.set_rollback(True)


def test_the_breakdown_sums_the_category_cells_and_names_what_is_incomplete(cast, setup):
    version, periods = setup
    q1 = periods[0]
    _enter(q1, cast.host, "approved", 10, 4, 1, 2, 50)
    _enter(q1, cast.partner, "approved", 20, 9, 1, 2, 50)
    lineage = version.indicators.get(name="Reached").lineage
    found = analysis.analyse(cast.own, lineage)
    (gender,) = found.breakdowns
    by_label = {row.label: row for row in gender.rows}
    assert by_label["Woman"].figure == 13
    # Nobody gave "Man": no figure, and the page says how many cells are missing.
    assert by_label["Man"].figure is None and by_label["Man"].missing == "0 of 2 cells given"
    assert by_label["Woman"].best and by_label["Woman"].ratio == 1


def test_a_returned_submission_does_not_count_until_approved(cast, setup):
    version, periods = setup
    q1 = periods[0]
    _enter(q1, cast.host, "approved", 10, 4, 1, 2, 50)
    _enter(q1, cast.partner, "returned", 20, 9, 1, 2, 50)
    lineage = version.indicators.get(name="Reached").lineage
    row = analysis.analyse(cast.own, lineage).periods[0]
    assert row.figure is None and row.partial == 10
    assert [str(m) for m in row.missing] == [
        f"missing from {cast.partner.name} for 2026 Q1 (returned with a comment)"
    ]
    submission = Submission.objects.get(period=q1, organization=cast.partner)
    collection.approve(collection.submit(submission))
    row = analysis.analyse(cast.own, lineage).periods[0]
    assert row.figure == 30 and not row.missing
