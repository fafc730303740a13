"""Accounts pages: sign in and out, passwords, and the profile with personal API tokens.

Sign-in, sign-out and the password pages are Django's views with Accord's forms and templates;
django-axes watches sign-in failures (settings AXES_*). Token writes go through services.py.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accord.partnerships.models import PartnershipRole

from . import services
from .forms import ApiTokenForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm

# The raw token waits here between the create POST and the page that shows it, once.
NEW_TOKEN_SESSION_KEY = "accounts:new-api-token"


class LoginView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _profile_page(request, token_form, *, status: int = 200):
    user = request.user
    person = getattr(user, "person", None)
    roles = (
        PartnershipRole.objects.visible_to(user)
        .filter(person__user=user, archived_at__isnull=True, partnership__archived_at__isnull=True)
        .select_related("partnership")
        .order_by("partnership__title", "role")
    )
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    context = {
        "person": person,
        "organization": person.organization if person else None,
        "roles": roles,
        "tokens": user.api_tokens.all(),
        "token_form": token_form,
        "new_token": new_token,
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
