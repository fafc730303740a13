"""Leaders' learning and their commitments to the shared vision (L1-L3)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership


class LearningActivity(TimeStampedModel):
    """A training, course or reading a leader took part in to understand JEDI better (L1, L2)."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="learning_activities"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="learning")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="learning"
    )
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField("date")
    hours = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0.25, "Hours must be at least a quarter of an hour.")],
    )
    topics = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name_plural = "learning activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="learning_hours_positive",
                violation_error_message="Hours must be positive.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Commitment(TimeStampedModel):
    """Time, effort or resources a leader commits to the shared vision, with dates (L3)."""

    class Kind(models.TextChoices):
        TIME = "time", "Time"
        EFFORT = "effort", "Effort"
        RESOURCES = "resources", "Resources"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        KEPT = "kept", "Kept"
        NOT_KEPT = "not_kept", "Not kept"

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="leader_commitments"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commitments")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="leader_commitments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        max_length=40, blank=True, help_text="What the amount counts: hours, FTE, US dollars…"
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_it_starts",
                violation_error_message="A commitment cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="commitment_amount_positive",
                violation_error_message="The amount must be positive.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"
