"""A partnership's timeline: its stage changes, and what the pillars add to it.

The partnership app knows only its lifecycle. A pillar app registers sources (in its
AppConfig.ready) of its own events for a partnership, e.g. announcements sent or an MOU executed;
the overview shows them all in order. This app never imports the pillars.

Every source is a queryset and the columns the timeline needs from it; the timeline reads the
stage changes and each source's newest events as one UNION ALL, one query however many pillars
add to it. The ORM builds and compiles that query once per process and database connection (with
stand-ins for the partnership, whose id goes into the parameters); each timeline then runs the
same SQL with the partnership's id.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

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

from accord.core.compiled import CompiledQuery

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


class TimelineRow(NamedTuple):
    """One event as the timeline's query reads it, before its source makes it an entry (a
    tuple: made for every row of every view)."""

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
    columns, and `entry(row, partnership)` makes a TimelineEntry of a TimelineRow.

    The timeline's SQL is compiled once per process: `events` may use only the partnership's id
    (and SQL functions such as `Now()` rather than Python values that change between calls) and
    not the user, unless `per_viewer` is set, in which case the timeline compiles its query on
    every view. A source that does otherwise is found when the query is first compiled (its
    parameters differ between two stand-in partnerships, or it reads another field of the
    stand-in) and the timeline then compiles on every view too."""

    events: Callable[[Partnership, object], QuerySet]
    columns: dict
    entry: Callable[[TimelineRow, Partnership], TimelineEntry]
    per_viewer: bool = False


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


def _union(sources: dict, partnership, user, limit: int) -> QuerySet:
    parts = [
        _rows(key, source, partnership, user, None if key == "stage" else limit)
        for key, source in sources.items()
    ]
    return parts[0].union(*parts[1:], all=True).order_by()


# The timeline's query compiled once per process (accord/core/compiled.py) for each set of
# sources and limit, with the partnership's id as its only argument.
_COMPILED: dict = {}


def _compiled(sources: dict, limit: int) -> CompiledQuery | None:
    if any(source.per_viewer for source in sources.values()):
        return None
    key = (tuple((name, id(source)) for name, source in sources.items()), limit)
    if key not in _COMPILED:
        _COMPILED[key] = CompiledQuery(
            # A source reading more than the id queries for a stand-in: not kept.
            lambda pk: _union(sources, Partnership.reference(pk), None, limit)
        )
    return _COMPILED[key]


def timeline_of(partnership: Partnership, user, *, limit: int = 20) -> list[TimelineEntry]:
    """The stage changes and every registered source's events, oldest first, the newest `limit`
    of the pillars' events at most (stage changes are few and always shown). One query."""
    sources = {"stage": STAGE_CHANGES, **SOURCES}
    compiled = _compiled(sources, limit)
    rows = compiled.compiled(partnership.pk) if compiled else None
    if rows is None:
        rows = [tuple(values.values()) for values in _union(sources, partnership, user, limit)]
    stages, events = [], []
    for key, pk, *values in rows:
        entry = sources[key].entry(TimelineRow(pk, *values), partnership)
        (stages if key == "stage" else events).append(entry)
    events = sorted(events, key=lambda entry: entry.when)[-limit:]
    return sorted(stages + events, key=lambda entry: entry.when)
