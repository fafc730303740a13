"""Writes of the trust and value network (R6): open and close a survey wave, and a member
organization's answer to it.

Every write is one transaction, validated in full before anything is written, naming the field at
fault; history records who made it (the request's user, or `acting_as`).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.core.access import Role
from accord.core.services import save_validated
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, Partnership, PartnershipRole

from .models_trust import (
    ITEMS,
    RATING_FIELDS,
    TrustRating,
    TrustResponse,
    TrustWave,
    TrustWaveMember,
)
from .services import ARCHIVED

RESPONDENT_ROLES = (Role.LEADER, Role.PROJECT_DIRECTOR)
LABELS = dict(ITEMS) | {"intensity": "Intensity of the relationship"}
MAX_WAVE_DAYS = 366


def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def spoken_for(person: Person | None, partnership: Partnership | int) -> set[int]:
    """The organizations `person` answers the survey for in the partnership: those their current
    leader or project director roles speak for (the role's organization, else their own)."""
    if person is None or person.archived_at is not None:
        return set()
    roles = (
        PartnershipRole.objects.filter(
            partnership=partnership,
            person=person,
            archived_at__isnull=True,
            role__in=RESPONDENT_ROLES,
        )
        .annotate(speaks_for=Coalesce("organization_id", "person__organization_id"))
        .filter(speaks_for__isnull=False)
    )
    return set(roles.values_list("speaks_for", flat=True))


@transaction.atomic
def wave_open(
    *,
    partnership: Partnership,
    title: str,
    opens_on: date | None,
    closes_on: date | None,
    opened_by=None,
) -> TrustWave:
    """Open a survey wave for the partnership's current member organizations."""
    _live(partnership)
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Give the wave a title, e.g. “Spring 2026”."
    if opens_on is None:
        errors["opens_on"] = "Give the day the wave opens."
    if closes_on is None:
        errors["closes_on"] = "Give the day the wave closes."
    elif closes_on < timezone.localdate():
        errors["closes_on"] = "The closing day has passed: choose today or a later day."
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = "The wave closes before it opens: choose a later closing day."
    elif opens_on is not None and (closes_on - opens_on).days > MAX_WAVE_DAYS:
        errors["closes_on"] = f"Keep a wave open for at most {MAX_WAVE_DAYS} days."
    members = list(
        Membership.objects.current()
        .filter(partnership=partnership, organization__archived_at__isnull=True)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    if len(members) < 2:
        errors.setdefault(
            "__all__", "A wave needs at least two member organizations to rate each other."
        )
    if errors:
        raise ValidationError(errors)
    wave = save_validated(
        TrustWave(
            partnership=partnership,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            opened_by=opened_by,
        )
    )
    for organization_id in sorted(members):
        save_validated(TrustWaveMember(wave=wave, organization_id=organization_id))
    return wave


@transaction.atomic
def wave_close(*, wave: TrustWave) -> TrustWave:
    """Close a wave now: its answers can no longer change."""
    _live(wave.partnership)
    if wave.status == "closed":
        raise ValidationError({"wave": "This wave is already closed."})
    wave.closed_at = timezone.now()
    return save_validated(wave)


def _check_ratings(wave: TrustWave, organization: Organization, ratings, members) -> list:
    """The ratings as (rated organization, values), or a ValidationError naming each field."""
    errors: dict[str, str] = {}
    checked = []
    seen: set[int] = set()
    if not isinstance(ratings, list | tuple) or not ratings:
        raise ValidationError({"ratings": "Rate at least one other member organization."})
    for index, rating in enumerate(ratings):
        at = f"ratings.{index}"
        rated = rating.get("rated")
        if not isinstance(rated, Organization):
            errors[f"{at}.rated"] = "Choose a member organization of this wave to rate."
        elif rated.pk == organization.pk:
            errors[f"{at}.rated"] = f"{rated.name} does not rate itself: rate the other members."
        elif rated.pk not in members:
            errors[f"{at}.rated"] = f"{rated.name} is not a member organization of this wave."
        elif rated.pk in seen:
            errors[f"{at}.rated"] = f"{rated.name} is rated twice: rate each member once."
        else:
            seen.add(rated.pk)
        values = {}
        for name in RATING_FIELDS:
            value = rating.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
                who = f" of {rated.name}" if isinstance(rated, Organization) else ""
                errors[f"{at}.{name}"] = (
                    f"Rate {LABELS[name].lower()}{who} from 1 to 4."
                    if name != "intensity"
                    else f"Give the intensity of the relationship{who} from 1 (awareness) to 4 "
                    "(integration)."
                )
            values[name] = value
        checked.append((rated, values))
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def response_submit(
    *,
    wave: TrustWave,
    organization: Organization | None,
    respondent: Person | None,
    ratings,
    response: TrustResponse | None = None,
) -> TrustResponse:
    """The organization's answer to the wave: created, or (while the wave is open) replaced by
    these ratings. `ratings` is a list of dicts with `rated` (an Organization) and each of
    RATING_FIELDS (1 to 4). `response` is the stored answer as its respondent read it, held to its
    revision, if they read one. All of it is saved or none."""
    _live(wave.partnership)
    if not wave.is_open():
        if wave.status == "scheduled":
            raise ValidationError({"wave": f"This wave opens on {wave.opens_on:%-d %B %Y}."})
        raise ValidationError({"wave": "This wave is closed: its answers can no longer change."})
    members = set(wave.members.values_list("organization_id", flat=True))
    if organization is None or organization.pk not in members:
        raise ValidationError(
            {"organization": "Answer for a member organization that this wave covers."}
        )
    if organization.pk not in spoken_for(respondent, wave.partnership_id):
        raise ValidationError(
            {
                "organization": f"You do not answer for {organization.name}: only its leader or "
                "project director in this partnership does."
            }
        )
    checked = _check_ratings(wave, organization, ratings, members)
    stored = TrustResponse.objects.filter(wave=wave, organization=organization).first()
    if response is not None and not response._state.adding:
        if stored is None or stored.pk != response.pk:
            raise ValidationError({"organization": "This answer belongs to another organization."})
        stored = response  # held to the revision its respondent read
    if stored is None:
        stored = save_validated(
            TrustResponse(wave=wave, organization=organization, respondent=respondent)
        )
    else:
        stored.respondent = respondent
        save_validated(stored)  # a new revision for every change of the answer
    _set_ratings(stored, checked)
    return stored


def _set_ratings(response: TrustResponse, checked) -> None:
    existing = {rating.rated_id: rating for rating in response.ratings.all()}
    wanted = {rated.pk for rated, _ in checked}
    for rated_id, rating in existing.items():
        if rated_id not in wanted:
            rating.delete()
    for rated, values in checked:
        rating = existing.get(rated.pk)
        if rating is None:
            save_validated(TrustRating(response=response, rated=rated, **values))
        elif any(getattr(rating, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rating, name, value)
            save_validated(rating)
