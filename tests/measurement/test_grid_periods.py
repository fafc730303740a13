"""The reporting periods pages (M3): a period made (errors on its fields), edited (a stale edit
refused), the next quarter added, the status matrix; and the grid and periods pages costing the
same queries at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.measurement.models import Dimension

from .grid import collecting
from .test_grid_pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(cast):
    return collecting(cast)


def test_periods_are_made_edited_and_listed(client, cast, period):
    client.force_login(cast.users["project_director"])
    create = reverse("measurement:period-create", args=[cast.own.pk])
    answer = client.post(
        create,
        {"label": "", "kind": "quarterly", "starts_on": "2026-04-01", "ends_on": "2026-03-01"},
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert (
        "This field is required." in html and "A period ends on or after the day it starts." in html
    )
    answer = client.post(
        create,
        {
            "label": "2026 Q1",
            "kind": "quarterly",
            "starts_on": "2026-04-01",
            "ends_on": "2026-06-30",
        },
    )
    assert answer.status_code == 422 and "already has a period" in answer.content.decode()
    answer = client.post(
        create,
        {
            "label": "2026 Q2",
            "kind": "quarterly",
            "starts_on": "2026-04-01",
            "ends_on": "2026-06-30",
        },
    )
    assert answer.status_code == 302
    made = cast.own.reporting_periods.get(label="2026 Q2")
    assert str(made.due_on) == "2026-07-21" and str(made.opens_on) == "2026-06-30"
    edit = reverse("measurement:period-edit", args=[cast.own.pk, made.pk])
    form = {
        "label": "2026 Q2",
        "kind": "quarterly",
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
        "opens_on": "2026-06-15",
        "due_on": "2026-07-15",
        "read_revision": made.revision,
    }
    assert client.post(edit, form).status_code == 302
    answer = client.post(edit, form | {"due_on": "2026-07-20"})  # read before the last save
    assert answer.status_code == 422 and "after you opened it" in answer.content.decode()
    made.refresh_from_db()
    assert str(made.due_on) == "2026-07-15"
    answer = client.post(reverse("measurement:period-next", args=[cast.own.pk]))
    assert answer.status_code == 302
    assert cast.own.reporting_periods.filter(label="2026 Q3").exists()
    page = client.get(reverse("measurement:periods", args=[cast.own.pk]))
    html = page.content.decode()
    assert "2026 Q3" in html and "Partner University" in html and "Host Society" in html
    assert "Add the next quarter" in html
    assert "Missing" in html and "Overdue" in html
    client.force_login(cast.users["viewer"])
    html = client.get(reverse("measurement:periods", args=[cast.own.pk])).content.decode()
    assert "Add the next quarter" not in html and "2026 Q3" in html
    detail = client.get(made.get_absolute_url())
    assert detail.status_code == 200 and "Data due" in detail.content.decode()


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("reader", ["contributor", "viewer"])
def test_the_grid_costs_the_same_queries_at_two_sizes(client, cast, reader):
    """For the organization's own contributor and for a reader whose small counts are
    suppressed (the disclosure check reads each value's indicator and categories)."""
    from accord.measurement import collection

    counts = []
    for label in ("2026 Q1", "2026 Q2"):
        period = collecting(cast) if label == "2026 Q1" else _bigger_period(cast, label)
        submission = collection.submission_for(period, cast.partner)
        catalog = collection.Catalog(period)
        rows = [
            {"indicator": spec.indicator.pk, "category_a": a.pk, "value": 3}
            for spec in catalog
            if spec.indicator.type == "count" and spec.categories
            for a in spec.categories[0]
        ]
        cleaned, errors = catalog.clean_all(rows)
        assert not errors
        collection.write_cells(submission, cleaned)
        collection.write_cells(submission, cleaned[: len(cleaned) // 2])
        client.force_login(cast.users[reader])
        address = url(cast, period)
        client.get(address)
        counts.append(_count(client, address))
    assert counts[0] == counts[1], counts


def _bigger_period(cast, label):
    """A new agreed version with more indicators, and a period collecting it."""
    from datetime import date

    from accord.measurement import collection, services

    from .helpers import agree, indicator_values

    version = services.measures_version_create(partnership=cast.own)
    gender = Dimension.objects.get(partnership=cast.own, name="Gender identity")
    gender = gender.versions.get().pk
    for i in range(6):
        services.indicator_add(
            version=version,
            values=indicator_values(
                cast, name=f"More {i}", dimension_version_ids=[gender], targets=[]
            ),
        )
    agree(cast, version)
    return collection.period_create(
        partnership=cast.own, label=label, starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30)
    )


def test_the_periods_page_costs_the_same_queries_at_two_sizes(client, cast, period):
    from datetime import date

    from accord.measurement import collection
    from tests.factories import MembershipFactory, OrganizationFactory

    client.force_login(cast.users["steward"])
    address = reverse("measurement:periods", args=[cast.own.pk])
    counts = [_count(client, address)]
    for i in range(3):
        MembershipFactory(partnership=cast.own, organization=OrganizationFactory())
        collection.period_create(
            partnership=cast.own,
            label=f"2027 Q{i + 1}",
            starts_on=date(2027, 3 * i + 1, 1),
            ends_on=date(2027, 3 * i + 3, 28),
        )
    submission = collection.submission_for(period, cast.partner)
    collection.submit(submission)
    counts.append(_count(client, address))
    assert counts[0] == counts[1], counts
