"""Access matrix: the digest pages listed in tests/matrix/reports_digests.py (see cases.py)."""

import pytest

from tests.matrix import reports_digests
from tests.matrix.cases import cases, check

CASES = cases([route for route in reports_digests.ROUTES if not route.api])


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
