"""The API fuzz test (tests/test_api_fuzz.py, which says how it works) for the alignment
pillar's charter and rubrics: a module of its own, so that each stays within the module time
limit (assessments and candidates: test_api_fuzz_assessments.py)."""

from tests.test_api_fuzz import ALIGNMENT, fuzz_test, keep_connection, schema, world  # noqa: F401

test_api_conforms_to_its_schema = fuzz_test(schema.include(path_regex=ALIGNMENT))
