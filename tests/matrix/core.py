"""Access-matrix entries for core pages (see tests/matrix/__init__.py)."""

from django.urls import reverse

from tests.matrix import PUBLIC, SIGNED_IN, Route

ROUTES: list[Route] = [
    Route("core:home", "GET", lambda c, s: reverse("core:home"), SIGNED_IN, scoped=False),
    Route("core:healthz", "GET", lambda c, s: reverse("core:healthz"), PUBLIC, scoped=False),
    Route(
        "core:healthz-web", "GET", lambda c, s: reverse("core:healthz-web"), PUBLIC, scoped=False
    ),
    Route(
        "GET /api/v1/openapi.json",
        "GET",
        lambda c, s: "/api/v1/openapi.json",
        PUBLIC,
        scoped=False,
        api=True,
    ),
    Route(
        "GET /api/v1/waiting",
        "GET",
        lambda c, s: "/api/v1/waiting",
        SIGNED_IN,
        scoped=False,
        api=True,
    ),
    Route("api:openapi-view", "GET", lambda c, s: "/api/v1/docs", PUBLIC, scoped=False),
]
