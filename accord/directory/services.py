"""Writes to the directory: organizations and people (one transaction each, validated in full)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.access import require
from accord.core.services import apply_changes, archive, save_validated
from accord.core.versioning import lock

from .culture import WEEKDAYS, canonical_time_zone
from .models import CultureProfile, Organization, OrganizationPractice, Person

ORGANIZATION_FIELDS = frozenset(
    {
        "name",
        "kind",
        "subtype",
        "mission",
        "vision",
        "values_statement",
        "jedi_practices",
        "values",
        "website",
        "city",
        "region",
        "country",
    }
)
PERSON_FIELDS = frozenset({"name", "email", "organization", "title", "level", "user"})


def _check_fields(changes: dict, allowed: frozenset) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(unknown)}")


def _strip(changes: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}


# The values profile (A1) keeps short, named values; the culture profile (A4) its languages.
MAX_VALUES, MAX_VALUE_LENGTH = 30, 200
MAX_LANGUAGES, MAX_LANGUAGE_LENGTH = 30, 100


def clean_list(items, *, field: str, noun: str, limit: int, max_length: int) -> list[str]:
    """Trim each item, drop empty ones and repeats (in any letter case); refuse too many or long."""
    if not isinstance(items, list | tuple):
        raise ValidationError({field: f"Give the {noun}s as a list."})
    cleaned: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise ValidationError({field: f"Each {noun} must be text."})
        text = item.strip()
        if "\x00" in text:
            raise ValidationError({field: f"A {noun} may not contain null characters."})
        if not text or text.casefold() in seen:
            continue
        if len(text) > max_length:
            raise ValidationError(
                {
                    field: f"Each {noun} may have at most {max_length} characters; "
                    f"“{text[:40]}…” has {len(text)}."
                }
            )
        seen.add(text.casefold())
        cleaned.append(text)
    if len(cleaned) > limit:
        raise ValidationError({field: f"Give at most {limit} {noun}s; there are {len(cleaned)}."})
    return cleaned


def clean_values(values) -> list[str]:
    return clean_list(
        values, field="values", noun="value", limit=MAX_VALUES, max_length=MAX_VALUE_LENGTH
    )


def clean_languages(languages) -> list[str]:
    return clean_list(
        languages,
        field="languages",
        noun="language",
        limit=MAX_LANGUAGES,
        max_length=MAX_LANGUAGE_LENGTH,
    )


# --- Organizations ------------------------------------------------------------------------------
def _check_organization(organization: Organization) -> None:
    # The database only refuses exact duplicates; "ACME" and "Acme" are the same organization.
    duplicate = (
        Organization.objects.filter(name__iexact=organization.name)
        .exclude(pk=organization.pk)
        .first()
    )
    if organization.name and duplicate is not None:
        raise ValidationError(
            {"name": f"An organization named “{duplicate.name}” is already in the directory."}
        )


@transaction.atomic
def organization_create(
    *,
    name: str,
    subtype: str,
    kind: str = Organization.Kind.EXTERNAL,
    mission: str = "",
    vision: str = "",
    values_statement: str = "",
    jedi_practices: str = "",
    website: str = "",
    city: str = "",
    region: str = "",
    country: str = "",
    values: list[str] | None = None,
    created_by=None,
) -> Organization:
    """Add an organization to the directory, recording who added it (`created_by`, a user)."""
    organization = Organization(
        values=clean_values(values or []),
        created_by=created_by,
        **_strip(
            {
                "name": name,
                "kind": kind,
                "subtype": subtype,
                "mission": mission,
                "vision": vision,
                "values_statement": values_statement,
                "jedi_practices": jedi_practices,
                "website": website,
                "city": city,
                "region": region,
                "country": country,
            }
        ),
    )
    _check_organization(organization)
    return save_validated(organization)


@transaction.atomic
def organization_update(*, organization: Organization, **changes) -> Organization:
    """Change an organization's details; only the fields that differ are saved (and audited)."""
    _check_fields(changes, ORGANIZATION_FIELDS)
    if "values" in changes:
        changes["values"] = clean_values(changes["values"])
    changed = apply_changes(organization, _strip(changes))
    if changed:
        if "name" in changed:
            _check_organization(organization)
        save_validated(organization, update_fields=[*changed, "updated_at"])
    return organization


@transaction.atomic
def organization_archive(*, organization: Organization) -> Organization:
    """Archive an organization: it leaves working lists and form choices, its history stays."""
    return archive(organization)


# --- People -------------------------------------------------------------------------------------
def _check_person(person: Person, changed: set[str]) -> None:
    errors = {}
    if "email" in changed and person.email:
        duplicate = Person.objects.filter(email__iexact=person.email).exclude(pk=person.pk)
        if duplicate.exists():
            errors["email"] = "Someone in the directory already has this e-mail address."
    if "user" in changed and person.user_id is not None:
        other = Person.objects.filter(user_id=person.user_id).exclude(pk=person.pk).first()
        if other is not None:
            errors["user"] = f"This user account is already linked to {other.name}."
    # An archived organization keeps its people, but nobody new joins it.
    organization = person.organization
    if "organization" in changed and organization is not None and organization.is_archived:
        errors["organization"] = f"{organization} is archived; choose another."
    if errors:
        raise ValidationError(errors)


def _normalize_person(changes: dict) -> dict:
    changes = _strip(changes)
    if isinstance(changes.get("email"), str):
        changes["email"] = changes["email"].lower()
    return changes


# A person's account, organization and address decide what someone can reach (their roles, their
# organization's culture profile, where an invitation goes): the policy says who changes them.
GUARDED_PERSON_FIELDS = {
    "user": "directory.person.link_account",
    "organization": "directory.person.move",
    "email": "directory.person.change_email",
}


@transaction.atomic
def person_create(
    *,
    by,
    name: str,
    email: str,
    organization: Organization | None = None,
    title: str = "",
    level: str = Person.Level.STAFF,
    user=None,
) -> Person:
    """Add a person to the directory; the e-mail address is kept in lower case.

    `by` is the user who adds them: only a platform administrator links an account.
    """
    if user is not None:
        require(by, GUARDED_PERSON_FIELDS["user"])
    values = {"name": name, "email": email, "title": title, "level": level}
    person = Person(**_normalize_person(values), organization=organization, user=user)
    _check_person(person, set(PERSON_FIELDS))
    return save_validated(person)


@transaction.atomic
def person_update(*, person: Person, by, **changes) -> Person:
    """Change a person's details; only the fields that differ are saved (and audited).

    `by` is the user making the change; the guarded fields are checked against the person as
    stored, before the change.
    """
    _check_fields(changes, PERSON_FIELDS)
    changes = _normalize_person(changes)
    for field, action in GUARDED_PERSON_FIELDS.items():
        if field in changes and getattr(person, field) != changes[field]:
            require(by, action, person)
    changed = apply_changes(person, changes)
    if changed:
        _check_person(person, set(changed))
        save_validated(person, update_fields=[*changed, "updated_at"])
    return person


@transaction.atomic
def person_archive(*, person: Person) -> Person:
    """Archive a person: they leave working lists and form choices, their history stays."""
    return archive(person)


# --- Values profile (A1) ------------------------------------------------------------------------
VALUES_TEXT_FIELDS = frozenset({"mission", "vision", "values_statement", "jedi_practices"})
PRACTICE_FIELDS = ("evidence_url", "note")


def _checked_practices(organization: Organization, practices: list[dict]) -> list[dict]:
    """Each practice validated as a row would be; errors name `practices.<index>.<field>`."""
    errors: dict[str, list[str]] = {}
    rows: list[dict] = []
    seen: set[str] = set()
    for index, item in enumerate(practices):
        row = {
            "practice": item.get("practice", ""),
            **{name: (item.get(name) or "").strip() for name in PRACTICE_FIELDS},
        }
        if row["practice"] in seen:
            errors[f"practices.{index}.practice"] = ["This practice is listed twice."]
            continue
        seen.add(row["practice"])
        try:
            OrganizationPractice(organization=organization, **row).full_clean(
                exclude=["organization"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[f"practices.{index}.{field}"] = messages
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def _replace_practices(organization: Organization, rows: list[dict]) -> bool:
    """Make the organization's practices exactly `rows`, touching only the rows that differ."""
    existing = {p.practice: p for p in organization.practices.all()}
    changed = False
    for row in rows:
        current = existing.pop(row["practice"], None)
        if current is None:
            save_validated(OrganizationPractice(organization=organization, **row))
            changed = True
            continue
        fields = apply_changes(current, {name: row[name] for name in PRACTICE_FIELDS})
        if fields:
            save_validated(current, update_fields=[*fields, "updated_at"])
            changed = True
    for gone in existing.values():
        gone.delete()  # recorded in the practices' history as a removal
        changed = True
    return changed


@transaction.atomic
def organization_values_update(
    *,
    organization: Organization,
    values: list[str] | None = None,
    practices: list[dict] | None = None,
    **texts,
) -> Organization:
    """Save an organization's values profile (A1): its texts, values and JEDI practices checklist.

    `practices` is the whole checklist ({practice, evidence_url, note} each): practices not in
    it are removed. Everything is checked before anything is written.
    """
    _check_fields(texts, VALUES_TEXT_FIELDS)
    # Lock the organization so two people saving the checklist at once cannot collide.
    lock(organization)
    errors: dict[str, list[str]] = {}
    changes = _strip(texts)
    if values is not None:
        try:
            changes["values"] = clean_values(values)
        except ValidationError as error:
            errors.update(error.message_dict)
    rows = None
    if practices is not None:
        try:
            rows = _checked_practices(organization, practices)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    saved_at = organization.revision
    organization_update(organization=organization, **changes)
    changed = rows is not None and _replace_practices(organization, rows)
    if changed and organization.revision == saved_at:
        organization.touch()  # the checklist is part of the values profile
    return organization


# --- Culture profile (A4) -----------------------------------------------------------------------
CULTURE_FIELDS = frozenset(
    {
        "decision_making",
        "communication_preferences",
        "languages",
        "time_zone",
        "working_hours_start",
        "working_days",
        "working_hours_end",
        "holidays_and_calendars",
        "accessibility_needs",
        "notes",
    }
)


def clean_working_days(days) -> list[str]:
    """The days an organization works, by name, in the week's order; at least one."""
    if isinstance(days, str) or not isinstance(days, list | tuple):
        raise ValidationError({"working_days": "Give the working days as a list of day names."})
    names = [str(day).strip().lower() for day in days]
    unknown = [day for day in names if day not in WEEKDAYS]
    if unknown:
        raise ValidationError(
            {"working_days": f"“{unknown[0][:20]}” is not a day; use monday … sunday."}
        )
    if not names:
        raise ValidationError({"working_days": "Choose at least one working day."})
    return [day for day in WEEKDAYS if day in names]


def _check_culture(profile: CultureProfile) -> None:
    """Name the field at fault, which the model's own checks cannot always do."""
    errors = {}
    if profile.time_zone and not canonical_time_zone(profile.time_zone):
        errors["time_zone"] = (
            f"“{profile.time_zone[:64]}” is not a time zone Accord knows. Choose one from the "
            "list, for example America/Chicago."
        )
    start, end = profile.working_hours_start, profile.working_hours_end
    if start is not None and end is None:
        errors["working_hours_end"] = "Give the end of working hours too, or clear the start."
    elif end is not None and start is None:
        errors["working_hours_start"] = "Give the start of working hours too, or clear the end."
    elif start is not None and end is not None and end <= start:
        errors["working_hours_end"] = "Working hours must end after they start."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def culture_profile_save(
    *, organization: Organization, read_revision: int | None = None, **fields
) -> CultureProfile:
    """Create or change an organization's culture profile (A4).

    Only the fields given are set, and only those that differ are saved (and audited).
    `read_revision` is the profile's revision the editor read (0: there was none): a profile
    someone else saved or created since is refused.
    """
    _check_fields(fields, CULTURE_FIELDS)
    fields = _strip(fields)
    if "languages" in fields:
        fields["languages"] = clean_languages(fields["languages"])
    if "working_days" in fields:
        fields["working_days"] = clean_working_days(fields["working_days"])
    if fields.get("time_zone"):
        # An alias (US/Eastern, Asia/Calcutta) is stored as the canonical name it stands for.
        fields["time_zone"] = canonical_time_zone(fields["time_zone"]) or fields["time_zone"]
    # Lock the organization: two first saves at once would otherwise both create a profile.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    profile = CultureProfile.objects.filter(organization=organization).first()
    if read_revision is not None:
        (profile or CultureProfile(organization=organization)).expect_revision(read_revision)
    if profile is None:
        profile = CultureProfile(organization=organization, **fields)
        _check_culture(profile)
        return save_validated(profile)
    changed = apply_changes(profile, fields)
    if changed:
        _check_culture(profile)
        save_validated(profile, update_fields=[*changed, "updated_at"])
    return profile
