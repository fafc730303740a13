"""Announcements on the shared vision and direction, and their delivery to each person (L4)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership


class Announcement(TimeStampedModel):
    """A message from a steward or leader to chosen audiences of a partnership."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    partnership_path = "partnership"
    # A draft is read by those who may write one (its audit trail too); what was sent, by all.
    read_action = "leadership.announcement.read"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="announcements"
    )
    author = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    # Empty means everyone who holds a role, whatever their organization; and every level.
    audience_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="announcements_received"
    )
    audience_levels = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the delivery task was last queued: at sending, and at each resumption of a stalled send.
    delivery_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AnnouncementDelivery(models.Model):
    """The delivery of one announcement to one person: the delivery log."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        # Recorded just before the message goes to the mail server; it stays so when the worker
        # stopped before the server's answer was recorded, and is never sent again.
        SENDING = "sending", "Handed over, not confirmed"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NO_ADDRESS = "no_address", "No e-mail address"

    partnership_path = "announcement__partnership"

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempted_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The e-mail's Message-ID, fixed for this delivery: a copy that ever went out twice would be
    # recognised as the same message by the recipient's mail system.
    message_id = models.CharField(max_length=255, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["announcement_id", "person__name"]
        verbose_name_plural = "announcement deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "person"], name="one_delivery_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} to {self.person}: {self.get_status_display()}"
