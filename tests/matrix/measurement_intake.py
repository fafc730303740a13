"""Access-matrix entries for the ways values come in by API and file (M3). See
tests/matrix/__init__.py for how outcomes are derived.

Everyone with a role reads the periods, an organization's submission, its values and events, and
downloads its template; "measurement.period.manage" (steward, project director) adds and changes
periods; "measurement.values.enter" (the submitting organization's people who add records, or a
steward) writes values, submits them and uploads files; "measurement.values.review" (a steward,
or the project director of an indicator's responsible organization) returns, approves and
reopens. The submitting organization is the partner, a member on both sides; the cast's people
all belong to it.

The form posts of the matrix carry no file: an upload without one is answered with its report
(422) once access is granted, so the outcome still tells 404, 403 and "reached the form" apart.
"""

from datetime import date

from django.urls import reverse

from accord.measurement import collection
from accord.measurement.models import MeasuresVersion
from tests.matrix import Route, Target
from tests.matrix.measurement import version

CREATED = frozenset({201})
REFUSED_INPUT = frozenset({422})
MANAGE = "measurement.period.manage"
ENTER = "measurement.values.enter"
REVIEW = "measurement.values.review"
PERIODS = "/api/v1/partnerships/{partnership_id}/measures/periods"
PERIOD = PERIODS + "/{period_id}"
SUBMISSION = PERIOD + "/submissions/{organization_id}"
VALUE = SUBMISSION + "/values/{value_id}"


def period(cast, side):
    found = version(cast, side, MeasuresVersion.Status.FINAL)
    return collection.period_create(
        partnership=found.partnership,
        label="2026 Q1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
    )


def submission(cast, side, status="open"):
    found = collection.submission_for(period(cast, side), cast.partner)
    cleaned, _ = collection.Catalog(found.period).clean_all(
        [{"indicator": "Matrix indicator", "value": "3"}]
    )
    collection.write_cells(found, cleaned)
    if status in ("submitted", "approved"):
        collection.submit(found)
    if status == "approved":
        collection.approve(found)
    return found


def _api(path: str, found) -> str:
    values = {
        "{partnership_id}": found.period.partnership_id
        if hasattr(found, "period")
        else found.partnership_id,
        "{period_id}": getattr(found, "period_id", found.pk),
        "{organization_id}": getattr(found, "organization_id", None),
    }
    for name, value in values.items():
        path = path.replace(name, str(value))
    return path


def api_periods(cast, side):
    return PERIODS.replace("{partnership_id}", str(cast.partnership(side).pk))


def api_period(cast, side):
    found = period(cast, side)
    return Target(_api(PERIOD, found), found)


def api_submission(suffix: str = "", status: str = "open"):
    def build(cast, side):
        found = submission(cast, side, status)
        return Target(_api(SUBMISSION, found) + suffix, found)

    return build


def api_value(cast, side):
    found = submission(cast, side)
    value = found.values.get()
    return Target(_api(VALUE, found).replace("{value_id}", str(value.pk)), found)


def page(name: str, *extra):
    def build(cast, side):
        found = submission(cast, side)
        args = [found.period.partnership_id, found.period_id, found.organization_id, *extra]
        return Target(reverse(f"measurement:{name}", args=args), found)

    return build


def period_body(cast, side):
    return {"label": "2026 Q2", "starts_on": "2026-04-01", "ends_on": "2026-06-30"}


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("measurement:upload", "GET", page("upload"), ENTER),
    Route("measurement:upload", "POST", page("upload"), ENTER, ok=REFUSED_INPUT),
    Route("measurement:upload-template", "GET", page("upload-template", "xlsx"), "view"),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {PERIODS}", "GET", api_periods, "view", api=True),
    Route(
        f"POST {PERIODS}",
        "POST",
        lambda cast, side: Target(api_periods(cast, side), period(cast, side).partnership),
        MANAGE,
        api=True,
        data=period_body,
        ok=CREATED,
    ),
    Route(f"GET {PERIOD}", "GET", api_period, "view", api=True),
    Route(
        f"PATCH {PERIOD}",
        "PATCH",
        api_period,
        MANAGE,
        api=True,
        data=lambda cast, side: {"due_on": "2026-05-01"},
    ),
    Route(f"GET {SUBMISSION}", "GET", api_submission(), "view", api=True),
    Route(
        f"POST {SUBMISSION}/values",
        "POST",
        api_submission("/values"),
        ENTER,
        api=True,
        data=lambda cast, side: {"values": [{"indicator": "Matrix indicator", "value": 4}]},
    ),
    Route(f"GET {SUBMISSION}/values", "GET", api_submission("/values"), "view", api=True),
    Route(f"GET {VALUE}", "GET", api_value, "view", api=True),
    Route(f"PUT {VALUE}", "PUT", api_value, ENTER, api=True, data=lambda cast, side: {"value": 5}),
    Route(
        f"PATCH {VALUE}",
        "PATCH",
        api_value,
        ENTER,
        api=True,
        data=lambda cast, side: {"value": 6},
    ),
    Route(f"GET {SUBMISSION}/events", "GET", api_submission("/events"), "view", api=True),
    Route(f"POST {SUBMISSION}/submit", "POST", api_submission("/submit"), ENTER, api=True),
    Route(
        f"POST {SUBMISSION}/return",
        "POST",
        api_submission("/return", "submitted"),
        REVIEW,
        api=True,
        data=lambda cast, side: {"comment": "Check March."},
    ),
    Route(
        f"POST {SUBMISSION}/approve",
        "POST",
        api_submission("/approve", "submitted"),
        REVIEW,
        api=True,
        data=lambda cast, side: {},
    ),
    Route(
        f"POST {SUBMISSION}/reopen",
        "POST",
        api_submission("/reopen", "approved"),
        REVIEW,
        api=True,
        data=lambda cast, side: {"reason": "A typo."},
    ),
    Route(
        f"POST {SUBMISSION}/upload",
        "POST",
        api_submission("/upload"),
        ENTER,
        api=True,
        ok=REFUSED_INPUT,
    ),
]

# Three modules run these, each within the module time limit.
PART_PAGES_AND_PERIODS = [r for r in ROUTES if not r.api or "{organization_id}" not in r.key]
PART_VALUES = [
    r
    for r in ROUTES
    if r.api
    and "{organization_id}" in r.key
    and r.key.rsplit("/", 1)[-1] in ("{organization_id}", "values", "{value_id}", "events")
]
PART_REVIEW = [r for r in ROUTES if r not in PART_PAGES_AND_PERIODS and r not in PART_VALUES]
