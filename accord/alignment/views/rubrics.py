"""Rubric pages (A1): everyone signed in reads rubrics; platform administrators change them.

Rubrics belong to no partnership, so they are loaded through `queries.get_rubric_or_404` (the
rubrics' own visibility rule) rather than `get_visible_or_404`. Every write is a service.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.forms import AccordForm, AccordModelForm
from accord.core.paging import paginate
from accord.partnerships.forms import add_service_errors

from ..models import Criterion, Rubric
from ..queries import rubrics as queries
from ..services import rubrics as services

LIST = "alignment:rubric-list"


# --- Forms --------------------------------------------------------------------------------------
class RubricForm(AccordForm):
    name = Rubric._meta.get_field("name").formfield(label="Name")
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the rubric is for and how assessors should use it.",
    )


class RubricCreateForm(RubricForm):
    is_default = forms.BooleanField(
        label="Make this the default rubric",
        required=False,
        help_text="New assessments use the default rubric unless another one is chosen.",
    )


class RubricCopyForm(RubricForm):
    """The copy's name; the description starts as the original's."""


class CriterionForm(AccordModelForm):
    """A criterion's name, weight and what each score means. The service validates and saves."""

    class Meta:
        model = Criterion
        fields = list(services.CRITERION_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            **{f"level_{n}": forms.Textarea(attrs={"rows": 2}) for n in range(1, 6)},
        }
        help_texts = {"description": "What assessors should look at for this criterion."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, 6):
            self.fields[f"level_{n}"].label = f"Score {n}: what it means"
        weight = self.fields["weight"]
        weight.widget.attrs.update({"min": "0.01", "step": "0.01"})
        # The model's own validators run only in the service; check here too, so that a bad
        # weight shows beside the other errors of the same post.
        weight.validators.append(MinValueValidator(Decimal("0.01"), "The weight must be positive."))

    def _post_clean(self):
        # Only parse: the service runs full_clean on the record it saves.
        pass


# --- Pages --------------------------------------------------------------------------------------
@login_required
def rubric_list(request):
    include_archived = request.GET.get("archived") == "1"
    rubrics = queries.rubrics_for(request.user, include_archived=include_archived)
    context = {
        "page_obj": paginate(request, rubrics),
        "include_archived": include_archived,
        "can_edit": queries.can_edit_rubrics(request.user),
    }
    return render(request, "alignment/rubrics/list.html", context)


@login_required
def rubric_detail(request, pk):
    rubric = queries.get_rubric_or_404(request.user, pk)
    criteria = list(queries.criteria_of(rubric))
    total = sum(criterion.weight for criterion in criteria)
    for criterion in criteria:
        criterion.share = round(criterion.weight * 100 / total) if total else 0
    context = {
        "rubric": rubric,
        "criteria": criteria,
        "total_weight": total,
        "can_edit": queries.can_edit_rubrics(request.user),
        "locked": rubric.in_use or rubric.is_archived,
        "history": queries.rubric_history(rubric),
    }
    return render(request, "alignment/rubrics/detail.html", context)


def _form_page(request, form, *, title: str, submit: str, rubric=None, intro: str = ""):
    context = {"form": form, "title": title, "submit": submit, "rubric": rubric, "intro": intro}
    return render(request, "alignment/rubrics/form.html", context)


@login_required
def rubric_create(request):
    queries.require_rubric_editor(request.user)
    form = RubricCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rubric = services.rubric_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Rubric “{rubric}” created. Now add its criteria.")
            return redirect("alignment:rubric-detail", rubric.pk)
    return _form_page(request, form, title="New rubric", submit="Create rubric")


@login_required
def rubric_edit(request, pk):
    rubric = queries.get_rubric_or_404(request.user, pk, edit=True)
    initial = {"name": rubric.name, "description": rubric.description}
    form = RubricForm(request.POST or None, initial=initial, versioned=rubric)
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_update(rubric=rubric, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Rubric “{rubric}” saved.")
            return redirect("alignment:rubric-detail", rubric.pk)
    return _form_page(request, form, title=f"Edit {rubric}", submit="Save rubric", rubric=rubric)


@login_required
def rubric_copy(request, pk):
    rubric = queries.get_rubric_or_404(request.user, pk, edit=True)
    initial = {"name": f"Copy of {rubric.name}"[:200], "description": rubric.description}
    form = RubricCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.rubric_copy(rubric=rubric, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{copy}” created as a copy of “{rubric}”.")
            return redirect("alignment:rubric-detail", copy.pk)
    intro = (
        "The copy gets the same criteria, weights and level descriptions; change them there. "
        "Assessments that use the original keep it."
    )
    return _form_page(
        request, form, title=f"Copy {rubric}", submit="Copy rubric", rubric=rubric, intro=intro
    )


def _refused(request, rubric, error: ValidationError, prefix: str):
    for message in error.messages:
        messages.error(request, f"{prefix} {message}".strip())
    return redirect("alignment:rubric-detail", rubric.pk)


@login_required
@require_POST
def rubric_archive(request, pk):
    rubric = queries.get_rubric_or_404(request.user, pk, edit=True)
    try:
        services.rubric_archive(rubric=rubric)
    except ValidationError as error:
        return _refused(request, rubric, error, "The rubric was not archived.")
    messages.success(request, f"Rubric “{rubric}” archived. Assessments that use it keep it.")
    return redirect(LIST)


@login_required
@require_POST
def rubric_make_default(request, pk):
    rubric = queries.get_rubric_or_404(request.user, pk, edit=True)
    try:
        services.rubric_make_default(rubric=rubric)
    except ValidationError as error:
        return _refused(request, rubric, error, "The default did not change.")
    messages.success(request, f"“{rubric}” is now the default rubric.")
    return redirect("alignment:rubric-detail", rubric.pk)


def _locked_redirect(request, rubric):
    """Criteria of a used or archived rubric cannot change: say so and go back to it."""
    try:
        services.refuse_criteria_changes(rubric)
    except ValidationError as error:
        return _refused(request, rubric, error, "")
    return None


@login_required
def criterion_add(request, pk):
    rubric = queries.get_rubric_or_404(request.user, pk, edit=True)
    refused = _locked_redirect(request, rubric)
    if refused:
        return refused
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = services.criterion_add(rubric=rubric, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Criterion “{criterion}” added.")
            return redirect("alignment:rubric-detail", rubric.pk)
    return _form_page(request, form, title="Add a criterion", submit="Add criterion", rubric=rubric)


@login_required
def criterion_edit(request, pk, criterion_pk):
    criterion = queries.get_criterion_or_404(request.user, pk, criterion_pk, edit=True)
    rubric = criterion.rubric
    refused = _locked_redirect(request, rubric)
    if refused:
        return refused
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Criterion “{criterion}” saved.")
            return redirect("alignment:rubric-detail", rubric.pk)
    return _form_page(
        request, form, title=f"Edit criterion {criterion}", submit="Save criterion", rubric=rubric
    )


@login_required
@require_POST
def criterion_remove(request, pk, criterion_pk):
    criterion = queries.get_criterion_or_404(request.user, pk, criterion_pk, edit=True)
    try:
        services.criterion_delete(criterion=criterion)
    except ValidationError as error:
        return _refused(request, criterion.rubric, error, "The criterion was not removed.")
    messages.success(request, f"Criterion “{criterion}” removed.")
    return redirect("alignment:rubric-detail", pk)
