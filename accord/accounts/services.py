"""Writes to accounts: personal API tokens, notifications read, the e-mail preference."""

from django.db import transaction
from django.utils import timezone

from accord.core.services import save_validated

from .models import TOKEN_PREFIX, ApiToken, Notification, User, hash_token

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
