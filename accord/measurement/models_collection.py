"""Collecting the data of the agreed measures (M3): reporting periods, each organization's
submission for a period, and the values in it.

A reporting period collects the indicators of one measures set version (the agreed one when the
period was made), so that what a period asks for never changes under the people filling it in.
Each member organization has one submission per period; it moves

    open → submitted → approved
             ↘ returned (with a comment) → submitted again …
    approved → reopened by the approver (recorded) → open …

and approval locks its values. A value is one cell: an indicator, optionally one category of each
of up to two of its dimension versions (no category: the indicator's total), and a number (for a
ratio, its numerator and denominator as well) or, for a qualitative indicator, a text. Values
refer to the exact category rows of a dimension version, so that a new version of a dimension's
categories never reinterprets what was stored.

Values are audited per submission, not per cell: each save, import, submission, return, approval
and reopening is one `SubmissionEvent` naming who, when and which cells changed (old → new), so
that two million values do not carry two million history rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization
from accord.partnerships.models import Partnership

__all__ = ["DataValue", "ReportingPeriod", "Submission", "SubmissionEvent"]


class ReportingPeriod(TimeStampedModel):
    """A period a partnership collects data for: its dates, when entry opens and when it is due."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        CUSTOM = "custom", "Custom"

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="reporting_periods"
    )
    # Matches an indicator target's period label ("2026 Q1"), which is how targets meet data.
    label = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUARTERLY)
    starts_on = models.DateField()
    ends_on = models.DateField()
    opens_on = models.DateField("data entry opens")
    due_on = models.DateField("data due")
    measures_version = models.ForeignKey(
        "measurement.MeasuresVersion",
        on_delete=models.PROTECT,
        related_name="reporting_periods",
        help_text="The measures set version whose indicators this period collects.",
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "label"],
                name="measurement_period_label_unique",
                violation_error_message="This partnership already has a period with that name.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="measurement_period_ends_after_start",
                violation_error_message="A period ends on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opens_on")),
                name="measurement_period_due_after_open",
                violation_error_message="Data is due on or after the day entry opens.",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="measurement_period_due")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("measurement:period", args=[self.partnership_id, self.pk])


class Submission(TimeStampedModel):
    """One member organization's data for one period, and where it stands in review."""

    class Status(models.TextChoices):
        OPEN = "open", "Being filled in"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned with a comment"
        APPROVED = "approved", "Approved"

    partnership_path = "period__partnership"

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="submissions"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="measurement_submissions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_id", "organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization"],
                name="measurement_one_submission_per_period",
                violation_error_message="This organization already has a submission for this "
                "period.",
            )
        ]
        indexes = [models.Index(fields=["status", "period"], name="measurement_submission_state")]

    def __str__(self) -> str:
        return f"{self.organization} for {self.period}"

    def get_absolute_url(self) -> str:
        return reverse(
            "measurement:grid",
            args=[self.period.partnership_id, self.period_id, self.organization_id],
        )

    @property
    def is_locked(self) -> bool:
        """Approved values change only after the approver reopens them; submitted values wait."""
        return self.status in (self.Status.APPROVED, self.Status.SUBMITTED)


class SubmissionEvent(models.Model):
    """One thing that happened to a submission: the audit of its values (who, when, what)."""

    class Action(models.TextChoices):
        SAVED = "saved", "Saved values"
        IMPORTED = "imported", "Imported values from a file"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned with a comment"
        APPROVED = "approved", "Approved"
        REOPENED = "reopened", "Reopened after approval"

    partnership_path = "submission__period__partnership"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    # How many cells changed, and (up to a bound) which: [{"cell": …, "old": …, "new": …}].
    cells_changed = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["submission_id", "at", "pk"]
        indexes = [models.Index(fields=["submission", "at"], name="measurement_event_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} on {self.submission}"


class DataValue(TimeStampedModel):
    """One cell of a submission: an indicator's value, for up to two categories."""

    partnership_path = "submission__period__partnership"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "measurement.Indicator", on_delete=models.PROTECT, related_name="values"
    )
    category_a = models.ForeignKey(
        "measurement.DimensionCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    category_b = models.ForeignKey(
        "measurement.DimensionCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)
    # Outside the indicator's plausible range when entered: shown, not refused.
    outlier = models.BooleanField(default=False)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["submission_id", "indicator_id", "category_a_id", "category_b_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category_b__isnull=True) | Q(category_a__isnull=False),
                name="measurement_value_b_needs_a",
            ),
            models.UniqueConstraint(
                fields=["submission", "indicator"],
                condition=Q(category_a__isnull=True),
                name="measurement_value_total_unique",
            ),
            models.UniqueConstraint(
                fields=["submission", "indicator", "category_a"],
                condition=Q(category_a__isnull=False, category_b__isnull=True),
                name="measurement_value_a_unique",
            ),
            models.UniqueConstraint(
                fields=["submission", "indicator", "category_a", "category_b"],
                condition=Q(category_b__isnull=False),
                name="measurement_value_ab_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "submission"], name="measurement_value_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value if self.text == '' else self.text}"
