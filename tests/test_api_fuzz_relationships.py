"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for the relationships
pillar's operations (engagements, bodies, stakeholder groups, cadence, action items, the
communication map): a module of its own, so that each stays within the module time limit."""

from tests.test_api_fuzz import (  # noqa: F401
    RELATIONSHIPS,
    fuzz_test,
    keep_connection,
    schema,
    world,
)

test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=RELATIONSHIPS))
