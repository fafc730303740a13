"""Loading organizations through the culture-profile rule (A4).

The rule itself is in accord/core/policy.py ("directory.culture.view" and
"directory.culture.change"): an organization's own people, its partners and platform
administrators see its culture profile; its own people, the stewards of its partnerships and
platform administrators change it.
"""

from accord.core.access import Perm, get_visible_or_404, is_platform_admin, require
from accord.core.policy import roles_with

from .models import DirectoryQuerySet, Organization

VIEW = "directory.culture.view"
CHANGE = "directory.culture.change"


class CultureQuerySet(DirectoryQuerySet):
    """Organizations seen through the culture-profile rule, for `get_visible_or_404`."""

    def visible_to(self, user):
        return self.allowing(user, VIEW)

    def editable_by(self, user, action: str | None = None):
        return self.allowing(user, action or CHANGE)


def culture_organizations() -> CultureQuerySet:
    return CultureQuerySet(model=Organization)


def culture_visible_to(user) -> CultureQuerySet:
    """Organizations whose culture profile `user` may see."""
    return culture_organizations().visible_to(user)


def culture_organization_or_404(user, pk, *, edit: bool = False) -> Organization:
    """The organization whose culture profile `user` asks for.

    404 for someone who may not see it (nobody learns it exists), 403 for someone who sees it
    but may not change it. The profile itself comes along (`select_related`).
    """
    queryset = culture_organizations().select_related("culture_profile")
    organization = get_visible_or_404(user, queryset, pk=pk)
    if edit:
        require(user, CHANGE, organization)
    return organization


def sees_every_member_culture(user, partnership, held_roles: set[str]) -> bool:
    """Whether `user` sees the culture profile of every current member of `partnership`, told
    from the roles the page has already read (`held_roles`, theirs in this partnership) rather
    than asked of the database: by the rule's platform-administrator clause, or by its partner
    clause (`partner_of_this_organization(Perm.VIEW)`: a role granting VIEW in a partnership
    that is not archived, of which the organization is a current member)."""
    if is_platform_admin(user):
        return True
    return partnership.archived_at is None and bool(set(held_roles) & set(roles_with(Perm.VIEW)))
