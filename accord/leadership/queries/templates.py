"""Reads of MOU templates (L5) shared by the pages and the API.

Templates belong to no partnership: everyone signed in reads them (a steward picks one for a
draft); only platform administrators change them.
"""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from accord.alignment.queries.rubrics import related_history
from accord.core.access import can, require
from accord.core.audit import HistoryEntry, history_for

from ..models import Mou, MouTemplate, MouTemplateSection
from ..mou_context import SAMPLE_CONTEXT, SectionTextError, render_text

MANAGE = "leadership.template.manage"


def can_edit_templates(user) -> bool:
    return can(user, MANAGE)


def require_template_editor(user) -> None:
    require(user, MANAGE)


def templates_for(user, *, include_archived: bool = False) -> QuerySet[MouTemplate]:
    """Templates with their number of sections and whether an MOU was drafted from them."""
    templates = MouTemplate.objects.visible_to(user)
    if not include_archived:
        templates = templates.filter(archived_at__isnull=True)
    return templates.annotate(
        sections_count=Count("sections"),
        in_use=Exists(Mou.objects.filter(template=OuterRef("pk"))),
    ).order_by("-is_default", "name", "pk")


def get_template_or_404(user, pk, *, edit: bool = False) -> MouTemplate:
    """One template the user may read (else 404); with `edit`, 403 unless they may change it."""
    try:
        template = templates_for(user, include_archived=True).get(pk=pk)
    except (MouTemplate.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    if edit:
        require_template_editor(user)
    return template


def get_section_or_404(user, template_pk, pk, *, edit: bool = False) -> MouTemplateSection:
    """One section of one template the user may read; with `edit`, 403 unless they may change it."""
    queryset = MouTemplateSection.objects.filter(
        template__in=MouTemplate.objects.visible_to(user), template_id=template_pk
    ).select_related("template")
    try:
        section = queryset.get(pk=pk)
    except (MouTemplateSection.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    if edit:
        require_template_editor(user)
    return section


def sections_of(template: MouTemplate) -> QuerySet[MouTemplateSection]:
    return template.sections.order_by("position", "pk")


def active_templates() -> QuerySet[MouTemplate]:
    """The templates a new draft may start from, the default first."""
    return MouTemplate.objects.active().order_by("-is_default", "name", "pk")


def default_template() -> MouTemplate | None:
    return MouTemplate.objects.active().filter(is_default=True).first()


def sample_preview(section: MouTemplateSection) -> str:
    """The section's text filled in with the sample data, as an administrator checks it."""
    try:
        return render_text(section.body, SAMPLE_CONTEXT)
    except SectionTextError as error:
        return f"(This text has an error: {error})"


def template_history(template: MouTemplate, limit: int = 50) -> list[HistoryEntry]:
    """The template's own changes and those of its sections, removed ones included, newest first."""
    own = history_for(template, limit=limit)
    sections = related_history(
        MouTemplateSection.history.filter(template_id=template.pk).select_related("history_user"),
        model=MouTemplateSection,
        describe=lambda row: f"section “{row.heading}”",
        skip=("updated_at", "created_at"),
    )
    merged = sorted([*own, *sections], key=lambda entry: entry.when, reverse=True)
    return merged[:limit]
