"""Access-matrix entries for stakeholder groups (directory, R1) and a partnership's affected
groups (relationships, R1). See tests/matrix/__init__.py for how outcomes are derived.

Stakeholder groups are directory data: everyone signed in reads them, stewards and platform
administrators change them ("directory.edit"). A partnership's affected groups are named by
those holding "relationships.affected.manage" (a role with the partnership's CHANGE permission).
The builders create what a route needs inside the case's rolled-back transaction.
"""

from django.urls import reverse

from accord.directory.models import GroupRepresentation, StakeholderGroup
from accord.relationships.models import AffectedGroup
from tests.matrix import Route, Target

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
    # --- relationships: a partnership's affected groups ---------------------------------------
    Route("relationships:stakeholders", "GET", page("stakeholders"), "view"),
    Route(
        "relationships:affected-add",
        "POST",
        page("affected-add"),
        MANAGE,
        data=lambda cast, side: {"group": group(cast).pk, "note": "Downstream."},
        ok=FOUND,
    ),
    Route("relationships:affected-remove", "POST", remove_page, MANAGE, ok=FOUND),
    Route(f"GET {STAKEHOLDERS}", "GET", stakeholders_api, "view", api=True),
    Route(
        f"GET {STAKEHOLDERS}/planning",
        "GET",
        lambda cast, side: stakeholders_api(cast, side) + "/planning",
        "view",
        api=True,
    ),
    Route(
        f"POST {STAKEHOLDERS}",
        "POST",
        stakeholders_api,
        MANAGE,
        api=True,
        data=lambda cast, side: {"group_id": group(cast).pk},
        ok=CREATED,
    ),
    Route(
        f"DELETE {STAKEHOLDERS}/{{affected_id}}",
        "DELETE",
        remove_api,
        MANAGE,
        api=True,
        ok=frozenset({204}),
    ),
]
