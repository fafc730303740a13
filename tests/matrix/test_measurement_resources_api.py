"""Access matrix: the resources API routes (M5) listed in tests/matrix/measurement_resources.py
(the pages in test_measurement_resources.py)."""

import pytest

from tests.matrix import measurement_resources
from tests.matrix.cases import cases, check

CASES = cases([route for route in measurement_resources.ROUTES if route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
