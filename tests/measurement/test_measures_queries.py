"""The measures set pages (M1, M2) and API lists cost the same number of queries at two sizes:
more members, dimensions and their versions, indicators with targets, comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.measurement import services
from accord.measurement.models import (
    Dimension,
    Indicator,
    IndicatorTarget,
    MeasuresComment,
    MeasuresVersion,
)
from tests.factories import MembershipFactory, OrganizationFactory

from .helpers import agree, dimension, draft, indicator_values

pytestmark = pytest.mark.django_db


def url(name, cast, *args):
    return reverse(f"measurement:{name}", args=[cast.own.pk, *args])


def _start(cast) -> None:
    """Version 1 final and endorsed by two members; version 2 a draft copied from it."""
    agree(cast, draft(cast, indicators=1))
    services.measures_version_create(partnership=cast.own)
    dimension(cast, name="Region")


def _grow(cast, n: int, tag: str) -> None:
    """`n` more of everything the pages list: members, dimensions and their versions, indicators
    with targets and dimensions in both versions, comments."""
    for _ in range(n):
        MembershipFactory(partnership=cast.own, organization=OrganizationFactory())
    region = Dimension.objects.get(partnership=cast.own, name="Region")
    services.dimension_revise(dimension=region, categories=[f"{tag} {i}" for i in range(n)])
    versions = [dimension(cast, name=f"Dimension {tag}{i}").versions.get() for i in range(n)]
    first = MeasuresVersion.objects.get(partnership=cast.own, number=1)
    second = MeasuresVersion.objects.get(partnership=cast.own, number=2)
    for i in range(n):
        values = indicator_values(
            cast,
            name=f"Indicator {tag}{i}",
            dimension_version_ids=[v.pk for v in versions],
            targets=[{"period": f"P{j}", "value": j} for j in range(n)],
        )
        services.indicator_add(version=second, values=values)
        # The final version cannot change through the services: the rows are written directly.
        copy = Indicator.objects.create(
            version=first,
            name=f"Indicator {tag}{i}",
            definition="Counted.",
            kind="how_much",
            responsible_organization=cast.partner,
        )
        copy.dimensions.set(versions)
        for j in range(n):
            IndicatorTarget.objects.create(indicator=copy, period=f"P{j}", value=j)
        MeasuresComment.objects.create(version=first, person=cast.people["leader"], body=tag)


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        assert response.status_code == 200, address
    return len(queries)


def _counts(cast, client) -> dict:
    first = Indicator.objects.filter(version__number=1).order_by("pk").first()
    second = Indicator.objects.filter(version__number=2).order_by("pk").first()
    region = Dimension.objects.get(partnership=cast.own, name="Region")
    pages = [
        url("measures", cast),
        url("version", cast, 1),
        url("version", cast, 2),
        url("compare", cast),
        url("dimensions", cast),
        url("dimension", cast, region.pk),
        url("indicator", cast, 1, first.pk),
        url("indicator", cast, 2, second.pk),
        url("indicator-edit", cast, 2, second.pk),
        url("indicator-add", cast, 2),
    ]
    return {page: _count(client, page) for page in pages}


class TestQueryCounts:
    def test_every_page_costs_the_same_at_two_sizes(self, cast, client):
        client.force_login(cast.users["steward"])
        _start(cast)
        _grow(cast, 2, "a")
        small = _counts(cast, client)
        _grow(cast, 6, "b")
        assert _counts(cast, client) == small


API = "/api/v1/partnerships/{}/measures"


def _api_counts(cast, client) -> dict:
    base = API.format(cast.own.pk)
    region = Dimension.objects.get(partnership=cast.own, name="Region")
    first = Indicator.objects.filter(version__number=2).order_by("pk").first()
    addresses = [
        base,
        base + "/versions",
        base + "/versions/1",
        base + "/versions/2",
        base + "/versions/1/comments",
        base + "/versions/1/endorsements",
        base + "/diff?a=1&b=2",
        base + "/dimensions",
        base + f"/dimensions/{region.pk}",
        base + f"/versions/2/indicators/{first.pk}",
    ]
    return {address: _count(client, address) for address in addresses}


class TestApiQueryCounts:
    def test_every_list_costs_the_same_at_two_sizes(self, cast, client):
        client.force_login(cast.users["steward"])
        _start(cast)
        _grow(cast, 2, "a")
        small = _api_counts(cast, client)
        _grow(cast, 6, "b")
        assert _api_counts(cast, client) == small
