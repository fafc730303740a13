"""Partnership pages: list, detail, create and edit, lifecycle moves, members and roles.

Every object is loaded through `get_visible_or_404` (outsiders 404, members without the
permission 403); every write goes through a service in services.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accord.core.access import Perm, can, get_visible_or_404, permissions_of, require
from accord.core.audit import history_of
from accord.core.forms import add_service_errors
from accord.core.paging import paginate
from accord.core.pickers import picker_response
from accord.core.rules import remember_roles

from . import queries, services
from .access import partnership_or_404
from .cards import cards_for
from .forms import (
    MembershipAddForm,
    MembershipForm,
    PartnershipCreateForm,
    PartnershipFilterForm,
    PartnershipForm,
    RoleAddForm,
    TransitionForm,
)
from .lifecycle import allowed_next_stages, unmet_requirements
from .models import Membership, Partnership, PartnershipRole, Stage
from .timeline import timeline_of

CREATE = "partnerships.partnership.create"


def _still_visible(request, partnership: Partnership) -> bool:
    # Asked afresh: the user may just have removed their own role.
    return Partnership.objects.visible_to(request.user).filter(pk=partnership.pk).exists()


@login_required
def partnership_list(request):
    form = PartnershipFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    organization = filters.get("organization")
    partnerships = queries.partnerships_for(
        request.user,
        q=filters.get("q", ""),
        stage=filters.get("stage", ""),
        scope=filters.get("scope", ""),
        organization_id=organization.pk if organization else None,
        organization_name=filters.get("organization_name", ""),
        include_archived=filters.get("include_archived", False),
        member_count=False,  # counted with the names of the members shown
    )
    page_obj = paginate(request, partnerships)
    page_obj.object_list = queries.with_current_members(page_obj.object_list)
    context = {
        "form": form,
        "organization": organization,
        "page_obj": page_obj,
        "filtered": any(filters.values()),
        "can_create": can(request.user, CREATE),
    }
    template = "partnerships/list.html"
    # Live search swaps in the results only; a history restore needs the whole page.
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def partnership_detail(request, pk):
    partnership = partnership_or_404(request, pk)
    # The roles table holds the user's own roles: the permissions are read from it.
    roles = queries.roles_by_rank(partnership)
    held = queries.roles_held_by(request.user, roles)
    remember_roles(request.user, partnership, held)
    # Plain, unchangeable data: the page's {% pure %} parts are keyed by it.
    perms = frozenset(permissions_of(request.user, partnership))
    allowed = allowed_next_stages(partnership) if not partnership.is_archived else ()
    # One query for the members table, the missing directors and working together.
    memberships = queries.page_memberships(partnership, request.user, held)
    context = {
        "partnership": partnership,
        "perms": perms,
        "memberships": memberships,
        "without_director": queries.members_without_director_of(memberships),
        "roles": tuple(roles),
        "timeline": tuple(timeline_of(partnership, request.user)),
        "transition_form": TransitionForm(allowed=allowed, versioned=partnership),
        # What the next stages still require, each with a link to where it is done.
        "unmet": unmet_requirements(partnership) if "transition" in perms else [],
        "working_together": queries.working_together(
            partnership, request.user, memberships=memberships
        ),
        # Summaries the pillar apps add (cards.py): resources pledged and delivered (M5).
        "cards": cards_for(partnership, request.user),
    }
    return render(request, "partnerships/detail.html", context)


@login_required
def partnership_history(request, pk):
    """Every change to the partnership and what belongs to it. The overview loads it on demand
    (htmx, when the section scrolls into view) and links here for browsers without JavaScript."""
    partnership = partnership_or_404(request, pk)
    context = {"partnership": partnership, "history": history_of(partnership, request.user)}
    template = "partnerships/history.html"
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        template += "#entries"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def partnership_create(request):
    require(request.user, CREATE)
    form = PartnershipCreateForm(request.POST or None, user=request.user)
    if picked := picker_response(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        steward = data["steward"] or _own_person(request.user)
        try:
            partnership = services.partnership_create(
                title=data["title"],
                purpose=data["purpose"],
                scope=data["scope"],
                host=data["host"],
                partners=data["partners"],
                steward=steward,
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Partnership “{partnership}” created.")
            return redirect(partnership)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "title": "New partnership", "submit": "Create partnership"},
    )


def _own_person(user):
    person = getattr(user, "person", None)
    return person if person is not None and not person.is_archived else None


@login_required
def partnership_edit(request, pk):
    partnership = partnership_or_404(request, pk, Perm.CHANGE)
    initial = {"title": partnership.title, "purpose": partnership.purpose}
    initial["scope"] = partnership.scope
    form = PartnershipForm(request.POST or None, initial=initial, versioned=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Partnership saved.")
            return redirect(partnership)
    return render(
        request,
        "partnerships/form.html",
        {
            "form": form,
            "partnership": partnership,
            "title": f"Edit {partnership}",
            "submit": "Save changes",
        },
    )


@login_required
@require_POST
def partnership_archive(request, pk):
    partnership = partnership_or_404(request, pk, Perm.ARCHIVE)
    services.partnership_archive(partnership=partnership)
    messages.success(request, f"Partnership “{partnership}” archived.")
    return redirect("partnerships:list")


@login_required
@require_POST
def partnership_transition(request, pk):
    partnership = partnership_or_404(request, pk, Perm.TRANSITION)
    form = TransitionForm(request.POST, versioned=partnership)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"The stage was not changed: {error}")
        return redirect(partnership)
    to_stage = form.cleaned_data["to_stage"]
    try:
        services.partnership_transition(
            partnership=partnership,
            to_stage=to_stage,
            changed_by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"The stage was not changed. {message}")
    else:
        messages.success(request, f"The partnership is now {Stage(to_stage).label.lower()}.")
    return redirect(partnership)


@login_required
def member_add(request, pk):
    partnership = partnership_or_404(request, pk, Perm.MANAGE_MEMBERS)
    form = MembershipAddForm(request.POST or None, user=request.user, partnership=partnership)
    if picked := picker_response(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.organization} added as a member.")
            return redirect(partnership)
    return render(
        request,
        "partnerships/form.html",
        {
            "form": form,
            "partnership": partnership,
            "title": "Add a member organization",
            "submit": "Add member",
        },
    )


def _membership(request, pk, membership_pk) -> Membership:
    queryset = Membership.objects.filter(partnership_id=pk).select_related(
        "partnership", "organization"
    )
    return get_visible_or_404(request.user, queryset, Perm.MANAGE_MEMBERS, pk=membership_pk)


@login_required
def member_edit(request, pk, membership_pk):
    membership = _membership(request, pk, membership_pk)
    partnership = membership.partnership
    initial = {
        "kind": membership.kind,
        "joined_on": membership.joined_on,
        "left_on": membership.left_on,
    }
    form = MembershipForm(request.POST or None, initial=initial, versioned=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Membership of {membership.organization} saved.")
            return redirect(partnership)
    return render(
        request,
        "partnerships/form.html",
        {
            "form": form,
            "partnership": partnership,
            "title": f"Membership of {membership.organization}",
            "submit": "Save membership",
        },
    )


@login_required
@require_POST
def member_remove(request, pk, membership_pk):
    membership = _membership(request, pk, membership_pk)
    services.membership_archive(membership=membership)
    messages.success(request, f"{membership.organization} removed from the partnership.")
    return redirect(membership.partnership)


@login_required
def role_add(request, pk):
    partnership = partnership_or_404(request, pk, Perm.MANAGE_ROLES)
    form = RoleAddForm(request.POST or None, user=request.user)
    if picked := picker_response(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.role_assign(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{assignment.person} is now {assignment.get_role_display().lower()}."
            )
            return redirect(partnership)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "partnership": partnership, "title": "Give a role", "submit": "Give role"},
    )


@login_required
@require_POST
def role_remove(request, pk, role_pk):
    queryset = PartnershipRole.objects.filter(partnership_id=pk).select_related(
        "partnership", "person"
    )
    assignment = get_visible_or_404(request.user, queryset, Perm.MANAGE_ROLES, pk=role_pk)
    services.role_archive(assignment=assignment)
    messages.success(
        request,
        f"{assignment.person} is no longer {assignment.get_role_display().lower()}.",
    )
    if not _still_visible(request, assignment.partnership):
        return redirect("partnerships:list")
    return redirect(assignment.partnership)
