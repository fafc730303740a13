"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for the input ledger's
operations (R6: input, consultations, settings, responsiveness): a module of its own, so that
each stays within the module time limit."""

from tests.test_api_fuzz import LEDGER, fuzz_test, keep_connection, schema, world  # noqa: F401

test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=LEDGER))
