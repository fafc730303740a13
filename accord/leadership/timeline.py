"""The leadership pillar's events on a partnership's timeline: MOUs executed, announcements sent."""

from django.urls import reverse

from accord.partnerships.timeline import TimelineEntry

from .models import Announcement, Mou


def leadership_events(partnership, user, limit: int) -> list[TimelineEntry]:
    """The newest executed MOUs and sent announcements of `partnership` (two queries)."""
    mous = Mou.objects.filter(partnership=partnership, status=Mou.Status.EXECUTED).order_by(
        "-executed_at"
    )[:limit]
    announcements = (
        Announcement.objects.filter(partnership=partnership, status=Announcement.Status.SENT)
        .select_related("author")
        .order_by("-sent_at")[:limit]
    )
    entries = [
        TimelineEntry(
            when=mou.executed_at,
            label="MOU",
            title=f"{mou.title} executed",
            url=mou.get_absolute_url(),
            detail=f"until {mou.expires_on:%-d %b %Y}" if mou.expires_on else "",
        )
        for mou in mous
    ]
    entries += [
        TimelineEntry(
            when=announcement.sent_at,
            label="Announcement",
            title=announcement.title,
            url=reverse("leadership:announcement-detail", args=[partnership.pk, announcement.pk]),
            by=announcement.author.name if announcement.author else "",
        )
        for announcement in announcements
    ]
    return entries
