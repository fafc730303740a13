"""Pillar 3, relationship building: the stakeholder groups a partnership's work affects (R1),
its planning and design bodies with their seats and meetings (R2)."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableModel, TimeStampedModel
from accord.directory.models import Organization, Person, StakeholderGroup
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


class Body(ArchivableModel):
    """A committee or working group of a partnership that plans or designs its work (R2)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Committee"
        WORKING_GROUP = "working_group", "Working group"

    partnership_path = "partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    purpose = models.TextField(blank=True)

    objects = AffectedGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name


class Seat(TimeStampedModel):
    """A seat on a body: who holds it, the group and organization it speaks for, its vote (R2)."""

    partnership_path = "body__partnership"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="seats")
    group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        help_text="The affected group the seat speaks for, if any.",
    )
    votes = models.BooleanField("carries a vote", default=True)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["body_id", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="seat_ends_after_it_starts",
                violation_error_message="A seat cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.body}"


class BodyMeeting(TimeStampedModel):
    """A meeting of a body, with who attended and who contributed (R2)."""

    partnership_path = "body__partnership"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    title = models.CharField(max_length=200, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["body", "held_on"], name="body_meeting_held_on")]

    def __str__(self) -> str:
        return f"{self.body}, {self.held_on:%-d %b %Y}"


class Attendance(TimeStampedModel):
    """Whether a seat's holder attended a meeting (R2)."""

    partnership_path = "meeting__body__partnership"

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField()

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_attendance_per_seat")
        ]

    def __str__(self) -> str:
        return (
            f"{self.seat.person_id} at {self.meeting_id}: {'present' if self.present else 'absent'}"
        )


class Contribution(TimeStampedModel):
    """A recorded contribution of a seat's holder at a meeting (R2)."""

    class Kind(models.TextChoices):
        AGENDA_ITEM = "agenda_item", "Led an agenda item"
        PROPOSAL = "proposal", "Made a proposal"
        COMMENT = "comment", "Recorded comment"

    partnership_path = "meeting__body__partnership"

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="contributions")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.CharField(max_length=500, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


from .models_engagements import *  # noqa: E402, F403  (engagements, R4-R5)
from .models_ledger import *  # noqa: E402, F403  (input ledger, R6)
from .models_trust import *  # noqa: E402, F403  (trust and value network, R6)
