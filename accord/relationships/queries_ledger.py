"""Reads of the input ledger (R6) that the pages, the API, the home page, the timeline, the
reminders and the public pages share, and the responsiveness figures.

Each read costs a fixed number of queries however many inputs, actions or partnerships there are
(tests/relationships/test_ledger_queries.py counts them). The public reads return only what a
steward published, and never who gave it.
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accord.core.access import Role, get_visible_or_404, partnership_ids_for
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
from accord.core.waiting import Waiting
from accord.partnerships.models import Partnership
from accord.partnerships.timeline import TimelineEntry, TimelineSource

from .models_ledger import (
    DEFAULT_ACK_DAYS,
    DEFAULT_RESPONSE_DAYS,
    Consultation,
    Input,
    InputAction,
    LedgerSettings,
)

RECORD = "relationships.input.record"
TRIAGE = "relationships.input.triage"
PUBLISH = "relationships.input.publish"
CONSULT = "relationships.consultation.manage"
SETTINGS = "relationships.ledger.settings"
DEFAULT_QUESTION = "What would you like us to know?"


# --- Settings -----------------------------------------------------------------------------------
def settings_of(partnership: Partnership) -> LedgerSettings:
    """The stored settings, or unsaved ones at the defaults (revision 0)."""
    found = LedgerSettings.objects.filter(partnership=partnership).first()
    return found or LedgerSettings(partnership=partnership)


def public_form_on(partnership: Partnership) -> bool:
    return (
        not partnership.is_archived
        and LedgerSettings.objects.filter(partnership=partnership, public_form=True).exists()
    )


def public_partnership_or_404(pk: int) -> tuple[Partnership, LedgerSettings]:
    """A live partnership whose public form is on, and its settings; else 404 (for anyone)."""
    found = (
        LedgerSettings.objects.filter(
            partnership_id=pk, public_form=True, partnership__archived_at__isnull=True
        )
        .select_related("partnership")
        .first()
    )
    if found is None:
        raise Http404("No such page.")
    return found.partnership, found


def published_partnership_or_404(pk: int) -> Partnership:
    """A live partnership with at least one published input, or its public form on; else 404."""
    partnership = get_object_or_404(Partnership, pk=pk, archived_at__isnull=True)
    if not (
        public_form_on(partnership)
        or Input.objects.active()
        .filter(partnership=partnership, published_at__isnull=False)
        .exists()
    ):
        raise Http404("No such page.")
    return partnership


# --- Deadlines ----------------------------------------------------------------------------------
def _with_deadline_days(rows: QuerySet) -> QuerySet:
    return rows.annotate(
        ack_days=Coalesce(F("partnership__ledger_settings__ack_days"), Value(DEFAULT_ACK_DAYS)),
        response_days=Coalesce(
            F("partnership__ledger_settings__response_days"), Value(DEFAULT_RESPONSE_DAYS)
        ),
    )


def mark_deadlines(item: Input, now: datetime | None = None) -> Input:
    """Set `ack_due`, `response_due`, `waiting_for` ("acknowledgement", "response" or "") and
    `overdue` on an input read with its deadline days."""
    now = now or timezone.now()
    item.ack_due = item.received_at + timedelta(days=item.ack_days)
    item.response_due = item.received_at + timedelta(days=item.response_days)
    if item.status == Input.Status.CLOSED or item.archived_at:
        item.waiting_for, item.overdue = "", False
    elif item.acknowledged_at is None:
        item.waiting_for = "acknowledgement"
        item.overdue = now > item.ack_due
    elif item.responded_at is None:
        item.waiting_for = "response"
        item.overdue = now > item.response_due
    else:
        item.waiting_for, item.overdue = "", False
    return item


# --- Lists and records --------------------------------------------------------------------------
def inputs_of(partnership: Partnership | int, status: str | None = None) -> QuerySet[Input]:
    """The partnership's input, newest first, with assignee, consultation and deadline days
    (one query)."""
    rows = (
        Input.objects.active()
        .filter(partnership=partnership)
        .select_related("assignee__organization", "consultation", "person", "organization")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("-received_at", "-pk")
    )
    if status:
        rows = rows.filter(status=status)
    return _with_deadline_days(rows)


def input_list(partnership, status: str | None = None, now=None) -> list[Input]:
    return [mark_deadlines(item, now) for item in inputs_of(partnership, status)]


def input_or_404(user, partnership_id, pk, action: str | None = None) -> Input:
    """An input of the partnership that `user` sees (else 404); 403 without `action`."""
    records = _with_deadline_days(
        Input.objects.active()
        .filter(partnership_id=partnership_id)
        .select_related(
            "partnership",
            "assignee__organization",
            "consultation",
            "person",
            "organization",
            "acknowledged_by",
            "responded_by",
        )
    )
    return mark_deadlines(get_visible_or_404(user, records, action, pk=pk))


def actions_of(item: Input) -> list[InputAction]:
    return list(
        item.actions.select_related("engagement", "action_item__owner").order_by("created_at", "pk")
    )


def action_or_404(user, partnership_id, input_id, pk, action=None) -> InputAction:
    """An action that followed input `user` sees (else 404) and may do `action` to (else 403):
    the input's rules decide, the action is part of it."""
    item = input_or_404(user, partnership_id, input_id, action)
    found = item.actions.filter(pk=pk).first()
    if found is None:
        raise Http404("No such action.")
    found.input = item
    return found


def consultations_of(partnership: Partnership | int) -> QuerySet[Consultation]:
    """The partnership's consultations, newest first, with how much input each received."""
    return (
        Consultation.objects.active()
        .filter(partnership=partnership)
        .annotate(
            input_count=Count("inputs", filter=Q(inputs__archived_at__isnull=True), distinct=True)
        )
        .order_by("-opens_on", "-pk")
    )


def consultation_or_404(user, partnership_id, pk, action=None) -> Consultation:
    records = Consultation.objects.active().filter(partnership_id=partnership_id)
    return get_visible_or_404(user, records.select_related("partnership"), action, pk=pk)


def open_consultations(partnership: Partnership, today=None) -> QuerySet[Consultation]:
    today = today or timezone.localdate()
    return Consultation.objects.active().filter(
        partnership=partnership, opens_on__lte=today, closes_on__gte=today
    )


# --- Public: "you said, we did" -----------------------------------------------------------------
@dataclass
class PublicEntry:
    """What the public page shows of one input: never who gave it."""

    subject: str
    text: str
    received_on: object
    response: str
    responded_on: object
    actions: list[str] = field(default_factory=list)


def published_of(partnership: Partnership) -> list[PublicEntry]:
    """The published input of the partnership, newest published first (two queries)."""
    rows = (
        Input.objects.active()
        .filter(partnership=partnership, published_at__isnull=False, responded_at__isnull=False)
        .only("pk", "subject", "text", "received_at", "response", "responded_at", "published_at")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=InputAction.objects.select_related("engagement", "action_item").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("-published_at", "-pk")
    )
    return [
        PublicEntry(
            subject=row.subject,
            text=row.text,
            received_on=timezone.localdate(row.received_at),
            response=row.response,
            responded_on=timezone.localdate(row.responded_at),
            actions=[_public_action(action) for action in row.actions.all()],
        )
        for row in rows
    ]


def _public_action(action: InputAction) -> str:
    if action.text:
        return action.text
    if action.action_item_id:
        return action.action_item.title
    return action.engagement.title if action.engagement_id else ""


# --- Responsiveness -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Handling:
    """One input as the responsiveness figures read it (days counted from receipt)."""

    received_at: datetime
    ack_days: int
    response_days: int
    acknowledged_at: datetime | None = None
    responded_at: datetime | None = None
    closed_as_duplicate: bool = False


@dataclass(frozen=True)
class Figures:
    count: int
    median_days_to_acknowledge: float | None
    median_days_to_respond: float | None
    acknowledged_within: float | None  # share of those due, 0..1
    responded_within: float | None

    @property
    def ack_percent(self) -> int | None:
        return None if self.acknowledged_within is None else round(self.acknowledged_within * 100)

    @property
    def response_percent(self) -> int | None:
        return None if self.responded_within is None else round(self.responded_within * 100)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def _share(items: list[tuple[datetime | None, datetime, int]], now: datetime) -> float | None:
    """The share done within their deadline, among those done or past their deadline."""
    due = [
        (done, start, days)
        for done, start, days in items
        if done is not None or now > start + timedelta(days=days)
    ]
    if not due:
        return None
    within = sum(
        1 for done, start, days in due if done is not None and done <= start + timedelta(days=days)
    )
    return within / len(due)


def figures(items: Iterable[Handling], now: datetime) -> Figures:
    """Median days to acknowledge and to respond, and the share of each within its deadline.

    Counts human responses only: a response is one a person gave (Accord sends none of its own).
    Input closed as a duplicate is left out of the response figures: the original is answered
    (docs/decisions.md, "Responsiveness")."""
    items = list(items)
    acked = [_days(i.received_at, i.acknowledged_at) for i in items if i.acknowledged_at]
    answerable = [i for i in items if not i.closed_as_duplicate]
    answered = [_days(i.received_at, i.responded_at) for i in answerable if i.responded_at]
    return Figures(
        count=len(items),
        median_days_to_acknowledge=round(statistics.median(acked), 1) if acked else None,
        median_days_to_respond=round(statistics.median(answered), 1) if answered else None,
        acknowledged_within=_share(
            [(i.acknowledged_at, i.received_at, i.ack_days) for i in items], now
        ),
        responded_within=_share(
            [(i.responded_at, i.received_at, i.response_days) for i in answerable], now
        ),
    )


@dataclass
class Responsiveness:
    partnership: Figures
    by_organization: list[tuple[str, Figures]]


def responsiveness_of(partnership: Partnership, now: datetime | None = None) -> Responsiveness:
    """The partnership's figures and each organization's (the organization of the person who
    answered, else of the assignee; input nobody took on counts for the partnership only).
    One query."""
    now = now or timezone.now()
    rows = _with_deadline_days(
        Input.objects.active().filter(partnership=partnership).order_by()
    ).values(
        "received_at",
        "acknowledged_at",
        "responded_at",
        "close_reason",
        "ack_days",
        "response_days",
        responder_org=F("responded_by__organization__name"),
        assignee_org=F("assignee__organization__name"),
    )
    everything, per_org = [], {}
    for row in rows:
        handling = Handling(
            received_at=row["received_at"],
            ack_days=row["ack_days"],
            response_days=row["response_days"],
            acknowledged_at=row["acknowledged_at"],
            responded_at=row["responded_at"],
            closed_as_duplicate=row["close_reason"] == Input.CloseReason.DUPLICATE,
        )
        everything.append(handling)
        organization = row["responder_org"] or row["assignee_org"]
        if organization:
            per_org.setdefault(organization, []).append(handling)
    return Responsiveness(
        partnership=figures(everything, now),
        by_organization=[(name, figures(per_org[name], now)) for name in sorted(per_org)],
    )


# --- Home page: input to acknowledge or answer --------------------------------------------------
def waiting_inputs(user) -> QuerySet[Input]:
    """Open input waiting for `user`: assigned to them, or unassigned in a partnership they
    steward; not yet acknowledged or not yet answered (one query)."""
    stewarded = partnership_ids_for(user, [Role.STEWARD])
    return _with_deadline_days(
        Input.objects.visible_to(user)
        .filter(
            Q(assignee__user=user, assignee__archived_at__isnull=True)
            | Q(assignee__isnull=True, partnership__in=stewarded),
            Q(acknowledged_at__isnull=True) | Q(responded_at__isnull=True),
            status=Input.Status.OPEN,
            archived_at__isnull=True,
            partnership__archived_at__isnull=True,
        )
        .select_related("partnership")
        .order_by("received_at", "pk")
    )


# The columns of an input its deadlines are worked out from (`mark_deadlines`), then its days.
_DEADLINE_COLUMNS = (
    "pk",
    "subject",
    "status",
    "archived_at",
    "received_at",
    "acknowledged_at",
    "responded_at",
    "partnership_id",
)

# Compiled once per process, with the user's id as a parameter.
_waiting_inputs = UserQuery(
    lambda user: waiting_inputs(user).values_list(
        *_DEADLINE_COLUMNS, "partnership__title", "ack_days", "response_days"
    )
)


def inputs_waiting(user) -> list[Waiting]:
    items = []
    for *columns, title, ack_days, response_days in _waiting_inputs(user):
        row = Input(**dict(zip(_DEADLINE_COLUMNS, columns, strict=True)))
        row.ack_days, row.response_days = ack_days, response_days
        mark_deadlines(row)
        if row.waiting_for == "acknowledgement":
            kind, label, due = (
                "relationships.input.acknowledge",
                "Input to acknowledge",
                row.ack_due,
            )
        else:
            kind, label, due = "relationships.input.answer", "Input to answer", row.response_due
        late = " — past its deadline" if row.overdue else ""
        items.append(
            Waiting(
                kind=kind,
                label=label,
                title=f"{row.subject} (due {timezone.localdate(due):%-d %b %Y}{late})",
                url=object_url("relationships:input-detail", row.partnership_id, row.pk),
                since=row.received_at,
                partnership=title,
                partnership_id=row.partnership_id,
            )
        )
    return items


def overdue_inputs(now: datetime) -> list[Input]:
    """Open input past its deadline to acknowledge or answer, in live partnerships (one query),
    with the accounts to remind: the assignee's, or the stewards'."""
    rows = _with_deadline_days(
        Input.objects.filter(
            Q(acknowledged_at__isnull=True) | Q(responded_at__isnull=True),
            status=Input.Status.OPEN,
            archived_at__isnull=True,
            partnership__archived_at__isnull=True,
        ).select_related("partnership", "assignee__user")
    ).order_by("received_at", "pk")
    return [item for item in (mark_deadlines(row, now) for row in rows) if item.overdue]


# --- The partnership's timeline -----------------------------------------------------------------
def _published_entry(row, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="You said, we did",
        title=row.title,
        url=object_url("relationships:input-detail", partnership.pk, row.pk),
        detail="response published",
    )


# Published responses show on the partnership's timeline, read in the timeline's one query.
RESPONSES_PUBLISHED = TimelineSource(
    events=lambda partnership, user: Input.objects.active().filter(
        partnership=partnership, published_at__isnull=False
    ),
    columns={"when": F("published_at"), "title": F("subject")},
    entry=_published_entry,
)
