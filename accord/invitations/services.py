"""Writes for invitations: a steward asks, an administrator sends (or cancels), the person
accepts once, within seven days, choosing their own user name and password.

The e-mail goes out from the task worker (tasks.py), which makes the token: the request stores
no usable link, the database only the token's SHA-256, and the queue only the invitation's id.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.accounts.models import hash_token
from accord.core.access import require
from accord.directory.models import Person
from accord.partnerships.models import Partnership

from .models import OPEN_STATUSES, Invitation

LIFETIME = timedelta(days=7)
Status = Invitation.Status


def _check_invitable(person: Person) -> None:
    if person.archived_at is not None:
        raise ValidationError({"email": f"{person.name} is archived in the directory."})
    if person.user_id is not None:
        raise ValidationError(
            {"email": f"{person.name} already has an account; they sign in with it."}
        )
    if not person.email:
        raise ValidationError({"email": f"{person.name} has no e-mail address on record."})


def person_by_email(email: str) -> Person:
    """The directory person with this address on record (addresses are kept in lower case)."""
    person = Person.objects.filter(email__iexact=(email or "").strip()).first()
    if person is None:
        raise ValidationError(
            {"email": "Nobody in the directory has this e-mail address. Add the person first."}
        )
    return person


def _open_invitation(person: Person) -> Invitation | None:
    return (
        Invitation.objects.select_for_update()
        .filter(person=person, status__in=OPEN_STATUSES)
        .first()
    )


@transaction.atomic
def invitation_request(
    *, person: Person, requested_by, partnership: Partnership | None = None, note: str = ""
) -> Invitation:
    """A steward asks an administrator to invite `person` (of a member organization of theirs)."""
    require(requested_by, "invitations.invitation.request", person)
    _check_invitable(person)
    if _open_invitation(person) is not None:
        raise ValidationError(
            {"email": f"An invitation for {person.name} is already waiting for an administrator."}
        )
    if partnership is None:  # the partnership the steward asks from, for the administrator
        partnership = (
            Partnership.objects.allowing(requested_by, "manage_roles")
            .filter(
                archived_at__isnull=True,
                memberships__organization_id=person.organization_id,
                memberships__left_on__isnull=True,
                memberships__archived_at__isnull=True,
            )
            .order_by("title", "pk")
            .first()
        )
    try:
        with transaction.atomic():
            return Invitation.objects.create(
                person=person,
                requested_by=requested_by,
                partnership=partnership,
                note=note.strip(),
            )
    except IntegrityError:  # a concurrent request won
        raise ValidationError(
            {"email": f"An invitation for {person.name} is already waiting."}
        ) from None


@transaction.atomic
def invitation_send(*, person: Person, sent_by) -> Invitation:
    """Send (or send again) `person`'s invitation to their address on record, for seven days.

    A request waiting for this person becomes the sent invitation; sending again replaces the
    earlier link (the worker makes a new token).
    """
    require(sent_by, "invitations.invitation.send")
    Person.objects.select_for_update().filter(pk=person.pk).first()
    person.refresh_from_db()
    _check_invitable(person)
    invitation = _open_invitation(person) or Invitation(person=person)
    now = timezone.now()
    invitation.status = Status.SENT
    invitation.email = person.email
    invitation.token_hash = ""
    invitation.sent_by = sent_by
    invitation.sent_at = now
    invitation.expires_at = now + LIFETIME
    invitation.save()
    from .tasks import invitation_email_send

    invitation_id = invitation.pk
    transaction.on_commit(lambda: invitation_email_send.enqueue(invitation_id=invitation_id))
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> Invitation:
    require(by, "invitations.invitation.send", invitation)
    if invitation.status not in OPEN_STATUSES:
        raise ValidationError(
            {"status": f"This invitation is {invitation.get_status_display().lower()} already."}
        )
    invitation.status = Status.CANCELLED
    invitation.token_hash = ""
    invitation.save()
    return invitation


def usable_invitation(raw_token: str) -> Invitation | None:
    """The sent, unexpired invitation this token opens, still addressed to the person's address
    on record and to a person without an account; else None (one answer for every reason)."""
    if not raw_token:
        return None
    invitation = (
        Invitation.objects.select_related("person")
        .filter(token_hash=hash_token(raw_token), status=Status.SENT)
        .first()
    )
    if invitation is None or invitation.expired:
        return None
    person = invitation.person
    if (
        person.archived_at is not None
        or person.user_id is not None
        or person.email.lower() != invitation.email.lower()
    ):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, raw_token: str, username: str, password: str):
    """Open the account: a new user with the chosen name and password, linked to the person.

    Works once: the invitation is locked, checked again and marked accepted in one transaction.
    """
    found = usable_invitation(raw_token)
    if found is None:
        raise ValidationError({"token": "This invitation no longer works."})
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    invitation.person = person
    if usable_invitation(raw_token) is None:
        raise ValidationError({"token": "This invitation no longer works."})
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "Choose a user name."})
    if User._default_manager.filter(username__iexact=username).exists():
        raise ValidationError({"username": "This user name is taken; choose another."})
    first, _, last = person.name.partition(" ")
    user = User(username=username, email=person.email, first_name=first, last_name=last)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    invitation.status = Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.token_hash = ""
    invitation.save()
    return user
