"""The demo's measures sets (M1, M2): Bridges agreed version 1 with eight indicators of the three
Results-Based Accountability kinds, disaggregated and tied to the charter's core values, endorsed
by every member; the pilot agreed a short set; loading them again changes nothing."""

import pytest

from accord.alignment import demo as alignment_demo
from accord.measurement import analysis, demo, queries
from accord.measurement.models import (
    DataValue,
    Dimension,
    DimensionVersion,
    Evidence,
    Indicator,
    MeasuresEndorsement,
    MeasuresVersion,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from accord.partnerships.demo import build_demo

pytestmark = pytest.mark.django_db


def rows():
    models = (MeasuresVersion, Indicator, MeasuresEndorsement, Dimension, DimensionVersion)
    collected = (ReportingPeriod, Submission, SubmissionEvent, DataValue, Evidence)
    return [m.objects.count() for m in models + collected] + [m.history.count() for m in models]


def test_the_demo_agrees_its_measures_and_loads_again_unchanged():
    context = build_demo()
    demo.seed_before_stages(context)
    alignment_demo.seed_demo(context)
    demo.seed_demo(context)
    bridges, pilot = context.partnerships["bridges"], context.partnerships["standards"]
    agreed = queries.agreed_version(bridges)
    assert agreed is not None and agreed.number == 1
    indicators = list(agreed.indicators.all())
    assert len(indicators) == 8
    assert {i.kind for i in indicators} == set(Indicator.Kind.values)
    assert sum(1 for i in indicators if i.dimensions.exists()) == 6
    assert all(i.core_values.exists() for i in indicators)
    assert {d.name for d in Dimension.objects.filter(partnership=bridges)} == {
        "Gender identity",
        "Race and ethnicity",
        "First-generation status",
        "Disability",
        "Region",
    }
    assert queries.agreement_for(bridges).agreed
    assert queries.agreed_version(pilot) is not None
    # Four quarters collected through collection.py and reviewed: one quarter returned with a
    # comment (then corrected and approved), one missing from Rio Bravo; stories tagged.
    periods = list(ReportingPeriod.objects.filter(partnership=bridges).order_by("starts_on"))
    assert [p.label for p in periods] == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    submissions = Submission.objects.filter(period__partnership=bridges)
    assert submissions.count() == 4 * 5 - 1
    assert set(submissions.values_list("status", flat=True)) == {"approved"}
    assert not submissions.filter(period__label="2026 Q3", organization__name__contains="Rio")
    returned = SubmissionEvent.objects.get(
        submission__period__partnership=bridges, action="returned"
    )
    assert returned.submission.period.label == "2026 Q2" and returned.comment
    assert DataValue.objects.filter(category_b__isnull=False).exists()
    assert (
        Evidence.objects.filter(partnership=bridges, indicators__isnull=False).distinct().count()
        >= 2
    )
    overview = analysis.overview(bridges, agreed)
    missing = {str(m) for row in overview for m in row.series.missing}
    assert missing == {"missing from Rio Bravo State University for 2026 Q3 (nothing submitted)"}
    before = rows()
    context = build_demo()
    demo.seed_before_stages(context)
    demo.seed_demo(context)
    assert rows() == before
