"""Access-matrix entries for the health scorecard. See tests/matrix/__init__.py for how outcomes
are derived. Everyone with a role in a partnership reads its scorecard and its history; everyone
signed in reads how the scorecard is computed. It has no writes: a task computes it."""

from django.urls import reverse

from tests.matrix import SIGNED_IN, Route

SCORECARD = "/api/v1/partnerships/{partnership_id}/scorecard"
HISTORY = SCORECARD + "/history"
CRITERIA = "/api/v1/scorecard-criteria"


def page(cast, side):
    return reverse("evaluation:scorecard", args=[cast.partnership(side).pk])


def api(path):
    def build(cast, side):
        return path.replace("{partnership_id}", str(cast.partnership(side).pk))

    return build


ROUTES: list[Route] = [
    Route("evaluation:scorecard", "GET", page, "view"),
    Route(
        "evaluation:criteria",
        "GET",
        lambda cast, side: reverse("evaluation:criteria"),
        SIGNED_IN,
        scoped=False,
    ),
    Route(f"GET {SCORECARD}", "GET", api(SCORECARD), "view", api=True),
    Route(f"GET {HISTORY}", "GET", api(HISTORY), "view", api=True),
    Route(f"GET {CRITERIA}", "GET", lambda cast, side: CRITERIA, SIGNED_IN, scoped=False, api=True),
]
