"""Handing a member organization's project director role from one person to another (L6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership, PartnershipRole


class ProjectDirectorHandover(TimeStampedModel):
    """A nomination of the next project director of an organization, and its outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the nominee"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    partnership_path = "partnership"
    # The nominee sees their nomination while it waits for their answer, before holding a role.
    view_action = "leadership.handover.view"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="director_handovers"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="director_handovers"
    )
    outgoing = models.ForeignKey(
        PartnershipRole, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incoming = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="director_nominations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.TextField(blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=Q(status="pending"),
                name="one_pending_handover_per_organization",
                violation_error_message="A handover for this organization is already waiting.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: project director to {self.incoming}"
