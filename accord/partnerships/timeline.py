"""A partnership's timeline: its stage changes, and what the pillars add to it.

The partnership app knows only its lifecycle. A pillar app registers a source (in its
AppConfig.ready) that returns its own events for a partnership, e.g. announcements sent or an MOU
executed; the overview shows them all in order. This app never imports the pillars.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .models import Partnership


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


# A source returns at most `limit` of its newest entries, in one or two queries.
Source = Callable[[Partnership, object, int], list[TimelineEntry]]
SOURCES: dict[str, Source] = {}


def register_timeline_source(key: str, source: Source) -> None:
    SOURCES[key] = source


def timeline_of(partnership: Partnership, user, *, limit: int = 20) -> list[TimelineEntry]:
    """The stage changes and every registered source's events, oldest first, the newest `limit`
    of the pillars' events at most (stage changes are few and always shown)."""
    from .queries import stage_timeline

    entries = [
        TimelineEntry(
            when=change.changed_at,
            label="Stage",
            title=change.get_to_stage_display(),
            detail=f"from {change.get_from_stage_display().lower()}" if change.from_stage else "",
            note=change.note,
            by=change.changed_by.display_name if change.changed_by else "",
        )
        for change in stage_timeline(partnership)
    ]
    events = [entry for source in SOURCES.values() for entry in source(partnership, user, limit)]
    events = sorted(events, key=lambda entry: entry.when)[-limit:]
    return sorted(entries + events, key=lambda entry: entry.when)
