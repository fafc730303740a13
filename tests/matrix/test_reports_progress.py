"""Access matrix: the routes listed in tests/matrix/reports_progress.py (see cases.py)."""

import pytest

from tests.matrix import reports_progress
from tests.matrix.cases import cases, check

CASES = cases(reports_progress.ROUTES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
