"""Writes for planning and design bodies, their seats and meetings (R2).

A seat is held by someone who holds a role in the body's partnership and speaks for a member
organization and, optionally, one of the partnership's affected groups. A meeting is recorded in
one write with the attendance of every seat current that day and the contributions made.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accord.core.services import apply_changes, save_validated
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, PartnershipRole

from .models import AffectedGroup, Attendance, Body, BodyMeeting, Contribution, Seat
from .services import ARCHIVED

MAX_TEXT = 5000


def _refuse_if_archived(partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _text(value, field: str, errors: dict, *, limit: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [required]
    elif len(value) > limit:
        errors[field] = [f"Keep this under {limit} characters."]
    return value


@transaction.atomic
def body_create(*, partnership, name: str, kind: str = Body.Kind.COMMITTEE, purpose: str = ""):
    """Set up a committee or working group of the partnership (R2)."""
    _refuse_if_archived(partnership)
    errors: dict = {}
    name = _text(name, "name", errors, limit=200, required="Give the body a name.")
    purpose = _text(purpose, "purpose", errors, limit=MAX_TEXT)
    if kind not in Body.Kind.values:
        errors["kind"] = ["Choose committee or working group."]
    if errors:
        raise ValidationError(errors)
    return save_validated(Body(partnership=partnership, name=name, kind=kind, purpose=purpose))


@transaction.atomic
def body_update(*, body: Body, **changes) -> Body:
    """Change a body's name, kind or purpose."""
    unknown = sorted(set(changes) - {"name", "kind", "purpose"})
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    _refuse_if_archived(body.partnership)
    errors: dict = {}
    if "name" in changes:
        changes["name"] = _text(
            changes["name"], "name", errors, limit=200, required="Give the body a name."
        )
    if "purpose" in changes:
        changes["purpose"] = _text(changes["purpose"], "purpose", errors, limit=MAX_TEXT)
    if "kind" in changes and changes["kind"] not in Body.Kind.values:
        errors["kind"] = ["Choose committee or working group."]
    if errors:
        raise ValidationError(errors)
    changed = apply_changes(body, changes)
    if changed:
        save_validated(body, update_fields=[*changed, "updated_at"])
    return body


def seat_candidates(partnership):
    """People who hold a current role in the partnership: who may hold a seat."""
    holders = PartnershipRole.objects.filter(partnership=partnership, archived_at__isnull=True)
    return (
        Person.objects.filter(pk__in=holders.values("person_id"), archived_at__isnull=True)
        .select_related("organization")
        .order_by("name", "pk")
    )


@transaction.atomic
def seat_add(
    *,
    body: Body,
    person: Person | None,
    since: date | None,
    votes: bool = True,
    group=None,
    organization: Organization | None = None,
    until: date | None = None,
) -> Seat:
    """Seat `person` on `body`, speaking for `organization` (their own by default) and `group`."""
    partnership = body.partnership
    _refuse_if_archived(partnership)
    errors: dict = {}
    if body.is_archived:
        errors["body"] = ["This body is archived."]
    if person is None or not seat_candidates(partnership).filter(pk=person.pk).exists():
        errors["person"] = [
            "Choose someone who holds a role in this partnership; a seat is for a person taking "
            "part in it."
        ]
    organization = organization or (person.organization if person is not None else None)
    members = Membership.objects.current().filter(partnership=partnership)
    if organization is None or not members.filter(organization=organization).exists():
        errors["organization"] = ["Choose a current member organization the seat speaks for."]
    if group is not None and not (
        AffectedGroup.objects.active().filter(partnership=partnership, group=group).exists()
    ):
        errors["group"] = [
            "Choose a group this partnership names as affected (on its Stakeholders page), or none."
        ]
    if not isinstance(since, date):
        errors["since"] = ["Give the date the seat starts."]
    elif until is not None and until < since:
        errors["until"] = ["The end date cannot be before the start date."]
    if errors:
        raise ValidationError(errors)
    seat = Seat(
        body=body,
        person=person,
        organization=organization,
        group=group,
        votes=votes,
        since=since,
        until=until,
    )
    return save_validated(seat)


@transaction.atomic
def seat_end(*, seat: Seat, until: date | None) -> Seat:
    """End a seat on `until` (its holder leaves the body); the record stays."""
    _refuse_if_archived(seat.body.partnership)
    if not isinstance(until, date):
        raise ValidationError({"until": "Give the date the seat ends."})
    if until < seat.since:
        raise ValidationError({"until": "The end date cannot be before the start date."})
    seat.until = until
    return save_validated(seat, update_fields=["until", "updated_at"])


def seats_on(body: Body, day: date):
    """The seats of `body` current on `day`."""
    return body.seats.filter(Q(until__isnull=True) | Q(until__gte=day), since__lte=day)


@dataclass(frozen=True)
class ContributionEntry:
    seat_id: int
    kind: str
    note: str = ""


@transaction.atomic
def meeting_record(
    *,
    body: Body,
    held_on: date | None,
    present: set[int] | list[int],
    contributions: list[ContributionEntry] = (),
    title: str = "",
) -> BodyMeeting:
    """Record a meeting of `body`: every seat current that day is present or absent, and the
    contributions made (R2). All or nothing."""
    _refuse_if_archived(body.partnership)
    errors: dict = {}
    title = _text(title, "title", errors, limit=200)
    if not isinstance(held_on, date):
        errors["held_on"] = ["Give the date of the meeting."]
    if body.is_archived:
        errors["body"] = ["This body is archived."]
    if errors:
        raise ValidationError(errors)
    seats = {seat.pk: seat for seat in seats_on(body, held_on)}
    present = set(present)
    if unknown := sorted(present - set(seats)):
        errors["present"] = [
            f"Seat(s) {', '.join(map(str, unknown))} are not seats of this body on that date."
        ]
    for entry in contributions:
        if entry.seat_id not in present:
            errors["contributions"] = [
                "A contribution is recorded for a seat whose holder attended the meeting."
            ]
        elif entry.kind not in Contribution.Kind.values:
            errors["contributions"] = ["Choose agenda item, proposal or comment."]
        elif len(entry.note or "") > 500:
            errors["contributions"] = ["Keep each contribution's note under 500 characters."]
    if errors:
        raise ValidationError(errors)
    meeting = save_validated(BodyMeeting(body=body, held_on=held_on, title=title))
    for seat_id in seats:
        save_validated(Attendance(meeting=meeting, seat_id=seat_id, present=seat_id in present))
    for entry in contributions:
        contribution = Contribution(
            meeting=meeting, seat_id=entry.seat_id, kind=entry.kind, note=(entry.note or "").strip()
        )
        save_validated(contribution)
    return meeting
