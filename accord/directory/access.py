"""Loading organizations through the culture-profile rule (A4).

The rule itself is in accord/core/policy.py ("directory.culture.view" and
"directory.culture.change"): an organization's own people, its partners and platform
administrators see its culture profile; its own people, the stewards of its partnerships and
platform administrators change it.
"""

from accord.core.access import get_visible_or_404, require

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
