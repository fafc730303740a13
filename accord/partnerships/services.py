"""Writes to partnerships, their members and roles (one transaction each)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.access import Role
from accord.core.services import apply_changes, archive, save_validated
from accord.directory.models import Organization, Person

from .lifecycle import transition_problems
from .models import Membership, Partnership, PartnershipRole, Stage, StageChange


@transaction.atomic
def partnership_create(
    *,
    title: str,
    purpose: str,
    scope: str = Partnership.Scope.EXTERNAL,
    created_by=None,
    host: Organization | None = None,
    steward: Person | None = None,
) -> Partnership:
    partnership = Partnership(title=title, purpose=purpose, scope=scope)
    save_validated(partnership)
    StageChange.objects.create(
        partnership=partnership, from_stage="", to_stage=partnership.stage, changed_by=created_by
    )
    if host is not None:
        membership_add(partnership=partnership, organization=host, kind=Membership.Kind.HOST)
    if steward is not None:
        role_assign(partnership=partnership, person=steward, role=Role.STEWARD)
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, **changes) -> Partnership:
    changed = apply_changes(partnership, changes)
    if changed:
        save_validated(partnership, update_fields=[*changed, "updated_at"])
    return partnership


@transaction.atomic
def partnership_archive(*, partnership: Partnership) -> Partnership:
    return archive(partnership)


@transaction.atomic
def partnership_transition(
    *, partnership: Partnership, to_stage: str, changed_by=None, note: str = ""
) -> Partnership:
    """Move a partnership to another stage, or refuse with the reasons why not."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    problems = transition_problems(partnership, to_stage)
    if problems:
        raise ValidationError({"to_stage": problems})
    StageChange.objects.create(
        partnership=partnership,
        from_stage=partnership.stage,
        to_stage=to_stage,
        changed_by=changed_by,
        note=note,
    )
    partnership.stage = to_stage
    partnership.stage_changed_at = timezone.now()
    partnership.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    return partnership


@transaction.atomic
def membership_add(
    *,
    partnership: Partnership,
    organization: Organization,
    kind: str = Membership.Kind.PARTNER,
    joined_on: date | None = None,
) -> Membership:
    if organization.is_archived:
        raise ValidationError({"organization": "An archived organization cannot join."})
    membership = Membership(
        partnership=partnership,
        organization=organization,
        kind=kind,
        joined_on=joined_on or timezone.localdate(),
    )
    return save_validated(membership)


@transaction.atomic
def membership_update(*, membership: Membership, **changes) -> Membership:
    changed = apply_changes(membership, changes)
    if changed:
        save_validated(membership, update_fields=[*changed, "updated_at"])
    return membership


@transaction.atomic
def membership_archive(*, membership: Membership) -> Membership:
    return archive(membership)


@transaction.atomic
def role_assign(*, partnership: Partnership, person: Person, role: str) -> PartnershipRole:
    if person.is_archived:
        raise ValidationError({"person": "An archived person cannot hold a role."})
    assignment = PartnershipRole(partnership=partnership, person=person, role=role)
    return save_validated(assignment)


@transaction.atomic
def role_update(*, assignment: PartnershipRole, role: str) -> PartnershipRole:
    if apply_changes(assignment, {"role": role}):
        save_validated(assignment, update_fields=["role", "updated_at"])
    return assignment


@transaction.atomic
def role_archive(*, assignment: PartnershipRole) -> PartnershipRole:
    return archive(assignment)


__all__ = [
    "Stage",
    "membership_add",
    "membership_archive",
    "membership_update",
    "partnership_archive",
    "partnership_create",
    "partnership_transition",
    "partnership_update",
    "role_archive",
    "role_assign",
    "role_update",
]
