"""Access matrix: the page routes listed in tests/matrix/measurement.py (see cases.py); the first
half (the second in test_measurement_more.py, the API in test_measurement_api.py)."""

import pytest

from tests.matrix import measurement
from tests.matrix.cases import cases, check

PAGES = [route for route in measurement.ROUTES if not route.api]
CASES = cases(PAGES[: len(PAGES) // 2])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
