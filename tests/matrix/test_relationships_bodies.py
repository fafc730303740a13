"""Access matrix: the routes listed in tests/matrix/relationships_bodies.py (see cases.py)."""

import pytest

from tests.matrix import relationships_bodies
from tests.matrix.cases import cases, check

CASES = cases(relationships_bodies.ROUTES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
