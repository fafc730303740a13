"""Assessment pages inside a partnership (A1): list, start, detail, assessors, scoring, decision.

Objects are loaded only through `get_visible_or_404`. Starting an assessment, managing its
assessors and deciding need MANAGE_MEMBERS (stewards). Scoring needs an active assessor
assignment of the signed-in person. A candidate-side assessor holds no role in the partnership:
`Assessment.objects.visible_to` lets them reach their assessment, and their pages show only the
partnership's title, purpose and hosts, the rubric and their own scores.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accord.core.access import Perm, get_visible_or_404, permissions_of, require
from accord.core.forms import AccordForm, add_service_errors
from accord.core.paging import paginate
from accord.core.pickers import SearchSelect, picker_response
from accord.directory.models import Organization, Person
from accord.partnerships.access import partnership_or_404

from ..models import Assessment, Assessor, Rubric
from ..queries import assessments as queries
from ..queries.rubrics import active_rubrics, default_rubric
from ..services import assessments as services


# --- Forms --------------------------------------------------------------------------------------
class AssessmentFilterForm(AccordForm):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Assessment.Status.choices]
    )
    decision = forms.ChoiceField(
        label="Decision",
        required=False,
        choices=[("", "Any decision"), *Assessment.Decision.choices],
    )


class AssessmentCreateForm(AccordForm):
    candidate = forms.ModelChoiceField(
        label="Candidate organization",
        queryset=Organization.objects.none(),
        widget=SearchSelect,
        help_text="Members, archived organizations and those with an open assessment are not "
        "listed.",
        error_messages={
            "invalid_choice": "Choose an organization that is not a member of this partnership "
            "and has no open assessment for it."
        },
    )
    rubric = forms.ModelChoiceField(
        label="Rubric",
        queryset=Rubric.objects.none(),
        required=False,
        empty_label="The default rubric",
        help_text="What the assessors score; the default rubric is chosen for you.",
    )

    def __init__(self, *args, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = queries.candidates_for(user, partnership)
        self.fields["rubric"].queryset = active_rubrics()


class AssessorAddForm(AccordForm):
    direction = forms.ChoiceField(label="Who assesses whom", choices=Assessor.Direction.choices)
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none())

    def __init__(self, *args, assessment, direction=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            direction = self.data.get("direction")
        if direction in Assessor.Direction.values:
            self.fields["direction"].initial = direction
            self.fields["direction"].widget = forms.HiddenInput()
            self.fields["person"].queryset = queries.people_who_may_assess(assessment, direction)
            if direction == Assessor.Direction.HOST:
                self.fields["person"].help_text = "People who hold a role in the partnership."
            else:
                self.fields["person"].help_text = f"People of {assessment.candidate}."
        else:
            either = [
                queries.people_who_may_assess(assessment, d).values("pk")
                for d in Assessor.Direction.values
            ]
            self.fields["person"].queryset = (
                Person.objects.filter(Q(pk__in=either[0]) | Q(pk__in=either[1]))
                .select_related("organization")
                .order_by("name", "pk")
            )
        self.fields["person"].label_from_instance = _person_label


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.organization})" if person.organization_id else person.name


class ScoreForm(AccordForm):
    """One score from 1 to 5 and a note for every criterion of the rubric."""

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = existing.get(criterion.pk)
            wrong = f"“{criterion.name}”: choose a score from 1 to 5."
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                coerce=int,
                choices=[(n, text) for n, text in criterion.levels],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=score.score if score else None,
                error_messages={"required": wrong, "invalid_choice": wrong},
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=f"Note on “{criterion.name}”",
                required=False,
                max_length=5000,
                initial=score.note if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="What your score rests on.",
            )

    def full_clean(self):
        super().full_clean()
        # Radio buttons take Bootstrap's check style, not the text-field style given to the rest.
        for name, field in self.fields.items():
            if name.startswith("score_"):
                invalid = " is-invalid" if self._errors and name in self._errors else ""
                field.widget.attrs["class"] = "form-check-input" + invalid

    def rows(self):
        """Each criterion with its score and note fields, for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"note_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def entries(self) -> list[services.ScoreEntry]:
        data = self.cleaned_data
        return [
            services.ScoreEntry(c.pk, data[f"score_{c.pk}"], data[f"note_{c.pk}"])
            for c in self.criteria
        ]


class DecisionForm(AccordForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("", "Choose a decision"), *Assessment.Decision.choices],
        help_text="Select makes the organization a partner member of the partnership at once.",
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why: the evidence and the discussion the decision rests on.",
        error_messages={"required": "Say why: a decision needs its rationale."},
    )


# --- Loading ------------------------------------------------------------------------------------
def _assessment(request, pk, assessment_pk, permission=None) -> Assessment:
    queryset = Assessment.objects.filter(partnership_id=pk).select_related(
        "partnership", "candidate", "rubric", "decided_by", "created_by"
    )
    return get_visible_or_404(request.user, queryset, permission, pk=assessment_pk)


def _refused(request, assessment, error: ValidationError, prefix: str):
    for message in error.messages:
        messages.error(request, f"{prefix} {message}")
    return redirect(assessment)


# --- Pages --------------------------------------------------------------------------------------
@login_required
def assessment_list(request, pk):
    partnership = partnership_or_404(request, pk)
    form = AssessmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page_obj = paginate(request, queries.assessments_of(partnership, **filters))
    page_obj.object_list = queries.with_weighted_scores(page_obj.object_list)
    context = {
        "partnership": partnership,
        "form": form,
        "filtered": any(filters.values()),
        "page_obj": page_obj,
        "can_start": Perm.MANAGE_MEMBERS in permissions_of(request.user, partnership),
    }
    template = "alignment/assessments/list.html"
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def assessment_create(request, pk):
    partnership = partnership_or_404(request, pk, Perm.MANAGE_MEMBERS)
    initial = {"rubric": default_rubric(), "candidate": request.GET.get("candidate")}
    form = AssessmentCreateForm(
        request.POST or None, initial=initial, user=request.user, partnership=partnership
    )
    if picked := picker_response(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                partnership=partnership, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Assessment of {assessment.candidate} started. Now add its assessors."
            )
            return redirect(assessment)
    context = {"partnership": partnership, "form": form}
    return render(request, "alignment/assessments/create.html", context)


@login_required
def assessment_detail(request, pk, assessment_pk):
    assessment = _assessment(request, pk, assessment_pk)
    partnership = assessment.partnership
    perms = permissions_of(request.user, partnership)
    me = queries.assessor_of(request.user, assessment)
    if Perm.VIEW not in perms:
        # A candidate-side assessor (or a former member still assigned): their own part only.
        context = _assessor_context(assessment, me)
        return render(request, "alignment/assessments/assessor_view.html", context)
    can_manage = Perm.MANAGE_MEMBERS in perms and assessment.status == Assessment.Status.OPEN
    results = queries.assessment_results(assessment)
    assessors = [*results.host.assessors, *results.candidate.assessors]
    context = {
        "assessment": assessment,
        "partnership": partnership,
        "results": results,
        "me": me,
        "my_scored": me is not None and any(a.pk == me.pk and a.scored for a in assessors),
        "can_manage": can_manage,
        "add_forms": _add_forms(assessment) if can_manage else [],
        "history": queries.assessment_history(assessment),
    }
    return render(request, "alignment/assessments/detail.html", context)


def _assessor_context(assessment, me) -> dict:
    scores = queries.scores_of(me) if me else {}
    criteria = list(assessment.rubric.criteria.order_by("position", "pk"))
    return {
        "assessment": assessment,
        "partnership": assessment.partnership,
        "hosts": queries.host_organizations(assessment.partnership),
        "me": me,
        "rows": [
            (criterion, score, criterion.level_description(score.score) if score else "")
            for criterion, score in ((c, scores.get(c.pk)) for c in criteria)
        ],
        "scored": len(scores),
    }


def _add_forms(assessment) -> list[tuple[str, AssessorAddForm]]:
    return [
        # Two forms on one page: their own ids, the same field names as the add page.
        (
            label,
            AssessorAddForm(
                assessment=assessment, direction=direction, auto_id=f"id_{direction}_%s"
            ),
        )
        for direction, label in Assessor.Direction.choices
    ]


@login_required
def assessor_add(request, pk, assessment_pk):
    assessment = _assessment(request, pk, assessment_pk, Perm.MANAGE_MEMBERS)
    direction = request.GET.get("direction")
    form = AssessorAddForm(request.POST or None, assessment=assessment, direction=direction)
    if request.method == "POST" and form.is_valid():
        try:
            assessor = services.assessor_add(assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{assessor.person} is now an assessor.")
            return redirect(assessment)
    context = {"assessment": assessment, "partnership": assessment.partnership, "form": form}
    return render(request, "alignment/assessments/assessor_add.html", context)


@login_required
@require_POST
def assessor_remove(request, pk, assessment_pk, assessor_pk):
    queryset = Assessor.objects.filter(
        assessment_id=assessment_pk, assessment__partnership_id=pk
    ).select_related("assessment__partnership", "person")
    assessor = get_visible_or_404(request.user, queryset, Perm.MANAGE_MEMBERS, pk=assessor_pk)
    try:
        services.assessor_archive(assessor=assessor)
    except ValidationError as error:
        return _refused(request, assessor.assessment, error, "The assessor was not removed.")
    messages.success(request, f"{assessor.person} is no longer an assessor.")
    return redirect(assessor.assessment)


@login_required
def assessment_score(request, pk, assessment_pk):
    assessment = _assessment(request, pk, assessment_pk)
    require(request.user, "alignment.assessment.score", assessment)
    me = queries.assessor_of(request.user, assessment)
    decided = assessment.status == Assessment.Status.DECIDED
    if request.method == "POST" and decided:
        messages.error(request, "Your scores were not saved: this assessment has been decided.")
        return redirect(assessment)
    criteria = list(assessment.rubric.criteria.order_by("position", "pk"))
    existing = queries.scores_of(me)
    form = ScoreForm(request.POST or None, criteria=criteria, existing=existing, versioned=me)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_score(assessment=assessment, assessor=me, scores=form.entries())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your scores are saved. You can change them until the assessment is decided.",
            )
            return redirect(assessment)
    full = Perm.VIEW in permissions_of(request.user, assessment.partnership)
    context = {
        "assessment": assessment,
        "partnership": assessment.partnership,
        "hosts": queries.host_organizations(assessment.partnership),
        "me": me,
        "form": form,
        "decided": decided,
        "full": full,
        "already_scored": bool(existing),
    }
    return render(request, "alignment/assessments/score.html", context)


@login_required
def assessment_decide(request, pk, assessment_pk):
    assessment = _assessment(request, pk, assessment_pk, Perm.MANAGE_MEMBERS)
    if assessment.status == Assessment.Status.DECIDED:
        messages.error(request, "This assessment has already been decided.")
        return redirect(assessment)
    form = DecisionForm(request.POST or None, versioned=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_decide(
                assessment=assessment, decided_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            decision = assessment.get_decision_display().lower()
            note = (
                f" {assessment.candidate} is now a partner member."
                if assessment.decision == Assessment.Decision.SELECT
                else ""
            )
            messages.success(request, f"Decision recorded: {decision}.{note}")
            return redirect(assessment)
    context = {
        "assessment": assessment,
        "partnership": assessment.partnership,
        "form": form,
        "results": queries.assessment_results(assessment),
        "no_scores_yet": None if queries.has_scores(assessment) else queries.NO_SCORES_YET,
    }
    return render(request, "alignment/assessments/decide.html", context)
