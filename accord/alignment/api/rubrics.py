"""The alignment API: rubrics and their criteria (A1).

Everyone signed in reads rubrics (assessors need the level descriptions); only platform
administrators change them (403 for everyone else). Once an assessment uses a rubric, its
criteria and weights are fixed: changes are refused with 422, and `/copy` makes a new rubric.
"""

from functools import partial

from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core import documents
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.document_api import document_patch
from accord.core.schemas import DocumentFilters, ErrorOut

from ..models import Rubric
from ..schemas.rubrics import (
    CriterionIn,
    CriterionOut,
    CriterionPatchIn,
    RubricCopyIn,
    RubricCreateIn,
    RubricDetailOut,
    RubricOut,
    RubricPatchIn,
)
from ..services import rubrics as services

router = Router(tags=["Rubrics"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _detail(request, rubric_id: int, *, edit: bool = False) -> Rubric:
    """The rubric afresh, with its annotations, as the detail output shows it."""
    return documents.document_or_404(request.user, Rubric, rubric_id, edit=edit)


def _criterion(request, rubric_id: int, criterion_id: int, *, edit: bool = False):
    return documents.part_or_404(request.user, Rubric, rubric_id, criterion_id, edit=edit)


@router.get("/rubrics", response={200: list[RubricOut], **READ_ERRORS}, summary="List the rubrics")
@paginate
def list_rubrics(request, filters: Query[DocumentFilters]):
    return documents.documents_for(request.user, Rubric, include_archived=filters.include_archived)


@router.post(
    "/rubrics",
    response={201: RubricDetailOut, **ERRORS},
    summary="Create a rubric, with its criteria if given (all or nothing)",
)
def create_rubric(request, payload: RubricCreateIn):
    documents.require_editor(request.user, Rubric)
    rubric = services.rubric_create(
        name=payload.name,
        description=payload.description,
        is_default=payload.is_default,
        criteria=[criterion.dict() for criterion in payload.criteria],
    )
    return Status(201, _detail(request, rubric.pk))


@router.get(
    "/rubrics/{rubric_id}",
    response={200: RubricDetailOut, **ERRORS},
    summary="One rubric with its criteria and what each score means",
)
def get_rubric(request, rubric_id: int):
    return _detail(request, rubric_id)


@router.patch(
    "/rubrics/{rubric_id}",
    response={200: RubricDetailOut, **ERRORS},
    summary="Rename a rubric, change its description, or make it the default",
)
def update_rubric(request, rubric_id: int, payload: RubricPatchIn):
    rubric = _detail(request, rubric_id, edit=True)
    document_patch(
        request,
        rubric,
        payload,
        noun="rubric",
        update=partial(services.rubric_update, rubric=rubric),
        make_default=partial(services.rubric_make_default, rubric=rubric),
    )
    return _detail(request, rubric.pk)


@router.post(
    "/rubrics/{rubric_id}/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: RubricDetailOut, **ERRORS},
    summary="Archive a rubric (assessments that use it keep it)",
)
def archive_rubric(request, rubric_id: int):
    rubric = _detail(request, rubric_id, edit=True)
    if_match(request, rubric)
    services.rubric_archive(rubric=rubric)
    return _detail(request, rubric.pk)


@router.post(
    "/rubrics/{rubric_id}/copy",
    response={201: RubricDetailOut, **ERRORS},
    summary="Copy a rubric with its criteria under a new name (how a used rubric is changed)",
)
def copy_rubric(request, rubric_id: int, payload: RubricCopyIn):
    rubric = _detail(request, rubric_id, edit=True)
    copy = services.rubric_copy(rubric=rubric, name=payload.name, description=payload.description)
    return Status(201, _detail(request, copy.pk))


# --- Criteria -----------------------------------------------------------------------------------
@router.get(
    "/rubrics/{rubric_id}/criteria",
    response={200: list[CriterionOut], **ERRORS},
    summary="A rubric's criteria, in order",
)
@paginate
def list_criteria(request, rubric_id: int):
    return _detail(request, rubric_id).ordered_parts()


@router.post(
    "/rubrics/{rubric_id}/criteria",
    response={201: CriterionOut, **ERRORS},
    summary="Add a criterion to a rubric that no assessment uses yet",
)
def add_criterion(request, rubric_id: int, payload: CriterionIn):
    rubric = _detail(request, rubric_id, edit=True)
    return Status(201, services.criterion_add(rubric=rubric, **payload.dict()))


@router.get(
    "/rubrics/{rubric_id}/criteria/{criterion_id}",
    response={200: CriterionOut, **ERRORS},
    summary="One criterion",
)
def get_criterion(request, rubric_id: int, criterion_id: int):
    return _criterion(request, rubric_id, criterion_id)


@router.patch(
    "/rubrics/{rubric_id}/criteria/{criterion_id}",
    response={200: CriterionOut, **ERRORS},
    summary="Change a criterion of a rubric that no assessment uses yet",
)
def update_criterion(request, rubric_id: int, criterion_id: int, payload: CriterionPatchIn):
    criterion = _criterion(request, rubric_id, criterion_id, edit=True)
    if_match(request, criterion)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.criterion_update(criterion=criterion, **changes)


@router.delete(
    "/rubrics/{rubric_id}/criteria/{criterion_id}",
    response={204: None, **ERRORS},
    summary="Delete a criterion of a rubric that no assessment uses yet",
)
def delete_criterion(request, rubric_id: int, criterion_id: int):
    criterion = _criterion(request, rubric_id, criterion_id, edit=True)
    if_match(request, criterion)
    services.criterion_delete(criterion=criterion)
    return Status(204, None)
