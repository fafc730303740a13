"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for resources (M5:
pledges, contributions, the partnership's currency and pledged against delivered): a module of
its own, so that each stays within the module time limit."""

from tests.test_api_fuzz import RESOURCES, fuzz_test, keep_connection, schema, world  # noqa: F401

test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=RESOURCES))
