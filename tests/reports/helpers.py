"""A partnership with an agreed measures set and approved data, for progress reports: a count
by gender (Woman, Man; the rest "not broken down"), a ratio and a percentage, two quarters, both
members approved in the first and the partner only in the second (so that it is refused)."""

from datetime import date

from accord.core.audit import acting_as
from accord.measurement import collection
from tests.measurement.helpers import count_ratio_and_percentage

QUARTERS = (
    ("2026 Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026 Q2", date(2026, 4, 1), date(2026, 6, 30)),
)
# organization key -> (reached, women, men, kept, enrolled, satisfied)
FIGURES = {
    "host": (120, 40, 75, 30, 90, "81.5"),
    "partner": (64, 3, 55, 7, 12, "77.0"),
}


def measured(cast):
    """(version, [Q1, Q2]): Q1 approved for both members, Q2 approved for the partner only."""
    version = count_ratio_and_percentage(
        cast,
        [{"period": "2026 Q1", "value": 150}, {"period": "2026 Q2", "value": 170}],
        unit="",
    )
    steward = cast.users["steward"]
    periods = []
    with acting_as(steward):
        for label, starts, ends in QUARTERS:
            periods.append(
                collection.period_create(
                    partnership=cast.own, label=label, starts_on=starts, ends_on=ends
                )
            )
        organizations = {"host": cast.host, "partner": cast.partner}
        for index, period in enumerate(periods):
            for key, organization in organizations.items():
                if index == 1 and key == "host":
                    continue
                enter(period, organization, *FIGURES[key], approve=True)
    return version, periods


def enter(period, organization, reached, woman, man, kept, enrolled, satisfied, approve=True):
    catalog = collection.Catalog(period)
    cleaned, errors = catalog.clean_all(
        [
            {"indicator": "Reached", "value": reached},
            {"indicator": "Reached", "category_a": "Woman", "value": woman},
            {"indicator": "Reached", "category_a": "Man", "value": man},
            {"indicator": "Retained", "numerator": kept, "denominator": enrolled},
            {"indicator": "Satisfied", "value": satisfied},
        ]
    )
    assert not errors, errors
    submission = collection.submission_for(period, organization)
    collection.write_cells(submission, cleaned)
    submission = collection.submit(submission)
    if approve:
        collection.approve(submission)
    return submission
