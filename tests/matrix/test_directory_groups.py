"""Access matrix: the routes listed in tests/matrix/directory_groups.py (see cases.py)."""

import pytest

from tests.matrix import directory_groups
from tests.matrix.cases import cases, check

CASES = cases(directory_groups.ROUTES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
