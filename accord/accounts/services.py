"""Writes to accounts: personal API tokens, notifications read, the e-mail preference, and the
sign-in throttle with the e-mails it and the password reset send (through the task worker)."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accord.core.services import save_validated

from .models import TOKEN_PREFIX, ApiToken, Notification, SignInThrottle, User, hash_token
from .tasks import account_email_send, password_reset_send
from .throttle import link_lifetime

HINT_LENGTH = 8


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the raw token, which is never stored."""
    raw = ApiToken.generate()
    token = ApiToken(
        user=user,
        name=name.strip(),
        token_hash=hash_token(raw),
        hint=raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + HINT_LENGTH],
    )
    save_validated(token)
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token; it stops authenticating at once. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- Notifications ------------------------------------------------------------------------------
def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (again: no change)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; return how many there were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def email_preference_set(*, user: User, email_notifications: bool) -> User:
    """Whether reminders and alerts are e-mailed too (they are always in the app)."""
    if user.email_notifications != email_notifications:
        user.email_notifications = email_notifications
        user.save(update_fields=["email_notifications"])
    return user


# --- Sign-in throttle and account e-mails -------------------------------------------------------
def sign_in_failure_record(*, username: str) -> None:
    """Count one failed sign-in against `username`, from whichever address (throttle.py)."""
    username = username[:150]
    now = timezone.now()
    failed = {"failures": F("failures") + 1, "last_failure_at": now}
    if SignInThrottle.objects.filter(username=username).update(**failed):
        return
    try:
        with transaction.atomic():
            SignInThrottle.objects.create(username=username, failures=1, last_failure_at=now)
    except IntegrityError:  # the first failure of this name, recorded by a concurrent request
        SignInThrottle.objects.filter(username=username).update(**failed)


def sign_in_failures_clear(*, username: str) -> None:
    """Forget the failures of `username`: its owner proved they read its e-mail, or set a new
    password."""
    SignInThrottle.objects.filter(username=username).delete()


def sign_in_link_request(*, user: User, base_url: str) -> bool:
    """Queue a one-time sign-in link for `user`, unless one went out within its lifetime."""
    now = timezone.now()
    # One conditional UPDATE: of two concurrent requests, only one queues a link.
    sent = SignInThrottle.objects.filter(
        Q(link_sent_at__isnull=True) | Q(link_sent_at__lte=now - link_lifetime()),
        username=user.get_username(),
    ).update(link_sent_at=now)
    if sent:
        account_email_send.enqueue(user_id=user.pk, purpose="sign-in-link", base_url=base_url)
    return bool(sent)


def password_reset_request(*, email: str, base_url: str) -> None:
    """Queue the password-reset e-mail for `email`, known or not.

    The request does exactly this for every address; the worker looks the address up. So the
    answer takes the same time whether an account uses it, and a slow mail server holds up no page.
    """
    password_reset_send.enqueue(email=email, base_url=base_url)
