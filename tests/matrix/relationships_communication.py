"""Access-matrix entries for the communication map (R6). See tests/matrix/__init__.py for how
outcomes are derived. Everyone with a role in a partnership reads its map; it has no writes."""

from django.urls import reverse

from tests.matrix import Route

COMMUNICATION = "/api/v1/partnerships/{partnership_id}/communication"


def page(cast, side):
    return reverse("relationships:communication", args=[cast.partnership(side).pk])


def api(cast, side):
    return COMMUNICATION.replace("{partnership_id}", str(cast.partnership(side).pk))


ROUTES: list[Route] = [
    Route("relationships:communication", "GET", page, "view"),
    Route(f"GET {COMMUNICATION}", "GET", api, "view", api=True),
]
