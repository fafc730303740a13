"""Reads of stakeholder groups (R1) that the directory pages and the API share."""

from django.db.models import Count, Q, QuerySet

from .models import GroupRepresentation, StakeholderGroup


def groups_for(user, *, include_archived: bool = False) -> QuerySet[StakeholderGroup]:
    """The stakeholder groups `user` may see, each with its count of representing organizations."""
    groups = StakeholderGroup.objects.visible_to(user)
    if not include_archived:
        groups = groups.active()
    return groups.annotate(
        representation_count=Count(
            "representations", filter=Q(representations__archived_at__isnull=True)
        )
    ).order_by("name", "pk")


def representations_of(group: StakeholderGroup | int) -> QuerySet[GroupRepresentation]:
    """The organizations that represent a group now, by name."""
    return (
        GroupRepresentation.objects.active()
        .filter(group=group)
        .select_related("organization", "group")
        .order_by("organization__name", "pk")
    )
