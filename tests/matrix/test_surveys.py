"""Access matrix: the routes listed in tests/matrix/surveys.py, pages and API (see cases.py)."""

import pytest

from tests.matrix import surveys
from tests.matrix.cases import cases, check

CASES = cases(surveys.ROUTES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
