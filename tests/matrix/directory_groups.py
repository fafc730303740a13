"""Access-matrix entries for stakeholder groups (directory, R1); a partnership's affected groups
are in tests/matrix/relationships.py. See tests/matrix/__init__.py for how outcomes are derived.

Stakeholder groups are directory data: everyone signed in reads them, stewards and platform
administrators change them ("directory.edit"). A partnership's affected groups are named by
those holding "relationships.affected.manage" (a role with the partnership's CHANGE permission).
The builders create what a route needs inside the case's rolled-back transaction.
"""

from django.urls import reverse

from accord.directory.models import GroupRepresentation, StakeholderGroup
from accord.relationships.models import AffectedGroup
from tests.matrix import DIRECTORY_EDIT, SIGNED_IN, Route, Target

FOUND = frozenset({302})
CREATED = frozenset({201})
MANAGE = "relationships.affected.manage"
GROUPS = "/api/v1/stakeholder-groups"
GROUP_OP = GROUPS + "/{group_id}"
STAKEHOLDERS = "/api/v1/partnerships/{partnership_id}/stakeholders"


def group(cast, side=None) -> StakeholderGroup:
    found = StakeholderGroup.objects.filter(name="Matrix residents").first()
    return found or StakeholderGroup.objects.create(
        name="Matrix residents", reference_share="0.2500"
    )


def representation(cast, side=None) -> GroupRepresentation:
    return GroupRepresentation.objects.create(
        group=group(cast), organization=cast.partner, how=GroupRepresentation.How.SERVES
    )


def affected(cast, side) -> AffectedGroup:
    return AffectedGroup.objects.create(partnership=cast.partnership(side), group=group(cast))


def directory_page(name: str, with_group=True):
    def build(cast, side):
        return reverse(f"directory:{name}", args=[group(cast).pk] if with_group else [])

    return build


def representation_end(cast, side):
    found = representation(cast)
    return reverse("directory:group-representation-end", args=[found.group_id, found.pk])


def group_form(cast, side):
    return {"name": "Riverside tenants", "description": "Renters by the river."}


def group_api(cast, side):
    return f"{GROUPS}/{group(cast).pk}"


def page(name: str):
    def build(cast, side):
        return reverse(f"relationships:{name}", args=[cast.partnership(side).pk])

    return build


def remove_page(cast, side):
    found = affected(cast, side)
    url = reverse("relationships:affected-remove", args=[found.partnership_id, found.pk])
    return Target(url, found)


def stakeholders_api(cast, side):
    return STAKEHOLDERS.replace("{partnership_id}", str(cast.partnership(side).pk))


def remove_api(cast, side):
    found = affected(cast, side)
    return Target(f"{stakeholders_api(cast, side)}/{found.pk}", found)


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
