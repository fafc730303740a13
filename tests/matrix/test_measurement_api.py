"""Access matrix: the API operations listed in tests/matrix/measurement.py (see cases.py)."""

import pytest

from tests.matrix import measurement
from tests.matrix.cases import cases, check

CASES = cases([route for route in measurement.ROUTES if route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
