"""Reads that the partnership pages and the API share. Every one starts from `visible_to`."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from accord.core.access import Role
from accord.core.compiled import CompiledQuery, UserObjects
from accord.core.paging import count_of
from accord.directory.access import culture_visible_to, sees_every_member_culture
from accord.directory.culture import (
    MemberCulture,
    OrgRef,
    WorkingTogether,
    summarize,
    weekday_numbers,
)
from accord.directory.models import Organization

from .models import Membership, Partnership, PartnershipRole, StageChange


def partnerships_for(
    user,
    *,
    q: str = "",
    stage: str = "",
    scope: str = "",
    organization_id: int | None = None,
    organization_name: str = "",
    include_archived: bool = False,
    member_count: bool = True,
) -> QuerySet[Partnership]:
    """The partnerships `user` may see, filtered, each with its count of current members (left
    out with `member_count=False` where `with_current_members` counts them)."""
    partnerships = Partnership.objects.visible_to(user)
    if not include_archived:
        partnerships = partnerships.filter(archived_at__isnull=True)
    if stage:
        partnerships = partnerships.filter(stage=stage)
    if scope:
        partnerships = partnerships.filter(scope=scope)
    # Exists() rather than a join, so the member count below is not narrowed by the filter.
    if organization_id:
        partnerships = partnerships.filter(
            Exists(
                Membership.objects.current().filter(
                    partnership=OuterRef("pk"), organization_id=organization_id
                )
            )
        )
    organization_name = organization_name.strip()
    if organization_name:
        partnerships = partnerships.filter(
            Exists(
                Membership.objects.current().filter(
                    partnership=OuterRef("pk"), organization__name__icontains=organization_name
                )
            )
        )
    q = q.strip()
    if q:
        partnerships = partnerships.filter(
            Q(title__icontains=q)
            | Q(purpose__icontains=q)
            | Exists(
                Membership.objects.current().filter(
                    partnership=OuterRef("pk"), organization__name__icontains=q
                )
            )
        )
    # Sorted by the (title, id) index and paged first; the count runs for the rows shown only.
    if member_count:
        current = Membership.objects.current().filter(partnership=OuterRef("pk"))
        partnerships = partnerships.annotate(member_count=count_of(current))
    return partnerships.order_by("title", "pk")


@dataclass(frozen=True)
class MemberName:
    """A current member organization as the list shows it: its name, and whether it hosts."""

    name: str
    kind: str


# Compiled once per process and page size (accord/core/compiled.py): the list runs it on each page.
_members_of = CompiledQuery(
    lambda partnership_ids: (
        Membership.objects.current()
        .filter(partnership_id__in=partnership_ids)
        .order_by("kind", "organization__name", "pk")
        .values_list("partnership_id", "organization__name", "kind")
    )
)


def with_current_members(partnerships) -> list[Partnership]:
    """The partnerships of one page as a list, each with `current_members`: its current member
    organizations' names and kinds (hosts first, then by name), read in one query of tuples
    rather than two model objects per member, and `member_count`, how many there are."""
    partnerships = list(partnerships)
    members: dict[int, list[MemberName]] = {partnership.pk: [] for partnership in partnerships}
    for partnership_id, name, kind in _members_of(list(members)) if members else ():
        members[partnership_id].append(MemberName(name, kind))
    for partnership in partnerships:
        partnership.current_members = members[partnership.pk]
        partnership.member_count = len(members[partnership.pk])
        partnership.members_text = members_text(members[partnership.pk])
    return partnerships


def members_text(members: list["MemberName"], count: int | None = None, shown: int = 4) -> str:
    """The list's "Member organizations" cell: the first `shown` names, hosts marked, and how
    many more ("A (host), B, C, D and 2 more"). Written here once per row rather than by a
    template loop per member."""
    count = len(members) if count is None else count
    names = [f"{m.name} (host)" if m.kind == "host" else m.name for m in members[:shown]]
    text = ", ".join(names)
    if count > shown:
        text += f" and {count - shown} more"
    return text


def memberships_of(
    partnership: Partnership, *, include_former: bool = False, include_archived: bool = False
):
    """Current members; with `include_former` also those that left (and, if asked, removed)."""
    memberships = partnership.memberships.select_related("organization")
    if not include_former:
        memberships = memberships.current()
    elif not include_archived:
        memberships = memberships.filter(archived_at__isnull=True)
    return memberships.order_by("kind", "organization__name", "pk")  # hosts first


def roles_of_partnership(
    partnership: Partnership, *, role: str = "", include_archived: bool = False
):
    roles = partnership.roles.select_related("person__organization")
    if not include_archived:
        roles = roles.filter(archived_at__isnull=True)
    if role:
        roles = roles.filter(role=role)
    return roles.order_by("role", "person__name", "pk")


ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}


@dataclass(frozen=True)
class RoleRow:
    """A current role as the partnership page's roles table shows it, read as a tuple rather
    than three model objects (the role, its person, the person's organization)."""

    pk: int
    role: str
    created_at: datetime
    person_id: int
    person_name: str
    person_user_id: int | None
    person_archived_at: datetime | None
    organization_name: str | None

    def get_role_display(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


ROLE_LABELS = dict(PartnershipRole._meta.get_field("role").flatchoices)


# The partnership page's roles table, compiled once per process (accord/core/compiled.py).
_current_roles = CompiledQuery(
    lambda partnership_id: roles_of_partnership(Partnership.reference(partnership_id)).values_list(
        "pk",
        "role",
        "created_at",
        "person_id",
        "person__name",
        "person__user_id",
        "person__archived_at",
        "person__organization__name",
    )
)


def roles_by_rank(partnership: Partnership) -> list[RoleRow]:
    """Current roles, stewards first and viewers last, as the table on the page shows them."""
    return sorted(
        (RoleRow(*row) for row in _current_roles(partnership.pk)),
        key=lambda assignment: (ROLE_ORDER[assignment.role], assignment.person_name),
    )


def roles_held_by(user, roles: list[RoleRow]) -> set[str]:
    """Of `roles_by_rank`, the roles `user` holds (through their directory person, while it is
    not archived): what `roles_of` would read."""
    return {
        assignment.role
        for assignment in roles
        if assignment.person_user_id == user.pk and assignment.person_archived_at is None
    }


def stage_timeline(partnership: Partnership):
    return StageChange.objects.filter(partnership=partnership).select_related("changed_by")


def organizations_that_may_join(user, partnership: Partnership) -> QuerySet[Organization]:
    """Directory organizations that are not current members of `partnership`."""
    return (
        Organization.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .exclude(pk__in=partnership.memberships.current().values("organization_id"))
        .order_by("name")
    )


def working_together(
    partnership: Partnership, user, *, now: datetime | None = None, memberships=None
) -> WorkingTogether:
    """Languages, common working hours and accessibility needs of the current members (A4).

    One query loads every member with its culture profile (or `memberships`, from
    `page_memberships`). A profile counts only where `user` may see it (directory/access.py):
    partners of a live partnership see each other's.
    """
    if memberships is None:
        memberships = (
            partnership.memberships.current()
            .select_related("organization__culture_profile")
            .annotate(culture_visible=Exists(_culture_visible(user)))
            .order_by("kind", "organization__name", "pk")  # hosts first
        )
    members = [
        m.culture()
        if isinstance(m, MemberRow)
        else MemberCulture.of(m.organization, visible=m.culture_visible)
        for m in memberships
        if m.is_current
    ]
    return summarize(members, now=now or timezone.now())


def _culture_visible(user):
    return culture_visible_to(user).filter(pk=OuterRef("organization_id"))


@dataclass(frozen=True)
class MemberRow:
    """A membership as the partnership page shows it (the members table, the missing directors,
    working together), read as a tuple rather than three model objects (the membership, its
    organization, the organization's culture profile)."""

    pk: int
    kind: str
    joined_on: date
    left_on: date | None
    archived_at: datetime | None
    organization_id: int
    organization_name: str
    has_director: bool
    culture_visible: bool
    profile_id: int | None
    languages: tuple | None
    time_zone: str | None
    hours_start: time | None
    hours_end: time | None
    working_days: tuple | None
    accessibility_needs: str | None

    def __post_init__(self) -> None:
        # The database gives lists: tuples keep the row plain data ({% pure %} parts).
        for name in ("languages", "working_days"):
            if isinstance(value := getattr(self, name), list):
                object.__setattr__(self, name, tuple(value))

    @property
    def is_current(self) -> bool:
        return self.left_on is None and self.archived_at is None

    def get_kind_display(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def culture(self) -> MemberCulture:
        """What working together reads of the member: as MemberCulture.of() gives it."""
        ref = OrgRef(self.organization_id, self.organization_name)
        if not self.culture_visible or self.profile_id is None:
            return MemberCulture(ref)
        return MemberCulture(
            ref,
            has_profile=True,
            languages=tuple(self.languages or ()),
            time_zone=self.time_zone,
            hours_start=self.hours_start,
            hours_end=self.hours_end,
            accessibility_needs=self.accessibility_needs,
            working_days=weekday_numbers(self.working_days),
        )


KIND_LABELS = dict(Membership._meta.get_field("kind").flatchoices)


def page_memberships(partnership: Partnership, user, held_roles: set[str] = frozenset()):
    """Every membership the partnership page shows (current and former, hosts first), in one
    query of tuples (MemberRow), each with `has_director` (L6) and `culture_visible` (A4, for
    the current members: working_together(memberships=...) reads no other) for the sections
    built from them: members_without_director_of() and working_together(memberships=...).

    `held_roles`, the roles `user` holds in the partnership (the page has read them): when they
    decide that every current member's culture profile is visible (sees_every_member_culture),
    the query holds no subquery of the culture rule, which PostgreSQL takes longer to plan than
    to run."""
    if sees_every_member_culture(user, partnership, held_roles):
        # The same query for every such reader: compiled once per process (core/compiled.py).
        rows = _every_culture_rows(partnership.pk)
    else:
        rows = _page_membership_rows(partnership.pk, Exists(_culture_visible(user)))
    return tuple(MemberRow(*row) for row in rows)


def _page_membership_rows(partnership_id: int, culture_visible):
    director = PartnershipRole.objects.filter(
        partnership_id=partnership_id,
        organization=OuterRef("organization_id"),
        role=Role.PROJECT_DIRECTOR,
        archived_at__isnull=True,
    )
    return (
        memberships_of(Partnership.reference(partnership_id), include_former=True)
        .annotate(has_director=Exists(director), culture_visible=culture_visible)
        .values_list(*PAGE_MEMBERSHIP_COLUMNS)
    )


_every_culture_rows = CompiledQuery(
    lambda partnership_id: _page_membership_rows(
        partnership_id, Value(True, output_field=BooleanField())
    )
)


PAGE_MEMBERSHIP_COLUMNS = (
    "pk",
    "kind",
    "joined_on",
    "left_on",
    "archived_at",
    "organization_id",
    "organization__name",
    "has_director",
    "culture_visible",
    "organization__culture_profile__id",
    "organization__culture_profile__languages",
    "organization__culture_profile__time_zone",
    "organization__culture_profile__working_hours_start",
    "organization__culture_profile__working_hours_end",
    "organization__culture_profile__working_days",
    "organization__culture_profile__accessibility_needs",
)


def members_without_director_of(memberships: tuple[MemberRow, ...]) -> frozenset[int]:
    """Of `page_memberships`, the current member organizations without a project director."""
    return frozenset(m.organization_id for m in memberships if m.is_current and not m.has_director)


HOME_PARTNERSHIPS = 10

# Compiled once per process for each kind of user (accord/core/compiled.py).
_home_partnerships = UserObjects(
    Partnership,
    lambda user: (
        Partnership.objects.visible_to(user).active().order_by("-updated_at")[:HOME_PARTNERSHIPS]
    ),
)


def home_partnerships(user) -> list[Partnership]:
    """The partnerships the home page lists: live ones the user may see, last changed first."""
    return _home_partnerships.objects(user)
