"""A reporting period to collect values for, for the tests of the API and file ways in (M3):
a count, a ratio broken down by gender, and a count broken down by gender and region."""

from datetime import date

from accord.measurement import collection, services

from .helpers import agree, dimension, draft, indicator_values

NAMES = ("Indicator 1", "Share retained", "Students by group")


def collecting_period(cast, regions=("North", "South"), categories=("Woman", "Man", "Non-binary")):
    gender = dimension(cast, categories=categories)
    region = dimension(cast, name="Region", categories=regions)
    version = draft(cast, indicators=1)
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Share retained",
            type="ratio",
            numerator="Students retained",
            denominator="Students enrolled",
            targets=[],
            baseline_value=None,
            dimension_version_ids=[gender.versions.get().pk],
        ),
    )
    services.indicator_add(
        version=version,
        values=indicator_values(
            cast,
            name="Students by group",
            targets=[],
            baseline_value=None,
            dimension_version_ids=[gender.versions.get().pk, region.versions.get().pk],
        ),
    )
    agree(cast, version)
    return collection.period_create(
        partnership=cast.own, label="2026 Q1", starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31)
    )
