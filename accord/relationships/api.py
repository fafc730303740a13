"""The relationships API (R1, R2), under /api/v1/partnerships/{partnership_id}/stakeholders and
/bodies.

Outsiders get 404, members without "relationships.affected.manage" 403; writes go through
services.py, whose ValidationErrors become 422 naming the field.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status

from accord.core.access import get_or_404
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization, StakeholderGroup
from accord.partnerships.access import partnership_or_404

from . import queries, queries_bodies, queries_planning, services, services_bodies
from .schemas import (
    AffectedGroupIn,
    AffectedGroupOut,
    BodyDetailOut,
    BodyIn,
    BodyMeetingIn,
    BodyMeetingOut,
    BodyOut,
    BodySeatEndIn,
    BodySeatIn,
    BodySeatOut,
    StakeholderPlanningOut,
    StakeholderRowOut,
)

router = Router(tags=["Stakeholders"])
router.add_router("", "accord.relationships.api_engagements.router")  # engagements (R4, R5)
router.add_router("", "accord.relationships.api_communication.router")  # communication map (R6)
router.add_router("", "accord.relationships.api_trust.router")  # trust and value network (R6)
router.add_router("", "accord.relationships.api_ledger.router")  # input ledger (R6)

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


@router.get(
    BASE + "/planning",
    response={200: StakeholderPlanningOut, **ERRORS},
    summary="Affected groups left out of planning or design engagements (R3)",
    description="Each flag names its evidence (engagements, dates and levels) and the next "
    "action: `left_out`, a group absent from recent planning or design engagements; "
    "`token_level`, a group only ever present at the `token_levels`.",
)
def stakeholders_planning(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    view = queries_planning.planning_of(partnership)
    return {
        "planning_engagements": view.thresholds.planning_engagements,
        "token_levels": list(view.thresholds.token_levels),
        "engagements_held": view.considered,
        "flags": [
            {
                "kind": f.kind,
                "level": f.level,
                "group_id": f.group,
                "message": f.message,
                "next_action": f.next_action,
                "evidence": [
                    {
                        "engagement_id": e.key,
                        "title": e.title,
                        "held_on": e.held_on,
                        "level": e.level,
                    }
                    for e in f.evidence
                ],
            }
            for f in view.flags
        ],
    }


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


# --- Planning and design bodies (R2) -------------------------------------------------------------
BODIES = "/partnerships/{partnership_id}/bodies"
BODY = BODIES + "/{body_id}"


def _body_detail(body) -> dict:
    view = queries_bodies.analyses_of(body.partnership, [body])[0]
    analysis = view.analysis
    return {
        "id": body.pk,
        "partnership_id": body.partnership_id,
        "name": body.name,
        "kind": body.kind,
        "purpose": body.purpose,
        "revision": body.revision,
        "seats": view.seats,
        "meetings": len(view.meetings),
        "groups": [
            {
                "group_id": f.group,
                "name": f.name,
                "seats": f.seats,
                "voting_seats": f.voting_seats,
                "seat_share": f.seat_share,
                "band": f.band,
                "reference_share": f.reference_share,
                "ratio": f.ratio,
            }
            for f in analysis.groups
        ],
        "rose_index": analysis.rose,
        "expected_rose_index": analysis.expected_rose,
        "flags": [
            {
                "kind": f.kind,
                "level": f.level,
                "group_id": f.group,
                "seat_id": f.seat,
                "message": f.message,
                "next_action": f.next_action,
                "evidence": [{"meeting_id": k, "held_on": d} for k, d in f.evidence],
            }
            for f in analysis.flags
        ],
    }


@router.get(
    BODIES,
    response={200: list[BodyOut], **ERRORS},
    summary="The partnership's planning and design bodies (R2)",
)
def list_bodies(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return list(queries_bodies.bodies_of(partnership))


@router.post(
    BODIES,
    response={201: BodyDetailOut, **ERRORS},
    summary="Set up a committee or working group (R2)",
)
def create_body(request, partnership_id: int, payload: BodyIn):
    partnership = partnership_or_404(request, partnership_id, queries_bodies.MANAGE)
    body = services_bodies.body_create(partnership=partnership, **payload.dict())
    return Status(201, _body_detail(body))


@router.get(
    BODY,
    response={200: BodyDetailOut, **ERRORS},
    summary="A body with its current seats and its representation analysis (R2)",
    description="Each flag names its evidence (meetings and dates) and the next action.",
)
def get_body(request, partnership_id: int, body_id: int):
    return _body_detail(queries_bodies.body_or_404(request.user, partnership_id, body_id))


@router.post(
    BODY + "/seats",
    response={201: BodySeatOut, **ERRORS},
    summary="Add a seat to a body: who holds it, what it speaks for, its vote",
)
def add_seat(request, partnership_id: int, body_id: int, payload: BodySeatIn):
    body = queries_bodies.body_or_404(request.user, partnership_id, body_id, queries_bodies.MANAGE)
    data = payload.dict()
    errors = {}
    person = services_bodies.seat_candidates(body.partnership).filter(pk=data.pop("person_id"))
    person = person.first()
    if person is None:
        errors["person_id"] = "Name someone who holds a role in this partnership."
    organization = None
    if (organization_id := data.pop("organization_id")) is not None:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            errors["organization_id"] = "Name a current member organization."
    group = None
    if (group_id := data.pop("group_id")) is not None:
        group = StakeholderGroup.objects.filter(pk=group_id).first()
        if group is None:
            errors["group_id"] = "Name a group this partnership names as affected."
    if errors:
        raise ValidationError(errors)
    try:
        seat = services_bodies.seat_add(
            body=body, person=person, organization=organization, group=group, **data
        )
    except ValidationError as error:
        raise _renamed(
            error, {"person": "person_id", "organization": "organization_id", "group": "group_id"}
        ) from None
    return Status(201, queries_bodies.seat_or_404(request.user, partnership_id, body_id, seat.pk))


@router.post(
    BODY + "/seats/{seat_id}/end",
    response={200: BodySeatOut, **ERRORS},
    summary="End a seat on a date (its holder leaves the body)",
)
def end_seat(request, partnership_id: int, body_id: int, seat_id: int, payload: BodySeatEndIn):
    seat = queries_bodies.seat_or_404(
        request.user, partnership_id, body_id, seat_id, queries_bodies.MANAGE
    )
    return services_bodies.seat_end(seat=seat, until=payload.until)


@router.post(
    BODY + "/meetings",
    response={201: BodyMeetingOut, **ERRORS},
    summary="Record a meeting of a body with attendance and contributions (R2)",
)
def record_meeting(request, partnership_id: int, body_id: int, payload: BodyMeetingIn):
    body = queries_bodies.body_or_404(request.user, partnership_id, body_id, queries_bodies.RECORD)
    meeting = services_bodies.meeting_record(
        body=body,
        held_on=payload.held_on,
        title=payload.title,
        present=payload.present,
        contributions=[
            services_bodies.ContributionEntry(c.seat_id, c.kind, c.note)
            for c in payload.contributions
        ],
    )
    return Status(201, meeting)


def _renamed(error: ValidationError, names: dict) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.message_dict.items()})
