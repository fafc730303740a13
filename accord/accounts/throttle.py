"""Sign-in failures counted per account across every address, and what happens past the limit.

django-axes locks a user name + address pair after a few failures, so someone with many
addresses could guess on at full speed. Accord also counts the failures of each user name from
any address, in browsers that do not know the account. Past ACCORD_ACCOUNT_FAILURE_LIMIT, the
password alone signs in only in a browser that signed in to the account before (a "known
browser": it holds a signed cookie bound to the account and its current password). Anywhere else
every attempt gets the same answer, right password or wrong, and a right one e-mails a one-time
sign-in link to the account's address. So a guessing run never signs in by persistence alone,
and the owner is never locked out: their own browser still works, and the link lets them in from
any other; using it (or resetting the password) ends the throttle.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import SignInThrottle

KNOWN_BROWSER_COOKIE = "accord_known_browser"
KNOWN_BROWSER_SALT = "accord.accounts.known-browser"
KNOWN_BROWSERS_KEPT = 5  # accounts one browser remembers (a shared computer)
LINK_SALT = "accord.accounts.sign-in-link"
# Set on the request when the throttle refused a sign-in, so the form can say why.
THROTTLED_FLAG = "accord_sign_in_throttled"


def link_lifetime() -> timedelta:
    return timedelta(minutes=settings.ACCORD_SIGN_IN_LINK_MINUTES)


def is_throttled(username: str) -> bool:
    """Whether the user name has had too many failed sign-ins from browsers it does not know."""
    return SignInThrottle.objects.filter(
        username=username, failures__gte=settings.ACCORD_ACCOUNT_FAILURE_LIMIT
    ).exists()


def _user(username: str):
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


def _hmac(salt: str, value: str) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:32]


# --- Known browsers ------------------------------------------------------------------------------
def _browser_mark(user) -> str:
    """What a known browser holds for `user`: changes with the password, which forgets them all."""
    return f"{user.pk}.{_hmac(KNOWN_BROWSER_SALT, f'{user.pk}:{user.password}')}"


def _browser_marks(request) -> list[str]:
    value = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        default="",
        salt=KNOWN_BROWSER_SALT,
        max_age=timedelta(days=settings.ACCORD_KNOWN_BROWSER_DAYS),
    )
    return [mark for mark in value.split(",") if mark]


def is_known_browser(request, user) -> bool:
    mark = _browser_mark(user)
    return any(constant_time_compare(mark, held) for held in _browser_marks(request))


def known_browser_for(request, username: str) -> bool:
    """Whether this browser signed in as `username` before (no query without the cookie)."""
    if not request.COOKIES.get(KNOWN_BROWSER_COOKIE):
        return False
    user = _user(username)
    return user is not None and is_known_browser(request, user)


def remember_browser(request, response, user) -> None:
    """Mark the browser as known to `user` (after a sign-in or a password change)."""
    mark = _browser_mark(user)
    prefix = mark.split(".", 1)[0] + "."
    others = [held for held in _browser_marks(request) if not held.startswith(prefix)]
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        ",".join([mark, *others][:KNOWN_BROWSERS_KEPT]),
        salt=KNOWN_BROWSER_SALT,
        max_age=int(timedelta(days=settings.ACCORD_KNOWN_BROWSER_DAYS).total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- Sign-in links -------------------------------------------------------------------------------
def _link_state(user) -> str:
    # The last sign-in and the password: signing in (by this link or any other way) or a new
    # password makes every earlier link stop working.
    last_login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
    return _hmac(LINK_SALT, f"{user.pk}:{user.password}:{last_login}")


def sign_in_link_token(user) -> str:
    state = {"u": user.pk, "s": _link_state(user)}
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(state)


def user_for_sign_in_link(token: str):
    """The active user a sign-in link is for, or None when it is expired, used or altered."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign_object(
            token, max_age=link_lifetime()
        )
        user = get_user_model()._default_manager.get(pk=value["u"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    except get_user_model().DoesNotExist:
        return None
    return user if constant_time_compare(_link_state(user), str(value.get("s"))) else None


# --- The authentication backend and the count ---------------------------------------------------
class AccountThrottleBackend:
    """Refuses a password sign-in for a throttled account in a browser that does not know it.

    It sits after django-axes and before ModelBackend. When it refuses, it has checked the
    password itself (ModelBackend does the same work for an unknown name) and, if it was right,
    e-mailed a sign-in link; the answer is the same either way.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username or password is None or not is_throttled(username):
            return None
        if known_browser_for(request, username):
            return None  # ModelBackend decides, as for any account
        setattr(request, THROTTLED_FLAG, True)
        user = ModelBackend().authenticate(request, username=username, password=password)
        if user is not None:
            from .services import sign_in_link_request

            sign_in_link_request(user=user, base_url=base_url(request))
        raise PermissionDenied("Too many failed sign-ins for this account.")

    # No get_user: this backend never signs anyone in, so no session may name it.


def base_url(request) -> str:
    """Where the person reached Accord, for links in e-mails they asked for from a page."""
    return f"{request.scheme}://{request.get_host()}"


@receiver(user_login_failed, dispatch_uid="accord.accounts.throttle.count")
def count_failure(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in against its user name, unless the browser knows the account."""
    username = credentials.get(get_user_model().USERNAME_FIELD)
    if request is None or not isinstance(username, str) or not username:
        return
    if known_browser_for(request, username):
        return  # the owner's own browser: a typo there is not an attack
    from .services import sign_in_failure_record

    sign_in_failure_record(username=username)
