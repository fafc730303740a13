"""Writes to MOU templates and their sections (L5); platform administrators make them.

A section's text is Django template syntax over plain data (see mou_context.py). It is checked on
save by rendering it against a sample context, so a syntax error is refused with a message that
names the section. Drafts copy a template's text when they are made, so editing a template never
changes an MOU already drafted; it changes what the next draft or re-generation produces.
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import slugify

from accord.core import documents
from accord.core.services import archive_unless_default, make_default, save_validated
from accord.core.versioning import lock

from ..models import MouTemplate, MouTemplateSection
from ..mou_context import check_text

SECTION_FIELDS = ("key", "heading", "body")


def _locked(template: MouTemplate) -> MouTemplate:
    return lock(template)


def refuse_section_changes(template: MouTemplate) -> None:
    """Raise when the template's sections may no longer change (it is archived)."""
    if template.is_archived:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"“{template}” is archived; its sections can no longer change. "
                "Copy it to make a changed template."
            }
        )


def check_section(heading: str, body: str) -> None:
    """Refuse section text that does not render, naming the section."""
    problem = check_text(body)
    if problem:
        name = heading or "this section"
        raise ValidationError({"body": f"The text of the section “{name}” has an error: {problem}"})


@transaction.atomic
def mou_template_create(
    *,
    name: str,
    description: str = "",
    is_default: bool = False,
    sections: Iterable[dict] = (),
) -> MouTemplate:
    """A new template, with its sections if given (all or nothing)."""
    template = documents.document_create(
        MouTemplate, name=name, description=description, parts=sections, save_part=_section_save
    )
    if is_default:
        mou_template_make_default(template=template)
    return template


@transaction.atomic
def mou_template_update(*, template: MouTemplate, **changes) -> MouTemplate:
    """Rename a template or change its description."""
    return documents.document_update(template, changes)


@transaction.atomic
def mou_template_make_default(*, template: MouTemplate) -> MouTemplate:
    """Make `template` the one new MOU drafts start from unless another is chosen."""
    return make_default(template, noun="template")


@transaction.atomic
def mou_template_archive(*, template: MouTemplate) -> MouTemplate:
    """Archive a template: new drafts can no longer start from it; MOUs drafted from it keep
    their text."""
    return archive_unless_default(template, noun="template")


@transaction.atomic
def mou_template_copy(
    *, template: MouTemplate, name: str, description: str | None = None
) -> MouTemplate:
    """A new template with the same sections: the way to change an archived one."""
    return documents.document_copy(
        template, name=name, description=description, fields=SECTION_FIELDS
    )


def _unique_key(template: MouTemplate, heading: str, exclude_pk: int | None = None) -> str:
    base = slugify(heading)[:44] or "section"
    taken = set(
        template.sections.exclude(pk=exclude_pk).values_list("key", flat=True)
        if template.pk
        else []
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _section_save(section: MouTemplateSection, values: dict) -> MouTemplateSection:
    documents.assign(section, values, SECTION_FIELDS)
    section.body = (section.body or "").replace("\r\n", "\n")  # browsers post CRLF
    if not section.key:
        section.key = _unique_key(section.template, section.heading, section.pk)
    check_section(section.heading, section.body)
    return save_validated(section)


@transaction.atomic
def template_section_add(*, template: MouTemplate, **values) -> MouTemplateSection:
    """Add a section at the end of a template; its key comes from the heading unless given."""
    refuse_section_changes(_locked(template))
    return documents.part_append(template, values, _section_save)


@transaction.atomic
def template_section_update(*, section: MouTemplateSection, **values) -> MouTemplateSection:
    """Change a section's heading, key or text (the text is checked before it is saved)."""
    refuse_section_changes(_locked(section.template))
    return documents.part_update(section, values, _section_save)


@transaction.atomic
def template_section_delete(*, section: MouTemplateSection) -> None:
    """Remove a section (its history keeps the record of it)."""
    refuse_section_changes(_locked(section.template))
    section.delete()


@transaction.atomic
def template_section_move(*, section: MouTemplateSection, position: int) -> MouTemplateSection:
    """Move a section to `position` (1 is first) and number the others after it."""
    template = _locked(section.template)
    refuse_section_changes(template)
    sections = [s for s in template.ordered_parts() if s.pk != section.pk]
    position = max(1, min(position, len(sections) + 1))
    sections.insert(position - 1, section)
    for number, item in enumerate(sections, start=1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position", "updated_at"])
    return section
