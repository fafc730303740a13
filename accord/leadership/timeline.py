"""The leadership pillar's events on a partnership's timeline: MOUs executed, announcements sent.

Each is a source of rows the partnership's timeline reads in its one query.
"""

from django.db.models import F

from accord.core.paths import object_url
from accord.partnerships.timeline import TimelineEntry, TimelineSource

from .models import Announcement, Mou


def _mou_entry(row, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="MOU",
        title=f"{row.title} executed",
        url=object_url("leadership:mou-detail", partnership.pk, row.pk),
        detail=f"until {row.on:%-d %b %Y}" if row.on else "",
    )


def _announcement_entry(row, partnership) -> TimelineEntry:
    return TimelineEntry(
        when=row.when,
        label="Announcement",
        title=row.title,
        url=object_url("leadership:announcement-detail", partnership.pk, row.pk),
        by=row.by or "",
    )


EXECUTED_MOUS = TimelineSource(
    events=lambda partnership, user: Mou.objects.filter(
        partnership=partnership, status=Mou.Status.EXECUTED
    ),
    columns={"when": F("executed_at"), "title": F("title"), "on": F("expires_on")},
    entry=_mou_entry,
)

SENT_ANNOUNCEMENTS = TimelineSource(
    events=lambda partnership, user: Announcement.objects.filter(
        partnership=partnership, status=Announcement.Status.SENT
    ),
    columns={"when": F("sent_at"), "title": F("title"), "by": F("author__name")},
    entry=_announcement_entry,
)
