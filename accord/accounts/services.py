"""Writes to accounts: personal API tokens (one transaction each, validated in full)."""

from django.db import transaction
from django.utils import timezone

from accord.core.services import save_validated

from .models import TOKEN_PREFIX, ApiToken, User, hash_token

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
