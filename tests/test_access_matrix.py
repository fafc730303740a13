"""The access matrix covers every route: each URL name and API operation has an entry in
tests/matrix/<app>.py, which tests/matrix/test_<app>.py runs for every actor on the own
partnership and another one (see tests/matrix/cases.py)."""

import importlib
import pkgutil
from collections import Counter

from django.urls import URLPattern, URLResolver, get_resolver

import tests.matrix
from accord.api import api
from tests.matrix import all_routes

ROUTES = all_routes()
# The Django admin site is gated as a whole by `is_staff` and has its own tests upstream; its
# generated per-model URLs are covered by one entry for its index.
EXEMPT_NAMESPACES = {"admin"}


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


def test_every_entry_is_run_by_one_matrix_module():
    modules = [
        importlib.import_module(f"tests.matrix.{info.name}")
        for info in pkgutil.iter_modules(tests.matrix.__path__)
        if info.name.startswith("test_")
    ]
    # Counted once per module that runs a route (a route has a case for each actor and side).
    runs = Counter(key for module in modules for key in {id(p.values[0]) for p in module.CASES})
    not_run = [str(route) for route in ROUTES if not runs[id(route)]]
    assert not not_run, f"Access-matrix entries that no tests/matrix/test_*.py runs: {not_run}"
    twice = [str(route) for route in ROUTES if runs[id(route)] > 1]
    assert not twice, f"Access-matrix entries run by more than one module: {twice}"
