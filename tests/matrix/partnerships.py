"""Access-matrix entries for this app's pages and API operations (see tests/matrix/__init__.py)."""

from django.urls import reverse
from django.utils import timezone

from accord.core.access import Perm
from tests.factories import OrganizationFactory, PersonFactory
from tests.matrix import SIGNED_IN, Route

CREATE = "partnerships.partnership.create"

API = "/api/v1/partnerships"
FOUND = frozenset({302})
CREATED = frozenset({201})


def page(name: str, *parts):
    """A URL builder for a page of the partnership on a side, and of its member or role."""

    def build(cast, side):
        args = [cast.partnership(side).pk]
        for part in parts:
            args.append(getattr(cast, part)(side).pk)
        return reverse(f"partnerships:{name}", args=args)

    return build


def api(suffix: str = ""):
    def build(cast, side):
        return f"{API}/{cast.partnership(side).pk}" + suffix.replace(
            "{membership}", str(cast.membership(side).pk)
        ).replace("{role}", str(cast.role_assignment(side).pk))

    return build


def new_organization(cast, side):
    return {"organization": OrganizationFactory().pk, "kind": "partner", "joined_on": _today()}


def new_partnership_form(cast, side):
    return {
        "title": "Matrix partnership",
        "purpose": "Checked by the access matrix.",
        "scope": "external",
        "host": OrganizationFactory().pk,
    }


def _today() -> str:
    return timezone.localdate().isoformat()


def membership_form(cast, side):
    return {"kind": "partner", "joined_on": cast.membership(side).joined_on.isoformat()}


OP = "/api/v1/partnerships/{partnership_id}"
MEMBER_OP = OP + "/members/{membership_id}"
ROLE_OP = OP + "/roles/{role_id}"

ROUTES: list[Route] = [
    # --- pages -------------------------------------------------------------------------------
    Route(
        "partnerships:list",
        "GET",
        lambda c, s: reverse("partnerships:list"),
        SIGNED_IN,
        scoped=False,
    ),
    Route(
        "partnerships:create",
        "GET",
        lambda c, s: reverse("partnerships:create"),
        CREATE,
        scoped=False,
    ),
    Route(
        "partnerships:create",
        "POST",
        lambda c, s: reverse("partnerships:create"),
        CREATE,
        scoped=False,
        data=new_partnership_form,
        ok=FOUND,
    ),
    Route("partnerships:detail", "GET", page("detail"), Perm.VIEW),
    Route("partnerships:history", "GET", page("history"), Perm.VIEW),
    Route("partnerships:edit", "GET", page("edit"), Perm.CHANGE),
    Route(
        "partnerships:edit",
        "POST",
        page("edit"),
        Perm.CHANGE,
        data=lambda c, s: {"title": "Renamed", "purpose": "New purpose.", "scope": "mixed"},
        ok=FOUND,
    ),
    Route("partnerships:archive", "POST", page("archive"), Perm.ARCHIVE, ok=FOUND),
    Route(
        "partnerships:transition",
        "POST",
        page("transition"),
        Perm.TRANSITION,
        data=lambda c, s: {"to_stage": "forming", "note": "Ready to form."},
        ok=FOUND,
    ),
    Route("partnerships:member-add", "GET", page("member-add"), Perm.MANAGE_MEMBERS),
    Route(
        "partnerships:member-add",
        "POST",
        page("member-add"),
        Perm.MANAGE_MEMBERS,
        data=new_organization,
        ok=FOUND,
    ),
    Route(
        "partnerships:member-edit", "GET", page("member-edit", "membership"), Perm.MANAGE_MEMBERS
    ),
    Route(
        "partnerships:member-edit",
        "POST",
        page("member-edit", "membership"),
        Perm.MANAGE_MEMBERS,
        data=membership_form,
        ok=FOUND,
    ),
    Route(
        "partnerships:member-remove",
        "POST",
        page("member-remove", "membership"),
        Perm.MANAGE_MEMBERS,
        ok=FOUND,
    ),
    Route("partnerships:role-add", "GET", page("role-add"), Perm.MANAGE_ROLES),
    Route(
        "partnerships:role-add",
        "POST",
        page("role-add"),
        Perm.MANAGE_ROLES,
        data=lambda c, s: {"person": PersonFactory().pk, "role": "contributor"},
        ok=FOUND,
    ),
    Route(
        "partnerships:role-remove",
        "POST",
        page("role-remove", "role_assignment"),
        Perm.MANAGE_ROLES,
        ok=FOUND,
    ),
    # --- API ---------------------------------------------------------------------------------
    Route(f"GET {API}", "GET", lambda c, s: API, SIGNED_IN, scoped=False, api=True),
    Route(
        f"POST {API}",
        "POST",
        lambda c, s: API,
        CREATE,
        scoped=False,
        api=True,
        data=lambda c, s: {
            "title": "Matrix partnership",
            "purpose": "Checked by the access matrix.",
            "host_organization_id": OrganizationFactory().pk,
        },
        ok=CREATED,
    ),
    Route(f"GET {OP}", "GET", api(), Perm.VIEW, api=True),
    Route(
        f"PATCH {OP}",
        "PATCH",
        api(),
        Perm.CHANGE,
        api=True,
        data=lambda c, s: {"title": "Renamed through the API"},
    ),
    Route(f"POST {OP}/archive", "POST", api("/archive"), Perm.ARCHIVE, api=True),
    Route(
        f"POST {OP}/transition",
        "POST",
        api("/transition"),
        Perm.TRANSITION,
        api=True,
        data=lambda c, s: {"to_stage": "forming", "note": "Ready to form."},
    ),
    Route(f"GET {OP}/stage-changes", "GET", api("/stage-changes"), Perm.VIEW, api=True),
    Route(f"GET {OP}/members", "GET", api("/members"), Perm.VIEW, api=True),
    Route(
        f"POST {OP}/members",
        "POST",
        api("/members"),
        Perm.MANAGE_MEMBERS,
        api=True,
        data=lambda c, s: {"organization_id": OrganizationFactory().pk},
        ok=CREATED,
    ),
    Route(f"GET {MEMBER_OP}", "GET", api("/members/{membership}"), Perm.VIEW, api=True),
    Route(
        f"PATCH {MEMBER_OP}",
        "PATCH",
        api("/members/{membership}"),
        Perm.MANAGE_MEMBERS,
        api=True,
        data=lambda c, s: {"kind": "partner"},
    ),
    Route(
        f"POST {MEMBER_OP}/archive",
        "POST",
        api("/members/{membership}/archive"),
        Perm.MANAGE_MEMBERS,
        api=True,
    ),
    Route(f"GET {OP}/roles", "GET", api("/roles"), Perm.VIEW, api=True),
    Route(
        f"POST {OP}/roles",
        "POST",
        api("/roles"),
        Perm.MANAGE_ROLES,
        api=True,
        data=lambda c, s: {"person_id": PersonFactory().pk, "role": "contributor"},
        ok=CREATED,
    ),
    Route(f"GET {ROLE_OP}", "GET", api("/roles/{role}"), Perm.VIEW, api=True),
    Route(
        f"PATCH {ROLE_OP}",
        "PATCH",
        api("/roles/{role}"),
        Perm.MANAGE_ROLES,
        api=True,
        data=lambda c, s: {"role": "stakeholder"},
    ),
    Route(
        f"POST {ROLE_OP}/archive",
        "POST",
        api("/roles/{role}/archive"),
        Perm.MANAGE_ROLES,
        api=True,
    ),
    # Working together (A4): the members' culture profiles, for everyone in the partnership.
    Route(f"GET {OP}/working-together", "GET", api("/working-together"), Perm.VIEW, api=True),
]
