"""Rubric pages (A1): everyone signed in reads rubrics; platform administrators change them.

Rubrics belong to no partnership: they are loaded through accord/core/documents.py, and the
pages every document kind shares are in accord/core/document_pages.py. Every write is a service.
"""

from decimal import Decimal
from functools import partial

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.validators import MinValueValidator
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accord.core import document_pages as pages
from accord.core import documents
from accord.core.document_pages import DocumentPages
from accord.core.forms import AccordForm, AccordModelForm

from ..models import Criterion, Rubric
from ..queries import rubrics as queries
from ..services import rubrics as services


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
PAGES = DocumentPages(
    model=Rubric,
    urls="alignment:rubric",
    part_urls="alignment:criterion",
    templates="alignment/rubrics",
    title="Alignment rubrics",
    noun="rubric",
    new_title="New rubric",
    part="criterion",
    archived="Assessments that use it keep it.",
)


def _rubric(request, pk) -> Rubric:
    return documents.document_or_404(request.user, Rubric, pk, edit=True)


def _criterion(request, pk, criterion_pk) -> Criterion:
    return documents.part_or_404(request.user, Rubric, pk, criterion_pk, edit=True)


@login_required
def rubric_list(request):
    return pages.list_page(request, PAGES)


@login_required
def rubric_detail(request, pk):
    rubric = documents.document_or_404(request.user, Rubric, pk)
    criteria = list(rubric.ordered_parts())
    total = sum(criterion.weight for criterion in criteria)
    for criterion in criteria:
        criterion.share = round(criterion.weight * 100 / total) if total else 0
    context = {
        "pages": PAGES,
        "document": rubric,
        "parts": criteria,
        "total_weight": total,
        "can_edit": documents.may_edit(request.user, Rubric),
        "locked": rubric.in_use or rubric.is_archived,
        "history": queries.rubric_history(rubric),
    }
    return render(request, "alignment/rubrics/detail.html", context)


@login_required
def rubric_create(request):
    documents.require_editor(request.user, Rubric)
    return pages.create_page(request, PAGES, RubricCreateForm, services.rubric_create)


@login_required
def rubric_edit(request, pk):
    rubric = _rubric(request, pk)
    update = partial(services.rubric_update, rubric=rubric)
    return pages.edit_page(request, PAGES, rubric, RubricForm, update)


@login_required
def rubric_copy(request, pk):
    rubric = _rubric(request, pk)
    intro = (
        "The copy gets the same criteria, weights and level descriptions; change them there. "
        "Assessments that use the original keep it."
    )
    copy = partial(services.rubric_copy, rubric=rubric)
    return pages.copy_page(request, PAGES, rubric, RubricCopyForm, copy, intro=intro)


@login_required
@require_POST
def rubric_archive(request, pk):
    rubric = _rubric(request, pk)
    archive = partial(services.rubric_archive, rubric=rubric)
    return pages.archive_action(request, PAGES, rubric, archive)


@login_required
@require_POST
def rubric_make_default(request, pk):
    rubric = _rubric(request, pk)
    make_default = partial(services.rubric_make_default, rubric=rubric)
    return pages.make_default_action(request, PAGES, rubric, make_default)


@login_required
def criterion_add(request, pk):
    rubric = _rubric(request, pk)
    form = CriterionForm(request.POST or None)
    add = partial(services.criterion_add, rubric=rubric)
    return pages.part_add_page(request, PAGES, rubric, form, add, services.refuse_criteria_changes)


@login_required
def criterion_edit(request, pk, criterion_pk):
    criterion = _criterion(request, pk, criterion_pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    update = partial(services.criterion_update, criterion=criterion)
    return pages.part_edit_page(
        request, PAGES, criterion.rubric, criterion, form, update, services.refuse_criteria_changes
    )


@login_required
@require_POST
def criterion_remove(request, pk, criterion_pk):
    criterion = _criterion(request, pk, criterion_pk)
    delete = partial(services.criterion_delete, criterion=criterion)
    return pages.part_remove_action(request, PAGES, criterion.rubric, criterion, delete)
