"""How the access matrix runs: which actor tries which route on which partnership, and one try.

Each `tests/matrix/test_<app>.py` runs the routes of `tests/matrix/<app>.py`, so that no test
module grows past the per-module time limit (tests/module_time.py) as the product does.
"""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings

from accord.core.policy import ACTIONS, roles_granting
from tests.matrix import ACTORS


def sides(route, actor: str) -> tuple[str, ...]:
    """The partnerships `actor` tries `route` on: its own, and another one where that can differ.

    On another partnership every non-administrator is refused alike (404), so only the actors
    for whom scoping is what stands between them and success try it: a steward, the roles that
    hold the route's permission, and the administrator (who succeeds there too). Anonymous users
    and outsiders are refused before the partnership matters, and the roles without the
    permission are refused on their own partnership already.
    """
    holders = roles_granting(route.access) if route.access in ACTIONS else frozenset()
    if route.scoped and (actor in ("steward", "admin") or actor in holders):
        return ("own", "other")
    return ("own",)


def cases(routes) -> list:
    """One test case for each route, actor and side."""
    return [
        pytest.param(route, actor, side, id=f"{route}|{actor}|{side}")
        for route in routes
        for actor in ACTORS
        for side in sides(route, actor)
    ]


def check(client, cast, sessions, route, actor: str, side: str) -> None:
    """Send `route`'s request as `actor` on `side`'s partnership; the status must be expected."""
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[actor]
    target = route.build(cast, side)
    data = route.data(cast, side) if route.data else None
    # Asked of the policy before the request, which may change what it answers.
    expected = route.expected(actor, cast.users.get(actor), target.obj)
    response = request(client, route, target.url, data)
    assert response.status_code in expected, (
        f"{route} as {actor} on the {side} partnership: got {response.status_code}, "
        f"expected {sorted(expected)}\n{response.content[:500]!r}"
    )


def request(client, route, url, data):
    method = route.method.lower()
    if route.api:
        body = json.dumps(data) if data is not None else ""
        return client.generic(route.method, url, body, content_type="application/json")
    if method == "get":
        return client.get(url, data or {})
    return client.generic(
        route.method,
        url,
        data=urlencode(data or {}, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
