"""The stakeholder groups API (R1): /api/v1/stakeholder-groups.

Everyone signed in reads the groups; platform administrators and stewards change them
("directory.edit", 403 for others). Writes go through services_groups.py, whose
ValidationErrors become 422 naming the field.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Path, Router, Status
from ninja.pagination import paginate

from accord.core.access import get_or_404, get_visible_or_404, require
from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut

from . import queries_groups as queries
from . import services_groups as services
from .models import Organization, StakeholderGroup
from .schemas_groups import (
    GroupRepresentationIn,
    GroupRepresentationOut,
    StakeholderGroupDetailOut,
    StakeholderGroupIn,
    StakeholderGroupOut,
    StakeholderGroupPatchIn,
)

router = Router(tags=["Stakeholder groups"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
EDIT = "directory.edit"
GroupId = Path(..., ge=1, le=2**63 - 1)


def _detail(user, group_id: int) -> StakeholderGroup:
    group = get_visible_or_404(user, StakeholderGroup.objects, pk=group_id)
    group.representations_now = list(queries.representations_of(group))
    return group


@router.get(
    "/stakeholder-groups",
    response={200: list[StakeholderGroupOut], **READ_ERRORS},
    summary="List the stakeholder groups in the directory (R1)",
)
@paginate
def list_groups(request, include_archived: bool = False):
    return queries.groups_for(request.user, include_archived=include_archived)


@router.post(
    "/stakeholder-groups",
    response={201: StakeholderGroupDetailOut, **ERRORS},
    summary="Add a stakeholder group to the directory (R1)",
)
def create_group(request, payload: StakeholderGroupIn):
    require(request.user, EDIT)
    group = services.group_create(**payload.dict(), created_by=request.user)
    return Status(201, _detail(request.user, group.pk))


@router.get(
    "/stakeholder-groups/{group_id}",
    response={200: StakeholderGroupDetailOut, **READ_ERRORS},
    summary="One stakeholder group, with the organizations that represent it",
)
def get_group(request, group_id: int = GroupId):
    return _detail(request.user, group_id)


@router.patch(
    "/stakeholder-groups/{group_id}",
    response={200: StakeholderGroupDetailOut, **ERRORS},
    summary="Change a stakeholder group's details",
)
def update_group(request, payload: StakeholderGroupPatchIn, group_id: int = GroupId):
    group = get_visible_or_404(request.user, StakeholderGroup.objects, EDIT, pk=group_id)
    if_match(request, group)
    changes = payload.dict(exclude_unset=True)
    for name in ("name", "description", "how_affected"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "Send a text, or leave the field out."})
    services.group_update(group=group, **changes)
    return _detail(request.user, group.pk)


@router.post(
    "/stakeholder-groups/{group_id}/representations",
    response={201: GroupRepresentationOut, **ERRORS},
    summary="Record an organization that represents the group, and how",
)
def add_representation(request, payload: GroupRepresentationIn, group_id: int = GroupId):
    group = get_visible_or_404(request.user, StakeholderGroup.objects, EDIT, pk=group_id)
    organizations = Organization.objects.visible_to(request.user).active()
    try:
        organization = get_or_404(organizations, pk=payload.organization_id)
    except Http404:
        raise ValidationError(
            {"organization_id": "Name an organization in the directory."}
        ) from None
    representation = services.representation_add(
        group=group, organization=organization, how=payload.how
    )
    return Status(201, representation)
