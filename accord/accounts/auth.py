"""API authentication: personal Bearer tokens, or the browser session."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import TOKEN_PREFIX, ApiToken, hash_token

# Record "last used" at most this often, so reads do not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        if not token.startswith(TOKEN_PREFIX):
            return None
        api_token = (
            ApiToken.objects.usable().select_related("user").filter(token_hash=hash_token(token))
        ).first()
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        # Everything downstream (access checks, audit history) reads request.user.
        request.user = api_token.user
        return api_token.user


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api_auth = [BearerToken(), ActiveSession()]
