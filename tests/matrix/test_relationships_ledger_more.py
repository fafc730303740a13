"""Access matrix: the page routes listed in tests/matrix/relationships_ledger.py (see cases.py);
the second third."""

import pytest

from tests.matrix import relationships_ledger
from tests.matrix.cases import cases, check

PAGES = [route for route in relationships_ledger.ROUTES if not route.api]
CASES = cases(PAGES[len(PAGES) // 3 : 2 * len(PAGES) // 3])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
