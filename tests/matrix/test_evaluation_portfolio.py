"""Access matrix: the routes listed in tests/matrix/evaluation_portfolio.py."""

import pytest

from tests.matrix import evaluation_portfolio
from tests.matrix.cases import cases, check

CASES = cases(evaluation_portfolio.ROUTES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
