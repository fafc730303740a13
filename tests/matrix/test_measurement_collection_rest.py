"""Access matrix: the routes of data collection listed in tests/matrix/measurement_collection.py
(see cases.py); the last third."""

import pytest

from tests.matrix import measurement_collection
from tests.matrix.cases import cases, check

PAGES = [route for route in measurement_collection.ROUTES if not route.api]
CASES = cases(PAGES[2 * len(PAGES) // 3 :])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
