"""Access-matrix entries for collecting data (M3): the reporting periods, a period and an
organization's grid with its review. See tests/matrix/__init__.py for how outcomes are derived.

Everyone with a role reads the periods and every organization's grid;
"measurement.period.manage" (steward, project director) adds and edits periods;
"measurement.values.enter" (the submitting organization's people who add records, or a steward)
saves the grid and its cells; "measurement.values.review" (a steward, or the project director of
an indicator's responsible organization) returns, approves and reopens. The cast's people all
belong to the partner organization, whose grid the routes act on.
"""

from datetime import date

from django.urls import reverse

from accord.measurement import collection, services
from accord.measurement.models import MeasuresVersion
from tests.matrix import Route, Target
from tests.matrix.measurement import indicator_values

FOUND = frozenset({302})
MANAGE = "measurement.period.manage"
ENTER = "measurement.values.enter"
REVIEW = "measurement.values.review"
Status = MeasuresVersion.Status


def measures(cast, side):
    """A final measures set of one count (final is enough to collect)."""
    version = services.measures_version_create(partnership=cast.partnership(side))
    services.indicator_add(version=version, values=indicator_values(cast))
    services.measures_version_move(version=version, to_status=Status.OPEN)
    services.measures_version_move(version=version, to_status=Status.FINAL)
    return version


def period(cast, side):
    """A period collecting that measures set."""
    measures(cast, side)
    return collection.period_create(
        partnership=cast.partnership(side),
        label="2026 Q1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
    )


def with_measures(name: str):
    def build(cast, side):
        measures(cast, side)
        return reverse(f"measurement:{name}", args=[cast.partnership(side).pk])

    return build


def page(name: str):
    return lambda cast, side: reverse(f"measurement:{name}", args=[cast.partnership(side).pk])


def on_period(name: str):
    def build(cast, side):
        found = period(cast, side)
        return Target(reverse(f"measurement:{name}", args=[found.partnership_id, found.pk]), found)

    return build


def on_grid(name: str, submitted: bool = False):
    def build(cast, side):
        found = period(cast, side)
        submission = collection.submission_for(found, cast.partner)
        if submitted:
            collection.submit(submission)
        args = [found.partnership_id, found.pk, cast.partner.pk]
        return Target(reverse(f"measurement:{name}", args=args), submission)

    return build


def cell(cast, side):
    """One value for the count (its cell key is "<indicator>-0-0")."""
    from accord.measurement.models import Indicator

    indicator = (
        Indicator.objects.filter(version__partnership=cast.partnership(side))
        .order_by("-pk")
        .first()
    )
    key = f"{indicator.pk}-0-0"
    return {"cell": key, f"{key}-v": "4"}


def next_quarter(cast, side):
    found = period(cast, side)
    return reverse("measurement:period-next", args=[found.partnership_id])


def period_form(cast, side):
    return {
        "label": "2026 Q2",
        "kind": "quarterly",
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
        "opens_on": "",
        "due_on": "",
    }


ROUTES: list[Route] = [
    Route("measurement:periods", "GET", page("periods"), "view"),
    Route("measurement:period-create", "GET", page("period-create"), MANAGE),
    Route(
        "measurement:period-create",
        "POST",
        with_measures("period-create"),
        MANAGE,
        data=period_form,
        ok=FOUND,
    ),
    Route("measurement:period-next", "POST", next_quarter, MANAGE, ok=FOUND),
    Route("measurement:period", "GET", on_period("period"), "view"),
    Route("measurement:period-edit", "GET", on_period("period-edit"), MANAGE),
    Route(
        "measurement:period-edit",
        "POST",
        on_period("period-edit"),
        MANAGE,
        data=period_form,
        ok=FOUND,
    ),
    Route("measurement:grid", "GET", on_grid("grid"), "view"),
    Route("measurement:grid", "POST", on_grid("grid"), ENTER, data=cell, ok=FOUND),
    Route("measurement:grid-cell", "POST", on_grid("grid-cell"), ENTER, data=cell, ok=FOUND),
    Route(
        "measurement:grid-review",
        "POST",
        on_grid("grid-review", submitted=True),
        REVIEW,
        data=lambda cast, side: {"decision": "approve"},
        ok=FOUND,
    ),
]
