"""Pillar 3, relationship building: the stakeholder groups a partnership's work affects (R1)."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableModel
from accord.directory.models import StakeholderGroup
from accord.partnerships.models import Partnership


class AffectedGroupQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class AffectedGroup(ArchivableModel):
    """A stakeholder group that a partnership names as affected by its work (R1)."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="affected_groups"
    )
    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.PROTECT, related_name="affected_in"
    )
    note = models.TextField(
        blank=True, help_text="How this partnership's work affects the group, in its own words."
    )

    objects = AffectedGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "group"],
                condition=Q(archived_at__isnull=True),
                name="one_affected_group_per_partnership",
                violation_error_message="This partnership already names this group as affected.",
            )
        ]

    def __str__(self) -> str:
        return str(self.group)


from .models_engagements import *  # noqa: E402, F403  (engagements, R4-R5)
