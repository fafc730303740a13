"""The invitation e-mail, sent by the task worker (see accord/accounts/tasks.py).

The worker makes the token, stores its SHA-256 and sends the link: the task queue holds only the
invitation's id, and the database never a usable link. The link starts with ACCORD_BASE_URL, the
address Accord is served at (`make run PORT=...` sets it).
"""

import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from accord.accounts.models import hash_token

from .models import Invitation


@task()
def invitation_email_send(invitation_id: int) -> bool:
    """E-mail a sent, unexpired invitation to the person's address on record; False otherwise."""
    invitation = (
        Invitation.objects.select_related("person", "sent_by")
        .filter(pk=invitation_id, status=Invitation.Status.SENT)
        .first()
    )
    if invitation is None or invitation.expired:
        return False
    person = invitation.person
    if person.user_id is not None or person.email.lower() != invitation.email.lower():
        return False  # the address changed since: the invitation goes only to the one on record
    raw = secrets.token_urlsafe(32)
    stored = Invitation.objects.filter(
        pk=invitation.pk, status=Invitation.Status.SENT, sent_at=invitation.sent_at
    ).update(token_hash=hash_token(raw))
    if not stored:
        return False  # sent again or cancelled meanwhile: that later state decides
    context = {
        "person": person,
        "invitation": invitation,
        "url": settings.ACCORD_BASE_URL.rstrip("/") + reverse("invitations:accept", args=[raw]),
        "days": 7,
    }
    subject = " ".join(
        render_to_string("invitations/email/invitation_subject.txt", context).split()
    )
    body = render_to_string("invitations/email/invitation_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()
    return True
