"""Access matrix: the page routes listed in tests/matrix/relationships_trust.py (see cases.py;
the API in test_relationships_trust_api.py)."""

import pytest

from tests.matrix import relationships_trust
from tests.matrix.cases import cases, check

CASES = cases([route for route in relationships_trust.ROUTES if not route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
