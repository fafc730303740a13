"""Invitation pages: the administrators' list (invite, send a request, cancel), a steward's
request, and the page where the invited person opens their account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.access import get_visible_or_404, require
from accord.core.forms import add_service_errors

from . import queries, services
from .forms import AcceptForm, InviteForm, RequestForm
from .models import Invitation


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request):
    require(request.user, "invitations.invitation.send")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_by_email(form.cleaned_data["email"])
            services.invitation_send(person=person, sent_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The invitation is on its way to {person.email}.")
            return redirect("invitations:list")
    context = {
        "form": form,
        "open": list(queries.open_invitations(request.user)),
        "closed": queries.closed_invitations(request.user),
    }
    return render(request, "invitations/list.html", context, status=400 if form.errors else 200)


def _invitation(request, pk) -> Invitation:
    return get_visible_or_404(
        request.user,
        Invitation.objects.select_related("person"),
        "invitations.invitation.send",
        pk=pk,
    )


@login_required
@require_POST
def invitation_send(request, pk):
    invitation = _invitation(request, pk)
    try:
        services.invitation_send(person=invitation.person, sent_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation is on its way to {invitation.person.email}.")
    return redirect("invitations:list")


@login_required
@require_POST
def invitation_cancel(request, pk):
    invitation = _invitation(request, pk)
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation of {invitation.person.name} is cancelled.")
    return redirect("invitations:list")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_request(request):
    """A steward asks for an invitation; it waits on the administrators' home page."""
    require(request.user, "invitations.invitation.ask")
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_by_email(form.cleaned_data["email"])
            services.invitation_request(
                person=person, requested_by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error("email", str(denied))
        else:
            messages.success(
                request, f"Your request to invite {person.name} waits for an administrator."
            )
            return redirect("core:home")
    status = 400 if form.errors else 200
    return render(request, "invitations/request.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """Open the account the invitation offers: choose a user name and a password, once."""
    invitation = services.usable_invitation(token)
    form = AcceptForm(request.POST or None)
    if invitation is not None and request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                raw_token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Accord, {user.display_name}.")
            return redirect("core:home")
    response = render(
        request,
        "invitations/accept.html",
        {"invitation": invitation, "form": form},
        status=404 if invitation is None else (400 if form.errors else 200),
    )
    # The address holds the token: no other site learns it from a Referer header. "same-origin"
    # rather than "no-referrer", which makes the browser send "Origin: null" with the form, and
    # Django's CSRF check then refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response
