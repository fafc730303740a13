"""The MOU template API (L5): templates and their sections, under /api/v1/mou-templates.

Everyone signed in reads templates; only platform administrators change them (403 for everyone
else). A section's text is checked when it is saved: a syntax error is refused with 422 naming
the section.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.api_versions import IF_MATCH_DOC, if_match
from accord.core.schemas import ErrorOut

from ..queries import templates as queries
from ..schemas.templates import (
    MouTemplateCopyIn,
    MouTemplateCreateIn,
    MouTemplateDetailOut,
    MouTemplateFilters,
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


def _detail(request, template_id: int):
    return queries.get_template_or_404(request.user, template_id)


@router.get(BASE, response={200: list[MouTemplateOut], **READ_ERRORS}, summary="List MOU templates")
@paginate
def list_templates(request, filters: Query[MouTemplateFilters]):
    return queries.templates_for(request.user, include_archived=filters.include_archived)


@router.post(
    BASE,
    response={201: MouTemplateDetailOut, **ERRORS},
    summary="Create a template, with its sections if given (all or nothing)",
)
def create_template(request, payload: MouTemplateCreateIn):
    queries.require_template_editor(request.user)
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
    template = queries.get_template_or_404(request.user, template_id, edit=True)
    if_match(request, template)
    changes = payload.dict(exclude_unset=True)
    if changes.get("is_default") is False and template.is_default:
        raise ValidationError(
            {"is_default": "Make another template the default instead; there is always one."}
        )
    make_default = changes.pop("is_default", None)
    changes = {field: value for field, value in changes.items() if value is not None}
    with transaction.atomic():
        services.mou_template_update(template=template, **changes)
        if make_default:
            services.mou_template_make_default(template=template)
    return _detail(request, template.pk)


@router.post(
    ONE + "/archive",
    openapi_extra=IF_MATCH_DOC,
    response={200: MouTemplateDetailOut, **ERRORS},
    summary="Archive a template (MOUs drafted from it keep their text)",
)
def archive_template(request, template_id: int):
    template = queries.get_template_or_404(request.user, template_id, edit=True)
    if_match(request, template)
    services.mou_template_archive(template=template)
    return _detail(request, template.pk)


@router.post(
    ONE + "/copy",
    response={201: MouTemplateDetailOut, **ERRORS},
    summary="Copy a template with its sections under a new name",
)
def copy_template(request, template_id: int, payload: MouTemplateCopyIn):
    template = queries.get_template_or_404(request.user, template_id, edit=True)
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
    return queries.sections_of(_detail(request, template_id))


@router.post(
    ONE + "/sections",
    response={201: TemplateSectionOut, **ERRORS},
    summary="Add a section at the end of a template",
)
def add_section(request, template_id: int, payload: TemplateSectionIn):
    template = queries.get_template_or_404(request.user, template_id, edit=True)
    section = services.template_section_add(template=template, **payload.dict(exclude_none=True))
    return Status(201, section)


@router.get(SECTION, response={200: TemplateSectionOut, **ERRORS}, summary="One section")
def get_section(request, template_id: int, section_id: int):
    return queries.get_section_or_404(request.user, template_id, section_id)


@router.patch(
    SECTION,
    response={200: TemplateSectionOut, **ERRORS},
    summary="Change a section's heading, key or text, or move it",
)
def update_section(request, template_id: int, section_id: int, payload: TemplateSectionPatchIn):
    section = queries.get_section_or_404(request.user, template_id, section_id, edit=True)
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
    section = queries.get_section_or_404(request.user, template_id, section_id, edit=True)
    if_match(request, section)
    services.template_section_delete(section=section)
    return Status(204, None)
