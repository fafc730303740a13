"""Charter pages (A2, A3): the overview, a version with its comments and endorsements, editing.

Objects are loaded only through `get_visible_or_404` (outsiders 404, members without the
permission 403); every write goes through services/charter.py. Every form works as a plain post;
with HTMX the comment form swaps in the discussion and text fields show live figures.
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
from accord.core.models import StaleRevision
from accord.core.paging import paginate
from accord.partnerships.access import partnership_or_404
from accord.partnerships.queries import memberships_of

from ..models import CharterVersion
from ..queries import charter as queries
from ..readability import text_stats
from ..services import charter as services
from ..services.charter import MAX_VALUES
from .charter_forms import (
    NEW_VALUE_ROWS,
    BenefitsForm,
    CommentForm,
    TextStatsForm,
    ValueFormSet,
    VisionForm,
    stats_id,
)

Status = CharterVersion.Status
KIND = pages.Kind(
    noun="charter",
    endorse_action="alignment.charter.endorse",
    create=services.charter_version_create,
    move=services.charter_version_move,
    move_problems=services.move_problems,
    endorse=services.charter_endorse,
    agreed=lambda partnership: queries.agreement_for(partnership).agreed,
)


def _version(request, pk, number, permission=None) -> CharterVersion:
    versions = CharterVersion.objects.filter(partnership_id=pk).select_related(
        "partnership", "based_on", "created_by"
    )
    return get_visible_or_404(request.user, versions, permission, number=number)


@login_required
def charter_overview(request, pk):
    """Agreement status, the latest final version, the working version and every version."""
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
    }
    if final is not None:
        context["final_values"] = list(final.values.all())
        context["final_benefits"] = list(final.benefits.select_related("organization"))
        context["final_stats"] = queries.version_stats(final)
    return render(request, "alignment/charter/overview.html", context)


def _version_context(request, version, comment_form=None) -> dict:
    partnership = version.partnership
    perms = permissions_of(request.user, partnership)
    memberships = list(memberships_of(partnership))
    values = list(version.values.all())
    benefits = list(version.benefits.select_related("organization"))
    context = {
        "partnership": partnership,
        "version": version,
        "perms": perms,
        "values": values,
        "benefits": benefits,
        "stats": text_stats(queries.whole_text(version)),
        "history": queries.charter_history(version),
    }
    if Perm.CHANGE in perms and not partnership.is_archived:
        context["moves"] = pages.moves(KIND, version)
    context |= _discussion_context(request, version, memberships, comment_form)
    if version.is_final:
        newest = queries.latest_final_version(partnership)
        endorsements = list(queries.endorsements_of(version))
        context |= pages.final_context(
            request, KIND, perms, version, memberships, newest, endorsements
        )
    return context


def _discussion_context(request, version, memberships, comment_form=None) -> dict:
    perms = permissions_of(request.user, version.partnership)
    context = {
        "comments_page": paginate(request, queries.comments_of(version), per_page=50),
        "participation": queries.participation_of(version, memberships),
        "can_comment": version.status == Status.OPEN
        and Perm.COMMENT in perms
        and not version.partnership.is_archived,
        "commenter": services.person_of(request.user),
        "no_person": services.NO_PERSON,
    }
    context["comment_form"] = comment_form or CommentForm()
    return context


@login_required
def charter_version(request, pk, number):
    """A version's text, its comments and participation summary, endorsements and history."""
    version = _version(request, pk, number)
    return render(request, "alignment/charter/version.html", _version_context(request, version))


@login_required
def charter_compare(request, pk):
    """Two versions side by side: the vision, each value and each member's benefits, word by
    word (A3), with the MOU's diff helper."""
    partnership = partnership_or_404(request, pk)
    versions = {v.number: v for v in queries.versions_of(partnership)}
    numbers = sorted(versions)
    # Without a choice, the two newest versions are compared.
    form = DiffForm(pages.compare_choice(request, numbers), numbers=numbers)
    context = {"partnership": partnership, "form": form, "has_versions": len(numbers) > 1}
    if form.is_bound and form.is_valid():
        old, new = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        context |= {"old": old, "new": new, "sections": queries.charter_diff(old, new)}
    return render(request, "alignment/charter/compare.html", context)


@login_required
@require_POST
def charter_version_create(request, pk):
    partnership = partnership_or_404(request, pk, Perm.CHANGE)
    overview = reverse("alignment:charter", args=[partnership.pk])
    version, refused = pages.create_version(request, KIND, partnership, overview)
    if refused:
        return refused
    return redirect("alignment:charter-edit", pk=partnership.pk, number=version.number)


def _service_errors_to_forms(error, vision_form, formset, kept, benefits_form) -> list[str]:
    """Show a service's errors on the fields they name; return those no field can hold."""
    if isinstance(error, StaleRevision):
        vision_form.add_error(None, error)  # the version's own form says what changed
        return []
    leftover = []
    for key, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else []:
        parts = key.split(".")
        if parts[0] == "vision":
            add_service_errors(vision_form, ValidationError({"vision": messages_}))
        elif parts[0] == "values" and len(parts) == 3 and int(parts[1]) < len(kept):
            add_service_errors(kept[int(parts[1])], ValidationError({parts[2]: messages_}))
        elif parts[0] == "benefits" and len(parts) == 2:
            add_service_errors(benefits_form, ValidationError({f"benefit_{parts[1]}": messages_}))
        else:
            leftover += messages_
    if not hasattr(error, "error_dict"):
        leftover += error.messages
    return leftover


def _moved(forms_, move: str) -> list:
    """Apply a "move up/down" button (value "<form index>:up") to the kept value forms."""
    index, _, direction = move.partition(":")
    positions = [form.prefix for form in forms_]
    target = f"values-{index}"
    if target not in positions or direction not in ("up", "down"):
        return forms_
    at = positions.index(target)
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(forms_):
        forms_[at], forms_[other] = forms_[other], forms_[at]
    return forms_


@login_required
def charter_edit(request, pk, number):
    """Edit a draft: vision, values (add, change, remove, reorder) and each member's benefits."""
    version = _version(request, pk, number, Perm.CHANGE)
    partnership = version.partnership
    if version.status != Status.DRAFT or partnership.is_archived:
        why = (
            "This partnership is archived; its charter can no longer change."
            if partnership.is_archived
            else f"Version {version.number} is {version.get_status_display().lower()}: only a "
            "draft is edited."
        )
        messages.error(request, why)
        return redirect(version)
    memberships = list(memberships_of(partnership))
    values = list(version.values.all())
    benefits = {b.organization_id: b.benefits for b in version.benefits.all()}
    data = request.POST if request.method == "POST" else None
    more = data is not None and "more" in data
    if more:  # more empty rows for new values: nothing is saved yet
        data = data.copy()
        total = _count(data.get("values-TOTAL_FORMS"))
        data["values-TOTAL_FORMS"] = str(min(total + NEW_VALUE_ROWS, MAX_VALUES))
    kwargs = {"partnership_id": partnership.pk}
    vision_form = VisionForm(data, initial={"vision": version.vision}, versioned=version, **kwargs)
    formset = ValueFormSet(
        data,
        prefix="values",
        initial=[{"value_id": v.pk, "name": v.name, "meaning": v.meaning} for v in values],
        form_kwargs=kwargs,
    )
    benefits_form = BenefitsForm(
        data,
        initial={f"benefit_{org_id}": text for org_id, text in benefits.items()},
        memberships=memberships,
        **kwargs,
    )
    problems = []
    if (
        data is not None
        and not more
        and all(f.is_valid() for f in (vision_form, formset, benefits_form))
    ):
        kept = _moved(formset.kept_forms(), request.POST.get("move", ""))
        try:
            services.charter_version_update(
                version=version,
                vision=vision_form.cleaned_data["vision"],
                values=[
                    {
                        "id": form.cleaned_data.get("value_id"),
                        "name": form.cleaned_data["name"],
                        "meaning": form.cleaned_data["meaning"],
                    }
                    for form in kept
                ],
                benefits=benefits_form.texts(),
            )
        except ValidationError as error:
            problems = _service_errors_to_forms(error, vision_form, formset, kept, benefits_form)
        else:
            messages.success(request, f"Version {version.number} saved.")
            edit_url = reverse("alignment:charter-edit", args=[partnership.pk, version.number])
            return redirect(edit_url + ("#values" if "move" in request.POST else ""))
    return render(
        request,
        "alignment/charter/edit.html",
        {
            "partnership": partnership,
            "version": version,
            "vision_form": vision_form,
            "formset": formset,
            "benefits_form": benefits_form,
            "problems": problems,
            "vision": _with_stats(vision_form["vision"]),
            "value_rows": [(form, _with_stats(form["meaning"])) for form in formset],
            "benefit_rows": [_with_stats(benefits_form[name]) for name in benefits_form.fields],
            "stats": text_stats(queries.whole_text(version)),
            "more": more,
            "can_add_rows": formset.total_form_count() < MAX_VALUES,
        },
    )


def _count(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _with_stats(bound_field) -> dict:
    value = bound_field.value() or ""
    return {"field": bound_field, "stats": text_stats(str(value)), "id": stats_id(bound_field)}


@login_required
@require_POST
def charter_text_stats(request, pk):
    """The live figures of one text field while it is edited (an HTMX partial)."""
    partnership_or_404(request, pk, Perm.CHANGE)
    form = TextStatsForm(request.POST)
    text = form.text(request.POST) if form.is_valid() else ""
    return render(request, "alignment/charter/_text_stats.html", {"stats": text_stats(text)})


@login_required
@require_POST
def charter_status(request, pk, number):
    version = _version(request, pk, number, Perm.CHANGE)
    return pages.move_version(request, KIND, version)


@login_required
@require_POST
def charter_comment(request, pk, number):
    """Add a comment (A2); with HTMX the discussion section is swapped in place."""
    version = _version(request, pk, number, "alignment.charter.comment")
    person = services.person_of(request.user)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.charter_comment_add(
                version=version, person=person, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            if "body" in getattr(error, "error_dict", {}):
                add_service_errors(form, error)
            else:
                return _comment_refused(request, version, " ".join(error.messages))
        else:
            if request.htmx:
                memberships = list(memberships_of(version.partnership))
                context = {"version": version, "partnership": version.partnership}
                context |= _discussion_context(request, version, memberships)
                context["posted"] = True
                return render(request, "alignment/charter/version.html#discussion", context)
            messages.success(request, "Thank you: your comment was added.")
            return redirect(version.get_absolute_url() + "#comments")
    context = _version_context(request, version, comment_form=form)
    template = "alignment/charter/version.html"
    return render(request, template + ("#discussion" if request.htmx else ""), context)


def _comment_refused(request, version, problem: str):
    """A comment the version does not take (not open): say why, where the person is looking."""
    if request.htmx:
        memberships = list(memberships_of(version.partnership))
        context = {"version": version, "partnership": version.partnership}
        context |= _discussion_context(request, version, memberships)
        context["comment_problem"] = problem
        return render(request, "alignment/charter/version.html#discussion", context)
    messages.error(request, f"Your comment was not added. {problem}")
    return redirect(version)


@login_required
@require_POST
def charter_endorse(request, pk, number):
    """Endorse a final version for one's own organization (A3)."""
    version = _version(request, pk, number, "alignment.charter.endorse")
    return pages.endorse_version(request, KIND, version)
