"""Accord's one access path: how pages, the API, exports and tasks ask the policy.

What is allowed is written in `accord/core/policy.py`; this module applies it. Objects are loaded
only through `visible_to(user)` / `editable_by(user, action)` or `get_visible_or_404`: someone who
may not see an object gets 404, never a hint that it exists; someone who sees it but may not do
the action gets 403 with the action's own message.

Each model names the action that lets a person see it (`view_action`, by default "view": holding
any role in its partnership) and the lookup path to its partnership (`partnership_path`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import VersionedQuerySet
from .policy import ROLE_PERMISSIONS, Perm, Role, roles_with
from .policy import action as action_named
from .rules import is_platform_admin, partnership_ids_for, partnership_of, roles_of, signed_in

__all__ = [
    "ROLE_PERMISSIONS",
    "Perm",
    "PolicyQuerySet",
    "Role",
    "can",
    "get_or_404",
    "get_visible_or_404",
    "is_platform_admin",
    "partnership_ids_for",
    "partnership_of",
    "permissions_of",
    "require",
    "roles_of",
    "roles_with",
    "signed_in",
]


def view_action_of(model) -> str:
    return getattr(model, "view_action", Perm.VIEW)


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` to `obj` (a partnership, a thing inside one, a directory record)?"""
    return action_named(action).rule.allows(user, obj)


def require(user, action: str, obj=None) -> None:
    """Raise PermissionDenied, with the action's message, unless `user` may do it to `obj`."""
    rule = action_named(action)
    if not rule.rule.allows(user, obj):
        raise PermissionDenied(rule.rule.explain(user, obj) or rule.denied)


def permissions_of(user, partnership) -> set[str]:
    """The partnership-wide permissions `user` holds in `partnership` (for templates' `perms`)."""
    if is_platform_admin(user):
        return set(Perm.values)
    granted: set[str] = set()
    for held in roles_of(user, partnership):
        granted |= ROLE_PERMISSIONS[held]
    return granted


class PolicyQuerySet(VersionedQuerySet):
    """A queryset that filters by the policy: what a user may see, or may do an action to."""

    def visible_to(self, user):
        return self.allowing(user, view_action_of(self.model))

    def editable_by(self, user, action: str | None = None):
        return self.allowing(user, action or getattr(self.model, "edit_action", Perm.CHANGE))

    def allowing(self, user, action: str):
        """The objects on which `user` may do `action`."""
        if not signed_in(user):
            return self.none()
        return self.filter(action_named(action).rule.q(user, self.model))


# The name most models use: their rows belong to a partnership.
PartnershipScopedQuerySet = PolicyQuerySet


def get_or_404(queryset, **lookup):
    """The one object of `queryset` that matches `lookup`, or 404, also for an id that is no id.

    `queryset` is already narrowed to what the user may see; `get_visible_or_404` narrows it.
    """
    try:
        return queryset.get(**lookup)
    # OverflowError: an id past 64 bits, which SQLite's driver refuses in a foreign-key filter.
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("Not found.") from exc


def get_visible_or_404(user, queryset, action: str | None = None, **lookup):
    """Load one object `user` may see (404 otherwise), then require `action` on it (403).

    The single way views and API routes fetch an object from user-supplied ids.
    """
    obj = get_or_404(queryset.visible_to(user), **lookup)
    if action is not None:
        require(user, action, obj)
    return obj
