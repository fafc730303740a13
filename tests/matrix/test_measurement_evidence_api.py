"""Access matrix: the API operations listed in tests/matrix/measurement_evidence.py (see
cases.py)."""

import pytest

from tests.matrix import measurement_evidence
from tests.matrix.cases import cases, check

CASES = cases([route for route in measurement_evidence.ROUTES if route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
