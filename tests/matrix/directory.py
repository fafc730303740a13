"""Access-matrix entries for this app's pages and API operations (see tests/matrix/__init__.py).

The directory is not scoped to a partnership: everyone signed in reads it, stewards and platform
administrators change it. Each case runs in its own rolled-back transaction on the shared cast,
so writes may change `cast.partner` and `cast.people["outsider"]` (who holds no role).

Values profiles (A1) and culture profiles (A4) target `cast.host`, to which none of the actors
belongs (their people are of `cast.partner`): so the values profile follows the directory's own
rule (stewards and admins change it; its own people may too, see test_directory_profiles.py).
"""

from django.urls import reverse

from tests.factories import MembershipFactory, OrganizationFactory
from tests.matrix import DIRECTORY_EDIT, SIGNED_IN, Route, Target

FOUND = frozenset({302})
ARCHIVE = "directory.person.archive"
VALUES = "directory.values.change"
CULTURE_VIEW = "directory.culture.view"
CULTURE_CHANGE = "directory.culture.change"
CREATED = frozenset({201})
ORGANIZATIONS = "/api/v1/organizations"
PEOPLE = "/api/v1/people"
ORGANIZATION_OP = ORGANIZATIONS + "/{organization_id}"
PERSON_OP = PEOPLE + "/{person_id}"


def page(name: str, target: str | None = None):
    def build(cast, side):
        if target is None:
            return reverse(f"directory:{name}")
        return reverse(f"directory:{name}", args=[_target(cast, target).pk])

    return build


def api(prefix: str, target: str | None = None, suffix: str = ""):
    def build(cast, side):
        if target is None:
            return prefix
        return f"{prefix}/{_target(cast, target).pk}{suffix}"

    return build


def _target(cast, target: str):
    return cast.partner if target == "organization" else cast.people["outsider"]


def culture_target(cast, side):
    """The own side: the host of the actors' partnership. The other side: an organization that
    is a current member of the other partnership only (created inside the case's transaction)."""
    if side == "own":
        return cast.host
    organization = OrganizationFactory()
    MembershipFactory(partnership=cast.other, organization=organization)
    return organization


def culture_page(name: str):
    def build(cast, side):
        organization = culture_target(cast, side)
        return Target(reverse(f"directory:{name}", args=[organization.pk]), organization)

    return build


def culture_api(cast, side):
    organization = culture_target(cast, side)
    return Target(f"{ORGANIZATIONS}/{organization.pk}/culture-profile", organization)


def host_page(name: str):
    return lambda cast, side: Target(reverse(f"directory:{name}", args=[cast.host.pk]), cast.host)


def host_api(suffix: str):
    return lambda cast, side: Target(f"{ORGANIZATIONS}/{cast.host.pk}{suffix}", cast.host)


def person_page(name: str):
    def build(cast, side):
        person = cast.people["outsider"]
        return Target(reverse(f"directory:{name}", args=[person.pk]), person)

    return build


def values_form(cast, side):
    return {
        "mission": "Checked by the access matrix.",
        "values": "Respect\nCourage",
        "practice_equity_statement": "on",
        "evidence_equity_statement": "https://host.example.org/equity",
    }


def values_body(cast, side):
    return {
        "values": ["Respect", "Courage"],
        "practices": [
            {"practice": "equity_statement", "evidence_url": "https://host.example.org/equity"}
        ],
    }


def culture_form(cast, side):
    return {
        "languages": "English\nSpanish",
        "time_zone": "America/Chicago",
        "working_days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
        "working_hours_start": "09:00",
        "working_hours_end": "17:00",
    }


def culture_body(cast, side):
    return {**culture_form(cast, side), "languages": ["English", "Spanish"]}


def organization_form(cast, side):
    return {
        "name": "Matrix Organization",
        "kind": "external",
        "subtype": "nonprofit",
        "mission": "Checked by the access matrix.",
        "website": "https://matrix.example.org",
        "country": "United States",
    }


def organization_edit_form(cast, side):
    return {**organization_form(cast, side), "name": cast.partner.name, "subtype": "university"}


def person_form(cast, side):
    return {
        "name": "Matrix Person",
        "email": "matrix.person@example.org",
        "organization": cast.partner.pk,
        "title": "Analyst",
        "level": "staff",
    }


def person_edit_form(cast, side):
    person = cast.people["outsider"]
    return {
        "name": person.name,
        "email": person.email,
        "organization": cast.partner.pk,
        "title": "Renamed title",
        "level": "manager",
        "user": person.user_id,
    }


def _read(key: str, url) -> Route:
    return Route(key, "GET", url, SIGNED_IN, scoped=False)


def _write(key: str, method: str, url, data=None, ok=FOUND, access=DIRECTORY_EDIT) -> Route:
    return Route(key, method, url, access, scoped=False, data=data, ok=ok)


def _api_read(key: str, url) -> Route:
    return Route(key, "GET", url, SIGNED_IN, scoped=False, api=True)


def _api_write(key: str, url, data=None, ok=frozenset({200}), access=DIRECTORY_EDIT) -> Route:
    method = key.split()[0]
    return Route(key, method, url, access, scoped=False, api=True, data=data, ok=ok)


ROUTES: list[Route] = [
    # --- pages: organizations ------------------------------------------------------------------
    _read("directory:organization-list", page("organization-list")),
    _read("directory:organization-detail", page("organization-detail", "organization")),
    _write(
        "directory:organization-create", "GET", page("organization-create"), ok=frozenset({200})
    ),
    _write(
        "directory:organization-create",
        "POST",
        page("organization-create"),
        data=organization_form,
    ),
    _write(
        "directory:organization-edit",
        "GET",
        page("organization-edit", "organization"),
        ok=frozenset({200}),
    ),
    _write(
        "directory:organization-edit",
        "POST",
        page("organization-edit", "organization"),
        data=organization_edit_form,
    ),
    _write("directory:organization-archive", "POST", page("organization-archive", "organization")),
    # --- pages: people -------------------------------------------------------------------------
    _read("directory:person-list", page("person-list")),
    _read("directory:person-detail", page("person-detail", "person")),
    _write("directory:person-create", "GET", page("person-create"), ok=frozenset({200})),
    _write("directory:person-create", "POST", page("person-create"), data=person_form),
    _write("directory:person-edit", "GET", page("person-edit", "person"), ok=frozenset({200})),
    _write("directory:person-edit", "POST", page("person-edit", "person"), data=person_edit_form),
    # The outsider has an account: archiving them ends what it opens, so only an administrator.
    _write("directory:person-archive", "POST", person_page("person-archive"), access=ARCHIVE),
    # --- API: organizations --------------------------------------------------------------------
    _api_read(f"GET {ORGANIZATIONS}", api(ORGANIZATIONS)),
    _api_write(
        f"POST {ORGANIZATIONS}",
        api(ORGANIZATIONS),
        data=lambda c, s: {"name": "Matrix Organization", "subtype": "company"},
        ok=CREATED,
    ),
    _api_read(f"GET {ORGANIZATION_OP}", api(ORGANIZATIONS, "organization")),
    _api_write(
        f"PATCH {ORGANIZATION_OP}",
        api(ORGANIZATIONS, "organization"),
        data=lambda c, s: {"mission": "Changed through the API."},
    ),
    _api_write(f"POST {ORGANIZATION_OP}/archive", api(ORGANIZATIONS, "organization", "/archive")),
    # --- API: people ---------------------------------------------------------------------------
    _api_read(f"GET {PEOPLE}", api(PEOPLE)),
    _api_write(
        f"POST {PEOPLE}",
        api(PEOPLE),
        data=lambda c, s: {
            "name": "Matrix Person",
            "email": "Matrix.Person@example.org",
            "organization_id": c.partner.pk,
        },
        ok=CREATED,
    ),
    _api_read(f"GET {PERSON_OP}", api(PEOPLE, "person")),
    _api_write(
        f"PATCH {PERSON_OP}",
        api(PEOPLE, "person"),
        data=lambda c, s: {"title": "Changed through the API"},
    ),
    _api_write(
        f"POST {PERSON_OP}/archive",
        lambda c, s: Target(f"{PEOPLE}/{c.people['outsider'].pk}/archive", c.people["outsider"]),
        access=ARCHIVE,
    ),
    # --- values profile (A1): read by everyone signed in, changed by directory editors --------
    _write(
        "directory:organization-values",
        "GET",
        host_page("organization-values"),
        ok=frozenset({200}),
        access=VALUES,
    ),
    _write(
        "directory:organization-values",
        "POST",
        host_page("organization-values"),
        values_form,
        access=VALUES,
    ),
    _api_read(f"GET {ORGANIZATION_OP}/values-profile", host_api("/values-profile")),
    _api_write(
        f"PUT {ORGANIZATION_OP}/values-profile",
        host_api("/values-profile"),
        data=values_body,
        access=VALUES,
    ),
    # --- culture profile (A4) -----------------------------------------------------------------
    # Directory URLs, but scoped=True: the culture rule goes through partnerships (the own side:
    # the host of the actors' partnership; the other side: a member of the other partnership).
    Route(
        "directory:organization-culture",
        "GET",
        culture_page("organization-culture"),
        CULTURE_VIEW,
        seen=CULTURE_VIEW,
    ),
    Route(
        "directory:organization-culture-edit",
        "GET",
        culture_page("organization-culture-edit"),
        CULTURE_CHANGE,
        seen=CULTURE_VIEW,
    ),
    Route(
        "directory:organization-culture-edit",
        "POST",
        culture_page("organization-culture-edit"),
        CULTURE_CHANGE,
        seen=CULTURE_VIEW,
        data=culture_form,
        ok=FOUND,
    ),
    Route(
        f"GET {ORGANIZATION_OP}/culture-profile",
        "GET",
        culture_api,
        CULTURE_VIEW,
        seen=CULTURE_VIEW,
        api=True,
    ),
    Route(
        f"PUT {ORGANIZATION_OP}/culture-profile",
        "PUT",
        culture_api,
        CULTURE_CHANGE,
        seen=CULTURE_VIEW,
        api=True,
        data=culture_body,
    ),
]
