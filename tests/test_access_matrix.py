"""Every route, for every actor, on the own partnership and another one (see tests/matrix)."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accord.api import api
from tests.matrix import ACTORS, all_routes

ROUTES = all_routes()
CASES = [
    pytest.param(route, actor, side, id=f"{route}|{actor}|{side}")
    for route in ROUTES
    for actor in ACTORS
    for side in (("own", "other") if route.scoped else ("own",))
]
# The Django admin site is gated as a whole by `is_staff` and has its own tests upstream; its
# generated per-model URLs are covered by one entry for its index.
EXEMPT_NAMESPACES = {"admin"}


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
        data=_encode(data or {}),
        content_type="application/x-www-form-urlencoded",
    )


def _encode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


@pytest.mark.django_db
class TestAccessMatrix:
    @pytest.mark.parametrize(("route", "actor", "side"), CASES)
    def test_route(self, cast, client, route, actor, side):
        user = cast.users.get(actor)
        if user is not None:
            client.force_login(user)
        target = route.build(cast, side)
        data = route.data(cast, side) if route.data else None
        # Asked of the policy before the request, which may change what it answers.
        expected = route.expected(actor, user, target.obj)
        response = request(client, route, target.url, data)
        assert response.status_code in expected, (
            f"{route} as {actor} on the {side} partnership: got {response.status_code}, "
            f"expected {sorted(expected)}\n{response.content[:500]!r}"
        )


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names |= _url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def page_names() -> set[str]:
    names = _url_names(get_resolver())
    return {
        name
        for name in names
        if name.split(":")[0] not in EXEMPT_NAMESPACES and not name.startswith("api:")
    }


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_page_has_a_matrix_entry():
    covered = {route.key for route in ROUTES}
    missing = sorted(page_names() - covered)
    assert not missing, f"URL patterns without an access-matrix entry: {missing}"


def test_every_api_operation_has_a_matrix_entry():
    covered = {route.key for route in ROUTES}
    missing = sorted(api_operations() - covered)
    assert not missing, f"API operations without an access-matrix entry: {missing}"


def test_matrix_has_no_stale_entries():
    known = page_names() | api_operations() | {"api:openapi-view", "GET /api/v1/openapi.json"}
    stale = sorted({route.key for route in ROUTES} - known)
    assert not stale, f"Access-matrix entries for routes that no longer exist: {stale}"
