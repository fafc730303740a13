"""The relationships API (R1), under /api/v1/partnerships/{partnership_id}/stakeholders.

Outsiders get 404, members without "relationships.affected.manage" 403; writes go through
services.py, whose ValidationErrors become 422 naming the field.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status

from accord.core.access import get_or_404
from accord.core.schemas import ErrorOut
from accord.directory.models import StakeholderGroup
from accord.partnerships.access import partnership_or_404

from . import queries, services
from .schemas import AffectedGroupIn, AffectedGroupOut, StakeholderRowOut

router = Router(tags=["Stakeholders"])
router.add_router("", "accord.relationships.api_engagements.router")  # engagements (R4, R5)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/stakeholders"


@router.get(
    BASE,
    response={200: list[StakeholderRowOut], **ERRORS},
    summary="The groups the partnership's work affects, with who represents each (R1)",
    description="`unrepresented` flags a group that no current member organization represents.",
)
def list_stakeholders(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.stakeholders_of(partnership)


@router.post(
    BASE,
    response={201: AffectedGroupOut, **ERRORS},
    summary="Name a directory stakeholder group as affected by the partnership's work (R1)",
)
def add_affected_group(request, partnership_id: int, payload: AffectedGroupIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    try:
        group = get_or_404(StakeholderGroup.objects.active(), pk=payload.group_id)
    except Http404:
        raise ValidationError({"group_id": "Name a stakeholder group in the directory."}) from None
    affected = services.affected_group_add(partnership=partnership, group=group, note=payload.note)
    return Status(201, affected)


@router.delete(
    BASE + "/{affected_id}",
    response={204: None, **ERRORS},
    summary="Stop naming a group as affected (the record is archived)",
)
def remove_affected_group(request, partnership_id: int, affected_id: int):
    affected = queries.affected_or_404(request.user, partnership_id, affected_id, queries.MANAGE)
    services.affected_group_remove(affected=affected)
    return Status(204, None)
