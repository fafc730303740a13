"""Access matrix: the page routes listed in tests/matrix/relationships_engagements.py (see
cases.py); the second half (the first in
test_relationships_engagements.py)."""

import pytest

from tests.matrix import relationships_engagements
from tests.matrix.cases import cases, check

PAGES = [route for route in relationships_engagements.ROUTES if not route.api]
CASES = cases(PAGES[len(PAGES) // 2 :])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
