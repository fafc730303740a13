"""Project directors pages (L6): each member's director or the flagged gap, handovers, history.

Objects are loaded only through `get_visible_or_404` (outsiders 404, members without the
permission 403); every write goes through services/directors.py. Every form is a plain post.
Nominating is for a steward or the organization's own project director; the nomination page is
the nominee's alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.access import Perm, can, get_visible_or_404, permissions_of
from accord.core.audit import history_for
from accord.core.forms import add_service_errors
from accord.core.paging import paginate
from accord.partnerships.access import partnership_or_404
from accord.partnerships.models import Membership

from ..models import ProjectDirectorHandover
from ..queries import directors as queries
from ..services import directors as services
from .directors_forms import HandoverForm, NameForm

Status = ProjectDirectorHandover.Status


NOMINATE = "leadership.handover.nominate"


def _member(request, pk, organization_id, permission=None) -> Membership:
    """A current member organization of the partnership (404 for any other organization)."""
    memberships = (
        Membership.objects.current()
        .filter(partnership_id=pk)
        .select_related("partnership", "organization")
    )
    return get_visible_or_404(
        request.user, memberships, permission, organization_id=organization_id
    )


def _handovers(pk):
    return ProjectDirectorHandover.objects.filter(partnership_id=pk).select_related(
        "partnership",
        "organization",
        "incoming__organization",
        "incoming__user",
        "outgoing__person",
        "nominated_by",
    )


def _handover(request, pk, handover_pk, action=None) -> ProjectDirectorHandover:
    """A handover the user sees: the partnership's members, and the nominee while it waits."""
    return get_visible_or_404(request.user, _handovers(pk), action, pk=handover_pk)


@login_required
def directors(request, pk):
    """Each current member with its project director or the "no project director" flag."""
    partnership = partnership_or_404(request, pk)
    perms = permissions_of(request.user, partnership)
    open_for_change = not partnership.is_archived
    manages = Perm.MANAGE_ROLES in perms and open_for_change
    # The policy's own lists, one query each, rather than one check per row.
    nominable = set(
        partnership.memberships.allowing(request.user, NOMINATE).values_list(
            "organization_id", flat=True
        )
    )
    rows = queries.as_rows(queries.member_directors(partnership))
    for row in rows:
        row.may_nominate = open_for_change and row.organization.pk in nominable
        row.may_name = manages and row.director is None and row.pending is None
    pending = [row.pending for row in rows if row.pending]
    cancellable = set(
        ProjectDirectorHandover.objects.filter(pk__in=[h.pk for h in pending])
        .allowing(request.user, "leadership.handover.cancel")
        .values_list("pk", flat=True)
    )
    for handover in pending:
        handover.is_mine = handover.incoming.user_id == request.user.pk
        handover.may_cancel = open_for_change and handover.pk in cancellable
    context = {
        "partnership": partnership,
        "perms": perms,
        "rows": rows,
        "flagged": [row for row in rows if row.flagged],
        "pending": pending,
        "page_obj": paginate(request, queries.decided_handovers(partnership)),
        "former": queries.former_directors(partnership),
        "former_shown": queries.FORMER_DIRECTORS_SHOWN,
    }
    return render(request, "leadership/directors/overview.html", context)


def _form_page(request, template, membership, form, **extra):
    context = {
        "partnership": membership.partnership,
        "organization": membership.organization,
        "row": queries.member_row(membership.partnership, membership.organization),
        "form": form,
        **extra,
    }
    return render(request, template, context)


@login_required
def director_name(request, pk, organization_id):
    """Name the first project director of a member organization that has none (steward)."""
    membership = _member(request, pk, organization_id, "leadership.director.name")
    partnership, organization = membership.partnership, membership.organization
    offered = list(queries.people_of(organization))
    form = NameForm(request.POST or None, user=request.user, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.director_name(
                partnership=partnership,
                organization=organization,
                person=form.cleaned_data["person"],
                named_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{role.person} is now the project director of {organization}."
            )
            return redirect("leadership:directors", pk=partnership.pk)
    return _form_page(request, "leadership/directors/name.html", membership, form, offered=offered)


@login_required
def handover_create(request, pk, organization_id):
    """Nominate the next project director (a steward, or the organization's own director)."""
    membership = _member(request, pk, organization_id, NOMINATE)
    partnership, organization = membership.partnership, membership.organization
    current = queries.current_director(partnership, organization)
    offered = [
        person
        for person in queries.nominees_for(organization)
        if current is None or person.pk != current.person_id
    ]
    form = HandoverForm(request.POST or None, user=request.user, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_nominate(
                partnership=partnership,
                organization=organization,
                incoming=form.cleaned_data["incoming"],
                note=form.cleaned_data["note"],
                nominated_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{handover.incoming} is nominated as project director of {organization}. "
                "They have been told, and accept or decline on their own page.",
            )
            return redirect("leadership:directors", pk=partnership.pk)
    listed = {person.pk for person in offered} | {current.person_id if current else None}
    without_account = [
        person for person in queries.people_of(organization) if person.pk not in listed
    ]
    return _form_page(
        request,
        "leadership/directors/handover_form.html",
        membership,
        form,
        offered=offered,
        without_account=without_account,
    )


@login_required
def handover_detail(request, pk, handover_pk):
    """A nomination: what the role is, who nominated whom; the nominee accepts or declines."""
    handover = _handover(request, pk, handover_pk)
    partnership = handover.partnership
    context = {
        "partnership": partnership,
        # A nominee new to the partnership sees this page before anything else of it.
        "can_view": can(request.user, Perm.VIEW, partnership),
        "handover": handover,
        "is_mine": handover.incoming.user_id == request.user.pk,
        "current": queries.current_director(partnership, handover.organization),
        "open": can(request.user, "leadership.handover.answer", handover)
        and not partnership.is_archived,
        "history": history_for(handover),
    }
    return render(request, "leadership/directors/handover.html", context)


def _answer(request, pk, handover_pk, service, done: str):
    handover = _handover(request, pk, handover_pk)
    try:
        handover = service(handover=handover, user=request.user)
    except ValidationError as error:
        messages.error(request, "Nothing was changed. " + " ".join(error.messages))
        return redirect("leadership:director-handover", pk=pk, handover_pk=handover.pk)
    messages.success(request, done.format(organization=handover.organization))
    if can(request.user, Perm.VIEW, handover.partnership):
        return redirect("leadership:directors", pk=pk)
    # One who declined without a role here no longer sees anything of the partnership.
    return redirect("core:home")


@login_required
@require_POST
def handover_accept(request, pk, handover_pk):
    return _answer(
        request,
        pk,
        handover_pk,
        services.handover_accept,
        "You are now the project director of {organization}.",
    )


@login_required
@require_POST
def handover_decline(request, pk, handover_pk):
    return _answer(
        request,
        pk,
        handover_pk,
        services.handover_decline,
        "You declined. Whoever nominated you has been told.",
    )


@login_required
@require_POST
def handover_cancel(request, pk, handover_pk):
    """A steward, or whoever nominated, withdraws a waiting nomination."""
    handover = _handover(request, pk, handover_pk, "leadership.handover.cancel")
    try:
        services.handover_cancel(handover=handover, user=request.user)
    except ValidationError as error:
        messages.error(request, "Nothing was changed. " + " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The nomination of {handover.incoming} for {handover.organization} was withdrawn.",
        )
    return redirect("leadership:directors", pk=pk)
