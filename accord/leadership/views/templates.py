"""MOU template pages (L5): everyone signed in reads templates; platform administrators change them.

Templates belong to no partnership: they are loaded through accord/core/documents.py, and the
pages every document kind shares are in accord/core/document_pages.py. Every write is a service.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core import document_pages as pages
from accord.core import documents
from accord.core.document_pages import DocumentPages
from accord.core.forms import AccordForm

from ..models import MouTemplate, MouTemplateSection
from ..queries import templates as queries
from ..services import templates as services

DETAIL = "leadership:mou-template-detail"


# --- Forms --------------------------------------------------------------------------------------
class TemplateForm(AccordForm):
    name = MouTemplate._meta.get_field("name").formfield(label="Name")
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What kind of partnership the template suits.",
    )


class TemplateCreateForm(TemplateForm):
    is_default = forms.BooleanField(
        label="Make this the default template",
        required=False,
        help_text="New MOU drafts start from the default template unless another is chosen.",
    )


class SectionForm(AccordForm):
    heading = forms.CharField(label="Heading", max_length=200)
    body = forms.CharField(
        label="Text",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
        help_text=(
            "Plain text; a blank line starts a new paragraph, and lines starting with “- ” become "
            "a list. The partnership's data fills in where you write, for example, "
            "{{ partnership.title }}, {% for party in parties %}{{ party.name }}{% endfor %}, "
            "{{ term.effective_on }}, {{ charter.vision }}."
        ),
    )


# --- Pages --------------------------------------------------------------------------------------
PAGES = DocumentPages(
    model=MouTemplate,
    urls="leadership:mou-template",
    part_urls="leadership:mou-template-section",
    templates="leadership/templates",
    title="MOU templates",
    noun="template",
    new_title="New MOU template",
    part="section",
    archived="MOUs drafted from it keep their text.",
)


def _template(request, pk) -> MouTemplate:
    return documents.document_or_404(request.user, MouTemplate, pk, edit=True)


def _section(request, pk, section_pk) -> MouTemplateSection:
    return documents.part_or_404(request.user, MouTemplate, pk, section_pk, edit=True)


@login_required
def template_list(request):
    return pages.list_page(request, PAGES)


@login_required
def template_detail(request, pk):
    template = documents.document_or_404(request.user, MouTemplate, pk)
    sections = list(template.ordered_parts())
    for section in sections:
        section.preview = queries.sample_preview(section)
    context = {
        "pages": PAGES,
        "document": template,
        "parts": sections,
        "can_edit": documents.may_edit(request.user, MouTemplate),
        "locked": template.is_archived,
        "history": queries.template_history(template),
    }
    return render(request, "leadership/templates/detail.html", context)


@login_required
def template_create(request):
    documents.require_editor(request.user, MouTemplate)
    return pages.create_page(request, PAGES, TemplateCreateForm, services.mou_template_create)


@login_required
def template_edit(request, pk):
    template = _template(request, pk)
    update = partial(services.mou_template_update, template=template)
    return pages.edit_page(request, PAGES, template, TemplateForm, update)


@login_required
def template_copy(request, pk):
    template = _template(request, pk)
    intro = "The copy gets the same sections and text; change them there."
    copy = partial(services.mou_template_copy, template=template)
    return pages.copy_page(request, PAGES, template, TemplateForm, copy, intro=intro)


@login_required
@require_POST
def template_archive(request, pk):
    template = _template(request, pk)
    archive = partial(services.mou_template_archive, template=template)
    return pages.archive_action(request, PAGES, template, archive)


@login_required
@require_POST
def template_make_default(request, pk):
    template = _template(request, pk)
    make_default = partial(services.mou_template_make_default, template=template)
    return pages.make_default_action(request, PAGES, template, make_default)


@login_required
def section_add(request, pk):
    template = _template(request, pk)
    form = SectionForm(request.POST or None)
    add = partial(services.template_section_add, template=template)
    return pages.part_add_page(request, PAGES, template, form, add, services.refuse_section_changes)


@login_required
def section_edit(request, pk, section_pk):
    section = _section(request, pk, section_pk)
    initial = {"heading": section.heading, "body": section.body}
    form = SectionForm(request.POST or None, initial=initial, versioned=section)
    update = partial(services.template_section_update, section=section)
    return pages.part_edit_page(
        request, PAGES, section.template, section, form, update, services.refuse_section_changes
    )


@login_required
@require_POST
def section_remove(request, pk, section_pk):
    section = _section(request, pk, section_pk)
    delete = partial(services.template_section_delete, section=section)
    return pages.part_remove_action(request, PAGES, section.template, section, delete)


@login_required
@require_POST
def section_move(request, pk, section_pk):
    """Move a section one place up or down (`direction`), as a plain form post."""
    section = _section(request, pk, section_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "The section was not moved: choose up or down.")
        return redirect(DETAIL, pk)
    ordered = list(queries.sections_of(section.template).values_list("pk", flat=True))
    target = ordered.index(section.pk) + (0 if direction == "up" else 2)
    try:
        services.template_section_move(section=section, position=target)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"The section was not moved. {message}")
        return redirect(DETAIL, pk)
    messages.success(request, f"Section “{section}” moved {direction}.")
    return redirect(reverse(DETAIL, args=[pk]) + f"#section-{section.pk}")
