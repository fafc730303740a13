"""Demo data for project directors (L6): a flagged gap, a handover waiting, notifications.

- Engineers for Equitable Communities (EEC) has joined the "Resilient Eastside Water Compact"
  and not named its project director yet: the compact's pages flag the gap.
- In "Bridges to Civil Engineering Careers" the steward has nominated Jordan Lee (demo login
  "contributor") to take over EEC's project director role from Naomi Fischer; Jordan has not
  answered yet, so signing in as "contributor" shows the nomination to accept or decline.
- The steward has a few notifications, one of them read.

Every step is skipped when its record exists, so loading the demo again changes nothing (and a
handover someone answered in the demo is not nominated again).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Notification
from accord.partnerships.services import membership_add

from ..models import ProjectDirectorHandover
from ..services.directors import handover_nominate, send

GAP = ("eastside", "eec")
HANDOVER = ("bridges", "eec", "lee")
HANDOVER_NOTE = (
    "Naomi asked to hand EEC's lead to Jordan, who already runs our volunteers' mentoring "
    "sessions day to day. Naomi stays on as EEC's leader."
)


def seed(context) -> None:
    """Add the gap, the waiting handover and the steward's notifications, once."""
    _gap(context)
    _handover(context)
    _notifications(context)


def _gap(context) -> None:
    partnership_key, org_key = GAP
    partnership, organization = (
        context.partnerships[partnership_key],
        context.organizations[org_key],
    )
    # Any membership, current or not: one removed by hand in the demo stays removed.
    if not partnership.memberships.filter(organization=organization).exists():
        membership_add(partnership=partnership, organization=organization)
        context.log.append(f"membership of {organization} in {partnership} (no director yet)")


def _handover(context) -> None:
    partnership_key, org_key, nominee_key = HANDOVER
    partnership, organization = (
        context.partnerships[partnership_key],
        context.organizations[org_key],
    )
    if ProjectDirectorHandover.objects.filter(
        partnership=partnership, organization=organization
    ).exists():
        return
    handover_nominate(
        partnership=partnership,
        organization=organization,
        incoming=context.people[nominee_key],
        nominated_by=context.users["steward"],
        note=HANDOVER_NOTE,
    )
    context.log.append(f"handover of {organization}'s project director role in {partnership}")


def _notifications(context) -> None:
    steward = context.users["steward"]
    eastside, bridges = context.partnerships["eastside"], context.partnerships["bridges"]
    gap_org, carver = context.organizations["eec"], context.organizations["carver"]
    items = [
        (
            "demo:director-gap:eastside",
            "director_gap",
            f"{gap_org} has no project director in {eastside}",
            f"{gap_org} joined the compact without a project director. Name one, or nominate "
            "someone to accept the role, on the project directors page.",
            reverse("leadership:directors", args=[eastside.pk]),
            None,
        ),
        (
            "demo:director-named:carver",
            "director_named",
            f"{context.people['mensah']} is now the project director of {carver}",
            f"{context.people['mensah']} leads for {carver} in “{bridges}”.",
            reverse("leadership:directors", args=[bridges.pk]),
            timedelta(days=12),
        ),
    ]
    for key, kind, title, body, url, read_ago in items:
        notification = send(
            user=steward, kind=kind, title=title, body=body, url=url, key=key, email=False
        )
        if notification is None:
            continue
        context.log.append(f"notification “{title}” for {steward}")
        if read_ago is not None:
            # An older notice the steward has already read, so the page shows both kinds.
            earlier = timezone.now() - read_ago
            Notification.objects.filter(pk=notification.pk).update(
                created_at=earlier, read_at=earlier + timedelta(hours=2)
            )
