"""The audit trail: who changed what, when, read from django-simple-history.

One mechanism names the actor of every write: a request's user (simple-history's middleware) or,
outside a request (tasks, commands, the demo seed), `acting_as(user)`. One renderer reads the trail:
`history_for(obj)` for one record, `history_of(partnership, user)` for everything that belongs to
a partnership (its members, roles, assessments, charter, MOUs, records...), deletions included.
Long text reads as a word-level change (accord/core/diff.py), not as two truncated copies.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords, registered_models

from .diff import Piece, compact, is_long_text, word_diff
from .policy import action as action_named
from .rules import EVERYTHING, NOTHING, partnership_path, signed_in

SYSTEM = "Accord"  # the name of an actor who is no person: a write nobody asked for


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    # For long text: the change word by word (the same words either side shortened to "…").
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    subject: str = ""  # what changed, on a page that lists the changes of many records


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Bookkeeping that changes with every save: never shown as a change.
SKIPPED = {"updated_at", "created_at", "revision"}


# --- Who acts -----------------------------------------------------------------------------------
@contextmanager
def acting_as(user):
    """Record `user` (a user or a user's id; None: Accord itself) as the author of the writes
    made inside the block, as a request's user is. For tasks, commands and the demo seed."""
    if isinstance(user, int):
        from django.contrib.auth import get_user_model

        user = get_user_model()._default_manager.filter(pk=user).first()
    context = HistoricalRecords.context
    had, previous = hasattr(context, "request"), getattr(context, "request", None)
    context.request = SimpleNamespace(user=user) if user is not None else None
    try:
        yield
    finally:
        if had:
            context.request = previous
        else:
            del context.request


def current_actor():
    """The user the writes are recorded for now (a request's or `acting_as`'s), or None."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if signed_in(user) else None


def current_actor_id() -> int | None:
    """The id of `current_actor()`: what a task is given, to act for whoever queued it."""
    user = current_actor()
    return user.pk if user is not None else None


# --- How values read ----------------------------------------------------------------------------
def display_value(model, field_name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        # JSON lists (an organization's values, a profile's languages) read as a plain list.
        return ", ".join(str(item) for item in value)
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        # A user reads as their name, not their login.
        return getattr(related, "display_name", None) or str(related)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


def field_change(model, field_name: str, old, new) -> FieldChange:
    """One field's change as people read it; long text as the words that changed."""
    try:
        label = str(model._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:
        label = field_name.replace("_", " ").capitalize()
    change = FieldChange(
        field=field_name,
        label=label,
        old=display_value(model, field_name, old),
        new=display_value(model, field_name, new),
    )
    if is_long_text(old) or is_long_text(new):
        change.pieces = compact(word_diff(old or "", new or ""))
    return change


def who_of(record) -> str:
    return record.history_user.display_name if record.history_user_id else SYSTEM


def _entry(model, record, previous, subject: str = "") -> HistoryEntry:
    entry = HistoryEntry(
        when=record.history_date,
        who=who_of(record),
        action=ACTIONS[record.history_type],
        subject=subject,
    )
    if previous is not None and record.history_type == "~":
        for change in record.diff_against(previous).changes:
            if change.field in SKIPPED:
                continue
            entry.changes.append(field_change(model, change.field, change.old, change.new))
        # diff_against() skips non-editable fields such as archived_at: compare it directly.
        was, now = getattr(previous, "archived_at", None), getattr(record, "archived_at", None)
        if now is not None and was is None:
            entry.action = "Archived"
        elif was is not None and now is None:
            entry.action = "Restored"
    return entry


def history_for(obj, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what on `obj`, field by field, before and after."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model = type(obj)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entries.append(_entry(model, record, previous))
    return entries


# --- Everything that belongs to a partnership ---------------------------------------------------
@cache
def partnership_models() -> tuple:
    """Every model with an audit trail whose rows belong to a partnership (and Partnership).

    A model belongs to a partnership when it names its path to it (`partnership_path`), the
    attribute the access policy reads; a new model that does is covered without a change here.
    Worked out once per process (the models are registered when the apps load).
    """
    models = {
        model
        for model in registered_models.values()
        if getattr(model, "partnership_path", None) is not None and historical_model(model)
    }
    return tuple(sorted(models, key=lambda model: model._meta.label))


@cache
def historical_model(model):
    """`model`'s history model (None without one). Read once: each `model.history` builds a new
    manager class (simple-history), about 0.4 ms, once per model on the history page."""
    return model.history.model if hasattr(model, "history") else None


def _read_action(model) -> str:
    # What lets a person read a record's trail: its own reading rule (a draft announcement is its
    # writers'), else what lets them see it.
    return getattr(model, "read_action", None) or getattr(model, "view_action", "view")


def history_of(partnership, user, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: every change to `partnership` and to what belongs to it, with who and when.

    Roles given and taken, members joining and leaving, and deleted rows (a value removed from a
    charter) included; a record `user` may not read (a draft announcement that is not theirs) is
    left out. Two passes: each model's newest `limit` changes `user` may read, as (date, id)
    pairs only; then the `limit` newest of them all are read whole, with the records they
    changed from. Queries: one per model, then two per model among those shown, however long
    the trail.
    """
    newest = []
    for model in partnership_models():
        path = partnership_path(model)
        history = historical_model(model)._default_manager
        mine = history.filter(**{path or "id": partnership.pk})
        readable = action_named(_read_action(model)).rule.q_in(user, model, partnership)
        if readable is not EVERYTHING:
            # A row deleted since is read as the partnership is (the page is open to `user`).
            exists = model._default_manager.filter(**{path or "pk": partnership.pk})
            if readable is not NOTHING:
                exists = exists.exclude(readable)
            mine = mine.exclude(id__in=exists.values("pk"))
        pairs = mine.order_by("-history_date", "-history_id").values_list(
            "history_date", "history_id"
        )[:limit]
        newest += [(when, history_id, model) for when, history_id in pairs]
    newest.sort(key=lambda row: (row[0], row[1]), reverse=True)
    newest = newest[:limit]
    shown: dict = {}
    for _, history_id, model in newest:
        shown.setdefault(model, []).append(history_id)
    records = {}
    previous_records = {}
    for model, ids in shown.items():
        history = historical_model(model)._default_manager
        previous = history.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        ).order_by("-history_date", "-history_id")
        found = list(
            history.filter(history_id__in=ids)
            .select_related("history_user", *_related_names(history.model))
            .annotate(previous_id=Subquery(previous.values("history_id")[:1]))
        )
        records.update({(model, record.history_id): record for record in found})
        wanted = [record.previous_id for record in found if record.previous_id is not None]
        for record in history.filter(history_id__in=wanted):
            previous_records[(model, record.history_id)] = record
    entries = []
    for _, history_id, model in newest:
        record = records[(model, history_id)]
        before = previous_records.get((model, record.previous_id))
        entries.append(_entry(model, record, before, subject=_subject(model, record, partnership)))
    return entries


def _related_names(history_model) -> list[str]:
    """The record's own foreign keys, loaded with it: what names it costs no query per row."""
    return [
        f.name
        for f in history_model._meta.fields
        if f.many_to_one and f.name not in {"history_user", "history_relation"}
    ]


def _instance(record):
    """The record as the model it was, its related rows already loaded kept (no query each)."""
    instance = record.instance
    for f in record._meta.fields:
        if f.many_to_one and f.is_cached(record):
            try:
                instance._meta.get_field(f.name).set_cached_value(
                    instance, f.get_cached_value(record)
                )
            except Exception:  # a key the model itself no longer has
                continue
    return instance


def _subject(model, record, partnership) -> str:
    if model is type(partnership):
        return "Partnership"
    name = str(model._meta.verbose_name).capitalize()
    try:
        label = str(_instance(record))
    except Exception:  # a row whose related rows are gone reads by its kind and number
        label = f"#{record.id}"
    suffix = f" in {partnership}"
    return f"{name}: {label.removesuffix(suffix)}"
