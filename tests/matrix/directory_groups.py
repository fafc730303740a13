"""Access-matrix entries for stakeholder groups (directory, R1); a partnership's affected groups
are in tests/matrix/relationships.py. See tests/matrix/__init__.py for how outcomes are derived.

Stakeholder groups are directory data: everyone signed in reads them, stewards and platform
administrators change them ("directory.edit"). A partnership's affected groups are named by
those holding "relationships.affected.manage" (a role with the partnership's CHANGE permission).
The builders create what a route needs inside the case's rolled-back transaction.
"""

from tests.matrix import DIRECTORY_EDIT, SIGNED_IN, Route

# The builders are shared with the relationships entries (one definition of each).
from tests.matrix.relationships import (
    CREATED,
    FOUND,
    GROUP_OP,
    GROUPS,
    directory_page,
    group_api,
    group_form,
    representation_end,
)

ROUTES: list[Route] = [
    # --- directory: stakeholder groups ---------------------------------------------------------
    Route(
        "directory:group-list", "GET", directory_page("group-list", False), SIGNED_IN, scoped=False
    ),
    Route("directory:group-detail", "GET", directory_page("group-detail"), SIGNED_IN, scoped=False),
    Route(
        "directory:group-create",
        "GET",
        directory_page("group-create", False),
        DIRECTORY_EDIT,
        scoped=False,
    ),
    Route(
        "directory:group-create",
        "POST",
        directory_page("group-create", False),
        DIRECTORY_EDIT,
        scoped=False,
        data=group_form,
        ok=FOUND,
    ),
    Route(
        "directory:group-edit", "GET", directory_page("group-edit"), DIRECTORY_EDIT, scoped=False
    ),
    Route(
        "directory:group-edit",
        "POST",
        directory_page("group-edit"),
        DIRECTORY_EDIT,
        scoped=False,
        data=group_form,
        ok=FOUND,
    ),
    Route(
        "directory:group-representation-add",
        "POST",
        directory_page("group-representation-add"),
        DIRECTORY_EDIT,
        scoped=False,
        data=lambda cast, side: {"organization": cast.host.pk, "how": "includes"},
        ok=FOUND,
    ),
    Route(
        "directory:group-representation-end",
        "POST",
        representation_end,
        DIRECTORY_EDIT,
        scoped=False,
        ok=FOUND,
    ),
    Route(f"GET {GROUPS}", "GET", lambda cast, side: GROUPS, SIGNED_IN, scoped=False, api=True),
    Route(
        f"POST {GROUPS}",
        "POST",
        lambda cast, side: GROUPS,
        DIRECTORY_EDIT,
        scoped=False,
        api=True,
        data=lambda cast, side: {"name": "Riverside tenants"},
        ok=CREATED,
    ),
    Route(f"GET {GROUP_OP}", "GET", group_api, SIGNED_IN, scoped=False, api=True),
    Route(
        f"PATCH {GROUP_OP}",
        "PATCH",
        group_api,
        DIRECTORY_EDIT,
        scoped=False,
        api=True,
        data=lambda cast, side: {"reference_share": 0.3},
    ),
    Route(
        f"POST {GROUP_OP}/representations",
        "POST",
        lambda cast, side: f"{group_api(cast, side)}/representations",
        DIRECTORY_EDIT,
        scoped=False,
        api=True,
        data=lambda cast, side: {"organization_id": cast.host.pk, "how": "led_by"},
        ok=CREATED,
    ),
]
