"""`accord seed --scale N` writes shared measurement's rows through the bulk path: an agreed
measures set per partnership, four quarters, about 2,000 values per partnership, audited per
submission; valid by construction, so that the analysis reads them as it reads entered data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from accord.measurement import analysis, queries
from accord.measurement.models import (
    DataValue,
    Indicator,
    MeasuresVersion,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db
N = 4


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("seed", "--scale", str(N), stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_partnership_gets_an_agreed_set_periods_and_about_2000_values(scale):
    assert "data values" in scale
    assert MeasuresVersion.objects.count() == N
    assert Indicator.objects.count() == 8 * N
    assert ReportingPeriod.objects.count() == 4 * N
    assert set(Indicator.objects.values_list("kind", flat=True)) == set(Indicator.Kind.values)
    per_partnership = DataValue.objects.count() / N
    assert 1200 <= per_partnership <= 3000
    for partnership in Partnership.objects.all():
        assert queries.agreed_version(partnership) is not None
    # Audited per submission, not per value; history rows for the records that keep one.
    assert SubmissionEvent.objects.count() == 2 * Submission.objects.count()
    for model in (MeasuresVersion, Indicator, ReportingPeriod, Submission):
        assert model.history.count() == model.objects.count()


def test_the_values_are_valid_by_construction(scale):
    values = DataValue.objects.all()
    # Each category belongs to a dimension version of the value's own indicator.
    assert (
        not values.filter(category_a__isnull=False, category_b__isnull=True)
        .exclude(category_a__version__indicators=F("indicator"))
        .exists()
    )
    assert (
        not values.filter(category_b__isnull=False)
        .exclude(category_b__version__indicators=F("indicator"))
        .exists()
    )
    assert not values.filter(Q(value__lt=0) | Q(denominator__lte=0)).exists()
    assert not values.filter(indicator__type="percentage", value__gt=100).exists()
    assert not values.filter(indicator__type="ratio", numerator__gt=F("denominator")).exists()
    assert not values.exclude(indicator__version=F("submission__period__measures_version")).exists()


def test_the_analysis_reads_the_scale_data(scale):
    partnership = Partnership.objects.order_by("pk").first()
    version = queries.agreed_version(partnership)
    rows = analysis.overview(partnership, version)
    assert len(rows) == 8
    assert any(r.series.latest is not None for r in rows)
    found = analysis.analyse(partnership, version.indicators.first().lineage)
    assert [b.dimension for b in found.breakdowns] == ["Gender identity", "Region"]
