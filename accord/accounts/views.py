"""Accounts pages: sign in and out, passwords, the profile with personal API tokens and the
e-mail preference, and the notifications page.

Sign-in, sign-out and the password pages are Django's views with Accord's forms and templates;
django-axes watches sign-in failures per user name and address (settings AXES_*), throttle.py per
account across addresses, with the one-time sign-in link below. Password-reset e-mails are sent
by the task worker. Token writes go through services.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.paging import paginate

from . import services, throttle
from .forms import (
    ApiTokenForm,
    EmailPreferenceForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInForm,
)
from .queries import own_notification

# The raw token waits here between the create POST and the page that shows it, once.
NEW_TOKEN_SESSION_KEY = "accounts:new-api-token"


class LoginView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.remember_browser(self.request, response, form.get_user())
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request, token: str):
    """The one-time link a throttled account's owner receives: a button, then signed in.

    Opening the link only shows the button (mail scanners open links too); the POST signs in,
    ends the account's throttle and marks this browser as known.
    """
    user = throttle.user_for_sign_in_link(token)
    if user is not None and request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.sign_in_failures_clear(username=user.get_username())
        response = redirect(settings.LOGIN_REDIRECT_URL)
        throttle.remember_browser(request, response, user)
        messages.success(request, f"Signed in as {user.display_name}.")
        return response
    response = render(request, "accounts/sign_in_link.html", {"link_user": user})
    # The address holds the link: no other site learns it from a Referer header. "same-origin",
    # not "no-referrer", which makes the browser send "Origin: null" with the button's form,
    # and Django's CSRF check then refuses the sign-in.
    response["Referrer-Policy"] = "same-origin"
    return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Failures were guesses at the old password; this browser stays known with the new one.
        services.sign_in_failures_clear(username=form.user.get_username())
        throttle.remember_browser(self.request, response, form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        # Only queued: the worker looks the address up, so every address gets the same answer.
        services.password_reset_request(
            email=form.cleaned_data["email"], base_url=throttle.base_url(self.request)
        )
        return redirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_failures_clear(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _profile_page(request, token_form, *, status: int = 200):
    user = request.user
    person = getattr(user, "person", None)
    # The roles come through the person's relation (accounts does not import partnerships).
    roles = (
        person.roles.visible_to(user)
        .filter(archived_at__isnull=True, partnership__archived_at__isnull=True)
        .select_related("partnership")
        .order_by("partnership__title", "role")
        if person is not None
        else []
    )
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    context = {
        "person": person,
        "organization": person.organization if person else None,
        "roles": roles,
        "tokens": user.api_tokens.all(),
        "token_form": token_form,
        "new_token": new_token,
        "email_form": EmailPreferenceForm(
            initial={"email_notifications": user.email_notifications}
        ),
    }
    response = render(request, "accounts/profile.html", context, status=status)
    if new_token:
        # The page holds a secret: no cache may keep it.
        add_never_cache_headers(response)
    return response


@login_required
def profile(request):
    return _profile_page(request, ApiTokenForm())


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form)
    token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
    request.session[NEW_TOKEN_SESSION_KEY] = raw
    messages.success(request, f"Token “{token.name}” created. Copy it now: it is shown only once.")
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Tokens are personal: anyone else's token, an administrator's included, is not found.
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("accounts:profile")


@login_required
@require_POST
def email_preference(request):
    """Turn e-mailed reminders and alerts on or off (they stay on the notifications page)."""
    form = EmailPreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent means off, anything else on
    wanted = form.cleaned_data.get("email_notifications", False)
    services.email_preference_set(user=request.user, email_notifications=wanted)
    if wanted:
        messages.success(request, "Reminders and alerts will be e-mailed to you too.")
    else:
        messages.success(request, "No more e-mails: reminders and alerts stay on this site.")
    return redirect(reverse("accounts:profile") + "#notifications-heading")


# --- Notifications -----------------------------------------------------------------------------
@login_required
def notifications(request):
    """The signed-in person's notifications, newest first, unread ones marked."""
    unread_only = request.GET.get("unread") == "true"
    items = request.user.notifications.all()
    if unread_only:
        items = items.filter(read_at__isnull=True)
    context = {"page_obj": paginate(request, items), "unread_only": unread_only}
    return render(request, "accounts/notifications.html", context)


def _safe_target(request, url: str) -> str | None:
    """The notification's link if it leads inside Accord (it is a path Accord made)."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and go where it points (back to the list if nowhere)."""
    # Notifications are personal: anyone else's, an administrator's included, is not found.
    notification = own_notification(request.user, pk)
    services.notification_mark_read(notification=notification)
    return redirect(_safe_target(request, notification.url) or "accounts:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request, f"{count} notification{'s' if count != 1 else ''} marked as read."
        )
    else:
        messages.info(request, "There was nothing unread.")
    return redirect("accounts:notifications")
