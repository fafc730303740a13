"""Access matrix: the API routes listed in tests/matrix/surveys.py (see cases.py; the pages in
test_surveys.py)."""

import pytest

from tests.matrix import surveys
from tests.matrix.cases import cases, check

CASES = cases([route for route in surveys.ROUTES if route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
