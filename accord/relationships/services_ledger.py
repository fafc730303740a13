"""Writes of the input ledger (R6): settings, consultations, input and its triage, the actions
that followed, and publishing on "you said, we did".

Every write is one transaction, validated in full, naming the field at fault; history records who
made it (the request's user, or `acting_as`), except the public form's input, which is written
in nobody's name (anonymous by design: docs/decisions.md, "Anonymous input").
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.audit import acting_as
from accord.core.services import apply_changes, archive, save_validated
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from .models_engagements import ActionItem, Engagement
from .models_ledger import Consultation, Input, InputAction, LedgerSettings
from .services import ARCHIVED
from .services_engagements import people_taking_part

MAX_TEXT = 10000  # characters of one piece of input, a response or an explanation
MAX_SUBJECT = 200
MAX_DAYS = 365
CLOSED = "This input is closed; reopen it to change it."


def _live(partnership: Partnership) -> None:
    if partnership.is_archived:
        raise ValidationError(ARCHIVED)


def _person_of(user) -> Person | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return Person.objects.filter(user=user, archived_at__isnull=True).first()


# --- Settings -----------------------------------------------------------------------------------
@transaction.atomic
def settings_set(
    *,
    partnership: Partnership,
    ack_days: int,
    response_days: int,
    public_form: bool,
    form_question: str = "",
    settings: LedgerSettings | None = None,
) -> LedgerSettings:
    """The partnership's deadlines and whether its public form is on. `settings` is the stored
    row as the person read it (held to its revision), if they read one."""
    _live(partnership)
    errors = {}
    for name, value in (("ack_days", ack_days), ("response_days", response_days)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
            errors[name] = f"Give a number of days from 1 to {MAX_DAYS}."
    if not errors and response_days < ack_days:
        errors["response_days"] = "The time to respond cannot be shorter than to acknowledge."
    form_question = (form_question or "").strip()
    if len(form_question) > 300:
        errors["form_question"] = "Keep the question under 300 characters."
    if errors:
        raise ValidationError(errors)
    if settings is None or settings._state.adding:
        settings = LedgerSettings.objects.filter(partnership=partnership).first()
    if settings is None:
        settings = LedgerSettings(partnership=partnership)
    changed = apply_changes(
        settings,
        {
            "ack_days": ack_days,
            "response_days": response_days,
            "public_form": bool(public_form),
            "form_question": form_question,
        },
    )
    if changed or settings._state.adding:
        save_validated(settings)
    return settings


# --- Consultations ------------------------------------------------------------------------------
def _check_consultation(values: dict) -> None:
    errors = {}
    if "question" in values and not (values["question"] or "").strip():
        errors["question"] = "Give the consultation's question."
    for name in ("opens_on", "closes_on"):
        if name in values and not isinstance(values[name], date):
            errors[name] = "Give a date."
    if len(values.get("description") or "") > MAX_TEXT:
        errors["description"] = f"Keep the description under {MAX_TEXT} characters."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_create(
    *, partnership: Partnership, question: str, opens_on, closes_on, description: str = ""
) -> Consultation:
    """Ask for input: a question, open from `opens_on` to `closes_on`."""
    _live(partnership)
    _check_consultation(
        {
            "question": question,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "description": description,
        }
    )
    return save_validated(
        Consultation(
            partnership=partnership,
            question=question.strip(),
            description=(description or "").strip(),
            opens_on=opens_on,
            closes_on=closes_on,
        )
    )


@transaction.atomic
def consultation_update(*, consultation: Consultation, **changes) -> Consultation:
    _live(consultation.partnership)
    for name in changes:
        if name not in ("question", "description", "opens_on", "closes_on"):
            raise TypeError(name)
    _check_consultation(changes)
    changes = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
    if apply_changes(consultation, changes):
        save_validated(consultation)
    return consultation


@transaction.atomic
def consultation_archive(*, consultation: Consultation) -> Consultation:
    _live(consultation.partnership)
    return archive(consultation)


# --- Input --------------------------------------------------------------------------------------
def _check_input(partnership: Partnership, values: dict) -> dict:
    errors = {}
    subject = (values.get("subject") or "").strip()
    text = (values.get("text") or "").strip()
    if not subject:
        errors["subject"] = "Give the input a subject (a few words)."
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = f"Keep the subject under {MAX_SUBJECT} characters."
    if not text:
        errors["text"] = "Write the input itself."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"Keep the input under {MAX_TEXT} characters."
    consultation = values.get("consultation")
    if consultation is not None and (
        consultation.partnership_id != partnership.pk or consultation.is_archived
    ):
        errors["consultation"] = "Choose a consultation of this partnership."
    if errors:
        raise ValidationError(errors)
    return {"subject": subject, "text": text}


def _check_assignee(partnership: Partnership, assignee: Person | None) -> None:
    if assignee is not None and not people_taking_part(partnership).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": "Choose a person who holds a role in this partnership."})


@transaction.atomic
def input_record(
    *,
    partnership: Partnership,
    subject: str,
    text: str,
    channel: str = Input.Channel.EMAIL,
    consultation: Consultation | None = None,
    anonymous: bool = False,
    person: Person | None = None,
    organization: Organization | None = None,
    name: str = "",
    email: str = "",
    received_at: datetime | None = None,
    assignee: Person | None = None,
) -> Input:
    """Input staff received by e-mail, at a meeting or otherwise, or in answer to a
    consultation. Anonymous input keeps no identity, whatever else was given."""
    _live(partnership)
    clean = _check_input(
        partnership, {"subject": subject, "text": text, "consultation": consultation}
    )
    _check_assignee(partnership, assignee)
    if received_at is not None and timezone.is_naive(received_at):
        raise ValidationError({"received_at": "Give the time with its time zone."})
    if received_at is not None and received_at > timezone.now():
        raise ValidationError({"received_at": "The input cannot be received in the future."})
    if person is not None and person.is_archived:
        raise ValidationError({"person": "Choose a person in the directory."})
    identity = {
        "person": None if anonymous else person,
        "organization": None if anonymous else (organization or (person and person.organization)),
        "name": "" if anonymous else (name or "").strip(),
        "email": "" if anonymous else (email or "").strip(),
    }
    return save_validated(
        Input(
            partnership=partnership,
            consultation=consultation,
            source=Input.Source.SOLICITED if consultation else Input.Source.STAFF,
            channel=channel,
            anonymous=bool(anonymous),
            received_at=received_at or timezone.now(),
            assignee=assignee,
            **identity,
            **clean,
        )
    )


def input_submit_public(
    *,
    partnership: Partnership,
    subject: str,
    text: str,
    anonymous: bool,
    name: str = "",
    email: str = "",
    consultation: Consultation | None = None,
    received_at: datetime | None = None,
) -> Input:
    """Input from the public form (`received_at`: now, or a time the demo data gives).

    Written in nobody's name, even if the visitor is signed in: the history row names no actor,
    and nothing of the request (address, agent) is kept. Identified input keeps the name and
    e-mail given; anonymous input keeps neither."""
    from .queries_ledger import public_form_on

    if not public_form_on(partnership):
        raise ValidationError("This partnership's input form is not open.")
    name, email = (name or "").strip(), (email or "").strip()
    if not anonymous and not name:
        raise ValidationError({"name": "Give your name, or choose to send the input anonymously."})
    if len(name) > 200:
        raise ValidationError({"name": "Keep the name under 200 characters."})
    with acting_as(None), transaction.atomic():
        _live(partnership)
        clean = _check_input(
            partnership, {"subject": subject, "text": text, "consultation": consultation}
        )
        return save_validated(
            Input(
                partnership=partnership,
                consultation=consultation,
                source=Input.Source.SOLICITED if consultation else Input.Source.PUBLIC_FORM,
                channel=Input.Channel.FORM,
                anonymous=bool(anonymous),
                name="" if anonymous else name,
                email="" if anonymous else email,
                received_at=received_at or timezone.now(),
                **clean,
            )
        )


def _open(item: Input) -> None:
    _live(item.partnership)
    if item.is_archived:
        raise ValidationError("This input is archived.")


@transaction.atomic
def input_assign(*, item: Input, assignee: Person | None) -> Input:
    """Who answers the input (None: the partnership's stewards)."""
    _open(item)
    if item.status == Input.Status.CLOSED:
        raise ValidationError(CLOSED)
    _check_assignee(item.partnership, assignee)
    if item.assignee_id != (assignee.pk if assignee else None):
        item.assignee = assignee
        save_validated(item)
    return item


@transaction.atomic
def input_acknowledge(*, item: Input, by=None, when: datetime | None = None) -> Input:
    """The input is acknowledged: its giver was told it arrived (by `by`, a user)."""
    _open(item)
    if item.acknowledged_at is None:
        item.acknowledged_at = when or timezone.now()
        item.acknowledged_by = _person_of(by)
        save_validated(item)
    return item


@transaction.atomic
def input_respond(
    *, item: Input, response: str, by=None, send: bool = True, when: datetime | None = None
) -> Input:
    """Draft the response (`send=False`), or give it (`send=True`, which also acknowledges).
    Giving it is not publishing it: only `input_publish` makes it public."""
    _open(item)
    response = (response or "").strip()
    if len(response) > MAX_TEXT:
        raise ValidationError({"response": f"Keep the response under {MAX_TEXT} characters."})
    if send and not response:
        raise ValidationError({"response": "Write the response before giving it."})
    if item.status == Input.Status.CLOSED and send and item.responded_at is None:
        raise ValidationError(CLOSED)
    now = when or timezone.now()
    item.response = response
    if send:
        person = _person_of(by)
        if item.acknowledged_at is None:
            item.acknowledged_at, item.acknowledged_by = now, person
        if item.responded_at is None:
            item.responded_at = now
        item.responded_by = person
    save_validated(item)
    return item


@transaction.atomic
def input_close(*, item: Input, reason: str, explanation: str = "") -> Input:
    """Close the input with a reason; closing without acting on it needs an explanation."""
    _open(item)
    explanation = (explanation or "").strip()
    errors = {}
    if reason not in Input.CloseReason.values:
        errors["close_reason"] = "Choose why the input is closed."
    elif reason == Input.CloseReason.NOT_ACTED_ON and not explanation:
        errors["close_explanation"] = "Explain why the input was not acted on."
    if len(explanation) > MAX_TEXT:
        errors["close_explanation"] = f"Keep the explanation under {MAX_TEXT} characters."
    if errors:
        raise ValidationError(errors)
    item.status = Input.Status.CLOSED
    item.close_reason = reason
    item.close_explanation = explanation
    item.closed_at = item.closed_at or timezone.now()
    save_validated(item)
    return item


@transaction.atomic
def input_reopen(*, item: Input) -> Input:
    _open(item)
    if item.status == Input.Status.CLOSED:
        item.status, item.close_reason, item.close_explanation = Input.Status.OPEN, "", ""
        item.closed_at = None
        save_validated(item)
    return item


@transaction.atomic
def input_publish(*, item: Input, published: bool = True) -> Input:
    """Show the input, its given response and the actions that followed on "you said, we did"
    (or take it off). Only a given response is published; a draft is not."""
    _open(item)
    if published and item.responded_at is None:
        raise ValidationError({"published": "Give a response before publishing the input."})
    if published and item.published_at is None:
        item.published_at = timezone.now()
        save_validated(item)
    elif not published and item.published_at is not None:
        item.published_at = None
        save_validated(item)
    return item


@transaction.atomic
def input_archive(*, item: Input) -> Input:
    """Input recorded by mistake (or spam) leaves the ledger; its history stays."""
    _live(item.partnership)
    if item.archived_at is None:
        item.archived_at, item.published_at = timezone.now(), None
        save_validated(item)
    return item


@transaction.atomic
def input_action_add(
    *,
    item: Input,
    engagement: Engagement | None = None,
    action_item: ActionItem | None = None,
    text: str = "",
) -> InputAction:
    """An action that followed the input: an engagement or action item of the same
    partnership, or what was done in words."""
    _open(item)
    text = (text or "").strip()
    errors = {}
    if engagement is not None and (
        engagement.partnership_id != item.partnership_id or engagement.is_archived
    ):
        errors["engagement"] = "Choose an engagement of this partnership."
    if action_item is not None and action_item.engagement.partnership_id != item.partnership_id:
        errors["action_item"] = "Choose an action item of this partnership."
    if len(text) > 500:
        errors["text"] = "Keep it under 500 characters."
    if not errors and engagement is None and action_item is None and not text:
        errors["text"] = "Link an engagement or an action item, or say what was done."
    if errors:
        raise ValidationError(errors)
    return save_validated(
        InputAction(input=item, engagement=engagement, action_item=action_item, text=text)
    )


@transaction.atomic
def input_action_remove(*, action: InputAction) -> None:
    _open(action.input)
    action.delete()
