"""Reads of the relationships pillar that the pages and the API share (R1).

`stakeholders_of` costs the same number of queries however many groups and organizations.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from accord.core.access import get_visible_or_404
from accord.directory.models import GroupRepresentation, StakeholderGroup
from accord.partnerships.models import Membership, Partnership

from .models import AffectedGroup

MANAGE = "relationships.affected.manage"


@dataclass
class GroupRow:
    """An affected group with the current member organizations that represent it."""

    affected: AffectedGroup
    representatives: list[GroupRepresentation] = field(default_factory=list)

    @property
    def group(self) -> StakeholderGroup:
        return self.affected.group

    @property
    def unrepresented(self) -> bool:
        """No member organization represents the group: the flag of R1."""
        return not self.representatives


def affected_groups_of(partnership: Partnership | int) -> QuerySet[AffectedGroup]:
    """The groups a partnership names as affected (not archived), by name."""
    return (
        AffectedGroup.objects.active()
        .filter(partnership=partnership)
        .select_related("group", "partnership")
        .order_by("group__name", "pk")
    )


def stakeholders_of(partnership: Partnership) -> list[GroupRow]:
    """Each affected group with the member organizations that represent it (two queries)."""
    rows = [GroupRow(affected) for affected in affected_groups_of(partnership)]
    by_group = {row.group.pk: row for row in rows}
    members = Membership.objects.current().filter(partnership=partnership).values("organization")
    representations = (
        GroupRepresentation.objects.active()
        .filter(group__in=list(by_group), organization__in=members)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    for representation in representations if by_group else ():
        by_group[representation.group_id].representatives.append(representation)
    return rows


def affected_or_404(user, partnership_id, pk, action: str | None = None) -> AffectedGroup:
    """An affected group of the partnership that `user` sees (else 404); 403 without `action`."""
    records = AffectedGroup.objects.active().filter(partnership_id=partnership_id)
    return get_visible_or_404(user, records.select_related("group", "partnership"), action, pk=pk)


def groups_to_name(partnership: Partnership) -> QuerySet[StakeholderGroup]:
    """Directory groups the partnership does not name yet: the choices of the form."""
    named = AffectedGroup.objects.active().filter(partnership=partnership).values("group")
    return StakeholderGroup.objects.active().exclude(pk__in=named).order_by("name")
