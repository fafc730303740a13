"""Writes of engagements (R4, R5): an engagement, its attendees and action items, a partnership's
rhythm of meeting and a person's calendar feed.

Every write is one transaction, validated in full, naming the field at fault; history records who
made it (the request's user, or `acting_as`).
"""

import hashlib
import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.services import apply_changes, archive, save_validated
from accord.directory.models import Organization, Person, StakeholderGroup
from accord.partnerships.models import Membership, Partnership, PartnershipRole

from .models_engagements import (
    ActionItem,
    CalendarFeed,
    Engagement,
    EngagementAttendee,
    EngagementGroup,
    EngagementRhythm,
)
from .services import ARCHIVED

MAX_TEXT = 20000
MAX_RHYTHM_DAYS = 3650
ENGAGEMENT_FIELDS = (
    "title",
    "kind",
    "level",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "link",
    "agenda",
    "notes",
)


def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _check_groups(groups) -> list[StakeholderGroup]:
    groups = list(groups or [])
    if any(group is None or group.is_archived for group in groups):
        raise ValidationError({"groups": "Choose stakeholder groups from the directory."})
    return groups


REQUIRED = {
    "title": "Give the engagement a title.",
    "kind": "Choose the kind of engagement.",
    "level": "Choose the participation level.",
    "starts_at": "Give the start with its time zone.",
    "time_zone": "Name a time zone such as “America/Chicago” or “UTC”.",
}


def _check_text(values: dict) -> None:
    errors = {name: REQUIRED[name] for name in REQUIRED if name in values and not values[name]}
    for name in ("agenda", "notes"):
        if len(values.get(name) or "") > MAX_TEXT:
            errors[name] = f"Keep the {name} under {MAX_TEXT} characters."
    for name in ("starts_at", "ends_at"):
        value = values.get(name)
        if isinstance(value, datetime) and timezone.is_naive(value):
            errors[name] = "Give the time with its time zone."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def engagement_create(
    *, partnership: Partnership, groups=(), created_by=None, **values
) -> Engagement:
    """Record an engagement of the partnership (R4, R5), with the stakeholder groups present."""
    _live(partnership)
    _check_text(values)
    groups = _check_groups(groups)
    engagement = Engagement(partnership=partnership, created_by=created_by)
    for name, value in values.items():
        if name not in ENGAGEMENT_FIELDS:
            raise TypeError(name)
        setattr(engagement, name, "" if value is None and name != "ends_at" else value)
    save_validated(engagement)
    _set_groups(engagement, groups)
    return engagement


@transaction.atomic
def engagement_update(*, engagement: Engagement, groups=None, **changes) -> Engagement:
    """Change an engagement's details (and, when given, its groups present)."""
    _live(engagement.partnership)
    _check_text(changes)
    for name in changes:
        if name not in ENGAGEMENT_FIELDS:
            raise TypeError(name)
    changes = {
        name: ("" if value is None and name != "ends_at" else value)
        for name, value in changes.items()
    }
    if apply_changes(engagement, changes):
        save_validated(engagement)
    if groups is not None:
        _set_groups(engagement, _check_groups(groups))
    return engagement


def _set_groups(engagement: Engagement, groups: list[StakeholderGroup]) -> None:
    """The groups present become `groups`: one row each, added and removed with history."""
    wanted = {group.pk for group in groups}
    for link in EngagementGroup.objects.filter(engagement=engagement):
        if link.group_id not in wanted:
            link.delete()
        wanted.discard(link.group_id)
    for group in groups:
        if group.pk in wanted:
            save_validated(EngagementGroup(engagement=engagement, group=group))
            wanted.discard(group.pk)


@transaction.atomic
def engagement_archive(*, engagement: Engagement) -> Engagement:
    """An engagement recorded by mistake leaves the lists; its history stays."""
    _live(engagement.partnership)
    return archive(engagement)


def _members(partnership: Partnership):
    """Organizations that are or were members of the partnership."""
    return Membership.objects.filter(partnership=partnership, archived_at__isnull=True).values(
        "organization"
    )


@transaction.atomic
def attendee_add(
    *,
    engagement: Engagement,
    organization: Organization | None = None,
    person: Person | None = None,
    name: str = "",
    level: str = "",
) -> EngagementAttendee:
    """Someone took part: a person in Accord, or someone outside it by name, for a member
    organization of the partnership, at a level."""
    _live(engagement.partnership)
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if person is not None:
        if person.is_archived:
            errors["person"] = "Choose a person in the directory."
        elif organization is None:
            organization = person.organization
        elif person.organization_id != organization.pk:
            errors["person"] = f"{person.name} is not at {organization.name}."
        level = level or person.level
    elif not name:
        errors["name"] = "Choose a person in Accord or give the name of someone outside it."
    if organization is None:
        errors.setdefault("organization", "Choose the member organization the person came for.")
    elif not _members(engagement.partnership).filter(organization=organization).exists():
        errors["organization"] = f"{organization.name} is not a member of this partnership."
    if errors:
        raise ValidationError(errors)
    return save_validated(
        EngagementAttendee(
            engagement=engagement,
            organization=organization,
            person=person,
            name="" if person is not None else name,
            level=level or Person.Level.STAFF,
        )
    )


@transaction.atomic
def attendee_remove(*, attendee: EngagementAttendee) -> None:
    _live(attendee.engagement.partnership)
    attendee.delete()


def people_taking_part(partnership: Partnership):
    """People holding a current role in the partnership: who may own an action item."""
    holders = PartnershipRole.objects.filter(
        partnership=partnership, archived_at__isnull=True
    ).values("person_id")
    return Person.objects.filter(pk__in=holders, archived_at__isnull=True).order_by("name", "pk")


def _check_owner(partnership: Partnership, owner: Person | None) -> None:
    if owner is None or not people_taking_part(partnership).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose a person who holds a role in this partnership."})


@transaction.atomic
def action_item_add(
    *, engagement: Engagement, title: str, owner: Person | None, due_on: date | None
) -> ActionItem:
    """An action item the engagement left, which reaches its owner's "waiting for me" list."""
    _live(engagement.partnership)
    if engagement.is_archived:
        raise ValidationError("This engagement is archived.")
    _check_owner(engagement.partnership, owner)
    return save_validated(
        ActionItem(engagement=engagement, title=(title or "").strip(), owner=owner, due_on=due_on)
    )


@transaction.atomic
def action_item_update(*, item: ActionItem, **changes) -> ActionItem:
    """Change an action item: its status (done, dropped, open again), title, owner or due date."""
    _live(item.engagement.partnership)
    if "owner" in changes:
        _check_owner(item.engagement.partnership, changes["owner"])
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if apply_changes(item, changes):
        save_validated(item)
    return item


@transaction.atomic
def rhythm_set(
    *, partnership: Partnership, days: int, rhythm: EngagementRhythm | None = None
) -> EngagementRhythm:
    """How often each pair of member organizations should meet, in days (R4). `rhythm` is the
    stored setting as the person read it (held to its revision), if they read one."""
    _live(partnership)
    if not isinstance(days, int) or not 1 <= days <= MAX_RHYTHM_DAYS:
        raise ValidationError({"days": f"Give a number of days from 1 to {MAX_RHYTHM_DAYS}."})
    if rhythm is None or rhythm._state.adding:
        rhythm = EngagementRhythm.objects.filter(partnership=partnership).first()
    if rhythm is None:
        return save_validated(EngagementRhythm(partnership=partnership, days=days))
    if rhythm.days != days:
        rhythm.days = days
        save_validated(rhythm)
    return rhythm


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user) -> str:
    """A new private feed secret for `user` (any earlier one stops working); returned once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    save_validated(CalendarFeed(user=user, token_hash=token_hash(token)))
    return token


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    """The feed's URL stops working. True when there was one."""
    feeds = list(CalendarFeed.objects.filter(user=user))
    for feed in feeds:
        feed.delete()
    return bool(feeds)
