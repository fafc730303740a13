"""Reads for the invitation pages and the administrators' home page."""

from django.db.models import QuerySet
from django.urls import reverse

from accord.core.access import is_platform_admin
from accord.core.waiting import Waiting

from .models import OPEN_STATUSES, Invitation


def invitations_for(user) -> QuerySet[Invitation]:
    """Invitations an administrator sees: open ones first, then the latest others."""
    return Invitation.objects.visible_to(user).select_related(
        "person__organization", "requested_by", "sent_by", "partnership"
    )


def open_invitations(user) -> QuerySet[Invitation]:
    return invitations_for(user).filter(status__in=OPEN_STATUSES).order_by("created_at", "pk")


def closed_invitations(user, limit: int = 50) -> list[Invitation]:
    return list(
        invitations_for(user).exclude(status__in=OPEN_STATUSES).order_by("-updated_at")[:limit]
    )


def requests_waiting(user) -> list[Waiting]:
    """Stewards' requests, waiting for an administrator to send or cancel them (one query)."""
    if not is_platform_admin(user):
        return []
    rows = (
        Invitation.objects.filter(status=Invitation.Status.REQUESTED)
        .select_related("person", "requested_by", "partnership")
        .order_by("created_at", "pk")
    )
    return [
        Waiting(
            kind="invitations.request",
            label="Invitation requested",
            title=(
                f"Invite {row.person.name}"
                + (f", asked by {row.requested_by.display_name}" if row.requested_by else "")
            ),
            url=reverse("invitations:list") + f"#invitation-{row.pk}",
            since=row.created_at,
            partnership=row.partnership.title if row.partnership else "",
            partnership_id=row.partnership_id,
        )
        for row in rows
    ]
