"""Access matrix: the API operations listed in tests/matrix/relationships_trust.py (see
cases.py); the second half (the first in test_relationships_trust_api.py)."""

import pytest

from tests.matrix import relationships_trust
from tests.matrix.cases import cases, check

API = [route for route in relationships_trust.ROUTES if route.api]
CASES = cases(API[len(API) // 2 :])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
