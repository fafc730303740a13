"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for qualitative evidence
(M3) and deliverables with fulfilment (M2): a module of its own, so that each stays within the
module time limit. The demo's Bridges partnership has evidence (a file among it) and deliverables;
half the generated requests name them."""

import pytest

from accord.measurement.models import Deliverable, Evidence
from tests.test_api_fuzz import (  # noqa: F401
    EVIDENCE,
    REAL_IDS,
    fuzz_test,
    keep_connection,
    schema,
    world,
)


@pytest.fixture(scope="module", autouse=True)
def evidence_ids(world):  # noqa: F811  (the imported fixture, asked for by name)
    """The demo's evidence with a file and one of its deliverables, as real path ids."""
    partnership_id = world.ids["partnership_id"]
    REAL_IDS["evidence_id"] = (
        Evidence.objects.filter(partnership_id=partnership_id).exclude(file="").first().pk
    )
    REAL_IDS["deliverable_id"] = (
        Deliverable.objects.filter(partnership_id=partnership_id).order_by("pk").first().pk
    )
    yield
    REAL_IDS.pop("evidence_id", None)
    REAL_IDS.pop("deliverable_id", None)


test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=EVIDENCE))
