"""The input ledger API (R6), under /api/v1/partnerships/{partnership_id}/inputs,
/consultations, /input-settings and /responsiveness.

Outsiders get 404, members without the action 403, before the input is read; writes go through
services_ledger.py, whose ValidationErrors become 422 naming the field. The public form has no
API: it is a page, with its rate limit and honeypot.
"""

from django.core.exceptions import ValidationError
from ninja import Router, Status
from ninja.pagination import paginate

from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut
from accord.directory.models import Person
from accord.partnerships.access import partnership_or_404

from . import queries_ledger as queries
from . import services_ledger as services
from .models_engagements import ActionItem, Engagement
from .schemas_ledger import (
    LedgerActionIn,
    LedgerActionOut,
    LedgerCloseIn,
    LedgerConsultationIn,
    LedgerConsultationOut,
    LedgerInputDetailOut,
    LedgerInputIn,
    LedgerInputOut,
    LedgerInputPatchIn,
    LedgerPublishIn,
    LedgerResponsivenessOut,
    LedgerSettingsIn,
    LedgerSettingsOut,
)

router = Router(tags=["Input ledger"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}"
ONE = BASE + "/inputs/{input_id}"


def _renamed(error: ValidationError, names: dict) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def _one(queryset, pk, field: str, message: str):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _detail(user, item):
    item = queries.input_or_404(user, item.partnership_id, item.pk)
    item.action_list = queries.actions_of(item)
    return item


@router.get(
    BASE + "/inputs",
    response={200: list[LedgerInputOut], **ERRORS},
    summary="The partnership's input, newest first, with its deadlines (R6)",
)
@paginate
def list_inputs(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    return queries.inputs_of(partnership)


@router.post(
    BASE + "/inputs",
    response={201: LedgerInputDetailOut, **ERRORS},
    summary="Record input received by e-mail, at a meeting, or in answer to a consultation",
    description="Anonymous input keeps no identity: `person_id`, `name` and `email` are then "
    "dropped.",
)
def create_input(request, partnership_id: int, payload: LedgerInputIn):
    partnership = partnership_or_404(request, partnership_id, queries.RECORD)
    consultation = _one(
        queries.consultations_of(partnership),
        payload.consultation_id,
        "consultation_id",
        "Choose a consultation of this partnership.",
    )
    person = _one(
        Person.objects.active(), payload.person_id, "person_id", "Choose a person in the directory."
    )
    assignee = _one(
        Person.objects.active(),
        payload.assignee_id,
        "assignee_id",
        "Choose a person who holds a role in this partnership.",
    )
    try:
        item = services.input_record(
            partnership=partnership,
            subject=payload.subject,
            text=payload.text,
            channel=payload.channel.value,
            consultation=consultation,
            anonymous=payload.anonymous,
            person=person,
            name=payload.name,
            email=payload.email,
            received_at=payload.received_at,
            assignee=assignee,
        )
    except ValidationError as error:
        raise _renamed(
            error,
            {"consultation": "consultation_id", "assignee": "assignee_id", "person": "person_id"},
        ) from None
    return Status(201, _detail(request.user, item))


@router.get(
    ONE,
    response={200: LedgerInputDetailOut, **ERRORS},
    summary="One piece of input with its response and the actions that followed",
)
def get_input(request, partnership_id: int, input_id: int):
    return _detail(request.user, queries.input_or_404(request.user, partnership_id, input_id))


@router.patch(
    ONE,
    response={200: LedgerInputDetailOut, **WRITE_ERRORS},
    summary="Triage input: assign it, acknowledge it, draft or give its response",
    description="Giving the response (`give_response: true`) does not publish it.",
)
def update_input(request, partnership_id: int, input_id: int, payload: LedgerInputPatchIn):
    item = queries.input_or_404(request.user, partnership_id, input_id, queries.TRIAGE)
    if_match(request, item)
    changes = payload.dict(exclude_unset=True)
    try:
        if "assignee_id" in changes:
            assignee = _one(
                Person.objects.active(),
                changes["assignee_id"],
                "assignee_id",
                "Choose a person who holds a role in this partnership.",
            )
            services.input_assign(item=item, assignee=assignee)
        if changes.get("acknowledged"):
            services.input_acknowledge(item=item, by=request.user)
        if changes.get("response") is not None or changes.get("give_response"):
            services.input_respond(
                item=item,
                response=changes.get("response")
                if changes.get("response") is not None
                else item.response,
                by=request.user,
                send=bool(changes.get("give_response")),
            )
    except ValidationError as error:
        raise _renamed(error, {"assignee": "assignee_id"}) from None
    return _detail(request.user, item)


@router.post(
    ONE + "/close",
    response={200: LedgerInputDetailOut, **ERRORS},
    summary="Close input with a reason (an explanation is needed to close it without action)",
)
def close_input(request, partnership_id: int, input_id: int, payload: LedgerCloseIn):
    item = queries.input_or_404(request.user, partnership_id, input_id, queries.TRIAGE)
    try:
        services.input_close(
            item=item, reason=payload.reason.value, explanation=payload.explanation
        )
    except ValidationError as error:
        raise _renamed(
            error, {"close_reason": "reason", "close_explanation": "explanation"}
        ) from None
    return _detail(request.user, item)


@router.put(
    ONE + "/published",
    response={200: LedgerInputDetailOut, **WRITE_ERRORS},
    summary="Publish the input with its given response on “you said, we did”, or take it off",
)
def publish_input(request, partnership_id: int, input_id: int, payload: LedgerPublishIn):
    item = queries.input_or_404(request.user, partnership_id, input_id, queries.PUBLISH)
    if_match(request, item)
    services.input_publish(item=item, published=payload.published)
    return _detail(request.user, item)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    summary="Archive input recorded by mistake (or spam)",
)
def archive_input(request, partnership_id: int, input_id: int):
    item = queries.input_or_404(request.user, partnership_id, input_id, queries.RECORD)
    if_match(request, item)
    services.input_archive(item=item)
    return Status(204, None)


@router.post(
    ONE + "/actions",
    response={201: LedgerActionOut, **ERRORS},
    summary="Record an action that followed: an engagement, an action item, or in words",
)
def add_action(request, partnership_id: int, input_id: int, payload: LedgerActionIn):
    item = queries.input_or_404(request.user, partnership_id, input_id, queries.TRIAGE)
    engagement = _one(
        Engagement.objects.active().filter(partnership_id=item.partnership_id),
        payload.engagement_id,
        "engagement_id",
        "Choose an engagement of this partnership.",
    )
    action_item = _one(
        ActionItem.objects.filter(engagement__partnership_id=item.partnership_id),
        payload.action_item_id,
        "action_item_id",
        "Choose an action item of this partnership.",
    )
    try:
        action = services.input_action_add(
            item=item, engagement=engagement, action_item=action_item, text=payload.text
        )
    except ValidationError as error:
        raise _renamed(
            error, {"engagement": "engagement_id", "action_item": "action_item_id"}
        ) from None
    return Status(201, action)


@router.get(
    BASE + "/consultations",
    response={200: list[LedgerConsultationOut], **ERRORS},
    summary="The partnership's consultations, newest first",
)
@paginate
def list_consultations(request, partnership_id: int):
    return queries.consultations_of(partnership_or_404(request, partnership_id))


@router.post(
    BASE + "/consultations",
    response={201: LedgerConsultationOut, **ERRORS},
    summary="Open a consultation: a question, from one date to another",
)
def create_consultation(request, partnership_id: int, payload: LedgerConsultationIn):
    partnership = partnership_or_404(request, partnership_id, queries.CONSULT)
    consultation = services.consultation_create(partnership=partnership, **payload.dict())
    return Status(201, queries.consultations_of(partnership).get(pk=consultation.pk))


def _settings(partnership):
    stored = queries.settings_of(partnership)
    stored.revision = stored.stored_revision
    return stored


@router.get(
    BASE + "/input-settings",
    response={200: LedgerSettingsOut, **ERRORS},
    summary="The deadlines to acknowledge and answer input, and whether the public form is on",
)
def get_settings(request, partnership_id: int):
    return _settings(partnership_or_404(request, partnership_id))


@router.put(
    BASE + "/input-settings",
    response={200: LedgerSettingsOut, **WRITE_ERRORS},
    summary="Set the deadlines and turn the public form on or off (a steward)",
    description="Turning the form on makes the partnership's title and the form's question public.",
)
def set_settings(request, partnership_id: int, payload: LedgerSettingsIn):
    partnership = partnership_or_404(request, partnership_id, queries.SETTINGS)
    stored = queries.settings_of(partnership)
    if_match(request, stored)
    services.settings_set(partnership=partnership, settings=stored, **payload.dict())
    return _settings(partnership)


@router.get(
    BASE + "/responsiveness",
    response={200: LedgerResponsivenessOut, **ERRORS},
    summary="Median days to acknowledge and respond, share in time, per organization",
)
def get_responsiveness(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    found = queries.responsiveness_of(partnership)
    return {
        "partnership_id": partnership.pk,
        "partnership": found.partnership,
        "by_organization": [
            {"organization": name, "figures": figures} for name, figures in found.by_organization
        ],
    }
