"""Access matrix: the deliverables pages listed in tests/matrix/measurement_evidence.py (see
cases.py); the evidence pages are in test_measurement_evidence.py."""

import pytest

from tests.matrix import measurement_evidence
from tests.matrix.cases import cases, check

PAGES = [route for route in measurement_evidence.ROUTES if not route.api]
CASES = cases([route for route in PAGES if "evidence" not in route.key])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
