"""Reads about project directors (L6) shared by the pages, the API, the alerts and reminders.

Each member organization of a partnership has one project director, or is flagged as having
none. Lists here cost the same number of queries however many members a partnership has.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from accord.core.access import Role
from accord.directory.models import Organization, Person
from accord.partnerships.models import Membership, Partnership, PartnershipRole

from ..models import ProjectDirectorHandover

PENDING = ProjectDirectorHandover.Status.PENDING
FORMER_DIRECTORS_SHOWN = 20


@dataclass
class MemberDirector:
    """One current member organization with its project director (None: the gap is flagged)."""

    membership: Membership
    director: PartnershipRole | None
    pending: ProjectDirectorHandover | None

    @property
    def organization(self) -> Organization:
        return self.membership.organization

    @property
    def flagged(self) -> bool:
        return self.director is None


def _current_directors(partnership) -> QuerySet[PartnershipRole]:
    return PartnershipRole.objects.filter(
        partnership=partnership, role=Role.PROJECT_DIRECTOR, archived_at__isnull=True
    )


def member_directors(partnership: Partnership) -> QuerySet[Membership]:
    """Current members, hosts first, with `organization.current_directors` and
    `organization.pending_handovers` prefetched (three queries for any number of members)."""
    handovers = ProjectDirectorHandover.objects.filter(
        partnership=partnership, status=PENDING
    ).select_related("incoming__organization", "outgoing__person__organization", "nominated_by")
    return (
        partnership.memberships.current()
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "organization__partnership_roles",
                queryset=_current_directors(partnership).select_related("person__organization"),
                to_attr="current_directors",
            ),
            Prefetch(
                "organization__director_handovers",
                queryset=handovers,
                to_attr="pending_handovers",
            ),
        )
        .order_by("kind", "organization__name", "pk")  # hosts first
    )


def as_rows(memberships) -> list[MemberDirector]:
    """The prefetched memberships of `member_directors` as rows for a page or the API."""
    return [
        MemberDirector(
            membership=membership,
            director=next(iter(membership.organization.current_directors), None),
            pending=next(iter(membership.organization.pending_handovers), None),
        )
        for membership in memberships
    ]


def member_row(partnership: Partnership, organization: Organization) -> MemberDirector | None:
    """The row of one member organization, or None if it is not a current member."""
    rows = as_rows(member_directors(partnership).filter(organization=organization))
    return rows[0] if rows else None


def current_director(partnership, organization) -> PartnershipRole | None:
    return (
        _current_directors(partnership)
        .filter(organization=organization)
        .select_related("person__user")
        .first()
    )


def handovers_of(partnership, *, status: str = "") -> QuerySet[ProjectDirectorHandover]:
    """A partnership's handovers, newest first."""
    handovers = ProjectDirectorHandover.objects.filter(partnership=partnership)
    if status:
        handovers = handovers.filter(status=status)
    return handovers.select_related(
        "partnership",
        "organization",
        "incoming__organization",
        "outgoing__person__organization",
        "nominated_by",
    ).order_by("-created_at", "-pk")


def decided_handovers(partnership) -> QuerySet[ProjectDirectorHandover]:
    return handovers_of(partnership).exclude(status=PENDING)


def former_directors(partnership, limit: int = FORMER_DIRECTORS_SHOWN) -> list[PartnershipRole]:
    """The most recent project directors whose role ended, newest first."""
    return list(
        PartnershipRole.objects.filter(
            partnership=partnership, role=Role.PROJECT_DIRECTOR, archived_at__isnull=False
        )
        .select_related("person", "organization")
        .order_by("-archived_at", "-pk")[:limit]
    )


def nominees_for(organization: Organization) -> QuerySet[Person]:
    """People of `organization` who could accept a nomination: not archived, with an account."""
    return Person.objects.filter(
        organization=organization,
        archived_at__isnull=True,
        user__isnull=False,
        user__is_active=True,
    ).order_by("name", "pk")


def people_of(organization: Organization) -> QuerySet[Person]:
    """Everyone of `organization` who is not archived (a first director needs no account)."""
    return Person.objects.filter(organization=organization, archived_at__isnull=True).order_by(
        "name", "pk"
    )


def _users_holding(partnership, role: str, **extra):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            person__archived_at__isnull=True,
            person__roles__partnership=partnership,
            person__roles__role=role,
            person__roles__archived_at__isnull=True,
            **{f"person__roles__{key}": value for key, value in extra.items()},
        )
        .distinct()
        .order_by("pk")
    )


def steward_users(partnership) -> list:
    """The accounts of the partnership's current stewards."""
    return list(_users_holding(partnership, Role.STEWARD))


def director_users(partnership) -> list:
    """The accounts of the project directors of the partnership's current members."""
    members = partnership.memberships.current().values("organization_id")
    return list(_users_holding(partnership, Role.PROJECT_DIRECTOR, organization_id__in=members))
