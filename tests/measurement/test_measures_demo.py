"""The demo's measures sets (M1, M2): Bridges agreed version 1 with eight indicators of the three
Results-Based Accountability kinds, disaggregated and tied to the charter's core values, endorsed
by every member; the pilot agreed a short set; loading them again changes nothing."""

import pytest

from accord.alignment import demo as alignment_demo
from accord.measurement import demo, queries
from accord.measurement.models import (
    Dimension,
    DimensionVersion,
    Indicator,
    MeasuresEndorsement,
    MeasuresVersion,
)
from accord.partnerships.demo import build_demo

pytestmark = pytest.mark.django_db


def rows():
    models = (MeasuresVersion, Indicator, MeasuresEndorsement, Dimension, DimensionVersion)
    return [m.objects.count() for m in models] + [m.history.count() for m in models]


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
    before = rows()
    context = build_demo()
    demo.seed_before_stages(context)
    demo.seed_demo(context)
    assert rows() == before
