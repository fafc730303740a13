"""Access matrix: the pages and period routes listed in tests/matrix/measurement_intake.py (see
cases.py); the submission routes run in test_measurement_intake_values.py and
test_measurement_intake_review.py, each module within the module time limit."""

import pytest

from tests.matrix import measurement_intake
from tests.matrix.cases import cases, check

CASES = cases(measurement_intake.PART_PAGES_AND_PERIODS)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
