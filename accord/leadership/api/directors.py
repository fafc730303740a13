"""The project directors API (L6): each member's director or the flagged gap, naming a first
director, and handovers, under /api/v1/partnerships/{partnership_id}/project-directors.

Outsiders get 404, members whose role lacks the permission 403 (`get_visible_or_404` and the
services' own checks: nominating is for a steward or the organization's director, answering for
the nominee alone); services' ValidationErrors become 422 naming the request's fields.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import Perm, get_visible_or_404
from accord.core.policy import action
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization, Person
from accord.partnerships.access import partnership_or_404

from ..models import ProjectDirectorHandover
from ..queries import directors as queries
from ..schemas.directors import (
    DirectorNameIn,
    DirectorOut,
    HandoverCreateIn,
    HandoverFilters,
    HandoverOut,
    MemberDirectorOut,
)
from ..services import directors as services

router = Router(tags=["Project directors"])
NOMINATE = "leadership.handover.nominate"

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}/project-directors"
HANDOVERS = BASE + "/handovers"
HANDOVER = HANDOVERS + "/{handover_id}"


def _handover(request, partnership_id: int, handover_id: int) -> ProjectDirectorHandover:
    """A handover the caller sees: the partnership's members, and the nominee while it waits."""
    handovers = queries.handovers_of(partnership_id).select_related("incoming__user")
    return get_visible_or_404(request.user, handovers, pk=handover_id)


def _lookup(model, pk: int, field: str, label: str):
    """An object named in a request body (archived ones too: the service says why not)."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: f"No {label} with id {pk}."})
    return obj


def _fields_renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's errors named after the request's fields ("incoming" → "incoming_person_id")."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


@router.get(
    BASE,
    response={200: list[MemberDirectorOut], **ERRORS},
    summary="Each member organization's project director, or the flagged gap",
    description="Current member organizations, hosts first. `director` is null and `flagged` "
    "true where an organization has no project director.",
)
@paginate
def list_directors(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return _Rows(queries.member_directors(partnership))


class _Rows:
    """The member queryset, sliced by the paginator, then turned into rows (prefetch per page)."""

    def __init__(self, memberships):
        self.memberships = memberships

    def count(self) -> int:
        return self.memberships.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice):
        return queries.as_rows(self.memberships[page])


@router.post(
    BASE,
    response={201: DirectorOut, **ERRORS},
    summary="Name the project director of a member organization that has none",
    description="For stewards. Refused with 422 where the organization already has a director "
    "(hand the role over instead), a nomination is waiting, or the person is not of that "
    "organization or is archived.",
)
def name_director(request, partnership_id: int, payload: DirectorNameIn):
    partnership = partnership_or_404(request, partnership_id, Perm.MANAGE_ROLES)
    organization = _lookup(Organization, payload.organization_id, "organization_id", "organization")
    person = _lookup(Person, payload.person_id, "person_id", "person")
    try:
        role = services.director_name(
            partnership=partnership, organization=organization, person=person, named_by=request.user
        )
    except ValidationError as error:
        raise _fields_renamed(
            error, {"organization": "organization_id", "person": "person_id"}
        ) from error
    return Status(201, role)


@router.get(
    HANDOVERS,
    response={200: list[HandoverOut], **ERRORS},
    summary="Handovers of the project director role, newest first",
)
@paginate
def list_handovers(request, partnership_id: int, filters: Query[HandoverFilters]):
    partnership = partnership_or_404(request, partnership_id)
    return queries.handovers_of(partnership, status=filters.status or "")


@router.post(
    HANDOVERS,
    response={201: HandoverOut, **ERRORS},
    summary="Nominate the next project director of a member organization",
    description="For a steward, or the organization's own project director (403 for others). "
    "The nominee must belong to that organization, not be archived and have an Accord account; "
    "one nomination per organization waits at a time. The nominee is notified.",
)
def create_handover(request, partnership_id: int, payload: HandoverCreateIn):
    partnership = partnership_or_404(request, partnership_id)
    # Whether the caller may nominate at all is known before the body is read (403 before 422);
    # the service checks the organization named.
    if not partnership.memberships.allowing(request.user, NOMINATE).exists():
        raise PermissionDenied(action(NOMINATE).denied)
    organization = _lookup(Organization, payload.organization_id, "organization_id", "organization")
    incoming = _lookup(Person, payload.incoming_person_id, "incoming_person_id", "person")
    try:
        handover = services.handover_nominate(
            partnership=partnership,
            organization=organization,
            incoming=incoming,
            note=payload.note,
            nominated_by=request.user,
        )
    except ValidationError as error:
        raise _fields_renamed(
            error, {"organization": "organization_id", "incoming": "incoming_person_id"}
        ) from error
    return Status(201, handover)


@router.get(HANDOVER, response={200: HandoverOut, **ERRORS}, summary="One handover")
def get_handover(request, partnership_id: int, handover_id: int):
    return _handover(request, partnership_id, handover_id)


def _answer(request, partnership_id: int, handover_id: int, service):
    handover = _handover(request, partnership_id, handover_id)
    # The answer is built from what was written: a nominee who declined without a role here can
    # no longer load the handover, and must not be told "not found" for a write that happened.
    return service(handover=handover, user=request.user)


@router.post(
    HANDOVER + "/accept",
    response={200: HandoverOut, **ERRORS},
    summary="Accept your nomination: the role passes to you",
    description="Only the nominee (403 for anyone else). The outgoing director's role ends and "
    "the nominee's begins in one transaction. 422 once the handover is no longer waiting.",
)
def accept_handover(request, partnership_id: int, handover_id: int):
    return _answer(request, partnership_id, handover_id, services.handover_accept)


@router.post(
    HANDOVER + "/decline",
    response={200: HandoverOut, **ERRORS},
    summary="Decline your nomination",
    description="Only the nominee (403 for anyone else); whoever nominated is notified.",
)
def decline_handover(request, partnership_id: int, handover_id: int):
    return _answer(request, partnership_id, handover_id, services.handover_decline)


@router.post(
    HANDOVER + "/cancel",
    response={200: HandoverOut, **ERRORS},
    summary="Withdraw a waiting nomination",
    description="For a steward, or whoever nominated (403 for others); the nominee is notified.",
)
def cancel_handover(request, partnership_id: int, handover_id: int):
    return _answer(request, partnership_id, handover_id, services.handover_cancel)
