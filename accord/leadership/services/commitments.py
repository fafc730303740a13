"""Writes for leaders' learning (L1, L2) and their commitments to the shared vision (L3).

Who may write: anyone whose role grants CONTRIBUTE logs their own learning and commitments. The
practice is for leaders, but a partnership's leaders are not only its "leader" role holders:
project directors and contributors who lead its programs learn and commit too, and one
permission keeps the rule the same as for every other record. A steward (MANAGE_ROLES) may log
for someone else who holds a role in the partnership, e.g. from a leader's e-mail. A record is
changed afterwards by its own person or a steward. The organization is always the person's own,
set here, so that each organization's record is the sum of its own people's.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accord.core.services import save_validated
from accord.directory.models import Person
from accord.partnerships.models import Partnership, PartnershipRole

from ..models import Commitment, LearningActivity

MAX_TOPICS = 20
MAX_TOPIC_LENGTH = 100
# A learning activity has one date, and one day has 24 hours: a course over several days is
# logged day by day. The limit holds for all of a person's activities on one date together.
MAX_HOURS = Decimal("24")
MAX_TEXT = 5000

NO_PERSON = (
    "Your account is not linked to a person in the directory, so Accord cannot tell whose "
    "record this is. Ask a platform administrator to link your account to your directory entry."
)
ARCHIVED = "This partnership is archived; its records no longer change."


def person_of(user) -> Person | None:
    """The directory person a user speaks as, if any (archived people speak no more)."""
    person = getattr(user, "person", None) if user is not None else None
    return person if person is not None and not person.is_archived else None


def people_taking_part(partnership: Partnership):
    """People holding a current role in the partnership: whom a steward may log for."""
    holders = PartnershipRole.objects.filter(
        partnership=partnership, archived_at__isnull=True
    ).values("person_id")
    return (
        Person.objects.filter(pk__in=holders, archived_at__isnull=True)
        .select_related("organization")
        .order_by("name", "pk")
    )


def _check_person(partnership: Partnership, person: Person | None) -> None:
    if person is None:
        raise ValidationError({"person": NO_PERSON})
    if person.is_archived:
        raise ValidationError({"person": f"{person} is archived and logs nothing more."})
    if not people_taking_part(partnership).filter(pk=person.pk).exists():
        raise ValidationError({"person": f"{person} holds no role in this partnership."})
    if person.organization_id is None:
        raise ValidationError(
            {
                "person": f"{person} belongs to no organization; each record counts for an "
                "organization. Add the organization to their directory entry first."
            }
        )


def _refuse_if_archived(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def clean_topics(topics) -> list[str]:
    """One topic per line (or a list): trimmed, blank lines dropped, repeats removed."""
    if topics is None:
        return []
    items = topics.splitlines() if isinstance(topics, str) else list(topics)
    cleaned, seen = [], set()
    for item in items:
        topic = " ".join(str(item).split())
        if not topic or topic.casefold() in seen:
            continue
        if len(topic) > MAX_TOPIC_LENGTH:
            raise ValidationError(
                {"topics": f"Keep each topic under {MAX_TOPIC_LENGTH} characters: “{topic[:40]}…”."}
            )
        seen.add(topic.casefold())
        cleaned.append(topic)
    if len(cleaned) > MAX_TOPICS:
        raise ValidationError(
            {"topics": f"Name at most {MAX_TOPICS} topics; this activity has {len(cleaned)}."}
        )
    return cleaned


def _text(value, field: str, errors: dict, *, required: str = "", limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [required]
    elif len(value) > limit:
        errors[field] = [f"Keep this under {limit} characters."]
    return value


def _number(value, field: str, errors: dict) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors[field] = ["Enter a number."]
        return None
    if not number.is_finite():
        errors[field] = ["Enter a number."]
        return None
    return number


def _learning_fields(values: dict) -> dict:
    """Check and tidy the fields of a learning activity; raise naming every wrong field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    if "title" in values:
        cleaned["title"] = _text(
            values["title"], "title", errors, required="Give the activity a title.", limit=200
        )
    if "provider" in values:
        cleaned["provider"] = _text(values["provider"], "provider", errors, limit=200)
    if "notes" in values:
        cleaned["notes"] = _text(values["notes"], "notes", errors)
    if "completed_on" in values:
        if not isinstance(values["completed_on"], date):
            errors["completed_on"] = ["Give the date of the activity."]
        elif values["completed_on"] > timezone.localdate():
            errors["completed_on"] = [
                "This date is in the future: log an activity once it has taken place."
            ]
        cleaned["completed_on"] = values["completed_on"]
    if "hours" in values:
        hours = _number(values["hours"], "hours", errors)
        if hours is None and "hours" not in errors:
            errors["hours"] = ["Give the hours the activity took."]
        elif hours is not None and hours <= 0:
            errors["hours"] = ["Hours must be more than zero."]
        elif hours is not None and hours > MAX_HOURS:
            errors["hours"] = [
                f"A day has {MAX_HOURS} hours: log at most {MAX_HOURS} hours for one date, and a "
                "course over several days day by day."
            ]
        cleaned["hours"] = hours
    if "topics" in values:
        try:
            cleaned["topics"] = clean_topics(values["topics"])
        except ValidationError as error:
            errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_more_than_a_day(activity: LearningActivity) -> None:
    """Refuse when the person's activities on the activity's date would exceed 24 hours."""
    # One person's logs wait for each other, so two at once cannot pass the limit together.
    Person.objects.select_for_update().filter(pk=activity.person_id).exists()
    others = (
        LearningActivity.objects.filter(
            partnership_id=activity.partnership_id,
            person_id=activity.person_id,
            completed_on=activity.completed_on,
        )
        .exclude(pk=activity.pk)
        .aggregate(total=Sum("hours"))["total"]
    ) or Decimal(0)
    if others + activity.hours > MAX_HOURS:
        raise ValidationError(
            {
                "hours": f"{activity.person} already has {others.normalize():f} hours of learning "
                f"logged on {activity.completed_on:%-d %B %Y}; a day has {MAX_HOURS} hours."
            }
        )


@transaction.atomic
def learning_log(
    *,
    partnership: Partnership,
    person: Person | None,
    title: str,
    completed_on: date,
    hours,
    provider: str = "",
    topics=(),
    notes: str = "",
) -> LearningActivity:
    """Log a learning activity of `person`, counted for their own organization (L1, L2)."""
    _refuse_if_archived(partnership)
    _check_person(partnership, person)
    fields = _learning_fields(
        {
            "title": title,
            "provider": provider,
            "completed_on": completed_on,
            "hours": hours,
            "topics": topics,
            "notes": notes,
        }
    )
    activity = LearningActivity(
        partnership=partnership, person=person, organization_id=person.organization_id, **fields
    )
    _refuse_more_than_a_day(activity)
    return save_validated(activity)


LEARNING_FIELDS = ("title", "provider", "completed_on", "hours", "topics", "notes")


@transaction.atomic
def learning_update(*, activity: LearningActivity, **changes) -> LearningActivity:
    """Change a learning activity's details; its person and organization stay."""
    unknown = set(changes) - set(LEARNING_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    _refuse_if_archived(activity.partnership)
    fields = _learning_fields(changes)
    changed = [name for name, value in fields.items() if getattr(activity, name) != value]
    for name in changed:
        setattr(activity, name, fields[name])
    if {"hours", "completed_on"} & set(changed):
        _refuse_more_than_a_day(activity)
    if changed:
        save_validated(activity, update_fields=[*changed, "updated_at"])
    return activity


def _commitment_fields(values: dict, current: Commitment | None = None) -> dict:
    """Check and tidy a commitment's fields (merged over `current`); raise naming each field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    if "kind" in values:
        if values["kind"] not in Commitment.Kind.values:
            errors["kind"] = ["Choose time, effort or resources."]
        cleaned["kind"] = values["kind"]
    if "status" in values:
        if values["status"] not in Commitment.Status.values:
            errors["status"] = ["Choose planned, in progress, kept or not kept."]
        cleaned["status"] = values["status"]
    if "description" in values:
        cleaned["description"] = _text(
            values["description"],
            "description",
            errors,
            required="Say what is committed: the time, effort or resources, and for what.",
        )
    if "unit" in values:
        cleaned["unit"] = " ".join((values["unit"] or "").split())
        if len(cleaned["unit"]) > 40:
            errors["unit"] = ["Keep the unit under 40 characters, e.g. hours or US dollars."]
    if "amount" in values:
        amount = _number(values["amount"], "amount", errors)
        if amount is not None and amount <= 0:
            errors["amount"] = ["The amount must be more than zero; leave it empty for none."]
        cleaned["amount"] = amount
    for name in ("starts_on", "ends_on"):
        if name in values:
            value = values[name]
            if value is not None and not isinstance(value, date):
                errors[name] = ["Enter a date."]
            cleaned[name] = value
    if "starts_on" in cleaned and cleaned["starts_on"] is None and "starts_on" not in errors:
        errors["starts_on"] = ["Give the date the commitment starts."]

    def merged(name):
        return cleaned[name] if name in cleaned else getattr(current, name, None)

    amount, unit = merged("amount"), merged("unit") or ""
    if "amount" not in errors and "unit" not in errors:
        if amount is not None and not unit:
            errors["unit"] = ["Say what the amount counts, for example hours or US dollars."]
        elif unit and amount is None:
            errors["amount"] = ["Give the amount for this unit, or leave the unit empty."]
    starts, ends = merged("starts_on"), merged("ends_on")
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
        errors["ends_on"] = ["The end date cannot be before the start date."]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def commitment_create(
    *,
    partnership: Partnership,
    person: Person | None,
    kind: str,
    description: str,
    starts_on: date,
    ends_on: date | None = None,
    amount=None,
    unit: str = "",
    status: str = Commitment.Status.PLANNED,
) -> Commitment:
    """Record time, effort or resources `person` commits to the shared vision (L3)."""
    _refuse_if_archived(partnership)
    _check_person(partnership, person)
    fields = _commitment_fields(
        {
            "kind": kind,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "amount": amount,
            "unit": unit,
            "status": status,
        }
    )
    commitment = Commitment(
        partnership=partnership, person=person, organization_id=person.organization_id, **fields
    )
    return save_validated(commitment)


COMMITMENT_FIELDS = ("kind", "description", "amount", "unit", "starts_on", "ends_on", "status")


@transaction.atomic
def commitment_update(*, commitment: Commitment, **changes) -> Commitment:
    """Change a commitment (its status too); its person and organization stay."""
    unknown = set(changes) - set(COMMITMENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    _refuse_if_archived(commitment.partnership)
    fields = _commitment_fields(changes, current=commitment)
    changed = [name for name, value in fields.items() if getattr(commitment, name) != value]
    for name in changed:
        setattr(commitment, name, fields[name])
    if changed:
        save_validated(commitment, update_fields=[*changed, "updated_at"])
    return commitment


def commitment_set_status(*, commitment: Commitment, status: str) -> Commitment:
    """Record how a commitment stands: planned, in progress, kept or not kept (L3)."""
    return commitment_update(commitment=commitment, status=status)
