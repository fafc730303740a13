"""A period to collect for the `cast` fixture: an agreed measures set with indicators of every
shape the grid shows (a plain count, a count by gender, a ratio by gender, a count by gender
crossed with region, a qualitative one), and `n` more counts by gender when asked."""

from datetime import date
from decimal import Decimal

from accord.measurement import collection, services

from .helpers import agree, dimension, draft, indicator_values


def collecting(cast, extra: int = 0, partnership=None, label: str = "2026 Q1"):
    partnership = partnership or cast.own
    gender = (
        dimension(cast, categories=("Woman", "Man", "Non-binary"))
        if partnership == cast.own
        else None
    )
    region = services.dimension_create(
        partnership=partnership, name="Region", categories=["North", "South"]
    )
    if gender is None:
        gender = services.dimension_create(
            partnership=partnership,
            name="Gender identity",
            categories=["Woman", "Man", "Non-binary"],
        )
    g, r = gender.versions.get().pk, region.versions.get().pk
    version = draft(cast, indicators=0, partnership=partnership)
    shapes = [
        {
            "name": "Students enrolled",
            "plausible_min": Decimal("10"),
            "plausible_max": Decimal("500"),
        },
        {"name": "Students placed", "dimension_version_ids": [g]},
        {
            "name": "Share retained",
            "type": "ratio",
            "numerator": "Students retained",
            "denominator": "Students enrolled",
            "targets": [],
            "baseline_value": None,
            "dimension_version_ids": [g],
        },
        {"name": "Mentors", "dimension_version_ids": [g, r]},
        {
            "name": "What changed",
            "type": "qualitative",
            "targets": [],
            "baseline_value": None,
            "unit": "",
        },
    ]
    shapes += [{"name": f"Extra count {i + 1}", "dimension_version_ids": [g]} for i in range(extra)]
    for shape in shapes:
        services.indicator_add(version=version, values=indicator_values(cast, **shape))
    agree(cast, version) if partnership == cast.own else None
    return collection.period_create(
        partnership=partnership,
        label=label,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
    )
