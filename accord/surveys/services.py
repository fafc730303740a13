"""Writes of the collaboration survey: instruments (a change to one in use makes a copy), waves
opened and closed by a steward, and answers given once per invitation.

Every write is one transaction, validated in full before anything is written, naming the field at
fault. An answer to an anonymous wave is written in nobody's name (no history user, no person):
only the organization and level the breakdowns need, and the day, are kept.
"""

import secrets
from contextlib import nullcontext
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accord.accounts.notifications import notify
from accord.core.access import Role
from accord.core.audit import acting_as
from accord.core.services import save_validated
from accord.directory.models import Person
from accord.partnerships.models import Partnership, PartnershipRole

from .models import (
    SCALE_MAX,
    SCALE_MIN,
    Factor,
    Instrument,
    InstrumentCategory,
    Item,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyWave,
)

MAX_WAVE_DAYS = 366
ARCHIVED = "This partnership is archived: nothing in it can change."
ROLE_ORDER = [choice.value for choice in Role]


# --- Instruments ------------------------------------------------------------------------------
def default_instrument() -> Instrument | None:
    return Instrument.objects.filter(is_default=True).first()


def is_used(instrument: Instrument) -> bool:
    return instrument.waves.exists()


@transaction.atomic
def instrument_copy(*, instrument: Instrument, name: str | None = None) -> Instrument:
    """A copy of `instrument` with all its categories, factors and items: the next version of the
    same name, or version 1 of a new name."""
    name = (name or instrument.name).strip()
    latest = Instrument.objects.filter(name=name).order_by("-version").first()
    copy = save_validated(
        Instrument(
            name=name,
            version=(latest.version + 1) if latest else 1,
            description=instrument.description,
            scale_labels=list(instrument.scale_labels),
            previous=instrument,
        )
    )
    for category in instrument.categories.prefetch_related("factors__items"):
        new_category = save_validated(
            InstrumentCategory(instrument=copy, name=category.name, position=category.position)
        )
        for factor in category.factors.all():
            new_factor = save_validated(
                Factor(
                    category=new_category,
                    key=factor.key,
                    name=factor.name,
                    description=factor.description,
                    position=factor.position,
                )
            )
            for item in factor.items.all():
                save_validated(
                    Item(factor=new_factor, statement=item.statement, position=item.position)
                )
    return copy


@transaction.atomic
def item_update(*, item: Item, statement: str) -> Item:
    """Reword an item. An instrument a wave has used never changes, so that every answer keeps its
    meaning: the change is made to a new version of the instrument, whose item is returned."""
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": "Write the statement people agree or disagree with."})
    instrument = item.factor.category.instrument
    if is_used(instrument):
        copy = instrument_copy(instrument=instrument)
        item = Item.objects.get(
            factor__category__instrument=copy,
            factor__key=item.factor.key,
            position=item.position,
            statement=item.statement,
        )
    item.statement = statement
    return save_validated(item)


# --- Waves ------------------------------------------------------------------------------------
def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _invitees(partnership, roles, levels) -> dict[int, tuple]:
    """person id -> (organization id, level) for each current holder of one of `roles`."""
    rows = PartnershipRole.objects.filter(
        partnership=partnership,
        archived_at__isnull=True,
        person__archived_at__isnull=True,
        role__in=roles,
    ).values_list(
        "person_id", "role", "organization_id", "person__organization_id", "person__level"
    )
    found: dict[int, tuple] = {}
    # A person holding several roles is asked once, as the organization of their first role.
    for person_id, _role, organization_id, own_organization_id, level in sorted(
        rows, key=lambda row: (row[0], ROLE_ORDER.index(row[1]))
    ):
        if levels and level not in levels:
            continue
        found.setdefault(person_id, (organization_id or own_organization_id, level))
    return found


@transaction.atomic
def wave_open(
    *,
    partnership: Partnership,
    title: str,
    opens_on: date | None,
    closes_on: date | None,
    roles,
    levels=(),
    anonymous: bool = True,
    instrument: Instrument | None = None,
    opened_by=None,
    notify_invitees: bool = True,
) -> SurveyWave:
    """Open a wave of the survey in the partnership, asking the people who hold `roles` (and, if
    given, are of `levels`); each gets an invitation with a single-use token and a notification."""
    _live(partnership)
    title = (title or "").strip()
    roles = list(dict.fromkeys(roles or []))
    levels = list(dict.fromkeys(levels or []))
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
    unknown_roles = [r for r in roles if r not in Role.values]
    if not roles:
        errors["roles"] = "Choose at least one role to ask."
    elif unknown_roles:
        errors["roles"] = f"Not a role in Accord: {', '.join(map(str, unknown_roles))}."
    unknown_levels = [v for v in levels if v not in Person.Level.values]
    if unknown_levels:
        errors["levels"] = f"Not a level in Accord: {', '.join(map(str, unknown_levels))}."
    instrument = instrument or default_instrument()
    if instrument is None:
        errors["instrument"] = "Choose the instrument the wave asks."
    invitees = {} if errors else _invitees(partnership, roles, levels)
    if not errors and not invitees:
        errors["roles"] = "Nobody holds these roles (at these levels) in the partnership."
    if errors:
        raise ValidationError(errors)
    wave = save_validated(
        SurveyWave(
            partnership=partnership,
            instrument=instrument,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            anonymous=bool(anonymous),
            roles=roles,
            levels=levels,
            opened_by=opened_by,
        )
    )
    invitations = [
        save_validated(
            SurveyInvitation(
                wave=wave,
                person_id=person_id,
                organization_id=organization_id,
                level=level or "",
                token=secrets.token_urlsafe(32),
            )
        )
        for person_id, (organization_id, level) in sorted(invitees.items())
    ]
    if notify_invitees:
        _invite(wave, invitations)
    return wave


def _invite(wave: SurveyWave, invitations) -> None:
    from django.urls import reverse

    people = Person.objects.select_related("user").in_bulk([i.person_id for i in invitations])
    how = "Your answer is anonymous." if wave.anonymous else "Your answer carries your name."
    for invitation in invitations:
        user = people[invitation.person_id].user
        if user is None:
            continue
        notify(
            user=user,
            kind="survey_invitation",
            title=Truncator(f"Collaboration survey in {wave.partnership}: {wave.title}").chars(200),
            body=f"You are asked how working together in {wave.partnership} goes, in a few "
            f"minutes, by {wave.closes_on:%-d %B %Y}. {how}",
            url=reverse("surveys:invitation", args=[invitation.token]),
            key=f"survey-invitation:{invitation.pk}",
        )


@transaction.atomic
def wave_close(*, wave: SurveyWave) -> SurveyWave:
    """Close a wave now: it takes no more answers."""
    _live(wave.partnership)
    if wave.status == "closed":
        raise ValidationError({"wave": "This wave is already closed."})
    wave.closed_at = timezone.now()
    return save_validated(wave)


# --- Answers ----------------------------------------------------------------------------------
def _check_answers(wave: SurveyWave, answers) -> dict[int, int]:
    """item id -> value, or a ValidationError naming each field at fault. `answers` is a list of
    {"item_id": ..., "value": ...}; every statement of the instrument must be answered."""
    if not isinstance(answers, list | tuple) or not answers:
        raise ValidationError({"answers": "Answer the statements of the survey."})
    items = {
        item.pk: item for item in Item.objects.filter(factor__category__instrument=wave.instrument)
    }
    errors: dict[str, str] = {}
    checked: dict[int, int] = {}
    for index, answer in enumerate(answers):
        at = f"answers.{index}"
        item_id = answer.get("item_id") if isinstance(answer, dict) else None
        value = answer.get("value") if isinstance(answer, dict) else None
        if isinstance(item_id, bool) or not isinstance(item_id, int) or item_id not in items:
            errors[f"{at}.item_id"] = (
                f"{item_id!r} is not a statement of this wave's survey: answer only its statements."
            )
            continue
        if item_id in checked:
            errors[f"{at}.item_id"] = "This statement is answered twice: answer each once."
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not SCALE_MIN <= value <= SCALE_MAX
        ):
            statement = Truncator(items[item_id].statement).chars(60)
            errors[f"{at}.value"] = (
                f"Answer “{statement}” from {SCALE_MIN} (strongly disagree) to {SCALE_MAX} "
                "(strongly agree)."
            )
            continue
        checked[item_id] = value
    missing = [pk for pk in items if pk not in checked]
    if missing and not errors:
        errors["answers"] = (
            f"Answer every statement: {len(missing)} of {len(items)} "
            f"{'is' if len(missing) == 1 else 'are'} not answered."
        )
    if errors:
        raise ValidationError(errors)
    return checked


def _holds_role(person: Person, partnership_id: int) -> bool:
    return PartnershipRole.objects.filter(
        partnership_id=partnership_id, person=person, archived_at__isnull=True
    ).exists()


@transaction.atomic
def answer_submit(*, wave: SurveyWave, person: Person | None, answers) -> SurveyResponse:
    """`person`'s answer to the wave, once per invitation: all of it is written or none.

    The invitation is locked and marked answered (its single-use token cleared) in the same
    transaction as the answer, so a second answer from it is refused even when sent at once. An
    answer to an anonymous wave names nobody, in its row and in its history.
    """
    _live(wave.partnership)
    if wave.status != "open":
        if wave.status == "scheduled":
            raise ValidationError(
                {"wave": f"This wave opens on {wave.opens_on:%-d %B %Y}: answer from then."}
            )
        raise ValidationError({"wave": "This wave is closed: it takes no more answers."})
    invitation = None
    if person is not None:
        invitation = (
            SurveyInvitation.objects.select_for_update().filter(wave=wave, person=person).first()
        )
    if invitation is None or not _holds_role(person, wave.partnership_id):
        raise ValidationError({"invitation": "This wave did not ask you, so you cannot answer it."})
    if invitation.answered_at is not None:
        raise ValidationError(
            {
                "invitation": "You have already answered this wave, on "
                f"{timezone.localdate(invitation.answered_at):%-d %B %Y}. Each invitation "
                "answers once; nothing was saved."
            }
        )
    checked = _check_answers(wave, answers)
    invitation.answered_at = timezone.now()
    invitation.token = None
    save_validated(invitation, update_fields=["answered_at", "token", "updated_at"])
    # Anonymous: the history of the answer names nobody, even inside the person's request.
    with acting_as(None) if wave.anonymous else nullcontext():
        response = save_validated(
            SurveyResponse(
                wave=wave,
                person=None if wave.anonymous else person,
                organization_id=invitation.organization_id,
                level=invitation.level,
                answered_on=timezone.localdate(),
            )
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, item_id=item_id, value=value)
            for item_id, value in checked.items()
        )
    return response
