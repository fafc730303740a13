"""Writes to the charter (A2, A3): versions, their text, status moves, comments, endorsements.

A version moves draft → open for comment → final (and open → back to draft to revise it). Its
text changes only in draft; a final version never changes: a new version, copied from the
latest one, is how the charter is revised, and it asks every member to endorse again.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accord.core.access import Perm, roles_with
from accord.core.services import save_validated
from accord.core.versioning import lock
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership, PartnershipRole

from ..models import (
    CharterBenefit,
    CharterComment,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)

Status = CharterVersion.Status

# Which moves a version may make; a final version is the record and never moves again.
MOVES = {
    Status.DRAFT: (Status.OPEN,),
    Status.OPEN: (Status.DRAFT, Status.FINAL),
    Status.FINAL: (),
}
MAX_VISION = 5000
MAX_MEANING = 2000
MAX_BENEFITS = 3000
MAX_COMMENT = 5000
MAX_VALUES = 30


def _refuse_if_archived(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError("This partnership is archived; its charter can no longer change.")


def _current_member_ids(partnership: Partnership) -> set[int]:
    return set(partnership.memberships.current().values_list("organization_id", flat=True))


@transaction.atomic
def charter_version_create(*, partnership: Partnership, created_by=None) -> CharterVersion:
    """Start the next version, copied from the latest one so that people revise, not retype."""
    _refuse_if_archived(partnership)
    # Lock the partnership so that two people starting a version at once get numbers in turn.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    versions = CharterVersion.objects.filter(partnership=partnership)
    working = versions.exclude(status=Status.FINAL).first()
    if working is not None:
        raise ValidationError(
            {
                "status": f"Version {working.number} is still "
                f"{working.get_status_display().lower()}: finish it before starting another."
            }
        )
    latest = versions.order_by("-number").first()
    number = (versions.aggregate(top=Max("number"))["top"] or 0) + 1
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


def _refuse_unless_draft(version: CharterVersion) -> None:
    if version.status != Status.DRAFT:
        what = (
            "is final and is never edited; start a new version instead"
            if version.is_final
            else "is open for comment; move it back to draft to edit it"
        )
        raise ValidationError({"status": f"Version {version.number} {what}."})


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
    if to_status not in Status.values:
        return {"to": f"“{to_status}” is not a status: choose draft, open or final."}
    if to_status == version.status:
        return {"to": f"Version {version.number} is already {version.get_status_display()}."}
    if to_status not in MOVES[Status(version.status)]:
        if version.is_final:
            reason = "is final and is never changed; start a new version instead"
        else:
            reason = "must be open for comment before it becomes final"
        return {"to": f"Version {version.number} {reason}."}
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
    locked = lock(version)
    _refuse_if_archived(locked.partnership)
    problems = move_problems(locked, to_status)
    if problems:
        raise ValidationError(problems)
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Status.OPEN:
        locked.opened_at = timezone.now()
        fields.append("opened_at")
    elif to_status == Status.FINAL:
        locked.finalized_at = timezone.now()
        fields.append("finalized_at")
    save_validated(locked, update_fields=fields)
    for field in ("status", "opened_at", "finalized_at", "updated_at", "revision"):
        setattr(version, field, getattr(locked, field))
    return version


def person_of(user) -> Person | None:
    """The directory person a user speaks as, if any (archived people speak no more)."""
    person = getattr(user, "person", None) if user is not None else None
    return person if person is not None and not person.is_archived else None


NO_PERSON = (
    "Your account is not linked to a person in the directory, so Accord cannot show who is "
    "speaking. Ask a platform administrator to link your account to your directory entry."
)


@transaction.atomic
def charter_comment_add(*, version: CharterVersion, person: Person | None, body: str):
    """A comment on a version open for comment, by a person taking part (A2)."""
    if person is None or person.is_archived:
        raise ValidationError({"person": NO_PERSON})
    _refuse_if_archived(version.partnership)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write your comment first."})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": f"Keep a comment under {MAX_COMMENT} characters."})
    version = lock(version)
    if version.status != Status.OPEN:
        raise ValidationError(
            {
                "version": f"Version {version.number} is {version.get_status_display().lower()}: "
                "comments are taken only while a version is open for comment."
            }
        )
    return save_validated(CharterComment(version=version, person=person, body=body))


def latest_final(partnership: Partnership) -> CharterVersion | None:
    return (
        CharterVersion.objects.filter(partnership=partnership, status=Status.FINAL)
        .order_by("-number")
        .first()
    )


class AlreadyEndorsed(ValidationError):
    """The organization has endorsed this version already: nothing to do, and no error page."""


@transaction.atomic
def charter_endorse(
    *, version: CharterVersion, person: Person | None, note: str = ""
) -> CharterEndorsement:
    """Endorse one exact final version for the person's own organization (A3).

    Only a leader or project director of the partnership may, for an organization that is a
    current member, and only the latest final version: an older one no longer speaks for anyone.
    """
    if person is None or person.is_archived:
        raise ValidationError({"person": NO_PERSON})
    partnership = version.partnership
    _refuse_if_archived(partnership)
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    version.refresh_from_db(fields=["status"])
    if not version.is_final:
        raise ValidationError(
            {
                "version": f"Version {version.number} is {version.get_status_display().lower()}. "
                "Only a final version can be endorsed."
            }
        )
    newest = latest_final(partnership)
    if newest is not None and newest.pk != version.pk:
        raise ValidationError(
            {
                "version": f"Version {version.number} has been replaced by version "
                f"{newest.number}; endorse version {newest.number} instead."
            }
        )
    speaks = PartnershipRole.objects.filter(
        partnership=partnership,
        person=person,
        archived_at__isnull=True,
        role__in=roles_with(Perm.ENDORSE),
    )
    if not speaks.exists():
        raise ValidationError(
            {
                "person": "Only a leader or project director of a member organization may endorse "
                "the charter for it."
            }
        )
    if person.organization_id is None or person.organization_id not in _current_member_ids(
        partnership
    ):
        where = person.organization.name if person.organization_id else "No organization"
        raise ValidationError(
            {
                "organization": f"{where} is not a current member of this partnership, so it "
                "cannot endorse the charter."
            }
        )
    previous = (
        CharterEndorsement.objects.filter(version=version, organization_id=person.organization_id)
        .select_related("person")
        .first()
    )
    if previous is not None:
        raise AlreadyEndorsed({"organization": already_endorsed(previous, version)})
    endorsement = CharterEndorsement(
        version=version, organization_id=person.organization_id, person=person, note=note.strip()
    )
    endorsement.full_clean()
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError as exc:  # a second click that raced the first
        raise AlreadyEndorsed(
            {"organization": "Your organization has already endorsed this version."}
        ) from exc
    return endorsement


def already_endorsed(endorsement: CharterEndorsement, version: CharterVersion) -> str:
    when = timezone.localtime(endorsement.created_at).strftime("%-d %b %Y")
    return (
        f"Your organization already endorsed version {version.number}: {endorsement.person} "
        f"did on {when}. Nothing more to do."
    )


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
