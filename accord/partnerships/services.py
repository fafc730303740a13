"""Writes to partnerships, their members and roles (one transaction each)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.access import Role
from accord.core.services import apply_changes, archive, save_validated
from accord.core.versioning import lock
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
    partners: Iterable[Organization] = (),
    steward: Person | None = None,
) -> Partnership:
    """Create a partnership at its first stage, with its host, partners and steward."""
    partners = list(partners)
    if host is not None and any(partner.pk == host.pk for partner in partners):
        raise ValidationError(
            {"partners": f"{host} is the host; it cannot also be listed as a partner."}
        )
    partnership = Partnership(title=title, purpose=purpose, scope=scope)
    save_validated(partnership)
    StageChange.objects.create(
        partnership=partnership, from_stage="", to_stage=partnership.stage, changed_by=created_by
    )
    if host is not None:
        membership_add(partnership=partnership, organization=host, kind=Membership.Kind.HOST)
    for partner in partners:
        membership_add(partnership=partnership, organization=partner)
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
    locked = lock(partnership)
    problems = transition_problems(locked, to_stage)
    if problems:
        raise ValidationError({"to_stage": problems})
    StageChange.objects.create(
        partnership=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        changed_by=changed_by,
        note=note,
    )
    locked.stage = to_stage
    locked.stage_changed_at = timezone.now()
    locked.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    # Keep the caller's object current: a later save of a stale copy would write the old stage
    # into the history.
    for field in ("stage", "stage_changed_at", "updated_at", "revision"):
        setattr(partnership, field, getattr(locked, field))
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
    # The database constraint guards races; this check names the field in the message.
    if partnership.memberships.current().filter(organization=organization).exists():
        raise ValidationError(
            {"organization": f"{organization} is already a member of this partnership."}
        )
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
    _refuse_duplicate_role(partnership=partnership, person=person, role=role)
    if role == Role.PROJECT_DIRECTOR:
        _check_project_director(partnership=partnership, person=person)
    assignment = PartnershipRole(
        partnership=partnership, person=person, role=role, organization=person.organization
    )
    return save_validated(assignment)


def _check_project_director(*, partnership: Partnership, person: Person) -> None:
    """A project director leads for their own organization, a current member, alone (L6)."""
    organization = person.organization
    if organization is None:
        raise ValidationError(
            {"person": f"{person} belongs to no organization, so cannot be a project director."}
        )
    if not partnership.memberships.current().filter(organization=organization).exists():
        raise ValidationError({"person": f"{organization} is not a member of this partnership."})
    current = (
        partnership.roles.filter(
            role=Role.PROJECT_DIRECTOR, organization=organization, archived_at__isnull=True
        )
        .select_related("person")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {
                "role": (
                    f"{organization} already has a project director in this partnership: "
                    f"{current.person}. Hand the role over instead."
                )
            }
        )


@transaction.atomic
def role_update(*, assignment: PartnershipRole, role: str) -> PartnershipRole:
    if role != assignment.role:
        _refuse_duplicate_role(
            partnership=assignment.partnership, person=assignment.person, role=role
        )
        if role == Role.PROJECT_DIRECTOR:
            _check_project_director(partnership=assignment.partnership, person=assignment.person)
    changes = {"role": role}
    if assignment.organization_id is None:
        changes["organization"] = assignment.person.organization
    changed = apply_changes(assignment, changes)
    if changed:
        save_validated(assignment, update_fields=[*changed, "updated_at"])
    return assignment


def _refuse_duplicate_role(*, partnership: Partnership, person: Person, role: str) -> None:
    # The database constraint guards races; this check names the field in the message.
    if partnership.roles.filter(person=person, role=role, archived_at__isnull=True).exists():
        label = Role(role).label.lower() if role in Role.values else role
        raise ValidationError({"role": f"{person} is already {label} in this partnership."})


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
