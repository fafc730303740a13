"""The analysis pages (M3): an indicator's analysis and the partnership's measurement overview
read by every role, with charts rendered on the server beside their tables, and the same number
of queries however many organizations, periods, indicators, values and stories there are."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.services import save_validated
from accord.measurement import collection, services
from accord.measurement.models import Evidence, Indicator
from tests.factories import MembershipFactory, OrganizationFactory

from .helpers import agree, dimension, draft, indicator_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(cast):
    gender = dimension(cast, categories=("Woman", "Man"))
    version = draft(cast, indicators=0)
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Reached",
            dimension_version_ids=[gender.versions.get().pk],
            targets=[{"period": f"2026 Q{q}", "value": 10 * q} for q in range(1, 5)],
        ),
    )
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast, name="Stories told", type="qualitative", targets=[], baseline_value=None
        ),
    )
    return agree(cast, version)


def _period(cast, index: int):
    starts = date(2026, 1, 1) + timedelta(days=92 * index)
    return collection.period_create(
        partnership=cast.own,
        label=f"2026 Q{index + 1}" if index < 4 else f"Period {index}",
        starts_on=starts,
        ends_on=starts + timedelta(days=80),
    )


def _report(period, organization, value, approve=True):
    catalog = collection.Catalog(period)
    rows = [{"indicator": "Reached", "value": value}]
    rows += [
        {"indicator": "Reached", "category_a": c, "value": value // 2} for c in ("Woman", "Man")
    ]
    rows.append({"indicator": "Stories told", "text": "A student found a mentor."})
    cleaned, errors = catalog.clean_all(rows)
    assert not errors
    submission = collection.submission_for(period, organization)
    collection.write_cells(submission, cleaned)
    submission = collection.submit(submission)
    if approve:
        collection.approve(submission)


def _story(cast, version, title="A mentor who stayed"):
    evidence = save_validated(
        Evidence(partnership=cast.own, kind="story", title=title, body="She came back.")
    )
    evidence.indicators.set(version.indicators.all())
    return evidence


def _grow(cast, version, periods: int, members: int, tag: str):
    organizations = [cast.host, cast.partner]
    for i in range(members):
        organization = OrganizationFactory(name=f"Member {tag}{i}")
        MembershipFactory(partnership=cast.own, organization=organization)
        organizations.append(organization)
    start = len(version.partnership.reporting_periods.all())
    for index in range(start, start + periods):
        period = _period(cast, index)
        for n, organization in enumerate(organizations):
            _report(period, organization, 10 + index + n, approve=n != 1)
    for i in range(periods):
        _story(cast, version, f"Story {tag}{i}")


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        assert response.status_code == 200, address
    return len(queries)


def urls(cast, version):
    lineage = version.indicators.get(name="Reached").lineage
    return [
        reverse("measurement:overview", args=[cast.own.pk]),
        reverse("measurement:analysis", args=[cast.own.pk, lineage]),
    ]


def test_the_pages_cost_the_same_number_of_queries_at_two_sizes(cast, client, agreed):
    client.force_login(cast.users["viewer"])
    _grow(cast, agreed, periods=1, members=0, tag="a")
    small = [_count(client, url) for url in urls(cast, agreed)]
    _grow(cast, agreed, periods=3, members=3, tag="b")
    large = [_count(client, url) for url in urls(cast, agreed)]
    assert small == large


def test_the_indicator_page_tells_progress_trend_forecast_gaps_and_the_story(cast, client, agreed):
    for index in range(3):
        period = _period(cast, index)
        _report(period, cast.host, 10 + 5 * index)
        if index != 1:
            _report(period, cast.partner, 20 + 5 * index)
    _story(cast, agreed)
    client.force_login(cast.users["stakeholder"])
    overview, page = urls(cast, agreed)
    text = client.get(page).content.decode()
    assert "Only <strong>approved</strong> submissions count" in text
    assert f"Missing from {cast.partner.name} for 2026 Q2 (nothing submitted)" in text
    assert 'src="data:image/svg+xml;base64,' in text  # the chart, rendered on the server
    assert "ordinary least-squares line through the last 4 complete periods" in text
    assert "2026 Q4" in text and "forecast" in text  # projected two periods on
    assert '<th scope="col"' in text and "<caption>" in text
    assert "Gaps between groups" in text and "Best-off group" in text
    assert "A mentor who stayed" in text
    text = client.get(overview).content.decode()
    assert "Reached" in text and "Stories told" in text
    assert "rising, the better way" in text
    assert f"Missing from {cast.partner.name} for 2026 Q2" in text


def test_a_lineage_not_in_the_partnership_is_not_found(cast, client, agreed):
    client.force_login(cast.users["steward"])
    other = Indicator(lineage="00000000-0000-4000-8000-000000000000").lineage
    address = reverse("measurement:analysis", args=[cast.own.pk, other])
    assert client.get(address).status_code == 404
    lineage = agreed.indicators.first().lineage
    assert (
        client.get(reverse("measurement:analysis", args=[cast.other.pk, lineage])).status_code
        == 404
    )


def test_without_an_agreed_set_the_overview_says_so(cast, client):
    client.force_login(cast.users["viewer"])
    response = client.get(reverse("measurement:overview", args=[cast.own.pk]))
    assert "have not agreed on a measures set yet" in response.content.decode()


def test_the_measures_page_links_to_the_overview_once_agreed(cast, client, agreed):
    client.force_login(cast.users["viewer"])
    text = client.get(reverse("measurement:measures", args=[cast.own.pk])).content.decode()
    assert reverse("measurement:overview", args=[cast.own.pk]) in text
