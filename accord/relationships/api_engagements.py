"""The engagements API (R4, R5), under /api/v1/partnerships/{partnership_id}/engagements,
/action-items and /cadence.

Outsiders get 404, members without the action 403, before the input is read; writes go through
services_engagements.py, whose ValidationErrors become 422 naming the field.
"""

from django.core.exceptions import ValidationError
from ninja import Router, Status
from ninja.pagination import paginate

from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut
from accord.directory.models import Organization, Person, StakeholderGroup
from accord.partnerships.access import partnership_or_404

from . import queries_engagements as queries
from . import services_engagements as services
from .schemas_engagements import (
    CadenceIn,
    CadenceOut,
    EngagementActionIn,
    EngagementActionOut,
    EngagementActionPatchIn,
    EngagementAttendeeIn,
    EngagementAttendeeOut,
    EngagementDetailOut,
    EngagementIn,
    EngagementListOut,
    EngagementPatchIn,
)

router = Router(tags=["Engagements"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}"
ONE = BASE + "/engagements/{engagement_id}"


def _groups(ids) -> list[StakeholderGroup]:
    ids = list(dict.fromkeys(ids))
    found = list(StakeholderGroup.objects.active().filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"group_ids": "Name stakeholder groups in the directory."})
    return found


def _one(model, pk, field: str, message: str, queryset=None):
    if pk is None:
        return None
    found = (queryset if queryset is not None else model.objects.all()).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _detail(engagement):
    engagement = queries.engagements_of(engagement.partnership_id).get(pk=engagement.pk)
    return queries.with_details(engagement)


@router.get(
    BASE + "/engagements",
    response={200: list[EngagementListOut], **ERRORS},
    summary="The partnership's engagements, newest first (R4, R5)",
)
@paginate
def list_engagements(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.engagements_of(partnership)


@router.post(
    BASE + "/engagements",
    response={201: EngagementDetailOut, **ERRORS},
    summary="Record an engagement: a meeting, workshop, conference or gathering",
    description="Times carry their UTC offset; `time_zone` (an IANA name) is the engagement's "
    "local zone, used in calendar files.",
)
def create_engagement(request, partnership_id: int, payload: EngagementIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    values = payload.dict()
    groups = _groups(values.pop("group_ids"))
    engagement = services.engagement_create(
        partnership=partnership, groups=groups, created_by=request.user, **values
    )
    return Status(201, _detail(engagement))


@router.get(
    ONE,
    response={200: EngagementDetailOut, **ERRORS},
    summary="One engagement with its groups present, attendees and action items",
)
def get_engagement(request, partnership_id: int, engagement_id: int):
    engagement = queries.engagement_or_404(request.user, partnership_id, engagement_id)
    return _detail(engagement)


@router.patch(
    ONE,
    response={200: EngagementDetailOut, **WRITE_ERRORS},
    summary="Change an engagement (fields left out stay as they are)",
)
def update_engagement(request, partnership_id: int, engagement_id: int, payload: EngagementPatchIn):
    engagement = queries.engagement_or_404(
        request.user, partnership_id, engagement_id, queries.MANAGE
    )
    if_match(request, engagement)
    changes = payload.dict(exclude_unset=True)
    groups = changes.pop("group_ids", None)
    if "group_ids" in payload.model_fields_set and groups is None:
        raise ValidationError(
            {"group_ids": "Send a list of stakeholder group ids, or leave it out."}
        )
    services.engagement_update(
        engagement=engagement, groups=None if groups is None else _groups(groups), **changes
    )
    return _detail(engagement)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    summary="Archive an engagement recorded by mistake",
)
def archive_engagement(request, partnership_id: int, engagement_id: int):
    engagement = queries.engagement_or_404(
        request.user, partnership_id, engagement_id, queries.MANAGE
    )
    if_match(request, engagement)
    services.engagement_archive(engagement=engagement)
    return Status(204, None)


@router.post(
    ONE + "/attendees",
    response={201: EngagementAttendeeOut, **ERRORS},
    summary="Record an attendee: a person in Accord, or someone outside it by name",
    description="`organization_id` is a member organization (a person's own by default).",
)
def add_attendee(request, partnership_id: int, engagement_id: int, payload: EngagementAttendeeIn):
    engagement = queries.engagement_or_404(
        request.user, partnership_id, engagement_id, queries.MANAGE
    )
    person = _one(
        Person,
        payload.person_id,
        "person_id",
        "Choose a person in the directory.",
        Person.objects.active(),
    )
    organization = _one(
        Organization, payload.organization_id, "organization_id", "Choose a member organization."
    )
    try:
        attendee = services.attendee_add(
            engagement=engagement,
            person=person,
            organization=organization,
            name=payload.name,
            level=payload.level.value if payload.level else "",
        )
    except ValidationError as error:
        raise _renamed(error, {"person": "person_id", "organization": "organization_id"}) from None
    return Status(201, attendee)


@router.delete(
    ONE + "/attendees/{attendee_id}",
    response={204: None, **ERRORS},
    summary="Remove an attendee recorded by mistake",
)
def remove_attendee(request, partnership_id: int, engagement_id: int, attendee_id: int):
    attendee = queries.attendee_or_404(
        request.user, partnership_id, engagement_id, attendee_id, queries.MANAGE
    )
    services.attendee_remove(attendee=attendee)
    return Status(204, None)


def _renamed(error: ValidationError, names: dict) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


@router.post(
    ONE + "/action-items",
    response={201: EngagementActionOut, **ERRORS},
    summary="Add an action item; it waits on its owner's list until done or dropped",
)
def add_action_item(request, partnership_id: int, engagement_id: int, payload: EngagementActionIn):
    engagement = queries.engagement_or_404(
        request.user, partnership_id, engagement_id, queries.MANAGE
    )
    owner = _one(
        Person,
        payload.owner_id,
        "owner_id",
        "Choose a person who holds a role in this partnership.",
    )
    try:
        item = services.action_item_add(
            engagement=engagement, title=payload.title, owner=owner, due_on=payload.due_on
        )
    except ValidationError as error:
        raise _renamed(error, {"owner": "owner_id"}) from None
    return Status(201, item)


@router.patch(
    BASE + "/action-items/{item_id}",
    response={200: EngagementActionOut, **WRITE_ERRORS},
    summary="Change an action item: its status, title, owner or due date (its owner may too)",
)
def update_action_item(
    request, partnership_id: int, item_id: int, payload: EngagementActionPatchIn
):
    item = queries.action_item_or_404(request.user, partnership_id, item_id, queries.ACTION_CHANGE)
    if_match(request, item)
    changes = payload.dict(exclude_unset=True)
    if "owner_id" in changes:
        changes["owner"] = _one(
            Person,
            changes.pop("owner_id"),
            "owner_id",
            "Choose a person who holds a role in this partnership.",
        )
    if changes.get("status") is not None:
        changes["status"] = changes["status"].value
    try:
        return services.action_item_update(item=item, **changes)
    except ValidationError as error:
        raise _renamed(error, {"owner": "owner_id"}) from None


def _cadence(partnership):
    cadence = queries.cadence_of(partnership)
    return {
        "partnership_id": partnership.pk,
        "revision": queries.rhythm_of(partnership).stored_revision,
        "rhythm_days": cadence.rhythm_days,
        "pairs": cadence.pairs,
    }


@router.get(
    BASE + "/cadence",
    response={200: CadenceOut, **ERRORS},
    summary="When each pair of member organizations last met, against the rhythm (R4)",
)
def get_cadence(request, partnership_id: int):
    return _cadence(partnership_or_404(request, partnership_id))


@router.put(
    BASE + "/cadence",
    response={200: CadenceOut, **WRITE_ERRORS},
    summary="Set how often each pair of member organizations should meet, in days",
)
def set_cadence(request, partnership_id: int, payload: CadenceIn):
    partnership = partnership_or_404(request, partnership_id, queries.RHYTHM_CHANGE)
    rhythm = queries.rhythm_of(partnership)
    if_match(request, rhythm)
    try:
        services.rhythm_set(partnership=partnership, days=payload.rhythm_days, rhythm=rhythm)
    except ValidationError as error:
        raise _renamed(error, {"days": "rhythm_days"}) from None
    return _cadence(partnership)
