"""Access matrix: the submission and value routes listed in tests/matrix/measurement_intake.py
(see cases.py)."""

import pytest

from tests.matrix import measurement_intake
from tests.matrix.cases import cases, check

CASES = cases(measurement_intake.PART_VALUES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
