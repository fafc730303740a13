"""Deliverables (M2): what each member organization owes the partnership, by when.

A deliverable belongs to a partnership and to one organization that is a member of it (the host
too), with a due date and a status

    planned → in progress → delivered (on a date) | missed | cancelled

and the evidence that shows it was delivered. Its fulfilment counts beside the leaders'
commitments of pillar 2 (queries_deliverables.fulfilment_of); an open deliverable past its due
date is overdue: it shows on the partnership's timeline and waits for its organization's people.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableModel
from accord.directory.models import Organization
from accord.partnerships.models import Partnership

__all__ = ["Deliverable"]


class DeliverableQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Deliverable(ArchivableModel):
    """Something an organization delivers to the partnership by a due date."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DELIVERED = "delivered", "Delivered"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="deliverables"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="deliverables",
        help_text="The member organization that delivers it (the host too).",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_on = models.DateField("due on")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    delivered_on = models.DateField("delivered on", null=True, blank=True)
    evidence = models.ManyToManyField(
        "measurement.Evidence", blank=True, related_name="deliverables"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DeliverableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "due_on", "pk"]
        indexes = [models.Index(fields=["partnership", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="delivered", delivered_on__isnull=False)
                | (~Q(status="delivered") & Q(delivered_on__isnull=True)),
                name="measurement_deliverable_delivered_on_when_delivered",
                violation_error_message="A delivered deliverable has the date it was delivered, "
                "and only a delivered one has it.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measurement:deliverable-detail", args=[self.partnership_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
