"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for collecting values
(M3): reporting periods, an organization's submission, its values, review moves, events and file
uploads. A module of its own, so that each stays within the module time limit.

The demo's Bridges partnership gets a period of its agreed measures set and, for its first member
organization (the `organization_id` of the world), a submission holding one value, so that about
half the requests name a real period, submission and value."""

from datetime import date

import pytest

from accord.measurement import collection
from tests.test_api_fuzz import (  # noqa: F401
    COLLECTION,
    REAL_IDS,
    REAL_MEASURES_IDS,
    fuzz_test,
    keep_connection,
    schema,
    world,
)


@pytest.fixture(scope="module", autouse=True)
def collecting(request, django_db_blocker):
    """A period, the world's organization's submission and one value (rolled back with the
    world)."""
    from accord.partnerships.models import Partnership

    request.getfixturevalue("world")
    with django_db_blocker.unblock():
        partnership = Partnership.objects.get(pk=REAL_IDS["partnership_id"])
        period = collection.period_create(
            partnership=partnership,
            label="Fuzzing period",
            starts_on=date(2031, 1, 1),
            ends_on=date(2031, 3, 31),
        )
        submission = collection.submission_for(period, REAL_IDS["organization_id"])
        catalog = collection.Catalog(period)
        spec = next(s for s in catalog if s.indicator.type in ("count", "currency"))
        cleaned, errors = catalog.clean_all([{"indicator": spec.indicator.pk, "value": "4"}])
        assert not errors, errors
        collection.write_cells(submission, cleaned)
        value = submission.values.get()
        REAL_MEASURES_IDS.update({"period_id": period.pk, "value_id": value.pk})
        yield


test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=COLLECTION))
