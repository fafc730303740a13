"""MOU template pages (L5): everyone signed in reads templates; platform administrators change them.

Templates belong to no partnership, so they are loaded through `queries.get_template_or_404` (the
templates' own visibility rule) rather than `get_visible_or_404`. Every write is a service.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.forms import AccordForm
from accord.core.paging import paginate
from accord.partnerships.forms import add_service_errors

from ..models import MouTemplate
from ..queries import templates as queries
from ..services import templates as services

LIST = "leadership:mou-template-list"
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
@login_required
def template_list(request):
    include_archived = request.GET.get("archived") == "1"
    templates = queries.templates_for(request.user, include_archived=include_archived)
    context = {
        "page_obj": paginate(request, templates),
        "include_archived": include_archived,
        "can_edit": queries.can_edit_templates(request.user),
    }
    return render(request, "leadership/templates/list.html", context)


@login_required
def template_detail(request, pk):
    template = queries.get_template_or_404(request.user, pk)
    sections = list(queries.sections_of(template))
    for section in sections:
        section.preview = queries.sample_preview(section)
    context = {
        "template": template,
        "sections": sections,
        "can_edit": queries.can_edit_templates(request.user),
        "history": queries.template_history(template),
    }
    return render(request, "leadership/templates/detail.html", context)


def _form_page(request, form, *, title: str, submit: str, template=None, intro: str = ""):
    context = {"form": form, "title": title, "submit": submit, "template": template, "intro": intro}
    return render(request, "leadership/templates/form.html", context)


@login_required
def template_create(request):
    queries.require_template_editor(request.user)
    form = TemplateCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.mou_template_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Template “{template}” created. Now add its sections.")
            return redirect(DETAIL, template.pk)
    return _form_page(request, form, title="New MOU template", submit="Create template")


@login_required
def template_edit(request, pk):
    template = queries.get_template_or_404(request.user, pk, edit=True)
    initial = {"name": template.name, "description": template.description}
    form = TemplateForm(request.POST or None, initial=initial, versioned=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.mou_template_update(template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Template “{template}” saved.")
            return redirect(DETAIL, template.pk)
    return _form_page(
        request, form, title=f"Edit {template}", submit="Save template", template=template
    )


@login_required
def template_copy(request, pk):
    template = queries.get_template_or_404(request.user, pk, edit=True)
    initial = {"name": f"Copy of {template.name}"[:200], "description": template.description}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.mou_template_copy(template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{copy}” created as a copy of “{template}”.")
            return redirect(DETAIL, copy.pk)
    intro = "The copy gets the same sections and text; change them there."
    return _form_page(
        request,
        form,
        title=f"Copy {template}",
        submit="Copy template",
        template=template,
        intro=intro,
    )


def _refused(request, template, error: ValidationError, prefix: str):
    for message in error.messages:
        messages.error(request, f"{prefix} {message}".strip())
    return redirect(DETAIL, template.pk)


@login_required
@require_POST
def template_archive(request, pk):
    template = queries.get_template_or_404(request.user, pk, edit=True)
    try:
        services.mou_template_archive(template=template)
    except ValidationError as error:
        return _refused(request, template, error, "The template was not archived.")
    messages.success(
        request, f"Template “{template}” archived. MOUs drafted from it keep their text."
    )
    return redirect(LIST)


@login_required
@require_POST
def template_make_default(request, pk):
    template = queries.get_template_or_404(request.user, pk, edit=True)
    try:
        services.mou_template_make_default(template=template)
    except ValidationError as error:
        return _refused(request, template, error, "The default did not change.")
    messages.success(request, f"“{template}” is now the default template.")
    return redirect(DETAIL, template.pk)


def _archived_redirect(request, template):
    try:
        services.refuse_section_changes(template)
    except ValidationError as error:
        return _refused(request, template, error, "")
    return None


@login_required
def section_add(request, pk):
    template = queries.get_template_or_404(request.user, pk, edit=True)
    refused = _archived_redirect(request, template)
    if refused:
        return refused
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.template_section_add(template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Section “{section}” added.")
            return redirect(DETAIL, template.pk)
    return _form_page(request, form, title="Add a section", submit="Add section", template=template)


@login_required
def section_edit(request, pk, section_pk):
    section = queries.get_section_or_404(request.user, pk, section_pk, edit=True)
    template = section.template
    refused = _archived_redirect(request, template)
    if refused:
        return refused
    initial = {"heading": section.heading, "body": section.body}
    form = SectionForm(request.POST or None, initial=initial, versioned=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_section_update(section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Section “{section}” saved.")
            return redirect(DETAIL, template.pk)
    return _form_page(
        request, form, title=f"Edit section {section}", submit="Save section", template=template
    )


@login_required
@require_POST
def section_remove(request, pk, section_pk):
    section = queries.get_section_or_404(request.user, pk, section_pk, edit=True)
    try:
        services.template_section_delete(section=section)
    except ValidationError as error:
        return _refused(request, section.template, error, "The section was not removed.")
    messages.success(request, f"Section “{section}” removed.")
    return redirect(DETAIL, pk)


@login_required
@require_POST
def section_move(request, pk, section_pk):
    """Move a section one place up or down (`direction`), as a plain form post."""
    section = queries.get_section_or_404(request.user, pk, section_pk, edit=True)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "The section was not moved: choose up or down.")
        return redirect(DETAIL, pk)
    ordered = list(queries.sections_of(section.template).values_list("pk", flat=True))
    target = ordered.index(section.pk) + (0 if direction == "up" else 2)
    try:
        services.template_section_move(section=section, position=target)
    except ValidationError as error:
        return _refused(request, section.template, error, "The section was not moved.")
    messages.success(request, f"Section “{section}” moved {direction}.")
    return redirect(reverse(DETAIL, args=[pk]) + f"#section-{section.pk}")
