"""Access matrix: the analysis pages listed in tests/matrix/measurement_analysis.py."""

import pytest

from tests.matrix import measurement_analysis
from tests.matrix.cases import cases, check

CASES = cases(measurement_analysis.ROUTES)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, client, cast, sessions, route, actor, side):
        check(client, cast, sessions, route, actor, side)
