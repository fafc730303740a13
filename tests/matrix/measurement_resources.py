"""Access-matrix entries for resources (M5). See tests/matrix/__init__.py for how outcomes are
derived.

Everyone with a role reads the Resources page, pledges, contributions and the summary;
"measurement.resources.manage" (steward, project director) records pledges and the currency;
"measurement.contribution.log" (a steward, or the pledging organization's people who add records)
logs, changes and removes contributions, asked of the pledge. The cast's role-holders all belong
to the partner organization: on its pledge the contributor, leader and project director log too;
on the host's pledge only the steward (and the administrator) do.
"""

from datetime import date

from django.urls import reverse

from accord.measurement import services_resources as services
from tests.matrix import Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
GONE = frozenset({204})
MANAGE = "measurement.resources.manage"
LOG = "measurement.contribution.log"
BASE = "/api/v1/partnerships/{partnership_id}"
PLEDGES = BASE + "/pledges"
PLEDGE = PLEDGES + "/{pledge_id}"
CONTRIBUTIONS = PLEDGE + "/contributions"
CONTRIBUTION = CONTRIBUTIONS + "/{contribution_id}"


def pledge(cast, side, host=False):
    """A financial pledge of the partner (or, `host`, of the host) on `side`'s partnership (on
    the other partnership the partner is the host)."""
    organization = cast.host if host and side == "own" else cast.partner
    return services.pledge_create(
        partnership=cast.partnership(side),
        organization=organization,
        kind="financial",
        amount="1000",
        description="Matrix pledge",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )


def contribution(cast, side, host=False):
    return services.contribution_log(
        pledge=pledge(cast, side, host), delivered_on=date(2026, 1, 15), amount="100"
    )


def page(name: str):
    return lambda cast, side: reverse(f"measurement:{name}", args=[cast.partnership(side).pk])


def on_pledge(name: str, host=False):
    def build(cast, side):
        found = pledge(cast, side, host)
        return Target(reverse(f"measurement:{name}", args=[found.partnership_id, found.pk]), found)

    return build


def on_contribution(name: str, host=False):
    def build(cast, side):
        found = contribution(cast, side, host)
        args = [found.pledge.partnership_id, found.pledge_id, found.pk]
        return Target(reverse(f"measurement:{name}", args=args), found.pledge)

    return build


def pledge_form(cast, side):
    return {
        "organization": str(cast.partner.pk),
        "kind": "personnel",
        "unit": "hours",
        "amount": "40",
        "description": "Mentoring",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
    }


def contribution_form(cast, side):
    return {"delivered_on": "2026-02-01", "amount": "50", "note": "First"}


def api(path: str):
    return lambda cast, side: path.replace("{partnership_id}", str(cast.partnership(side).pk))


def api_pledge(path: str, host=False):
    def build(cast, side):
        found = pledge(cast, side, host)
        url = path.replace("{partnership_id}", str(found.partnership_id))
        return Target(url.replace("{pledge_id}", str(found.pk)), found)

    return build


def api_contribution(host=False):
    def build(cast, side):
        found = contribution(cast, side, host)
        url = CONTRIBUTION.replace("{partnership_id}", str(found.pledge.partnership_id))
        url = url.replace("{pledge_id}", str(found.pledge_id))
        return Target(url.replace("{contribution_id}", str(found.pk)), found.pledge)

    return build


def api_pledge_body(cast, side):
    return {
        "organization_id": cast.partner.pk,
        "kind": "in_kind",
        "amount": "2500.00",
        "description": "Lab time",
        "valuation_basis": "Internal rate",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }


ROUTES: list[Route] = [
    # --- pages --------------------------------------------------------------------------------
    Route("measurement:resources", "GET", page("resources"), "view"),
    Route("measurement:resource-settings", "GET", page("resource-settings"), MANAGE),
    Route(
        "measurement:resource-settings",
        "POST",
        page("resource-settings"),
        MANAGE,
        data=lambda cast, side: {"currency": "EUR"},
        ok=FOUND,
    ),
    Route("measurement:pledge-add", "GET", page("pledge-add"), MANAGE),
    Route("measurement:pledge-add", "POST", page("pledge-add"), MANAGE, data=pledge_form, ok=FOUND),
    Route("measurement:pledge", "GET", on_pledge("pledge"), "view"),
    Route("measurement:pledge-edit", "GET", on_pledge("pledge-edit"), MANAGE),
    Route(
        "measurement:pledge-edit",
        "POST",
        on_pledge("pledge-edit"),
        MANAGE,
        data=pledge_form,
        ok=FOUND,
    ),
    Route("measurement:pledge-remove", "POST", on_pledge("pledge-remove"), MANAGE, ok=FOUND),
    Route(
        "measurement:contribution-add",
        "POST",
        on_pledge("contribution-add"),
        LOG,
        data=contribution_form,
        ok=FOUND,
    ),
    Route(
        "measurement:contribution-add",
        "POST",
        on_pledge("contribution-add", host=True),
        LOG,
        data=contribution_form,
        ok=FOUND,
    ),
    Route("measurement:contribution-edit", "GET", on_contribution("contribution-edit"), LOG),
    Route(
        "measurement:contribution-edit",
        "POST",
        on_contribution("contribution-edit", host=True),
        LOG,
        data=contribution_form,
        ok=FOUND,
    ),
    Route(
        "measurement:contribution-remove",
        "POST",
        on_contribution("contribution-remove"),
        LOG,
        ok=FOUND,
    ),
    # --- API ----------------------------------------------------------------------------------
    Route(f"GET {BASE}/resources", "GET", api(BASE + "/resources"), "view", api=True),
    Route(
        f"GET {BASE}/resource-settings", "GET", api(BASE + "/resource-settings"), "view", api=True
    ),
    Route(
        f"PUT {BASE}/resource-settings",
        "PUT",
        api(BASE + "/resource-settings"),
        MANAGE,
        api=True,
        data=lambda cast, side: {"currency": "CAD"},
    ),
    Route(f"GET {PLEDGES}", "GET", api(PLEDGES), "view", api=True),
    Route(
        f"POST {PLEDGES}",
        "POST",
        api(PLEDGES),
        MANAGE,
        api=True,
        data=api_pledge_body,
        ok=CREATED,
    ),
    Route(f"GET {PLEDGE}", "GET", api_pledge(PLEDGE), "view", api=True),
    Route(
        f"PATCH {PLEDGE}",
        "PATCH",
        api_pledge(PLEDGE),
        MANAGE,
        api=True,
        data=lambda cast, side: {"amount": "1500"},
    ),
    Route(f"DELETE {PLEDGE}", "DELETE", api_pledge(PLEDGE), MANAGE, api=True, ok=GONE),
    Route(f"GET {CONTRIBUTIONS}", "GET", api_pledge(CONTRIBUTIONS), "view", api=True),
    Route(
        f"POST {CONTRIBUTIONS}",
        "POST",
        api_pledge(CONTRIBUTIONS),
        LOG,
        api=True,
        data=lambda cast, side: {"delivered_on": "2026-03-01", "amount": 250},
        ok=CREATED,
    ),
    Route(
        f"POST {CONTRIBUTIONS}",
        "POST",
        api_pledge(CONTRIBUTIONS, host=True),
        LOG,
        api=True,
        data=lambda cast, side: {"delivered_on": "2026-03-01", "amount": "250.50"},
        ok=CREATED,
    ),
    Route(f"GET {CONTRIBUTION}", "GET", api_contribution(), "view", api=True),
    Route(
        f"PATCH {CONTRIBUTION}",
        "PATCH",
        api_contribution(host=True),
        LOG,
        api=True,
        data=lambda cast, side: {"note": "Corrected"},
    ),
    Route(f"DELETE {CONTRIBUTION}", "DELETE", api_contribution(), LOG, api=True, ok=GONE),
]
