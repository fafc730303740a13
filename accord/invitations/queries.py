"""Reads for the invitation pages and the administrators' home page."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accord.core.access import is_platform_admin
from accord.core.compiled import UserQuery
from accord.core.paths import object_url
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


_REQUESTER = ("requested_by__first_name", "requested_by__last_name", "requested_by__username")

# Compiled once per process (accord/core/compiled.py); it asks nothing of the user.
_requested = UserQuery(
    lambda user: (
        Invitation.objects.filter(status=Invitation.Status.REQUESTED)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "person__name",
            "requested_by_id",
            *_REQUESTER,
            "created_at",
            "partnership_id",
            "partnership__title",
        )
    )
)


def requests_waiting(user) -> list[Waiting]:
    """Stewards' requests, waiting for an administrator to send or cancel them (one query)."""
    if not is_platform_admin(user):
        return []
    items = []
    for (
        pk,
        person,
        requester_id,
        first,
        last,
        username,
        created_at,
        partnership_id,
        title,
    ) in _requested(user):
        asked_by = ""
        if requester_id is not None:
            requester = get_user_model()(first_name=first, last_name=last, username=username)
            asked_by = f", asked by {requester.display_name}"
        items.append(
            Waiting(
                kind="invitations.request",
                label="Invitation requested",
                title=f"Invite {person}{asked_by}",
                url=object_url("invitations:list") + f"#invitation-{pk}",
                since=created_at,
                partnership=title or "",
                partnership_id=partnership_id,
            )
        )
    return items
