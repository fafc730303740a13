"""Access-matrix entries for the CSV and XLSX exports of the lists (see tests/matrix/__init__.py).

A directory list's export is for anyone signed in ("directory.view"); a partnership's list's export
for anyone who sees the partnership (`Perm.VIEW`: 404 for the others). Every table of a scope
shares one view and one rule, so the matrix runs a few of them, in both formats; what each table
holds for each reader is tested in tests/reports/test_exports*.py.
"""

from django.urls import reverse

from accord.core.access import Perm
from tests.matrix import Route


def _page(table: str, fmt: str) -> Route:
    return Route(
        "reports:export-table",
        "GET",
        lambda c, s: reverse("reports:export-table", args=[c.partnership(s).pk, table, fmt]),
        Perm.VIEW,
    )


def _api(table: str, fmt: str) -> Route:
    return Route(
        "GET /api/v1/partnerships/{partnership_id}/exports/{table}",
        "GET",
        lambda c, s: f"/api/v1/partnerships/{c.partnership(s).pk}/exports/{table}?format={fmt}",
        Perm.VIEW,
        api=True,
    )


ROUTES: list[Route] = [
    Route(
        "reports:export-list",
        "GET",
        lambda c, s: reverse("reports:export-list", args=["people", "csv"]),
        "directory.view",
        scoped=False,
    ),
    Route(
        "GET /api/v1/exports/{table}",
        "GET",
        lambda c, s: "/api/v1/exports/organizations?format=xlsx",
        "directory.view",
        scoped=False,
        api=True,
    ),
    _page("values", "csv"),
    _page("input", "xlsx"),
    _api("values", "xlsx"),
    _api("deliverables", "csv"),
]
