"""Leaders' learning and commitments pages (L1-L3): the record with its summary, logging,
editing and each item's page with its history.

Objects are loaded only through the access path (`partnership_or_404`, `queries.record_or_404`:
outsiders 404, members without the permission 403); every write goes through
services/commitments.py. Learning and commitments share their create and edit pages. Everything
works as plain form posts and links; with HTMX the filters swap the summary and lists in place.
"""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accord.core.access import can, permissions_of
from accord.core.forms import AccordForm, style_widgets, submitted
from accord.partnerships.access import partnership_or_404
from accord.partnerships.forms import DateInput

from ..models import Commitment, LearningActivity
from ..queries import commitments as queries
from ..services import commitments as services


# --- Forms --------------------------------------------------------------------------------------
class RecordFilterForm(AccordForm):
    organization = forms.TypedChoiceField(label="Organization", required=False, coerce=int)
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = queries.organizations_for_filter(partnership)
        people = queries.people_for_filter(partnership)
        self.fields["organization"].choices = [("", "Every organization")] + [
            (o.pk, o.name) for o in organizations
        ]
        self.fields["person"].choices = [("", "Everyone")] + [
            (p.pk, f"{p.name} ({p.organization})" if p.organization_id else p.name) for p in people
        ]
        self.fields["year"].choices = [("", "Every year")] + [
            (y, str(y)) for y in queries.years_for_filter(partnership)
        ]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "organization_id": data.get("organization") or None,
            "person_id": data.get("person") or None,
            "year": data.get("year") or None,
        }


def _person_field(partnership) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label="Whose record",
        queryset=services.people_taking_part(partnership),
        help_text="Someone who holds a role in this partnership. The record counts for their "
        "organization.",
        error_messages={"invalid_choice": "Choose someone who holds a role in this partnership."},
    )
    field.label_from_instance = lambda p: (
        f"{p.name} ({p.organization})" if p.organization_id else p.name
    )
    return field


class RecordForm(AccordForm):
    """A learning activity's or commitment's form; a steward also chooses whose record it is."""

    def __init__(self, *args, partnership=None, choose_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_person:
            self.fields["person"] = _person_field(partnership)
            self.order_fields(["person"])
            style_widgets(self)


class LearningForm(RecordForm):
    title = forms.CharField(label="Title", max_length=200)
    provider = forms.CharField(
        label="Provider",
        required=False,
        max_length=200,
        help_text="Who offered it: an organization, a trainer, an author.",
    )
    completed_on = forms.DateField(label="Date", widget=DateInput)
    hours = forms.DecimalField(
        label="Hours",
        max_digits=6,
        decimal_places=2,
        help_text="How long it took that day, e.g. 1.5; at most 24. Log a course over several "
        "days day by day.",
        error_messages={"invalid": "Enter the hours as a number, e.g. 1.5."},
    )
    topics = forms.CharField(
        label="Topics",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One topic per line, up to {services.MAX_TOPICS}, e.g. inclusive mentoring.",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you took from it, or what you will do differently.",
    )


class CommitmentForm(RecordForm):
    kind = forms.ChoiceField(label="Kind", choices=Commitment.Kind.choices)
    description = forms.CharField(
        label="What you commit",
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: two hours a month mentoring students of a partner campus.",
    )
    amount = forms.DecimalField(
        label="Amount (optional)",
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "Enter the amount as a number, e.g. 15000."},
    )
    unit = forms.CharField(
        label="Unit",
        required=False,
        max_length=40,
        help_text="What the amount counts: hours a month, US dollars, FTE…",
    )
    starts_on = forms.DateField(label="From", widget=DateInput)
    ends_on = forms.DateField(
        label="Until (optional)",
        required=False,
        widget=DateInput,
        help_text="Leave empty for an open-ended commitment.",
    )
    status = forms.ChoiceField(label="Status", choices=Commitment.Status.choices)


class StatusForm(AccordForm):
    status = forms.ChoiceField(label="Status", choices=Commitment.Status.choices)


CREATE = "leadership.record.create"


# --- Loading ------------------------------------------------------------------------------------
def _item(request, model, pk, item_pk, action=None):
    return queries.record_or_404(request.user, model, pk, item_pk, action)


def _logging_person(request, partnership):
    """Who the create forms log for: chosen by a steward, else the signed-in person."""
    return can(request.user, queries.LOG_FOR_OTHERS, partnership), services.person_of(request.user)


def _page(request, queryset, param: str):
    """One page of a list whose page number is `param` (two lists share this page)."""
    page = Paginator(queryset, settings.ACCORD_PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    base = query.urlencode()
    page.link = lambda number: f"?{base + '&' if base else ''}{param}={number}"
    page.prev_link = page.link(page.previous_page_number()) if page.has_previous() else ""
    page.next_link = page.link(page.next_page_number()) if page.has_next() else ""
    return page


def item_url(item) -> str:
    name = "learning-detail" if isinstance(item, LearningActivity) else "commitment-detail"
    return reverse(f"leadership:{name}", args=[item.partnership_id, item.pk])


# --- Pages --------------------------------------------------------------------------------------
@login_required
def commitments_overview(request, pk):
    """The summary per organization and for the partnership, then learning and commitments."""
    partnership = partnership_or_404(request, pk)
    perms = permissions_of(request.user, partnership)
    form = RecordFilterForm(request.GET or None, partnership=partnership)
    filters = form.filters()
    me = services.person_of(request.user)
    summary = queries.summary_of(
        partnership,
        year=filters["year"],
        viewer_organization_id=me.organization_id if me else None,
    )
    context = {
        "partnership": partnership,
        "perms": perms,
        "form": form,
        "filtered": any(filters.values()),
        "summary": summary,
        "learning_page": _page(request, queries.learning_of(partnership, **filters), "lp"),
        "commitment_page": _page(request, queries.commitments_of(partnership, **filters), "cp"),
        "can_log": not partnership.is_archived and can(request.user, CREATE, partnership),
    }
    template = "leadership/commitments/overview.html"
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form_page(request, partnership, form, template, **extra):
    context = {"partnership": partnership, "form": form, **extra}
    return render(request, f"leadership/commitments/{template}", context)


def _refuse_archived(request, partnership):
    if partnership.is_archived:
        messages.error(request, services.ARCHIVED)
        return redirect("leadership:commitments", pk=partnership.pk)
    return None


def _create_page(request, pk, form_class, log, template: str, done, initial=None):
    """Log a record for oneself, or as a steward for anyone taking part; `done(record)` says so."""
    partnership = partnership_or_404(request, pk, CREATE)
    if refused := _refuse_archived(request, partnership):
        return refused
    choose, me = _logging_person(request, partnership)
    form = form_class(
        request.POST or None,
        partnership=partnership,
        choose_person=choose,
        initial={"person": me.pk if me else None, **(initial or {})},
    )

    def save(person=me, **data):
        return log(partnership=partnership, person=person, **data)

    if record := submitted(request, form, save):
        messages.success(request, done(record))
        return redirect(item_url(record))
    return _form_page(request, partnership, form, template, me=me, choose=choose)


def _edit_page(request, record, form, update, template: str, done, **extra):
    """Change a record (its own person or a steward); `done(record)` says it was saved."""
    if refused := _refuse_archived(request, record.partnership):
        return refused
    if submitted(request, form, update):
        messages.success(request, done(record))
        return redirect(item_url(record))
    return _form_page(request, record.partnership, form, template, **extra)


@login_required
def learning_create(request, pk):
    """Log a learning activity (L1, L2): for oneself, or by a steward for someone taking part."""
    return _create_page(
        request,
        pk,
        LearningForm,
        services.learning_log,
        "learning_form.html",
        lambda activity: f"Learning activity “{activity.title}” logged.",
    )


@login_required
def learning_detail(request, pk, item_pk):
    activity = _item(request, LearningActivity, pk, item_pk)
    context = {
        "partnership": activity.partnership,
        "activity": activity,
        "can_change": can(request.user, queries.CHANGE, activity)
        and not activity.partnership.is_archived,
        "history": queries.learning_history(activity),
    }
    return render(request, "leadership/commitments/learning_detail.html", context)


@login_required
def learning_edit(request, pk, item_pk):
    activity = _item(request, LearningActivity, pk, item_pk, queries.CHANGE)
    initial = {name: getattr(activity, name) for name in services.LEARNING_FIELDS}
    initial["topics"] = "\n".join(activity.topics or [])
    form = LearningForm(request.POST or None, initial=initial, versioned=activity)
    update = partial(services.learning_update, activity=activity)
    return _edit_page(
        request,
        activity,
        form,
        update,
        "learning_form.html",
        lambda activity: f"Learning activity “{activity.title}” saved.",
        activity=activity,
    )


@login_required
def commitment_create(request, pk):
    """Record a commitment of time, effort or resources to the shared vision (L3)."""
    return _create_page(
        request,
        pk,
        CommitmentForm,
        services.commitment_create,
        "commitment_form.html",
        lambda commitment: "Commitment recorded.",
        initial={"status": Commitment.Status.PLANNED},
    )


@login_required
def commitment_detail(request, pk, item_pk):
    commitment = _item(request, Commitment, pk, item_pk)
    can_change = (
        can(request.user, queries.CHANGE, commitment) and not commitment.partnership.is_archived
    )
    context = {
        "partnership": commitment.partnership,
        "commitment": commitment,
        "can_change": can_change,
        "status_form": (
            StatusForm(initial={"status": commitment.status}, versioned=commitment)
            if can_change
            else None
        ),
        "history": queries.commitment_history(commitment),
    }
    return render(request, "leadership/commitments/commitment_detail.html", context)


@login_required
def commitment_edit(request, pk, item_pk):
    commitment = _item(request, Commitment, pk, item_pk, queries.CHANGE)
    initial = {name: getattr(commitment, name) for name in services.COMMITMENT_FIELDS}
    form = CommitmentForm(request.POST or None, initial=initial, versioned=commitment)
    update = partial(services.commitment_update, commitment=commitment)
    return _edit_page(
        request,
        commitment,
        form,
        update,
        "commitment_form.html",
        lambda commitment: "Commitment saved.",
        commitment=commitment,
    )


@login_required
@require_POST
def commitment_status(request, pk, item_pk):
    """Record how a commitment stands (a small form on its page; works without JavaScript)."""
    commitment = _item(request, Commitment, pk, item_pk, queries.CHANGE)
    form = StatusForm(request.POST, versioned=commitment)
    if not form.is_valid():
        why = form.non_field_errors() or ["choose planned, in progress, kept or not kept."]
        messages.error(request, "The status was not changed: " + " ".join(why))
        return redirect(item_url(commitment))
    try:
        services.commitment_set_status(commitment=commitment, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, "The status was not changed. " + " ".join(error.messages))
    else:
        messages.success(request, f"Status changed to {commitment.get_status_display().lower()}.")
    return redirect(item_url(commitment))
