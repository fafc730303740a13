"""Access-matrix entries for invitations (see tests/matrix/__init__.py).

Only an administrator sees and sends invitations (others: 403 for the list, 404 for one
invitation); stewards and administrators ask for one; the page that opens an account is public,
and its token decides.
"""

import secrets
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import hash_token
from accord.invitations.models import Invitation
from tests.factories import PersonFactory
from tests.matrix import PUBLIC, Route, Target

FOUND = frozenset({302})
SEND = "invitations.invitation.send"
ASK = "invitations.invitation.ask"


def requested(cast, side) -> Invitation:
    """A steward's request for a new person of the partner organization."""
    return Invitation.objects.create(
        person=PersonFactory(organization=cast.partner),
        requested_by=cast.users["steward"],
        partnership=cast.own,
    )


def one(name: str):
    def build(cast, side):
        invitation = requested(cast, side)
        return Target(reverse(f"invitations:{name}", args=[invitation.pk]), invitation)

    return build


def accept_page(cast, side):
    raw = secrets.token_urlsafe(32)
    person = PersonFactory(organization=cast.partner)
    now = timezone.now()
    Invitation.objects.create(
        person=person,
        status=Invitation.Status.SENT,
        email=person.email,
        token_hash=hash_token(raw),
        sent_at=now,
        expires_at=now + timedelta(days=7),
    )
    return reverse("invitations:accept", args=[raw])


def new_person_form(cast, side):
    return {"email": PersonFactory(organization=cast.partner).email, "note": "A new dean."}


ROUTES: list[Route] = [
    Route("invitations:list", "GET", lambda c, s: reverse("invitations:list"), SEND, scoped=False),
    Route(
        "invitations:request", "GET", lambda c, s: reverse("invitations:request"), ASK, scoped=False
    ),
    Route(
        "invitations:list",
        "POST",
        lambda c, s: reverse("invitations:list"),
        SEND,
        scoped=False,
        data=new_person_form,
        ok=FOUND,
    ),
    Route(
        "invitations:request",
        "POST",
        lambda c, s: reverse("invitations:request"),
        ASK,
        scoped=False,
        data=new_person_form,
        ok=FOUND,
    ),
    Route("invitations:send", "POST", one("send"), SEND, scoped=False, ok=FOUND),
    Route("invitations:cancel", "POST", one("cancel"), SEND, scoped=False, ok=FOUND),
    Route("invitations:accept", "GET", accept_page, PUBLIC, scoped=False),
]
