"""Accord's one access path.

A person sees a partnership, and anything inside it, only while holding a role in it, or as a
platform administrator. Everyone else gets 404, never a hint that it exists. Members whose role
lacks a permission get 403.

Every model that belongs to a partnership reaches it through a foreign-key path and uses
`PartnershipScopedQuerySet`; views, API routes, exports and tasks load objects only through
`visible_to(user)` / `editable_by(user, permission)` or the helpers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from accord.core.models import VersionedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accord.accounts.models import User


class Role(models.TextChoices):
    """A person's role inside one partnership."""

    STEWARD = "steward", "Steward"
    PROJECT_DIRECTOR = "project_director", "Project director"
    LEADER = "leader", "Leader"
    CONTRIBUTOR = "contributor", "Contributor"
    STAKEHOLDER = "stakeholder", "Stakeholder"
    VIEWER = "viewer", "Viewer"


class Perm(models.TextChoices):
    """What a role allows inside a partnership."""

    VIEW = "view", "See the partnership and everything inside it"
    CONTRIBUTE = "contribute", "Add records inside the partnership"
    CHANGE = "change", "Edit the partnership's details"
    MANAGE_MEMBERS = "manage_members", "Add, change and remove member organizations"
    MANAGE_ROLES = "manage_roles", "Give and take people's roles"
    TRANSITION = "transition", "Move the partnership through its lifecycle"
    ARCHIVE = "archive", "Archive the partnership"
    COMMENT = "comment", "Comment on drafts and give input"
    ENDORSE = "endorse", "Endorse the charter for one's own organization"


# The role -> permission table. The only place that says who may do what in a partnership.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Endorsing speaks for a member organization: its leaders and project directors do it (A3).
    Role.STEWARD: frozenset(Perm.values) - {Perm.ENDORSE},
    Role.PROJECT_DIRECTOR: frozenset(
        {Perm.VIEW, Perm.CONTRIBUTE, Perm.CHANGE, Perm.COMMENT, Perm.ENDORSE}
    ),
    Role.LEADER: frozenset({Perm.VIEW, Perm.CONTRIBUTE, Perm.COMMENT, Perm.ENDORSE}),
    Role.CONTRIBUTOR: frozenset({Perm.VIEW, Perm.CONTRIBUTE, Perm.COMMENT}),
    Role.STAKEHOLDER: frozenset({Perm.VIEW, Perm.COMMENT}),
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def roles_with(permission: str) -> list[str]:
    """The roles that grant `permission`."""
    return [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]


def is_platform_admin(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def _role_model():
    return apps.get_model("partnerships", "PartnershipRole")


def partnership_ids_for(user, permission: str = Perm.VIEW):
    """A subquery of the ids of partnerships in which `user` holds a role granting `permission`."""
    return (
        _role_model()
        .objects.filter(
            person__user=user,
            person__archived_at__isnull=True,
            archived_at__isnull=True,
            role__in=roles_with(permission),
        )
        .values("partnership_id")
    )


def roles_of(user, partnership) -> set[str]:
    """The roles `user` currently holds in `partnership` (cached on the partnership object)."""
    if not (user and user.is_authenticated):
        return set()
    cache = partnership.__dict__.setdefault("_roles_cache", {})
    if user.pk not in cache:
        cache[user.pk] = set(
            _role_model()
            .objects.filter(
                partnership=partnership,
                person__user=user,
                person__archived_at__isnull=True,
                archived_at__isnull=True,
            )
            .values_list("role", flat=True)
        )
    return cache[user.pk]


def permissions_of(user, partnership) -> set[str]:
    """Everything `user` may do in `partnership`."""
    if is_platform_admin(user):
        return set(Perm.values)
    granted: set[str] = set()
    for role in roles_of(user, partnership):
        granted |= ROLE_PERMISSIONS[role]
    return granted


def has_perm(user, partnership, permission: str) -> bool:
    return permission in permissions_of(user, partnership)


class PartnershipScopedQuerySet(VersionedQuerySet):
    """QuerySet of a model that belongs to a partnership.

    The model names the lookup path to its partnership in `partnership_path`
    ("" for Partnership itself, "partnership" for a direct foreign key, and so on).
    """

    def _path(self) -> str:
        path = getattr(self.model, "partnership_path", "partnership")
        return f"{path}__in" if path else "pk__in"

    def visible_to(self, user):
        if is_platform_admin(user):
            return self.all()
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(**{self._path(): partnership_ids_for(user, Perm.VIEW)})

    def editable_by(self, user, permission: str = Perm.CHANGE):
        if is_platform_admin(user):
            return self.all()
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(**{self._path(): partnership_ids_for(user, permission)})


def partnership_of(obj) -> Any:
    """The partnership an object belongs to, following its model's `partnership_path`."""
    path = getattr(type(obj), "partnership_path", "partnership")
    if not path:
        return obj
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def get_visible_or_404(user, queryset, permission: str | None = None, **lookup):
    """Load one object the user may see; 404 when they may not, 403 when they lack `permission`.

    The single way views and API routes fetch an object from user-supplied ids.
    """
    try:
        obj = queryset.visible_to(user).get(**lookup)
    # OverflowError: an id past 64 bits, which SQLite's driver refuses in a foreign-key filter.
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    if permission is not None:
        require_perm(user, obj, permission)
    return obj


def require_perm(user, obj, permission: str) -> None:
    """Raise PermissionDenied unless `user` may do `permission` on `obj`'s partnership."""
    if hasattr(obj, "user_can"):
        allowed = obj.user_can(user, permission)
    else:
        allowed = has_perm(user, partnership_of(obj), permission)
    if not allowed:
        raise PermissionDenied("Your role in this partnership does not allow this.")
