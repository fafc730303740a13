"""Access-matrix entries for the accounts pages (see tests/matrix/__init__.py).

Sign-in and the password-reset pages are public; the profile, password change, API tokens and
notifications are for whoever is signed in, about themselves only. Someone else's token or
notification is not found, whoever asks.
"""

from django.urls import reverse

from tests.matrix import PERSONAL, PUBLIC, SIGNED_IN, Route

FOUND = frozenset({302})


def url(name: str, *args):
    return lambda cast, side: reverse(f"accounts:{name}", args=args)


def someone_elses_notification(cast, side) -> int:
    from accord.accounts.models import Notification

    return Notification.objects.create(
        user=cast.users["other_steward"], kind="reminder", title="Not yours", url="/"
    ).pk


def someone_elses_token(cast, side):
    from accord.accounts.services import token_create

    token, _raw = token_create(user=cast.users["other_steward"], name="Matrix token")
    return reverse("accounts:token-revoke", args=[token.pk])


ROUTES: list[Route] = [
    Route("accounts:login", "GET", url("login"), PUBLIC, scoped=False),
    # Empty credentials: the form answers with its field errors, for anyone.
    Route("accounts:login", "POST", url("login"), PUBLIC, scoped=False),
    # A sign-in link that is not valid shows the "this link no longer works" page.
    Route("accounts:sign-in-link", "GET", url("sign-in-link", "not-a-token"), PUBLIC, scoped=False),
    Route(
        "accounts:sign-in-link", "POST", url("sign-in-link", "not-a-token"), PUBLIC, scoped=False
    ),
    # Signing out is a POST; someone not signed in is sent to the sign-in page all the same.
    Route("accounts:logout", "POST", url("logout"), PUBLIC, scoped=False, ok=FOUND),
    Route("accounts:profile", "GET", url("profile"), SIGNED_IN, scoped=False),
    Route("accounts:password-change", "GET", url("password-change"), SIGNED_IN, scoped=False),
    # Empty form: answered with field errors, nothing changes.
    Route("accounts:password-change", "POST", url("password-change"), SIGNED_IN, scoped=False),
    Route(
        "accounts:password-change-done",
        "GET",
        url("password-change-done"),
        SIGNED_IN,
        scoped=False,
    ),
    Route("accounts:password-reset", "GET", url("password-reset"), PUBLIC, scoped=False),
    Route(
        "accounts:password-reset",
        "POST",
        url("password-reset"),
        PUBLIC,
        scoped=False,
        data=lambda cast, side: {"email": "nobody@example.org"},
        ok=FOUND,
    ),
    Route("accounts:password-reset-done", "GET", url("password-reset-done"), PUBLIC, scoped=False),
    # A link that is not valid shows the "this link no longer works" page.
    Route(
        "accounts:password-reset-confirm",
        "GET",
        url("password-reset-confirm", "MQ", "not-a-token"),
        PUBLIC,
        scoped=False,
    ),
    Route(
        "accounts:password-reset-complete",
        "GET",
        url("password-reset-complete"),
        PUBLIC,
        scoped=False,
    ),
    Route(
        "accounts:token-create",
        "POST",
        url("token-create"),
        SIGNED_IN,
        scoped=False,
        data=lambda cast, side: {"name": "Matrix token"},
        ok=FOUND,
    ),
    Route("accounts:token-revoke", "POST", someone_elses_token, PERSONAL, scoped=False),
    Route("accounts:notifications", "GET", url("notifications"), SIGNED_IN, scoped=False),
    Route(
        "accounts:notifications-read-all",
        "POST",
        url("notifications-read-all"),
        SIGNED_IN,
        scoped=False,
        ok=FOUND,
    ),
    Route(
        "accounts:notification-open",
        "POST",
        lambda cast, side: reverse(
            "accounts:notification-open", args=[someone_elses_notification(cast, side)]
        ),
        PERSONAL,
        scoped=False,
    ),
    Route(
        "accounts:email-preference",
        "POST",
        url("email-preference"),
        SIGNED_IN,
        scoped=False,
        data=lambda cast, side: {"email_notifications": "on"},
        ok=FOUND,
    ),
    Route(
        "GET /api/v1/notifications",
        "GET",
        lambda cast, side: "/api/v1/notifications",
        SIGNED_IN,
        scoped=False,
        api=True,
    ),
    Route(
        "POST /api/v1/notifications/read-all",
        "POST",
        lambda cast, side: "/api/v1/notifications/read-all",
        SIGNED_IN,
        scoped=False,
        api=True,
    ),
    Route(
        "POST /api/v1/notifications/{notification_id}/read",
        "POST",
        lambda cast, side: f"/api/v1/notifications/{someone_elses_notification(cast, side)}/read",
        PERSONAL,
        scoped=False,
        api=True,
    ),
]
