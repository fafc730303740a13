"""Writes of the relationships pillar (R1): the groups a partnership's work affects.

Every write is one transaction, validated in full; history records who made it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.services import archive, save_validated
from accord.directory.models import StakeholderGroup
from accord.partnerships.models import Partnership

from .models import AffectedGroup

ARCHIVED = "This partnership is archived; its records no longer change."
MAX_NOTE = 5000


@transaction.atomic
def affected_group_add(
    *, partnership: Partnership, group: StakeholderGroup | None, note: str = ""
) -> AffectedGroup:
    """Name `group` as affected by the partnership's work (R1)."""
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)
    errors = {}
    note = (note or "").strip()
    if group is None or group.is_archived:
        errors["group"] = ["Choose a stakeholder group from the directory."]
    elif AffectedGroup.objects.active().filter(partnership=partnership, group=group).exists():
        errors["group"] = [f"This partnership already names {group} as affected."]
    if len(note) > MAX_NOTE:
        errors["note"] = [f"Keep the note under {MAX_NOTE} characters."]
    if errors:
        raise ValidationError(errors)
    return save_validated(AffectedGroup(partnership=partnership, group=group, note=note))


@transaction.atomic
def affected_group_remove(*, affected: AffectedGroup) -> AffectedGroup:
    """The partnership no longer names the group as affected; the record is archived."""
    if affected.partnership.is_archived:
        raise ValidationError(ARCHIVED)
    return archive(affected)
