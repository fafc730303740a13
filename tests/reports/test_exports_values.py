"""The measurement values export (issue 15, items 1 and 6): a small count is "suppressed" for
anyone but the organization that entered it and the steward, together with enough other cells
that none can be worked out from the totals; values not yet approved reach only their own
organization and the steward."""

import csv
import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accord.core.disclosure import SUPPRESSED_TEXT, Hidden, determined
from accord.measurement import collection, services
from accord.measurement.models_collection import DataValue
from accord.reports import export_values
from tests.factories import MembershipFactory, OrganizationFactory
from tests.measurement.helpers import agree, dimension, draft, indicator_values

pytestmark = pytest.mark.django_db
K = 11
# (total, woman, man) of each organization; the men's 3 and 5 are under k.
HOST, PARTNER, THIRD = (30, 27, 3), (40, 35, 5), (50, 25, 25)


def _report(period, organization, figures, approve=True, submit=True):
    total, woman, man = figures
    rows = [
        {"indicator": "Reached", "value": total},
        {"indicator": "Reached", "category_a": "Woman", "value": woman},
        {"indicator": "Reached", "category_a": "Man", "value": man},
        {"indicator": "Retained", "numerator": 4, "denominator": 40},
        {"indicator": "Stories", "text": "A student found a mentor."},
    ]
    cleaned, errors = collection.Catalog(period).clean_all(rows)
    assert not errors, errors
    submission = collection.submission_for(period, organization)
    collection.write_cells(submission, cleaned)
    if submit:
        submission = collection.submit(submission)
    if approve:
        collection.approve(submission)
    return submission


@pytest.fixture(scope="class")
def values(cast, django_db_blocker):
    """One period: the host's and the partner's data approved, a third member's submitted."""
    with django_db_blocker.unblock():
        gender = dimension(cast, categories=("Woman", "Man"))
        version = draft(cast, indicators=0)
        for shape in (
            {"name": "Reached", "dimension_version_ids": [gender.versions.get().pk]},
            {
                "name": "Retained",
                "type": "ratio",
                "numerator": "Students retained",
                "denominator": "Students enrolled",
                "targets": [],
                "baseline_value": None,
            },
            {
                "name": "Stories",
                "type": "qualitative",
                "targets": [],
                "baseline_value": None,
                "unit": "",
            },
        ):
            services.indicator_add(version=version, values=indicator_values(cast, **shape))
        agree(cast, version)
        period = collection.period_create(
            partnership=cast.own,
            label="2026 Q1",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 3, 31),
        )
        third = OrganizationFactory(name="Third Member")
        MembershipFactory(partnership=cast.own, organization=third)
        _report(period, cast.host, HOST)
        _report(period, cast.partner, PARTNER)
        _report(period, third, THIRD, approve=False)
        return SimpleNamespace(period=period, third=third)


def export(client, cast, fmt="csv", **params):
    url = reverse("reports:export-table", args=[cast.own.pk, "values", fmt])
    response = client.get(url, params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def reached(rows) -> dict:
    """(organization, category) -> the value written, for the count indicator."""
    return {
        (r["Organization"], r["Category"]): r["Value"] for r in rows if r["Indicator"] == "Reached"
    }


class TestWhoSeesWhat:
    def test_a_viewer_gets_small_counts_suppressed_and_none_recoverable(self, client, cast, values):
        client.force_login(cast.users["viewer"])
        for fmt in ("csv", "xlsx"):
            rows = export(client, cast, fmt)
            figures = reached(rows)
            assert figures[(cast.host.name, "Man")] == SUPPRESSED_TEXT
            assert figures[(cast.partner.name, "Man")] == SUPPRESSED_TEXT
            assert {name for name, _ in figures} == {cast.host.name, cast.partner.name}
            for value in figures.values():
                if value != SUPPRESSED_TEXT:
                    assert int(value) == 0 or int(value) >= K
        # The table behind it: every hidden cell written as suppressed, none determined.
        group = list(
            DataValue.objects.filter(
                indicator__name="Reached", submission__status="approved"
            ).select_related("submission")
        )
        table = export_values.breakdown_table(group, K)
        assert table.protected.hidden
        assert determined(table.protected) == set()

    def test_a_ratio_with_a_small_numerator_is_suppressed_whole(self, client, cast, values):
        client.force_login(cast.users["viewer"])
        rows = [r for r in export(client, cast) if r["Indicator"] == "Retained"]
        assert len(rows) == 2
        for row in rows:
            assert row["Numerator"] == row["Value"] == SUPPRESSED_TEXT
            assert row["Denominator"] == "40"

    def test_the_organization_that_entered_them_sees_its_own_counts(self, client, cast, values):
        client.force_login(cast.users["contributor"])  # of the partner organization
        figures = reached(export(client, cast, "xlsx"))
        assert figures[(cast.partner.name, "Man")] == 5
        assert figures[(cast.partner.name, "Total")] == 40
        assert figures[(cast.host.name, "Man")] == SUPPRESSED_TEXT
        # Knowing its own row exactly pins down none of the host's hidden cells here (the
        # suppression hides whole columns), so the partner sees the host's row as everyone does.
        group = list(
            DataValue.objects.filter(
                indicator__name="Reached", submission__status="approved"
            ).select_related("submission")
        )
        table = export_values.breakdown_table(group, K)
        partner = {r.submission_id for r in group if r.submission.organization == cast.partner}
        assert determined(export_values.known_to_owner(table, partner)) == set()
        client.force_login(cast.users["viewer"])
        everyone = reached(export(client, cast, "xlsx"))
        host = {key: value for key, value in figures.items() if key[0] == cast.host.name}
        assert host == {key: value for key, value in everyone.items() if key[0] == cast.host.name}

    def test_an_organization_is_shown_nothing_it_could_subtract_its_way_to(self):
        # Everyone else's table hides the first row's 27 and 3 and the second's 35 and 5, and
        # shows the third's 25 and 25: the second organization, knowing its own 35 and 5, would
        # get the first row back from the column totals. For it, the other rows are hidden whole.
        records = _records([(30, [27, 3]), (40, [35, 5]), (50, [25, 25])])
        table = export_values.breakdown_table(records, K)
        assert determined(table.protected) == set()
        assert determined(export_values.known_to_owner(table, {1})) == {(0, 0), (0, 1)}
        for_everyone = export_values._protect_breakdown(records, K)
        third = [r for r in records if r.submission_id == 2]
        assert not any(isinstance(for_everyone[r.pk][0], Hidden) for r in third)
        for_the_second = export_values._protect_breakdown(records, K, {1})
        others = [r for r in records if r.submission_id != 1]
        assert all(isinstance(for_the_second[r.pk][0], Hidden) for r in others)

    def test_the_steward_sees_every_value_in_every_state_of_review(self, client, cast, values):
        client.force_login(cast.users["steward"])
        rows = export(client, cast, "xlsx")
        figures = reached(rows)
        assert figures[(cast.host.name, "Man")] == 3
        assert figures[(values.third.name, "Woman")] == 25
        states = {r["Organization"]: r["State of review"] for r in rows}
        assert states[values.third.name] == "Submitted for review"
        texts = {r["Text"] for r in rows if r["Indicator"] == "Stories"}
        assert texts == {"A student found a mentor."}

    def test_values_not_yet_approved_reach_only_their_organization(self, client, cast, values):
        client.force_login(cast.users["viewer"])
        assert values.third.name not in {r["Organization"] for r in export(client, cast)}

    def test_the_filters_narrow_the_rows_not_the_protection(self, client, cast, values):
        client.force_login(cast.users["viewer"])
        rows = export(client, cast, organization=cast.host.pk)
        assert {r["Organization"] for r in rows} == {cast.host.name}
        assert reached(rows)[(cast.host.name, "Man")] == SUPPRESSED_TEXT
        assert export(client, cast, period=values.period.pk + 1000) == []
        indicator = DataValue.objects.filter(indicator__name="Stories").first().indicator_id
        assert {r["Indicator"] for r in export(client, cast, indicator=indicator)} == {"Stories"}

    def test_the_number_of_queries_does_not_grow_with_the_rows(self, client, cast, values):
        client.force_login(cast.users["viewer"])
        url = reverse("reports:export-table", args=[cast.own.pk, "values", "xlsx"])

        def count():
            with CaptureQueriesContext(connection) as queries:
                b"".join(client.get(url).streaming_content)
            return len(queries)

        small = count()
        for i in range(3):
            organization = OrganizationFactory(name=f"Another member {i}")
            MembershipFactory(partnership=cast.own, organization=organization)
            _report(values.period, organization, (60, 30, 30))
        assert count() == small


# --- the protection of one indicator in one period, for any data ---------------------------------
def _records(rows) -> list:
    """Value records as the export reads them: (total or None, [category values]) per row."""
    records, pk = [], 0
    for submission, (total, cells) in enumerate(rows):
        if total is not None:
            pk += 1
            records.append(
                SimpleNamespace(
                    pk=pk,
                    submission_id=submission,
                    value=Decimal(total),
                    category_a_id=None,
                    category_b_id=None,
                )
            )
        for category, value in enumerate(cells):
            if value is None:
                continue
            pk += 1
            records.append(
                SimpleNamespace(
                    pk=pk,
                    submission_id=submission,
                    value=Decimal(value),
                    category_a_id=category,
                    category_b_id=None,
                )
            )
    return records


counts = st.integers(min_value=0, max_value=40)
rows_of = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(min_value=0, max_value=160)),
            st.lists(st.one_of(st.none(), counts), min_size=width, max_size=width),
        ),
        min_size=1,
        max_size=5,
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_of)
def test_no_published_count_is_small_and_no_hidden_one_is_determined(rows):
    records = _records(rows)
    if not records:
        return
    figures = export_values._protect_breakdown(records, K)
    by_pk = {r.pk: r for r in records}
    for pk, (figure, _, _) in figures.items():
        if isinstance(figure, Hidden):
            continue
        assert figure == by_pk[pk].value, "a published figure is the value entered"
        assert not 0 < figure < K, "no count from 1 to k-1 is published"
    table = export_values.breakdown_table(records, K)
    assert determined(table.protected) == set()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_of, st.data())
def test_an_organization_that_knows_its_own_row_works_out_no_other(rows, data):
    records = _records(rows)
    submissions = sorted({r.submission_id for r in records})
    if len(submissions) < 2:
        return
    own = {data.draw(st.sampled_from(submissions))}
    figures = export_values._protect_breakdown(records, K, own)
    table = export_values.breakdown_table(records, K)
    known = export_values.known_to_owner(table, own)
    if determined(known):
        others = [r for r in records if r.submission_id not in own]
        assert all(isinstance(figures[r.pk][0], Hidden) for r in others)
