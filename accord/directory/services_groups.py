"""Writes to the directory's stakeholder groups and the organizations that represent them (R1).

Stakeholder groups are directory data, shared by every partnership: the communities whom
partnerships' work affects. Stewards and platform administrators keep them ("directory.edit").
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.services import apply_changes, archive, save_validated

from .models import GroupRepresentation, Organization, StakeholderGroup

GROUP_FIELDS = frozenset({"name", "description", "how_affected", "reference_share"})
MAX_TEXT = 5000


def _clean_group(values: dict, pk: int | None = None) -> dict:
    """Trim the texts and read the reference share; raise naming every wrong field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for name, value in values.items():
        if name == "reference_share":
            cleaned[name] = _share(value, errors)
            continue
        text = (value or "").strip()
        limit = 200 if name == "name" else MAX_TEXT
        if name == "name" and not text:
            errors[name] = ["Give the group a name."]
        elif len(text) > limit:
            errors[name] = [f"Keep this under {limit} characters."]
        cleaned[name] = text
    if "name" in cleaned and "name" not in errors:
        same = StakeholderGroup.objects.filter(name__iexact=cleaned["name"])
        if pk is not None:
            same = same.exclude(pk=pk)
        if same.exists():
            errors["name"] = ["The directory already has a stakeholder group of this name."]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _share(value, errors: dict) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        share = Decimal(str(value))
    except InvalidOperation:
        errors["reference_share"] = ["Enter the share as a number from 0 to 1, e.g. 0.12."]
        return None
    if not share.is_finite() or share <= 0 or share > 1:
        errors["reference_share"] = [
            "The reference share is a fraction of the affected population: more than 0 and at "
            "most 1 (e.g. 0.12 for 12%). Leave it empty when it is not known."
        ]
        return None
    if share != share.quantize(Decimal("0.0001")):
        errors["reference_share"] = ["Give the share with at most four decimals, e.g. 0.1234."]
        return None
    return share


@transaction.atomic
def group_create(
    *,
    name: str,
    description: str = "",
    how_affected: str = "",
    reference_share=None,
    created_by=None,
) -> StakeholderGroup:
    """Add a stakeholder group to the directory (R1)."""
    fields = _clean_group(
        {
            "name": name,
            "description": description,
            "how_affected": how_affected,
            "reference_share": reference_share,
        }
    )
    return save_validated(StakeholderGroup(created_by=created_by, **fields))


@transaction.atomic
def group_update(*, group: StakeholderGroup, **changes) -> StakeholderGroup:
    """Change a stakeholder group's details; only the fields that differ are saved."""
    unknown = sorted(set(changes) - GROUP_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    fields = _clean_group(changes, pk=group.pk)
    changed = apply_changes(group, fields)
    if changed:
        save_validated(group, update_fields=[*changed, "updated_at"])
    return group


@transaction.atomic
def representation_add(
    *, group: StakeholderGroup, organization: Organization, how: str
) -> GroupRepresentation:
    """Record that `organization` represents `group`: led by it, serving it, or including its
    members (R1)."""
    errors = {}
    if how not in GroupRepresentation.How.values:
        errors["how"] = ["Choose led by the group, serves the group or includes its members."]
    if organization is None or organization.is_archived:
        errors["organization"] = ["Choose an organization in the directory."]
    if group.is_archived:
        errors["group"] = ["This stakeholder group is archived."]
    if not errors and (
        GroupRepresentation.objects.active().filter(group=group, organization=organization).exists()
    ):
        errors["organization"] = [f"{organization} already represents {group}."]
    if errors:
        raise ValidationError(errors)
    return save_validated(GroupRepresentation(group=group, organization=organization, how=how))


@transaction.atomic
def representation_archive(*, representation: GroupRepresentation) -> GroupRepresentation:
    """The organization no longer represents the group; the record stays in the history."""
    return archive(representation)
