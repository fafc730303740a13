"""The learning and commitments API (L1-L3), under /api/v1/partnerships/{partnership_id}/learning
and /commitments, with the summary per organization and for the partnership.

Outsiders get 404, members whose role lacks the permission 403 (`queries.record_or_404`); a record
is changed by its own person or a steward (403 for anyone else). Writes go through
services/commitments.py, whose ValidationErrors become 422 with field errors.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import Perm, require
from accord.core.api_versions import if_match
from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404
from accord.partnerships.models import Partnership

from ..models import Commitment, LearningActivity
from ..queries import commitments as queries
from ..schemas.commitments import (
    CommitmentFilters,
    CommitmentIn,
    CommitmentOut,
    CommitmentPatchIn,
    CommitmentSummaryOut,
    LearningIn,
    LearningOut,
    LearningPatchIn,
    RecordFilters,
    figures_out,
)
from ..services import commitments as services

router = Router(tags=["Leaders' commitments"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{partnership_id}"
LOG = "leadership.record.log"


def _item(request, model, partnership_id: int, item_id: int, action=None):
    return queries.record_or_404(request.user, model, partnership_id, item_id, action)


def _whose(request, partnership: Partnership, person_id: int | None):
    """The person a record is for: the caller, or (for a steward) the one named."""
    me = services.person_of(request.user)
    if person_id is None or (me is not None and person_id == me.pk):
        require(request.user, LOG, partnership)
        return me
    require(request.user, queries.LOG_FOR_OTHERS, partnership)
    person = services.people_taking_part(partnership).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({"person_id": "Name someone who holds a role in this partnership."})
    return person


def _person_errors(error: ValidationError) -> ValidationError:
    # The service names the person "person"; the API's field is "person_id".
    if hasattr(error, "error_dict") and "person" in error.error_dict:
        messages = error.message_dict
        messages["person_id"] = messages.pop("person")
        return ValidationError(messages)
    return error


def _create(request, partnership_id: int, payload, model, log):
    """Log a record for the caller, or (for a steward) for the person named in the payload."""
    partnership = partnership_or_404(request, partnership_id, Perm.CONTRIBUTE)
    person = _whose(request, partnership, payload.person_id)
    data = payload.dict(exclude={"person_id"})
    try:
        record = log(partnership=partnership, person=person, **data)
    except ValidationError as error:
        raise _person_errors(error) from None
    return Status(201, _item(request, model, partnership_id, record.pk))


# --- Learning (L1, L2) --------------------------------------------------------------------------
@router.get(
    BASE + "/learning",
    response={200: list[LearningOut], **ERRORS},
    summary="Learning activities of the partnership's leaders, newest first",
)
@paginate
def list_learning(request, partnership_id: int, filters: Query[RecordFilters]):
    partnership = partnership_or_404(request, partnership_id)
    return queries.learning_of(partnership, **filters.dict())


@router.post(
    BASE + "/learning",
    response={201: LearningOut, **ERRORS},
    summary="Log a learning activity (L1, L2)",
    description="For yourself, counted for your organization; a steward may name another "
    "person who holds a role in the partnership (`person_id`).",
)
def create_learning(request, partnership_id: int, payload: LearningIn):
    return _create(request, partnership_id, payload, LearningActivity, services.learning_log)


@router.get(
    BASE + "/learning/{learning_id}",
    response={200: LearningOut, **ERRORS},
    summary="One learning activity",
)
def get_learning(request, partnership_id: int, learning_id: int):
    return _item(request, LearningActivity, partnership_id, learning_id)


@router.patch(
    BASE + "/learning/{learning_id}",
    response={200: LearningOut, **ERRORS},
    summary="Change a learning activity (its own person or a steward)",
)
def update_learning(request, partnership_id: int, learning_id: int, payload: LearningPatchIn):
    activity = _item(request, LearningActivity, partnership_id, learning_id, queries.CHANGE)
    if_match(request, activity)
    return services.learning_update(activity=activity, **payload.dict(exclude_unset=True))


# --- Commitments (L3) ---------------------------------------------------------------------------
@router.get(
    BASE + "/commitments",
    response={200: list[CommitmentOut], **ERRORS},
    summary="Commitments of the partnership's leaders, in the order they start",
)
@paginate
def list_commitments(request, partnership_id: int, filters: Query[CommitmentFilters]):
    partnership = partnership_or_404(request, partnership_id)
    values = filters.dict()
    values["kind"] = values["kind"] or ""
    values["status"] = values["status"] or ""
    return queries.commitments_of(partnership, **values)


@router.post(
    BASE + "/commitments",
    response={201: CommitmentOut, **ERRORS},
    summary="Record a commitment of time, effort or resources to the shared vision (L3)",
    description="For yourself, counted for your organization; a steward may name another "
    "person who holds a role in the partnership (`person_id`).",
)
def create_commitment(request, partnership_id: int, payload: CommitmentIn):
    return _create(request, partnership_id, payload, Commitment, services.commitment_create)


@router.get(
    BASE + "/commitments/summary",
    response={200: CommitmentSummaryOut, **ERRORS},
    summary="Learning and commitments per organization and for the whole partnership",
    description="Learning hours, activities, people and topics; commitments by kind and status, "
    "the kept rate (kept / (kept + not kept)) and amounts by unit. `year` narrows it to learning "
    "in that year and commitments running during it.",
)
def commitment_summary(
    request, partnership_id: int, year: int | None = Query(None, ge=1900, le=2200)
):
    partnership = partnership_or_404(request, partnership_id)
    me = services.person_of(request.user)
    summary = queries.summary_of(
        partnership, year=year, viewer_organization_id=me.organization_id if me else None
    )
    return {
        "partnership_id": partnership.pk,
        "year": summary.year,
        "total": figures_out(summary.total),
        "organizations": [figures_out(row) for row in summary.organizations],
    }


@router.get(
    BASE + "/commitments/{commitment_id}",
    response={200: CommitmentOut, **ERRORS},
    summary="One commitment",
)
def get_commitment(request, partnership_id: int, commitment_id: int):
    return _item(request, Commitment, partnership_id, commitment_id)


@router.patch(
    BASE + "/commitments/{commitment_id}",
    response={200: CommitmentOut, **ERRORS},
    summary="Change a commitment or its status (its own person or a steward)",
)
def update_commitment(request, partnership_id: int, commitment_id: int, payload: CommitmentPatchIn):
    commitment = _item(request, Commitment, partnership_id, commitment_id, queries.CHANGE)
    if_match(request, commitment)
    changes = payload.dict(exclude_unset=True)
    if "unit" in changes and changes["unit"] is None:
        changes["unit"] = ""
    return services.commitment_update(commitment=commitment, **changes)
