"""The partnerships API: partnerships, the lifecycle, member organizations and roles.

Outsiders get 404, members whose role lacks the permission 403 (`get_visible_or_404`); writes
go through services.py, whose ValidationErrors become 422 with field errors.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import Perm, get_visible_or_404, require
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization, Person

from . import queries, services
from .access import partnership_or_404
from .models import Membership, PartnershipRole
from .schemas import (
    MembershipCreateIn,
    MembershipFilters,
    MembershipOut,
    MembershipPatchIn,
    PartnershipCreateIn,
    PartnershipFilters,
    PartnershipOut,
    PartnershipPatchIn,
    RoleCreateIn,
    RoleFilters,
    RoleOut,
    RolePatchIn,
    StageChangeOut,
    TransitionIn,
    WorkingTogetherOut,
)

router = Router()
CREATE = "partnerships.partnership.create"

# 400: a body that is not JSON at all.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}

PARTNERSHIPS = ["Partnerships"]
MEMBERS = ["Members"]
ROLES = ["Roles"]


def _lookup(queryset, pk, field: str, label: str):
    """An object named in a request body, or a 422 on that field."""
    obj = queryset.filter(pk=pk, archived_at__isnull=True).first() if pk is not None else None
    if obj is None:
        raise ValidationError({field: f"No {label} with id {pk}."})
    return obj


# --- Partnerships -------------------------------------------------------------------------------
@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], **READ_ERRORS},
    tags=PARTNERSHIPS,
    summary="List the partnerships you may see",
)
@paginate
def list_partnerships(request, filters: Query[PartnershipFilters]):
    return queries.partnerships_for(
        request.user,
        q=filters.q,
        stage=filters.stage or "",
        scope=filters.scope or "",
        organization_id=filters.organization_id,
        include_archived=filters.include_archived,
    )


@router.post(
    "/partnerships",
    response={201: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Start a partnership",
)
def create_partnership(request, payload: PartnershipCreateIn):
    require(request.user, CREATE)
    organizations = Organization.objects.visible_to(request.user)
    host = _lookup(
        organizations, payload.host_organization_id, "host_organization_id", "organization"
    )
    partners = [
        _lookup(organizations, pk, "partner_organization_ids", "organization")
        for pk in dict.fromkeys(payload.partner_organization_ids)
    ]
    if payload.steward_person_id is not None:
        people = Person.objects.visible_to(request.user)
        steward = _lookup(people, payload.steward_person_id, "steward_person_id", "person")
    else:
        steward = getattr(request.user, "person", None)
        steward = steward if steward is not None and not steward.is_archived else None
    partnership = services.partnership_create(
        title=payload.title,
        purpose=payload.purpose,
        scope=payload.scope,
        host=host,
        partners=partners,
        steward=steward,
        created_by=request.user,
    )
    return Status(201, partnership)


@router.get(
    "/partnerships/{partnership_id}",
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="One partnership",
)
def get_partnership(request, partnership_id: int):
    return partnership_or_404(request, partnership_id)


@router.patch(
    "/partnerships/{partnership_id}",
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Change a partnership's title, purpose or scope",
)
def update_partnership(request, partnership_id: int, payload: PartnershipPatchIn):
    partnership = partnership_or_404(request, partnership_id, Perm.CHANGE)
    if_match(request, partnership)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.partnership_update(partnership=partnership, **changes)


@router.post(
    "/partnerships/{partnership_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Archive a partnership (kept with its history, never deleted)",
)
def archive_partnership(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id, Perm.ARCHIVE)
    if_match(request, partnership)
    return services.partnership_archive(partnership=partnership)


@router.post(
    "/partnerships/{partnership_id}/transition",
    openapi_extra=IF_MATCH_DOC,
    response={200: PartnershipOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Move a partnership to another lifecycle stage",
    description="Refused with 422 on the field `to_stage`, saying why, when it is not allowed.",
)
def transition_partnership(request, partnership_id: int, payload: TransitionIn):
    partnership = partnership_or_404(request, partnership_id, Perm.TRANSITION)
    if_match(request, partnership)
    return services.partnership_transition(
        partnership=partnership,
        to_stage=payload.to_stage,
        changed_by=request.user,
        note=payload.note,
    )


@router.get(
    "/partnerships/{partnership_id}/stage-changes",
    response={200: list[StageChangeOut], **ERRORS},
    tags=PARTNERSHIPS,
    summary="The partnership's stage timeline, oldest first",
)
@paginate
def list_stage_changes(request, partnership_id: int):
    return queries.stage_timeline(partnership_or_404(request, partnership_id))


@router.get(
    "/partnerships/{partnership_id}/working-together",
    response={200: WorkingTogetherOut, **ERRORS},
    tags=PARTNERSHIPS,
    summary="Working together: languages, common working hours, accessibility needs (A4)",
    description="From the culture profiles of the current member organizations. The common "
    "hours are those of the next working day of the first member with working hours.",
)
def get_working_together(request, partnership_id: int):
    return queries.working_together(partnership_or_404(request, partnership_id), request.user)


# --- Members ------------------------------------------------------------------------------------
def _membership(request, partnership_id: int, membership_id: int, permission=None) -> Membership:
    queryset = Membership.objects.filter(partnership_id=partnership_id).select_related(
        "partnership", "organization"
    )
    return get_visible_or_404(request.user, queryset, permission, pk=membership_id)


@router.get(
    "/partnerships/{partnership_id}/members",
    response={200: list[MembershipOut], **ERRORS},
    tags=MEMBERS,
    summary="A partnership's member organizations",
)
@paginate
def list_members(request, partnership_id: int, filters: Query[MembershipFilters]):
    partnership = partnership_or_404(request, partnership_id)
    include_former = filters.include_former
    return queries.memberships_of(
        partnership, include_former=include_former, include_archived=include_former
    )


@router.post(
    "/partnerships/{partnership_id}/members",
    response={201: MembershipOut, **ERRORS},
    tags=MEMBERS,
    summary="Add a member organization",
)
def add_member(request, partnership_id: int, payload: MembershipCreateIn):
    partnership = partnership_or_404(request, partnership_id, Perm.MANAGE_MEMBERS)
    organizations = Organization.objects.visible_to(request.user)
    organization = _lookup(
        organizations, payload.organization_id, "organization_id", "organization"
    )
    membership = services.membership_add(
        partnership=partnership,
        organization=organization,
        kind=payload.kind,
        joined_on=payload.joined_on,
    )
    return Status(201, membership)


@router.get(
    "/partnerships/{partnership_id}/members/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    tags=MEMBERS,
    summary="One membership",
)
def get_member(request, partnership_id: int, membership_id: int):
    return _membership(request, partnership_id, membership_id)


@router.patch(
    "/partnerships/{partnership_id}/members/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    tags=MEMBERS,
    summary="Change a membership: host or partner, joined and left dates",
)
def update_member(request, partnership_id: int, membership_id: int, payload: MembershipPatchIn):
    membership = _membership(request, partnership_id, membership_id, Perm.MANAGE_MEMBERS)
    if_match(request, membership)
    changes = payload.dict(exclude_unset=True)
    return services.membership_update(membership=membership, **changes)


@router.post(
    "/partnerships/{partnership_id}/members/{membership_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: MembershipOut, **ERRORS},
    tags=MEMBERS,
    summary="Remove a member organization (archived, kept with its history)",
)
def archive_member(request, partnership_id: int, membership_id: int):
    membership = _membership(request, partnership_id, membership_id, Perm.MANAGE_MEMBERS)
    if_match(request, membership)
    return services.membership_archive(membership=membership)


# --- Roles --------------------------------------------------------------------------------------
def _role(request, partnership_id: int, role_id: int, permission=None) -> PartnershipRole:
    queryset = PartnershipRole.objects.filter(partnership_id=partnership_id).select_related(
        "partnership", "person__organization"
    )
    return get_visible_or_404(request.user, queryset, permission, pk=role_id)


@router.get(
    "/partnerships/{partnership_id}/roles",
    response={200: list[RoleOut], **ERRORS},
    tags=ROLES,
    summary="People's roles in a partnership",
)
@paginate
def list_roles(request, partnership_id: int, filters: Query[RoleFilters]):
    partnership = partnership_or_404(request, partnership_id)
    return queries.roles_of_partnership(
        partnership, role=filters.role or "", include_archived=filters.include_archived
    )


@router.post(
    "/partnerships/{partnership_id}/roles",
    response={201: RoleOut, **ERRORS},
    tags=ROLES,
    summary="Give a person a role",
)
def add_role(request, partnership_id: int, payload: RoleCreateIn):
    partnership = partnership_or_404(request, partnership_id, Perm.MANAGE_ROLES)
    person = _lookup(
        Person.objects.visible_to(request.user), payload.person_id, "person_id", "person"
    )
    assignment = services.role_assign(partnership=partnership, person=person, role=payload.role)
    return Status(201, assignment)


@router.get(
    "/partnerships/{partnership_id}/roles/{role_id}",
    response={200: RoleOut, **ERRORS},
    tags=ROLES,
    summary="One role",
)
def get_role(request, partnership_id: int, role_id: int):
    return _role(request, partnership_id, role_id)


@router.patch(
    "/partnerships/{partnership_id}/roles/{role_id}",
    response={200: RoleOut, **ERRORS},
    tags=ROLES,
    summary="Change a person's role",
)
def update_role(request, partnership_id: int, role_id: int, payload: RolePatchIn):
    assignment = _role(request, partnership_id, role_id, Perm.MANAGE_ROLES)
    if_match(request, assignment)
    if assignment.is_archived:
        raise ValidationError({"role": "This role was taken away; give a new one instead."})
    return services.role_update(assignment=assignment, role=payload.role)


@router.post(
    "/partnerships/{partnership_id}/roles/{role_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: RoleOut, **ERRORS},
    tags=ROLES,
    summary="Take a role away (archived, kept with its history)",
)
def archive_role(request, partnership_id: int, role_id: int):
    assignment = _role(request, partnership_id, role_id, Perm.MANAGE_ROLES)
    if_match(request, assignment)
    return services.role_archive(assignment=assignment)
