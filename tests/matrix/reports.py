"""Access-matrix entries for the partnership archive (see tests/matrix/__init__.py).

"reports.archive.export" (a steward) downloads a partnership's archive; "reports.archive.import"
(a platform administrator) imports one. The matrix sends no file: the administrator gets the form
again with the error (422) or, from the API, 422 naming the missing file.
"""

from django.urls import reverse

from tests.matrix import Route

EXPORT = "reports.archive.export"
IMPORT = "reports.archive.import"
UNPROCESSABLE = frozenset({422})

ROUTES: list[Route] = [
    Route(
        "reports:export",
        "GET",
        lambda c, s: reverse("reports:export", args=[c.partnership(s).pk]),
        EXPORT,
    ),
    Route(
        "reports:export-download",
        "GET",
        lambda c, s: reverse("reports:export-download", args=[c.partnership(s).pk]),
        EXPORT,
    ),
    Route("reports:import", "GET", lambda c, s: reverse("reports:import"), IMPORT, scoped=False),
    Route(
        "reports:import",
        "POST",
        lambda c, s: reverse("reports:import"),
        IMPORT,
        scoped=False,
        data=lambda c, s: {},
        ok=UNPROCESSABLE,
    ),
    Route(
        "GET /api/v1/partnerships/{partnership_id}/export",
        "GET",
        lambda c, s: f"/api/v1/partnerships/{c.partnership(s).pk}/export",
        EXPORT,
        api=True,
    ),
    Route(
        "POST /api/v1/archives",
        "POST",
        lambda c, s: "/api/v1/archives",
        IMPORT,
        scoped=False,
        api=True,
        ok=UNPROCESSABLE,
    ),
]
