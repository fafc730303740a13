"""Writes to the directory: organizations and people (one transaction each, validated in full)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.services import apply_changes, archive, save_validated

from .models import Organization, Person

ORGANIZATION_FIELDS = frozenset(
    {
        "name",
        "kind",
        "subtype",
        "mission",
        "vision",
        "values_statement",
        "jedi_practices",
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
) -> Organization:
    """Add an organization to the directory."""
    organization = Organization(
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
        )
    )
    _check_organization(organization)
    return save_validated(organization)


@transaction.atomic
def organization_update(*, organization: Organization, **changes) -> Organization:
    """Change an organization's details; only the fields that differ are saved (and audited)."""
    _check_fields(changes, ORGANIZATION_FIELDS)
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


@transaction.atomic
def person_create(
    *,
    name: str,
    email: str,
    organization: Organization | None = None,
    title: str = "",
    level: str = Person.Level.STAFF,
    user=None,
) -> Person:
    """Add a person to the directory; the e-mail address is kept in lower case."""
    values = {"name": name, "email": email, "title": title, "level": level}
    person = Person(**_normalize_person(values), organization=organization, user=user)
    _check_person(person, set(PERSON_FIELDS))
    return save_validated(person)


@transaction.atomic
def person_update(*, person: Person, **changes) -> Person:
    """Change a person's details; only the fields that differ are saved (and audited)."""
    _check_fields(changes, PERSON_FIELDS)
    changed = apply_changes(person, _normalize_person(changes))
    if changed:
        _check_person(person, set(changed))
        save_validated(person, update_fields=[*changed, "updated_at"])
    return person


@transaction.atomic
def person_archive(*, person: Person) -> Person:
    """Archive a person: they leave working lists and form choices, their history stays."""
    return archive(person)
