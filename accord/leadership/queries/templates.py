"""Reads of MOU templates (L5) shared by the pages and the API.

Templates belong to no partnership: everyone signed in reads them (a steward picks one for a
draft); only platform administrators change them. The reads every document kind shares (lists,
loading one, its sections) are in accord/core/documents.py.
"""

from django.db.models import QuerySet

from accord.alignment.queries.rubrics import related_history
from accord.core import documents
from accord.core.audit import HistoryEntry, history_for

from ..models import MouTemplate, MouTemplateSection
from ..mou_context import SAMPLE_CONTEXT, SectionTextError, render_text


def sections_of(template: MouTemplate) -> QuerySet[MouTemplateSection]:
    return template.ordered_parts()


def active_templates() -> QuerySet[MouTemplate]:
    """The templates a new draft may start from, the default first."""
    return documents.active(MouTemplate)


def default_template() -> MouTemplate | None:
    return documents.default_of(MouTemplate)


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
