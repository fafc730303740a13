"""Who may see and change an organization's values profile (A1) and culture profile (A4).

The directory is shared: everyone signed in reads it. Two parts of an organization's record have
their own rule, kept here and nowhere else:

- values profile (A1): read by everyone signed in; changed by platform administrators, stewards
  (`can_edit_directory`) and the organization's own people.
- culture profile (A4): seen by platform administrators, the organization's own people, and
  people holding a current role in a non-archived partnership in which the organization is a
  current member; changed by platform administrators, the organization's own people, and people
  whose role in such a partnership lets them manage its members (stewards).

Partnership models are read through the app registry, as core/access.py does, so that the
directory never imports the partnerships app.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accord.core.access import Perm, get_visible_or_404, is_platform_admin, partnership_ids_for

from .models import DirectoryQuerySet, Organization, Person, can_edit_directory


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def own_organization_ids(user) -> QuerySet:
    """A subquery of the ids of the organizations `user` belongs to (through their Person)."""
    return Person.objects.filter(
        user=user, archived_at__isnull=True, organization__isnull=False
    ).values("organization_id")


def _partner_organization_ids(user, permission: str) -> QuerySet:
    """Current members of the live partnerships in which `user` holds `permission`."""
    membership = apps.get_model("partnerships", "Membership")
    partnerships = partnership_ids_for(user, permission).filter(
        partnership__archived_at__isnull=True
    )
    return membership.objects.filter(
        partnership_id__in=partnerships, left_on__isnull=True, archived_at__isnull=True
    ).values("organization_id")


# --- Culture profile (A4) -----------------------------------------------------------------------
class CultureQuerySet(DirectoryQuerySet):
    """Organizations seen through the culture-profile rule, for `get_visible_or_404`."""

    def _by_rule(self, user, permission: str):
        if is_platform_admin(user):
            return self.all()
        if not _signed_in(user):
            return self.none()
        return self.filter(
            Q(pk__in=own_organization_ids(user))
            | Q(pk__in=_partner_organization_ids(user, permission))
        )

    def visible_to(self, user):
        return self._by_rule(user, Perm.VIEW)

    def editable_by(self, user, permission: str = Perm.MANAGE_MEMBERS):
        # Stewards plan the partnership with its members, so they may fill in a profile for them.
        return self._by_rule(user, Perm.MANAGE_MEMBERS)


def culture_organizations() -> CultureQuerySet:
    return CultureQuerySet(model=Organization)


def culture_visible_to(user) -> CultureQuerySet:
    """Organizations whose culture profile `user` may see."""
    return culture_organizations().visible_to(user)


def culture_editable_by(user) -> CultureQuerySet:
    """Organizations whose culture profile `user` may change."""
    return culture_organizations().editable_by(user)


def can_see_culture(user, organization: Organization) -> bool:
    return culture_visible_to(user).filter(pk=organization.pk).exists()


def can_edit_culture(user, organization: Organization) -> bool:
    return culture_editable_by(user).filter(pk=organization.pk).exists()


def culture_organization_or_404(user, pk, *, edit: bool = False) -> Organization:
    """The organization whose culture profile `user` asks for.

    404 for someone who may not see it (nobody learns it exists), 403 for someone who sees it
    but may not change it. The profile itself comes along (`select_related`).
    """
    queryset = culture_organizations().select_related("culture_profile")
    organization = get_visible_or_404(user, queryset, pk=pk)
    if edit and not can_edit_culture(user, organization):
        raise PermissionDenied(
            "Only the organization's own people, the stewards of its partnerships and platform "
            "administrators may change its culture profile."
        )
    return organization


# --- Values profile (A1) ------------------------------------------------------------------------
def values_editable_by(user) -> QuerySet[Organization]:
    """Organizations whose values profile `user` may change."""
    if can_edit_directory(user):  # platform administrators and stewards
        return Organization.objects.all()
    if not _signed_in(user):
        return Organization.objects.none()
    return Organization.objects.filter(pk__in=own_organization_ids(user))


def can_edit_values(user, organization: Organization) -> bool:
    return values_editable_by(user).filter(pk=organization.pk).exists()


def require_values_editor(user, organization: Organization) -> None:
    if not can_edit_values(user, organization):
        raise PermissionDenied(
            "Only the organization's own people, stewards and platform administrators may change "
            "its values profile."
        )
