"""Writes of digests: a steward sets up a partnership's digests; a person unsubscribes from one
(by the signed link in every digest, or on their digests page) and subscribes again, and keeps
their own portfolio digest. Each write is one transaction, validated before anything is written,
naming the field at fault; the digest's history (django-simple-history) says who changed what."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.services import apply_changes, save_validated

from .digests import ROLE_VALUES
from .models_digests import Digest, DigestUnsubscription

ARCHIVED = "This partnership is archived: its digests no longer go out."


def _roles(roles) -> list[str]:
    if not isinstance(roles, list | tuple) or not roles:
        raise ValidationError({"roles": "Choose at least one role whose holders receive it."})
    unknown = [str(role) for role in roles if role not in ROLE_VALUES]
    if unknown:
        raise ValidationError({"roles": f"There is no role {', '.join(unknown)}."})
    return [role for role in ROLE_VALUES if role in roles]  # in the policy's order, once each


def _choice(name: str, value, choices) -> str:
    if value not in choices.values:
        raise ValidationError({name: f"Choose one of: {', '.join(choices.values)}."})
    return value


@transaction.atomic
def digest_create(*, partnership, by, title: str, roles, level: str, frequency: str) -> Digest:
    """Set up a digest of `partnership` for the holders of `roles`."""
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)
    digest = Digest(
        partnership=partnership,
        title=(title or "").strip(),
        roles=_roles(roles),
        level=_choice("level", level, Digest.Level),
        frequency=_choice("frequency", frequency, Digest.Frequency),
        created_by=by,
    )
    return save_validated(digest)


@transaction.atomic
def digest_update(*, digest: Digest, **changes) -> Digest:
    """Change a digest's title, audience, level or frequency, or stop (`active=False`) and
    restart it. A digest read at an older revision (`expect_revision`) is refused."""
    if digest.partnership_id and digest.partnership.is_archived:
        raise ValidationError(ARCHIVED)
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if "roles" in changes and not digest.is_portfolio:
        changes["roles"] = _roles(changes["roles"])
    if "level" in changes:
        _choice("level", changes["level"], Digest.Level)
    if "frequency" in changes:
        _choice("frequency", changes["frequency"], Digest.Frequency)
    if "active" in changes:
        active = changes.pop("active")
        if active and digest.stopped_at is not None:
            changes["stopped_at"] = None
        elif not active and digest.stopped_at is None:
            changes["stopped_at"] = timezone.now()
    if apply_changes(digest, changes) or digest.expected_revision is not None:
        save_validated(digest)
    return digest


def digest_stop(*, digest: Digest) -> Digest:
    return digest_update(digest=digest, active=False)


@transaction.atomic
def digest_unsubscribe(*, digest: Digest, user) -> bool:
    """`user` receives `digest` no more; False when they had unsubscribed already."""
    _, created = DigestUnsubscription.objects.get_or_create(digest=digest, user=user)
    return created


@transaction.atomic
def digest_resubscribe(*, digest: Digest, user) -> bool:
    """`user` receives `digest` again; False when they had not unsubscribed."""
    deleted, _ = DigestUnsubscription.objects.filter(digest=digest, user=user).delete()
    return bool(deleted)


@transaction.atomic
def portfolio_digest_save(*, user, level: str, frequency: str, active: bool = True) -> Digest:
    """Create or change `user`'s own digest across every partnership they see."""
    digest = Digest.objects.filter(owner=user).first()
    if digest is None:
        digest = Digest(owner=user, title="Your partnerships", created_by=user)
    digest.level = _choice("level", level, Digest.Level)
    digest.frequency = _choice("frequency", frequency, Digest.Frequency)
    if active and digest.stopped_at is not None:
        digest.stopped_at = None
    elif not active and digest.stopped_at is None:
        digest.stopped_at = timezone.now()
    return save_validated(digest)
