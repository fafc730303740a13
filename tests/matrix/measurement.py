"""Access-matrix entries for the measures set (M1, M2). See tests/matrix/__init__.py for how
outcomes are derived.

Everyone with a role reads the measures set, its versions, indicators and dimensions;
"measurement.measures.change" (steward, project director) drafts versions, indicators and
dimensions; "measurement.measures.comment" comments on an open version (a person's words);
"measurement.measures.endorse" endorses a final version for one's own organization (a leader or
project director: the cast's all belong to the partner, a member on both sides).
"""

from decimal import Decimal

from django.urls import reverse

from accord.measurement import services
from accord.measurement.models import MeasuresVersion
from tests.matrix import Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
GONE = frozenset({204})
CHANGE = "measurement.measures.change"
COMMENT = "measurement.measures.comment"
ENDORSE = "measurement.measures.endorse"
BASE = "/api/v1/partnerships/{partnership_id}/measures"
VERSION = BASE + "/versions/{number}"
INDICATOR = VERSION + "/indicators/{indicator_id}"
DIMENSIONS = BASE + "/dimensions"
Status = MeasuresVersion.Status


def indicator_values(cast, name="Matrix indicator") -> dict:
    return {
        "name": name,
        "definition": "Counted once a quarter.",
        "type": "count",
        "kind": "how_much",
        "direction": "up",
        "frequency": "quarterly",
        "responsible_organization_id": cast.partner.pk,
        "targets": [{"period": "2026 Q1", "value": Decimal("4")}],
    }


def version(cast, side, status=Status.DRAFT) -> MeasuresVersion:
    found = services.measures_version_create(partnership=cast.partnership(side))
    services.indicator_add(version=found, values=indicator_values(cast))
    if status != Status.DRAFT:
        services.measures_version_move(version=found, to_status=Status.OPEN)
    if status == Status.FINAL:
        services.measures_version_move(version=found, to_status=Status.FINAL)
    return found


def dimension(cast, side):
    return services.dimension_create(
        partnership=cast.partnership(side), name="Region", categories=["South", "North"]
    )


def page(name: str):
    return lambda cast, side: reverse(f"measurement:{name}", args=[cast.partnership(side).pk])


def on_version(name: str, status=Status.DRAFT):
    def build(cast, side):
        found = version(cast, side, status)
        return Target(reverse(f"measurement:{name}", args=[found.partnership_id, 1]), found)

    return build


def on_indicator(name: str):
    def build(cast, side):
        found = version(cast, side).indicators.get()
        args = [found.version.partnership_id, 1, found.pk]
        return Target(reverse(f"measurement:{name}", args=args), found)

    return build


def on_dimension(cast, side):
    found = dimension(cast, side)
    return Target(reverse("measurement:dimension", args=[found.partnership_id, found.pk]), found)


def indicator_form(cast, side):
    return {
        "name": "Another indicator",
        "definition": "Counted.",
        "type": "count",
        "kind": "how_well",
        "direction": "up",
        "frequency": "annual",
        "targets": "2026 = 3",
        "responsible_organization_id": str(cast.partner.pk),
    }


def api(path: str):
    return lambda cast, side: path.replace("{partnership_id}", str(cast.partnership(side).pk))


def api_version(suffix: str = "", status=Status.DRAFT):
    def build(cast, side):
        found = version(cast, side, status)
        url = VERSION.replace("{partnership_id}", str(found.partnership_id))
        return Target(url.replace("{number}", "1") + suffix, found)

    return build


def api_diff(cast, side):
    first = version(cast, side, Status.FINAL)
    services.measures_version_create(partnership=first.partnership)
    url = BASE.replace("{partnership_id}", str(first.partnership_id))
    return Target(url + "/diff?a=1&b=2", first)


def api_indicator(cast, side):
    found = version(cast, side).indicators.get()
    url = INDICATOR.replace("{partnership_id}", str(found.version.partnership_id))
    return Target(url.replace("{number}", "1").replace("{indicator_id}", str(found.pk)), found)


def api_dimension(suffix: str = ""):
    def build(cast, side):
        found = dimension(cast, side)
        url = DIMENSIONS.replace("{partnership_id}", str(found.partnership_id))
        return Target(f"{url}/{found.pk}{suffix}", found)

    return build


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("measurement:measures", "GET", page("measures"), "view"),
    Route("measurement:version-create", "POST", page("version-create"), CHANGE, ok=FOUND),
    Route("measurement:compare", "GET", page("compare"), "view"),
    Route("measurement:dimensions", "GET", page("dimensions"), "view"),
    Route(
        "measurement:dimensions",
        "POST",
        page("dimensions"),
        CHANGE,
        data=lambda cast, side: {"name": "Region", "categories": "South\nNorth"},
        ok=FOUND,
    ),
    Route("measurement:dimension", "GET", on_dimension, "view"),
    Route(
        "measurement:dimension",
        "POST",
        on_dimension,
        CHANGE,
        data=lambda cast, side: {"categories": "South\nNorth\nWest"},
        ok=FOUND,
    ),
    Route("measurement:version", "GET", on_version("version"), "view"),
    Route("measurement:version-edit", "GET", on_version("version-edit"), CHANGE),
    Route(
        "measurement:version-edit",
        "POST",
        on_version("version-edit"),
        CHANGE,
        data=lambda cast, side: {"expectations": "Report on time.", "deliverables": ""},
        ok=FOUND,
    ),
    Route(
        "measurement:version-status",
        "POST",
        on_version("version-status"),
        CHANGE,
        data=lambda cast, side: {"to": "open"},
        ok=FOUND,
    ),
    Route(
        "measurement:version-comment",
        "POST",
        on_version("version-comment", Status.OPEN),
        COMMENT,
        data=lambda cast, side: {"body": "Looks right."},
        ok=FOUND,
    ),
    Route(
        "measurement:version-endorse",
        "POST",
        on_version("version-endorse", Status.FINAL),
        ENDORSE,
        ok=FOUND,
    ),
    Route("measurement:indicator-add", "GET", on_version("indicator-add"), CHANGE),
    Route(
        "measurement:indicator-add",
        "POST",
        on_version("indicator-add"),
        CHANGE,
        data=indicator_form,
        ok=FOUND,
    ),
    Route("measurement:indicator", "GET", on_indicator("indicator"), "view"),
    Route("measurement:indicator-edit", "GET", on_indicator("indicator-edit"), CHANGE),
    Route(
        "measurement:indicator-edit",
        "POST",
        on_indicator("indicator-edit"),
        CHANGE,
        data=indicator_form,
        ok=FOUND,
    ),
    Route(
        "measurement:indicator-remove", "POST", on_indicator("indicator-remove"), CHANGE, ok=FOUND
    ),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {BASE}", "GET", api(BASE), "view", api=True),
    Route(f"GET {BASE}/versions", "GET", api(BASE + "/versions"), "view", api=True),
    Route(f"POST {BASE}/versions", "POST", api(BASE + "/versions"), CHANGE, api=True, ok=CREATED),
    Route(f"GET {BASE}/diff", "GET", api_diff, "view", api=True),
    Route(
        f"POST {BASE}/plausible-range",
        "POST",
        api(BASE + "/plausible-range"),
        "view",
        api=True,
        data=lambda cast, side: {"values": ["1", "2", "3"]},
    ),
    Route(f"GET {VERSION}", "GET", api_version(), "view", api=True),
    Route(
        f"PATCH {VERSION}",
        "PATCH",
        api_version(),
        CHANGE,
        api=True,
        data=lambda cast, side: {"expectations": "On time."},
    ),
    Route(
        f"POST {VERSION}/status",
        "POST",
        api_version("/status"),
        CHANGE,
        api=True,
        data=lambda cast, side: {"to": "open"},
    ),
    Route(f"GET {VERSION}/comments", "GET", api_version("/comments"), "view", api=True),
    Route(
        f"POST {VERSION}/comments",
        "POST",
        api_version("/comments", Status.OPEN),
        COMMENT,
        api=True,
        data=lambda cast, side: {"text": "Agreed."},
        ok=CREATED,
    ),
    Route(f"GET {VERSION}/endorsements", "GET", api_version("/endorsements"), "view", api=True),
    Route(
        f"POST {VERSION}/endorsements",
        "POST",
        api_version("/endorsements", Status.FINAL),
        ENDORSE,
        api=True,
        data=lambda cast, side: {},
        ok=CREATED,
    ),
    Route(
        f"POST {VERSION}/indicators",
        "POST",
        api_version("/indicators"),
        CHANGE,
        api=True,
        data=lambda cast, side: {
            "name": "Another indicator",
            "definition": "Counted.",
            "type": "count",
            "kind": "how_much",
            "responsible_organization_id": cast.partner.pk,
        },
        ok=CREATED,
    ),
    Route(f"GET {INDICATOR}", "GET", api_indicator, "view", api=True),
    Route(
        f"PATCH {INDICATOR}",
        "PATCH",
        api_indicator,
        CHANGE,
        api=True,
        data=lambda cast, side: {"unit": "people"},
    ),
    Route(f"DELETE {INDICATOR}", "DELETE", api_indicator, CHANGE, api=True, ok=GONE),
    Route(f"GET {DIMENSIONS}", "GET", api(DIMENSIONS), "view", api=True),
    Route(
        f"POST {DIMENSIONS}",
        "POST",
        api(DIMENSIONS),
        CHANGE,
        api=True,
        data=lambda cast, side: {"name": "Region", "categories": ["South", "North"]},
        ok=CREATED,
    ),
    Route(f"GET {DIMENSIONS}/{{dimension_id}}", "GET", api_dimension(), "view", api=True),
    Route(
        f"POST {DIMENSIONS}/{{dimension_id}}/versions",
        "POST",
        api_dimension("/versions"),
        CHANGE,
        api=True,
        data=lambda cast, side: {"categories": ["South", "North", "West"]},
        ok=CREATED,
    ),
]
