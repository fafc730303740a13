"""Access-matrix entries for the analysis pages (M3). See tests/matrix/__init__.py for how
outcomes are derived: everyone with a role in the partnership reads them ("view"); outsiders get
404; anonymous visitors are sent to sign in."""

from django.urls import reverse

from tests.matrix import Route, Target
from tests.matrix.measurement import Status, version


def overview(cast, side):
    version(cast, side, Status.FINAL)
    return reverse("measurement:overview", args=[cast.partnership(side).pk])


def analysis(cast, side):
    found = version(cast, side, Status.FINAL).indicators.get()
    url = reverse("measurement:analysis", args=[cast.partnership(side).pk, found.lineage])
    return Target(url, cast.partnership(side))


ROUTES: list[Route] = [
    Route("measurement:overview", "GET", overview, "view"),
    Route("measurement:analysis", "GET", analysis, "view"),
]
