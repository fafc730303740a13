"""Access matrix: the resources page routes (M5) listed in tests/matrix/measurement_resources.py
(the API in test_measurement_resources_api.py)."""

import pytest

from tests.matrix import measurement_resources
from tests.matrix.cases import cases, check

CASES = cases([route for route in measurement_resources.ROUTES if not route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
