"""Measures set pages (M1, M2): the overview, a version with its indicators, comments and
endorsements, editing a draft and its indicators, comparing versions, and the dimensions.

Objects load only through `get_visible_or_404` (outsiders 404, members without the permission
403); every write goes through services.py. Every form is a plain post: no JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core import agreement_pages as pages
from accord.core.access import Perm, get_visible_or_404, permissions_of
from accord.core.forms import DiffForm, add_service_errors
from accord.core.paging import paginate
from accord.partnerships.access import partnership_or_404
from accord.partnerships.queries import memberships_of

from . import queries, services
from .forms import (
    CommentForm,
    DimensionForm,
    DimensionReviseForm,
    IndicatorForm,
    TextsForm,
    initial_of,
)
from .models import Dimension, Indicator, MeasuresVersion

Status = MeasuresVersion.Status
CHANGE = "measurement.measures.change"
COMMENT = "measurement.measures.comment"
ENDORSE = "measurement.measures.endorse"
KIND = pages.Kind(
    noun="measures set",
    endorse_action=ENDORSE,
    create=services.measures_version_create,
    move=services.measures_version_move,
    move_problems=services.move_problems,
    endorse=services.measures_endorse,
    agreed=lambda partnership: queries.agreement_for(partnership).agreed,
    started="Define its indicators, then open it for comment.",
)


def _version(request, pk, number, action=None) -> MeasuresVersion:
    versions = MeasuresVersion.objects.filter(partnership_id=pk).select_related(
        "partnership", "based_on", "created_by"
    )
    return get_visible_or_404(request.user, versions, action, number=number)


@login_required
def measures(request, pk):
    """Agreement status, the agreed indicators, the working version and every version."""
    partnership = partnership_or_404(request, pk)
    perms = permissions_of(request.user, partnership)
    agreement = queries.agreement_for(partnership)
    final = agreement.latest_final
    context = {
        "partnership": partnership,
        "perms": perms,
        "agreement": agreement,
        "page_obj": paginate(request, queries.versions_of(partnership)),
        "endorsing": pages.overview_endorsing(request, KIND, perms, agreement),
        "dimension_count": Dimension.objects.filter(partnership=partnership).count(),
    }
    if final is not None:
        final = queries.with_indicators(MeasuresVersion.objects.filter(pk=final.pk)).get()
        context["final_indicators"] = list(final.indicators.all())
    return render(request, "measurement/measures.html", context)


def _version_context(request, version, comment_form=None) -> dict:
    partnership = version.partnership
    perms = permissions_of(request.user, partnership)
    memberships = list(memberships_of(partnership))
    version = queries.with_indicators(MeasuresVersion.objects.filter(pk=version.pk)).get()
    version.partnership = partnership
    context = {
        "partnership": partnership,
        "version": version,
        "perms": perms,
        "indicators": list(version.indicators.all()),
        "history": queries.version_history(version),
        "comments_page": paginate(request, queries.comments_of(version), per_page=50),
        "can_comment": version.status == Status.OPEN
        and Perm.COMMENT in perms
        and not partnership.is_archived,
        "commenter": services.person_of(request.user),
        "no_person": services.NO_PERSON,
        "comment_form": comment_form or CommentForm(),
        "can_change": Perm.CHANGE in perms and not partnership.is_archived,
    }
    if context["can_change"]:
        context["moves"] = pages.moves(KIND, version)
    if version.is_final:
        newest = queries.latest_final_version(partnership)
        endorsements = list(queries.endorsements_of(version))
        context |= pages.final_context(
            request, KIND, perms, version, memberships, newest, endorsements
        )
    return context


@login_required
def version(request, pk, number):
    """A version's expectations, deliverables and indicators, comments, endorsements, history."""
    found = _version(request, pk, number)
    return render(request, "measurement/version.html", _version_context(request, found))


@login_required
def compare(request, pk):
    """Two versions side by side: expectations, deliverables and each indicator, word by word."""
    partnership = partnership_or_404(request, pk)
    numbers = sorted(
        MeasuresVersion.objects.filter(partnership=partnership).values_list("number", flat=True)
    )
    form = DiffForm(pages.compare_choice(request, numbers), numbers=numbers)
    context = {"partnership": partnership, "form": form, "has_versions": len(numbers) > 1}
    if form.is_bound and form.is_valid():
        wanted = [form.cleaned_data["a"], form.cleaned_data["b"]]
        versions = {
            v.number: v
            for v in queries.with_indicators(
                MeasuresVersion.objects.filter(partnership=partnership, number__in=wanted)
            )
        }
        old, new = versions[wanted[0]], versions[wanted[1]]
        context |= {"old": old, "new": new, "sections": queries.measures_diff(old, new)}
    return render(request, "measurement/compare.html", context)


@login_required
@require_POST
def version_create(request, pk):
    partnership = partnership_or_404(request, pk, CHANGE)
    overview = reverse("measurement:measures", args=[partnership.pk])
    created, refused = pages.create_version(request, KIND, partnership, overview)
    if refused:
        return refused
    return redirect(created)


def _refuse_unless_draft(request, found) -> bool:
    if found.status == Status.DRAFT and not found.partnership.is_archived:
        return False
    why = (
        "This partnership is archived; its measures set can no longer change."
        if found.partnership.is_archived
        else f"Version {found.number} is {found.get_status_display().lower()}: only a draft is "
        "edited."
    )
    messages.error(request, why)
    return True


@login_required
def version_edit(request, pk, number):
    """Edit a draft's expectations and deliverables."""
    found = _version(request, pk, number, CHANGE)
    if _refuse_unless_draft(request, found):
        return redirect(found)
    data = request.POST if request.method == "POST" else None
    initial = {"expectations": found.expectations, "deliverables": found.deliverables}
    form = TextsForm(data, initial=initial, versioned=found)
    if data is not None and form.is_valid():
        try:
            services.measures_version_update(version=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {found.number} saved.")
            return redirect(found)
    context = {"partnership": found.partnership, "version": found, "form": form}
    return render(request, "measurement/version_edit.html", context)


@login_required
@require_POST
def version_status(request, pk, number):
    found = _version(request, pk, number, CHANGE)
    return pages.move_version(request, KIND, found)


@login_required
@require_POST
def version_comment(request, pk, number):
    found = _version(request, pk, number, COMMENT)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.measures_comment_add(
                version=found,
                person=services.person_of(request.user),
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            if "body" in getattr(error, "error_dict", {}):
                add_service_errors(form, error)
            else:
                messages.error(request, "Your comment was not added. " + " ".join(error.messages))
                return redirect(found)
        else:
            messages.success(request, "Thank you: your comment was added.")
            return redirect(found.get_absolute_url() + "#comments")
    context = _version_context(request, found, comment_form=form)
    return render(request, "measurement/version.html", context, status=422)


@login_required
@require_POST
def version_endorse(request, pk, number):
    found = _version(request, pk, number, ENDORSE)
    return pages.endorse_version(request, KIND, found)


# --- Indicators ---------------------------------------------------------------------------------
def _indicator(request, pk, number, indicator_pk, action=None) -> Indicator:
    found = _version(request, pk, number)
    indicators = queries.indicator_of(found, indicator_pk)
    return get_visible_or_404(request.user, indicators, action, pk=indicator_pk)


def _indicator_form(found, data, indicator=None, initial=None):
    partnership = found.partnership
    return IndicatorForm(
        data,
        initial=initial if initial is not None else (initial_of(indicator) if indicator else {}),
        members=list(memberships_of(partnership)),
        core_values=queries.core_value_choices(partnership),
        dimensions=queries.dimension_choices(partnership),
        versioned=indicator or found,
    )


def _indicator_page(request, found, form, indicator=None, status=200):
    context = {
        "partnership": found.partnership,
        "version": found,
        "indicator": indicator,
        "form": form,
    }
    return render(request, "measurement/indicator_form.html", context, status=status)


def _propose(form) -> bool:
    """Fill the plausible range from the past values given; True when it did."""
    proposed = services.propose_plausible_range(form.cleaned_data.get("past_values") or [])
    if proposed is None:
        form.add_error("past_values", "Give at least two past values to propose a range.")
        return False
    data = form.data.copy()
    data["plausible_min"], data["plausible_max"] = (f"{v:f}" for v in proposed)
    form.data = data
    return True


def _save_indicator(request, found, form, save, indicator=None):
    """The indicator form posted: propose a range, or save through `save(values)`."""
    if not form.is_valid():
        return _indicator_page(request, found, form, indicator, status=422)
    if "propose" in request.POST:
        if _propose(form):
            messages.info(
                request, "A plausible range was proposed from the past values: check it and save."
            )
            fresh = _indicator_form(found, form.data, indicator)
            return _indicator_page(request, found, fresh, indicator)
        return _indicator_page(request, found, form, indicator, status=422)
    try:
        saved = save(form.values())
    except ValidationError as error:
        _service_errors(form, error)
        return _indicator_page(request, found, form, indicator, status=422)
    messages.success(request, f"Indicator “{saved.name}” saved.")
    return redirect(found)


def _service_errors(form, error) -> None:
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for key, texts in error.message_dict.items():
        head, _, rest = key.partition(".")
        if head == "targets" and rest:
            line = int(rest.split(".")[0]) + 1
            texts = [f"Target {line}: {text}" for text in texts]
        add_service_errors(form, ValidationError({head: texts}))


@login_required
def indicator_add(request, pk, number):
    found = _version(request, pk, number, CHANGE)
    if _refuse_unless_draft(request, found):
        return redirect(found)
    if request.method != "POST":
        return _indicator_page(request, found, _indicator_form(found, None))
    form = _indicator_form(found, request.POST)
    return _save_indicator(
        request, found, form, lambda values: services.indicator_add(version=found, values=values)
    )


@login_required
def indicator(request, pk, number, indicator_pk):
    found = _indicator(request, pk, number, indicator_pk)
    context = {
        "partnership": found.version.partnership,
        "version": found.version,
        "indicator": found,
        "can_change": Perm.CHANGE in permissions_of(request.user, found.version.partnership)
        and found.version.status == Status.DRAFT
        and not found.version.partnership.is_archived,
    }
    return render(request, "measurement/indicator.html", context)


@login_required
def indicator_edit(request, pk, number, indicator_pk):
    found = _indicator(request, pk, number, indicator_pk, CHANGE)
    version_ = found.version
    if _refuse_unless_draft(request, version_):
        return redirect(found)
    if request.method != "POST":
        return _indicator_page(request, version_, _indicator_form(version_, None, found), found)
    form = _indicator_form(version_, request.POST, found)
    return _save_indicator(
        request,
        version_,
        form,
        lambda values: services.indicator_update(indicator=found, values=values),
        found,
    )


@login_required
@require_POST
def indicator_remove(request, pk, number, indicator_pk):
    found = _indicator(request, pk, number, indicator_pk, CHANGE)
    try:
        services.indicator_remove(indicator=found)
    except ValidationError as error:
        messages.error(request, "The indicator was not removed. " + " ".join(error.messages))
        return redirect(found)
    messages.success(request, f"Indicator “{found.name}” removed from version {number}.")
    return redirect(found.version)


# --- Dimensions ---------------------------------------------------------------------------------
@login_required
def dimensions(request, pk):
    """The partnership's dimensions with their categories; stewards add one here."""
    partnership = partnership_or_404(request, pk)
    perms = permissions_of(request.user, partnership)
    form = None
    if Perm.CHANGE in perms and not partnership.is_archived:
        form = DimensionForm(request.POST if request.method == "POST" else None)
    elif request.method == "POST":
        partnership_or_404(request, pk, CHANGE)
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                created = services.dimension_create(partnership=partnership, **form.cleaned_data)
            except ValidationError as error:
                _category_errors(form, error)
            else:
                messages.success(request, f"Dimension “{created.name}” added.")
                return redirect(created)
        status = 422
    context = {
        "partnership": partnership,
        "perms": perms,
        "form": form,
        "dimensions": list(queries.dimensions_of(partnership)),
    }
    return render(request, "measurement/dimensions.html", context, status=status)


def _category_errors(form, error) -> None:
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for key, texts in error.message_dict.items():
        head, _, rest = key.partition(".")
        if head == "categories" and rest:
            texts = [f"Line {int(rest) + 1}: {text}" for text in texts]
        add_service_errors(form, ValidationError({head: texts}))


@login_required
def dimension(request, pk, dimension_pk):
    """A dimension's versions; a new list of categories makes a new version."""
    found = get_visible_or_404(
        request.user,
        queries.dimensions_of(pk).select_related("partnership"),
        None,
        pk=dimension_pk,
    )
    partnership = found.partnership
    perms = permissions_of(request.user, partnership)
    versions = list(found.versions.all())
    form, status = None, 200
    if Perm.CHANGE in perms and not partnership.is_archived:
        latest = versions[0] if versions else None
        initial = {"categories": "\n".join(c.label for c in latest.categories.all())}
        form = DimensionReviseForm(
            request.POST if request.method == "POST" else None, initial=initial, versioned=found
        )
    elif request.method == "POST":
        get_visible_or_404(request.user, Dimension.objects.all(), CHANGE, pk=dimension_pk)
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                made = services.dimension_revise(dimension=found, **form.cleaned_data)
            except ValidationError as error:
                _category_errors(form, error)
            else:
                messages.success(request, f"Version {made.number} of “{found.name}” saved.")
                return redirect(reverse("measurement:dimension", args=[pk, found.pk]))
        status = 422
    context = {"partnership": partnership, "dimension": found, "versions": versions, "form": form}
    return render(request, "measurement/dimension.html", context, status=status)
