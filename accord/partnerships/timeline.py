"""A partnership's timeline: its stage changes, and what the pillars add to it.

The partnership app knows only its lifecycle. A pillar app registers sources (in its
AppConfig.ready) of its own events for a partnership, e.g. announcements sent or an MOU executed;
the overview shows them all in order. This app never imports the pillars.

Every source is a queryset and the columns the timeline needs from it; the timeline reads the
stage changes and each source's newest events as one UNION ALL, one query however many pillars
add to it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    F,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim

from .models import Partnership, Stage, StageChange


@dataclass(frozen=True)
class TimelineEntry:
    """One event on a partnership's timeline."""

    when: datetime
    label: str  # what kind of event, e.g. "Announcement"
    title: str
    url: str = ""
    detail: str = ""
    note: str = ""
    by: str = ""


@dataclass(frozen=True)
class TimelineRow:
    """One event as the timeline's query reads it, before its source makes it an entry."""

    pk: int
    when: datetime
    title: str
    detail: str
    note: str
    by: str
    on: date | None


# The columns a source gives, as expressions over its own model; a column left out is empty.
COLUMNS = {
    "when": DateTimeField(),
    "title": TextField(),
    "detail": TextField(),
    "note": TextField(),
    "by": TextField(),
    "on": DateField(),
}


@dataclass(frozen=True)
class TimelineSource:
    """A pillar's events: `events(partnership, user)` is a queryset of them (unsliced; the
    timeline keeps the newest `limit` by the `when` column), `columns` the expressions of its
    columns, and `entry(row, partnership)` makes a TimelineEntry of a TimelineRow."""

    events: Callable[[Partnership, object], QuerySet]
    columns: dict
    entry: Callable[[TimelineRow, Partnership], TimelineEntry]


SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(key: str, source: TimelineSource) -> None:
    SOURCES[key] = source


def _full_name(prefix: str):
    """`User.display_name` in SQL: the full name, or the username where there is none."""
    full = Trim(Concat(F(f"{prefix}__first_name"), Value(" "), F(f"{prefix}__last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}__username"), Value(""))


def _stage_entry(row: TimelineRow, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="Stage",
        title=Stage(row.title).label,
        detail=f"from {Stage(row.detail).label.lower()}" if row.detail else "",
        note=row.note,
        by=row.by,
    )


STAGE_CHANGES = TimelineSource(
    events=lambda partnership, user: StageChange.objects.filter(partnership=partnership),
    columns={
        "when": F("changed_at"),
        "title": F("to_stage"),
        "detail": F("from_stage"),
        "note": F("note"),
        "by": _full_name("changed_by"),
    },
    entry=_stage_entry,
)


def _rows(key: str, source: TimelineSource, partnership, user, limit: int | None) -> QuerySet:
    events = source.events(partnership, user)
    if limit is not None:
        newest = events.order_by(source.columns["when"].desc()).values("pk")[:limit]
        events = events.model._default_manager.filter(pk__in=newest)
    columns = {
        f"timeline_{name}": Cast(source.columns[name], output)
        if name in source.columns
        else Value(None, output_field=output)
        for name, output in COLUMNS.items()
    }
    return events.order_by().values(
        timeline_source=Value(key, output_field=CharField()),
        timeline_pk=F("pk"),
        **columns,
    )


def timeline_of(partnership: Partnership, user, *, limit: int = 20) -> list[TimelineEntry]:
    """The stage changes and every registered source's events, oldest first, the newest `limit`
    of the pillars' events at most (stage changes are few and always shown). One query."""
    sources = {"stage": STAGE_CHANGES, **SOURCES}
    parts = [
        _rows(key, source, partnership, user, None if key == "stage" else limit)
        for key, source in sources.items()
    ]
    stages, events = [], []
    for values in parts[0].union(*parts[1:], all=True).order_by():
        row = TimelineRow(
            pk=values["timeline_pk"], **{name: values[f"timeline_{name}"] for name in COLUMNS}
        )
        key = values["timeline_source"]
        entry = sources[key].entry(row, partnership)
        (stages if key == "stage" else events).append(entry)
    events = sorted(events, key=lambda entry: entry.when)[-limit:]
    return sorted(stages + events, key=lambda entry: entry.when)
