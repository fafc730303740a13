"""E-mails about a person's account, sent by the task worker, never inside a request.

A page only queues the task, so its answer takes the same time whether or not an address or a
name belongs to an account, and a slow mail server holds up nothing. The links are made here, in
the worker, so no usable link is ever stored in the task queue.

`account_email_send` sends one kind of account e-mail to one user: a sign-in link today; an
invitation adds its own entry to ACCOUNT_EMAILS (its subject, its text and the link it carries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def _password_reset_path(user) -> str:
    return reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _sign_in_link_path(user) -> str:
    from .throttle import sign_in_link_token

    return reverse("accounts:sign-in-link", kwargs={"token": sign_in_link_token(user)})


@dataclass(frozen=True)
class AccountEmail:
    """One kind of account e-mail: its templates and the link it carries."""

    subject_template: str
    body_template: str
    link_path: Callable


ACCOUNT_EMAILS: dict[str, AccountEmail] = {
    "password-reset": AccountEmail(
        "accounts/email/password_reset_subject.txt",
        "accounts/email/password_reset_email.txt",
        _password_reset_path,
    ),
    "sign-in-link": AccountEmail(
        "accounts/email/sign_in_link_subject.txt",
        "accounts/email/sign_in_link_email.txt",
        _sign_in_link_path,
    ),
}


def send_account_email(user, purpose: str, base_url: str) -> None:
    """Render and send one account e-mail to `user` now (in the worker)."""
    kind = ACCOUNT_EMAILS[purpose]
    context = {
        "user": user,
        "url": base_url.rstrip("/") + kind.link_path(user),
        "link_minutes": settings.ACCORD_SIGN_IN_LINK_MINUTES,
        "reset_url": base_url.rstrip("/") + reverse("accounts:password-reset"),
    }
    subject = " ".join(render_to_string(kind.subject_template, context).split())
    body = render_to_string(kind.body_template, context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


@task()
def account_email_send(user_id: int, purpose: str, base_url: str) -> bool:
    """E-mail `purpose` (a key of ACCOUNT_EMAILS) to an active user with an address."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    send_account_email(user, purpose, base_url)
    return True


@task()
def password_reset_send(email: str, base_url: str) -> int:
    """E-mail a password-reset link to every active account with this address; how many."""
    from .forms import PasswordResetForm

    users = list(PasswordResetForm().get_users(email))
    for user in users:
        send_account_email(user, "password-reset", base_url)
    return len(users)
