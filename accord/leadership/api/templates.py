"""The MOU template API (L5): templates and their sections, under /api/v1/mou-templates.

Everyone signed in reads templates; only platform administrators change them (403 for everyone
else). A section's text is checked when it is saved: a syntax error is refused with 422 naming
the section.
"""

from functools import partial

from django.db import transaction
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core import documents
from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.document_api import document_patch
from accord.core.schemas import DocumentFilters, ErrorOut

from ..models import MouTemplate
from ..schemas.templates import (
    MouTemplateCopyIn,
    MouTemplateCreateIn,
    MouTemplateDetailOut,
    MouTemplateOut,
    MouTemplatePatchIn,
    TemplateSectionIn,
    TemplateSectionOut,
    TemplateSectionPatchIn,
)
from ..services import templates as services

router = Router(tags=["MOU templates"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/mou-templates"
ONE = BASE + "/{template_id}"
SECTION = ONE + "/sections/{section_id}"


def _detail(request, template_id: int, *, edit: bool = False) -> MouTemplate:
    """The template afresh, with its annotations, as the detail output shows it."""
    return documents.document_or_404(request.user, MouTemplate, template_id, edit=edit)


def _section(request, template_id: int, section_id: int, *, edit: bool = False):
    return documents.part_or_404(request.user, MouTemplate, template_id, section_id, edit=edit)


@router.get(BASE, response={200: list[MouTemplateOut], **READ_ERRORS}, summary="List MOU templates")
@paginate
def list_templates(request, filters: Query[DocumentFilters]):
    return documents.documents_for(
        request.user, MouTemplate, include_archived=filters.include_archived
    )


@router.post(
    BASE,
    response={201: MouTemplateDetailOut, **ERRORS},
    summary="Create a template, with its sections if given (all or nothing)",
)
def create_template(request, payload: MouTemplateCreateIn):
    documents.require_editor(request.user, MouTemplate)
    template = services.mou_template_create(
        name=payload.name,
        description=payload.description,
        is_default=payload.is_default,
        sections=[section.dict(exclude_none=True) for section in payload.sections],
    )
    return Status(201, _detail(request, template.pk))


@router.get(ONE, response={200: MouTemplateDetailOut, **ERRORS}, summary="One template")
def get_template(request, template_id: int):
    return _detail(request, template_id)


@router.patch(
    ONE,
    response={200: MouTemplateDetailOut, **ERRORS},
    summary="Rename a template, change its description, or make it the default",
)
def update_template(request, template_id: int, payload: MouTemplatePatchIn):
    template = _detail(request, template_id, edit=True)
    document_patch(
        request,
        template,
        payload,
        noun="template",
        update=partial(services.mou_template_update, template=template),
        make_default=partial(services.mou_template_make_default, template=template),
    )
    return _detail(request, template.pk)


@router.post(
    ONE + "/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: MouTemplateDetailOut, **ERRORS},
    summary="Archive a template (MOUs drafted from it keep their text)",
)
def archive_template(request, template_id: int):
    template = _detail(request, template_id, edit=True)
    if_match(request, template)
    services.mou_template_archive(template=template)
    return _detail(request, template.pk)


@router.post(
    ONE + "/copy",
    response={201: MouTemplateDetailOut, **ERRORS},
    summary="Copy a template with its sections under a new name",
)
def copy_template(request, template_id: int, payload: MouTemplateCopyIn):
    template = _detail(request, template_id, edit=True)
    copy = services.mou_template_copy(
        template=template, name=payload.name, description=payload.description
    )
    return Status(201, _detail(request, copy.pk))


# --- Sections -----------------------------------------------------------------------------------
@router.get(
    ONE + "/sections",
    response={200: list[TemplateSectionOut], **ERRORS},
    summary="A template's sections, in order",
)
@paginate
def list_sections(request, template_id: int):
    return _detail(request, template_id).ordered_parts()


@router.post(
    ONE + "/sections",
    response={201: TemplateSectionOut, **ERRORS},
    summary="Add a section at the end of a template",
)
def add_section(request, template_id: int, payload: TemplateSectionIn):
    template = _detail(request, template_id, edit=True)
    section = services.template_section_add(template=template, **payload.dict(exclude_none=True))
    return Status(201, section)


@router.get(SECTION, response={200: TemplateSectionOut, **ERRORS}, summary="One section")
def get_section(request, template_id: int, section_id: int):
    return _section(request, template_id, section_id)


@router.patch(
    SECTION,
    response={200: TemplateSectionOut, **ERRORS},
    summary="Change a section's heading, key or text, or move it",
)
def update_section(request, template_id: int, section_id: int, payload: TemplateSectionPatchIn):
    section = _section(request, template_id, section_id, edit=True)
    if_match(request, section)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    position = changes.pop("position", None)
    with transaction.atomic():
        services.template_section_update(section=section, **changes)
        if position is not None:
            services.template_section_move(section=section, position=position)
    section.refresh_from_db()
    return section


@router.delete(SECTION, response={204: None, **ERRORS}, summary="Remove a section from a template")
def delete_section(request, template_id: int, section_id: int):
    section = _section(request, template_id, section_id, edit=True)
    if_match(request, section)
    services.template_section_delete(section=section)
    return Status(204, None)
