"""Access-matrix entries for the alignment pillar's discovery pages and API operations.

See tests/matrix/__init__.py for how an entry's expected outcome is derived.
"""

from django.urls import reverse

from accord.core.access import Perm
from tests.matrix import Route


def candidates_page(cast, side):
    return reverse("alignment:candidates", args=[cast.partnership(side).pk])


def candidates_api(cast, side):
    return f"/api/v1/partnerships/{cast.partnership(side).pk}/candidates"


ROUTES: list[Route] = [
    Route("alignment:candidates", "GET", candidates_page, Perm.VIEW),
    Route(
        "GET /api/v1/partnerships/{partnership_id}/candidates",
        "GET",
        candidates_api,
        Perm.VIEW,
        api=True,
    ),
]
