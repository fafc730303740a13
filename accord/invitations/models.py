"""An invitation: the one way a person of the directory gets an account without an
administrator typing a password for them. It is sent to the address on record, works once, within
seven days, and the token it carries is stored only as its SHA-256."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accord.core.access import PolicyQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Person
from accord.partnerships.models import Partnership

OPEN_STATUSES = ("requested", "sent")


class Invitation(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested by a steward"
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        CANCELLED = "cancelled", "Cancelled"

    # Only administrators see invitations: one carries everything the person's roles open.
    view_action = "invitations.invitation.send"
    partnership_path = "partnership"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    # The partnership from which a steward asked for it (their reason), if one did.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The address it went to: the person's address on record when it was sent.
    email = models.EmailField("sent to", blank=True)
    token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_invitation_per_person",
                violation_error_message="This person already has an invitation waiting.",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.person}"

    @property
    def expired(self) -> bool:
        return (
            self.status == self.Status.SENT
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )
