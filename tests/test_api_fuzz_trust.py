"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for the trust and value
network's operations (R6, /trust-waves): a module of its own, so that each stays within the
module time limit."""

from tests.test_api_fuzz import TRUST, fuzz_test, keep_connection, schema, world  # noqa: F401

test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=TRUST))
