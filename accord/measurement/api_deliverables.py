"""The deliverables API (M2), under /api/v1/partnerships/{partnership_id}/deliverables, and the
fulfilment of every member side by side at …/fulfilment.

Outsiders get 404, members without the action 403, before the input is read; writes go through
services_deliverables.py, whose ValidationErrors become 422 naming the field. A PATCH that
changes only the status, the date delivered or the evidence is a report (the delivering
organization's people may make it); any other change needs a steward or project director.
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.access import require
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

from . import queries_deliverables as queries
from . import services_deliverables as services
from .models_deliverables import Deliverable
from .schemas_deliverables import (
    DeliverableFilters,
    DeliverableIn,
    DeliverableOut,
    DeliverablePatchIn,
    FulfilmentOut,
)

router = Router(tags=["Deliverables"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**ERRORS, 412: ErrorOut, 428: ErrorOut}
BASE = "/partnerships/{partnership_id}/deliverables"
ONE = BASE + "/{deliverable_id}"


def _read(deliverable) -> Deliverable:
    return (
        Deliverable.objects.filter(pk=deliverable.pk)
        .select_related("organization")
        .prefetch_related("evidence")
        .get()
    )


@router.get(
    BASE,
    response={200: list[DeliverableOut], **ERRORS},
    summary="The partnership's deliverables by due date, filtered by status and organization",
)
@paginate
def list_deliverables(request, partnership_id: int, filters: Query[DeliverableFilters]):
    partnership = partnership_or_404(request, partnership_id)
    return queries.deliverables_of(
        partnership,
        status=filters.status.value if filters.status else "",
        organization_id=filters.organization_id,
    ).prefetch_related("evidence")


@router.post(
    BASE,
    response={201: DeliverableOut, **ERRORS},
    summary="Set a deliverable for a member organization (the host too)",
)
def create_deliverable(request, partnership_id: int, payload: DeliverableIn):
    partnership = partnership_or_404(request, partnership_id, queries.MANAGE)
    data = payload.dict()
    data["status"] = payload.status.value
    created = services.deliverable_create(partnership=partnership, created_by=request.user, **data)
    return Status(201, _read(created))


@router.get(ONE, response={200: DeliverableOut, **ERRORS}, summary="One deliverable")
def get_deliverable(request, partnership_id: int, deliverable_id: int):
    return _read(queries.deliverable_or_404(request.user, partnership_id, deliverable_id))


@router.patch(
    ONE,
    response={200: DeliverableOut, **WRITE_ERRORS},
    summary="Change a deliverable, or report where it stands",
    description="Only `status`, `delivered_on` and `evidence_ids`: a report, which the "
    "delivering organization's people who add records may make. Anything else: a steward or "
    "project director. `evidence_ids` replaces the evidence links.",
)
def update_deliverable(
    request, partnership_id: int, deliverable_id: int, payload: DeliverablePatchIn
):
    deliverable = queries.deliverable_or_404(
        request.user, partnership_id, deliverable_id, queries.REPORT
    )
    changes = payload.dict(exclude_unset=True)
    if set(changes) - set(services.REPORT_FIELDS):
        require(request.user, queries.MANAGE, deliverable)
    if_match(request, deliverable)
    if changes.get("status") is not None:
        changes["status"] = changes["status"].value
    if "description" in changes and changes["description"] is None:
        changes["description"] = ""
    if "evidence_ids" in changes and changes["evidence_ids"] is None:
        changes["evidence_ids"] = []
    services.deliverable_update(deliverable=deliverable, **changes)
    return _read(deliverable)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    summary="Archive a deliverable set by mistake (it no longer counts; its history stays)",
    openapi_extra=IF_MATCH_DOC,
)
def archive_deliverable(request, partnership_id: int, deliverable_id: int):
    deliverable = queries.deliverable_or_404(
        request.user, partnership_id, deliverable_id, queries.MANAGE
    )
    if_match(request, deliverable)
    services.deliverable_archive(deliverable=deliverable)
    return Status(204, None)


@router.get(
    "/partnerships/{partnership_id}/fulfilment",
    response={200: FulfilmentOut, **ERRORS},
    summary="Fulfilment of every member, the host included, side by side, with what is overdue",
    description=queries.FORMULA,
)
def get_fulfilment(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    report = queries.fulfilment_of(partnership)
    overdue = [
        {
            "kind": "deliverable",
            "id": d.pk,
            "organization": d.organization,
            "title": d.title,
            "due_on": d.due_on,
        }
        for d in report.overdue_deliverables
    ] + [
        {
            "kind": "commitment",
            "id": c.pk,
            "organization": c.organization,
            "title": c.description[:200],
            "due_on": c.ends_on,
        }
        for c in report.overdue_commitments
    ]
    return {
        "as_of": report.today,
        "formula": report.formula,
        "organizations": report.rows,
        "overdue": overdue,
    }
