"""Writes to the charter (A2, A3): versions, their text, status moves, comments, endorsements.

A version moves draft → open for comment → final (and open → back to draft to revise it). Its
text changes only in draft; a final version never changes: a new version, copied from the
latest one, is how the charter is revised, and it asks every member to endorse again.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core import agreements
from accord.core.services import save_validated
from accord.core.versioning import lock
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from ..models import (
    CharterBenefit,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)

Status = CharterVersion.Status

MOVES = agreements.MOVES
MAX_VISION = 5000
MAX_MEANING = 2000
MAX_BENEFITS = 3000
MAX_COMMENT = agreements.MAX_COMMENT
MAX_VALUES = 30


def _refuse_if_archived(partnership: Partnership) -> None:
    agreements.refuse_if_archived(partnership, "charter")


_current_member_ids = agreements.current_member_ids


@transaction.atomic
def charter_version_create(*, partnership: Partnership, created_by=None) -> CharterVersion:
    """Start the next version, copied from the latest one so that people revise, not retype."""
    latest, number = agreements.start_version(CharterVersion, partnership)
    version = save_validated(
        CharterVersion(
            partnership=partnership,
            number=number,
            vision=latest.vision if latest else "",
            based_on=latest,
            created_by=created_by if getattr(created_by, "pk", None) else None,
        )
    )
    if latest is not None:
        for value in latest.values.order_by("position", "pk"):
            CharterValue.objects.create(
                version=version, name=value.name, meaning=value.meaning, position=value.position
            )
        # Benefits are stated for current members only: a partner that left has none to copy.
        members = _current_member_ids(partnership)
        for benefit in latest.benefits.filter(organization_id__in=members):
            CharterBenefit.objects.create(
                version=version, organization_id=benefit.organization_id, benefits=benefit.benefits
            )
    return version


_refuse_unless_draft = agreements.refuse_unless_draft


@transaction.atomic
def charter_version_update(
    *,
    version: CharterVersion,
    vision: str | None = None,
    values: list[dict] | None = None,
    benefits: dict[int, str] | None = None,
) -> CharterVersion:
    """Replace a draft's vision, values (in order) and benefits; None leaves a part as it is.

    `values` items are {"name", "meaning"} and, from the edit page, the "id" of the value they
    change; `benefits` maps a current member organization's id to its text ("" removes it).
    A version held to the revision its editor read (`expect_revision`) is refused once stale.
    """
    given, version = version, lock(version)
    _refuse_if_archived(version.partnership)
    _refuse_unless_draft(version)
    errors: dict[str, list[str]] = {}
    if vision is not None:
        vision = vision.strip()
        if len(vision) > MAX_VISION:
            errors["vision"] = [f"Keep the shared vision under {MAX_VISION} characters."]
    cleaned_values = _clean_values(values, errors) if values is not None else None
    cleaned_benefits = _clean_benefits(version, benefits, errors) if benefits is not None else None
    if errors:
        raise ValidationError(errors)
    changed = False
    if vision is not None and vision != version.vision:
        version.vision = vision
        save_validated(version, update_fields=["vision", "updated_at"])
        changed = True
    if cleaned_values is not None:
        changed |= _replace_values(version, cleaned_values)
    if cleaned_benefits is not None:
        changed |= _replace_benefits(version, cleaned_benefits)
    if changed:
        # The version's revision covers all its text (values and benefits too), so a stale edit
        # page is refused.
        version.touch()
    # Keep the caller's object current, so that a later save of it does not undo this one.
    given.vision, given.updated_at = version.vision, version.updated_at
    given.revision = version.revision
    return version


@transaction.atomic
def charter_values_add(*, version: CharterVersion, values: list[dict]) -> CharterVersion:
    """Add several core values ({"name", "meaning"} each) after a draft's own, all or none.

    The same rules as editing the draft apply; an error names the value as it was sent
    (`values.<index>.<field>`, counted in `values`).
    """
    existing = [
        {"id": value.pk, "name": value.name, "meaning": value.meaning}
        for value in lock(version).values.all()
    ]
    try:
        return charter_version_update(
            version=version, values=[*existing, *({**v, "id": None} for v in values)]
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        offset = len(existing)
        raise ValidationError(
            {_sent_key(key, offset): messages for key, messages in error.message_dict.items()}
        ) from None


def _sent_key(key: str, offset: int) -> str:
    parts = key.split(".")
    if parts[0] == "values" and len(parts) == 3 and int(parts[1]) >= offset:
        parts[1] = str(int(parts[1]) - offset)
    return ".".join(parts)


def _clean_values(values: list[dict], errors: dict) -> list[dict]:
    cleaned, seen = [], {}
    if len(values) > MAX_VALUES:
        errors["values"] = [f"A charter names at most {MAX_VALUES} core values."]
        return []
    for index, item in enumerate(values):
        name = (item.get("name") or "").strip()
        meaning = (item.get("meaning") or "").strip()
        if not name:
            errors[f"values.{index}.name"] = ["Give the value a name."]
        elif len(name) > 200:
            errors[f"values.{index}.name"] = ["Keep the value's name under 200 characters."]
        elif name.casefold() in seen:
            errors[f"values.{index}.name"] = [f"“{name}” is named twice; each value appears once."]
        if not meaning:
            errors[f"values.{index}.meaning"] = [
                f"Say what “{name or 'this value'}” means in practice."
            ]
        elif len(meaning) > MAX_MEANING:
            errors[f"values.{index}.meaning"] = [
                f"Keep what a value means under {MAX_MEANING} characters."
            ]
        seen[name.casefold()] = index
        cleaned.append({"id": item.get("id"), "name": name, "meaning": meaning})
    return cleaned


def _clean_benefits(version: CharterVersion, benefits: dict[int, str], errors: dict) -> dict:
    members = _current_member_ids(version.partnership)
    cleaned = {}
    for organization_id, text in benefits.items():
        if organization_id not in members:
            name = Organization.objects.filter(pk=organization_id).values_list("name", flat=True)
            who = f"{name[0]} is" if name else f"Organization {organization_id} is"
            errors.setdefault("benefits", []).append(
                f"{who} not a current member of this partnership; state benefits for members only."
            )
            continue
        text = (text or "").strip()
        if len(text) > MAX_BENEFITS:
            errors[f"benefits.{organization_id}"] = [
                f"Keep each partner's benefits under {MAX_BENEFITS} characters."
            ]
        cleaned[organization_id] = text
    return cleaned


def _replace_values(version: CharterVersion, items: list[dict]) -> bool:
    """Make the version's values exactly `items`, in order, keeping each value's history."""
    existing = {value.pk: value for value in version.values.all()}
    # Match by id first (the edit page sends them), then by name (the API replaces by name).
    matched: list[CharterValue | None] = []
    taken: set[int] = set()
    for item in items:
        value = existing.get(item["id"]) if item["id"] not in taken else None
        matched.append(value)
        if value is not None:
            taken.add(value.pk)
    by_name = {v.name.casefold(): v for v in existing.values() if v.pk not in taken}
    for index, item in enumerate(items):
        if matched[index] is None:
            matched[index] = by_name.pop(item["name"].casefold(), None)
    plan = list(zip(matched, items, strict=True))
    kept = {value.pk for value, _ in plan if value is not None}
    changed = False
    for pk, value in existing.items():
        if pk not in kept:
            value.delete()
            changed = True
    # Renames that swap names would break the one-name-per-version rule half-way: free the
    # names first.
    new_names = {item["name"] for _, item in plan}
    for value, item in plan:
        if value is not None and value.name != item["name"] and value.name in new_names:
            value.name = f"{value.name} ({value.pk})"
            value.save(update_fields=["name", "updated_at"])
    for position, (value, item) in enumerate(plan):
        fields = {"name": item["name"], "meaning": item["meaning"], "position": position}
        if value is None:
            save_validated(CharterValue(version=version, **fields))
            changed = True
            continue
        updates = [name for name, new in fields.items() if getattr(value, name) != new]
        if updates:
            for name in updates:
                setattr(value, name, fields[name])
            save_validated(value, update_fields=[*updates, "updated_at"])
            changed = True
    return changed


def _replace_benefits(version: CharterVersion, texts: dict[int, str]) -> bool:
    existing = {benefit.organization_id: benefit for benefit in version.benefits.all()}
    changed = False
    for organization_id, text in texts.items():
        benefit = existing.get(organization_id)
        if not text:
            if benefit is not None:
                benefit.delete()
                changed = True
        elif benefit is None:
            save_validated(
                CharterBenefit(version=version, organization_id=organization_id, benefits=text)
            )
            changed = True
        elif benefit.benefits != text:
            benefit.benefits = text
            save_validated(benefit, update_fields=["benefits", "updated_at"])
            changed = True
    return changed


def move_problems(version: CharterVersion, to_status: str) -> dict[str, str]:
    """Why `version` may not move to `to_status`, by field; empty when it may."""
    problems = agreements.status_problems(version, to_status)
    if problems:
        return problems
    problems = {}
    if to_status in (Status.OPEN, Status.FINAL):
        if not version.vision.strip():
            problems["vision"] = "Write the shared vision first."
        if not version.values.exists():
            problems["values"] = "Name at least one core value and what it means in practice."
    if to_status == Status.FINAL:
        stated = set(version.benefits.values_list("organization_id", flat=True))
        missing = (
            version.partnership.memberships.current()
            .exclude(organization_id__in=stated)
            .select_related("organization")
            .order_by("organization__name")
        )
        names = [membership.organization.name for membership in missing]
        if names:
            problems["benefits"] = "State the benefits for every member organization: missing for "
            problems["benefits"] += ", ".join(names) + "."
    return problems


@transaction.atomic
def charter_version_move(*, version: CharterVersion, to_status: str) -> CharterVersion:
    """Open a draft for comment, take it back to draft, or make it final (A2, A3)."""
    return agreements.move(version, to_status, move_problems)


person_of = agreements.person_of
NO_PERSON = agreements.NO_PERSON


@transaction.atomic
def charter_comment_add(*, version: CharterVersion, person: Person | None, body: str):
    """A comment on a version open for comment, by a person taking part (A2)."""
    return agreements.comment_add(version, person, body)


def latest_final(partnership: Partnership) -> CharterVersion | None:
    return agreements.latest_final(CharterVersion, partnership)


AlreadyEndorsed = agreements.AlreadyEndorsed
already_endorsed = agreements.already_endorsed


@transaction.atomic
def charter_endorse(
    *, version: CharterVersion, person: Person | None, note: str = ""
) -> CharterEndorsement:
    """Endorse one exact final version for the person's own organization (A3)."""
    return agreements.endorse(version, person, note)


__all__ = [
    "MOVES",
    "AlreadyEndorsed",
    "charter_comment_add",
    "charter_endorse",
    "charter_version_create",
    "charter_version_move",
    "charter_version_update",
    "move_problems",
    "person_of",
]
