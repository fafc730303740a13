"""Alignment assessments of a candidate organization for a partnership, both ways (A1)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from .rubric import Criterion, Rubric


class Assessment(TimeStampedModel):
    """How well a candidate organization fits a partnership, and the decision taken on it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided"

    class Decision(models.TextChoices):
        SELECT = "select", "Select"
        DECLINE = "decline", "Decline"
        DEFER = "defer", "Defer"

    partnership_path = "partnership"
    # Members see a partnership's assessments; people of a candidate organization assess it and
    # its host without a role in it, and their assignment lets them see that one assessment.
    view_action = "alignment.assessment.view"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="assessments"
    )
    candidate = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="assessments"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "candidate"],
                condition=Q(status="open"),
                name="one_open_assessment_per_candidate",
                violation_error_message=(
                    "This organization already has an open assessment for this partnership."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="open", decision="")
                    | (Q(status="decided") & ~Q(decision="") & ~Q(rationale=""))
                ),
                name="assessment_decision_with_rationale",
                violation_error_message="A decision needs its rationale.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.partnership}"

    def get_absolute_url(self) -> str:
        return reverse("alignment:assessment-detail", args=[self.partnership_id, self.pk])


class Assessor(TimeStampedModel):
    """A person who scores an assessment, in one direction.

    `host` assessors (people of the partnership) score the candidate; `candidate` assessors
    (people of the candidate organization) score the partnership and its host on the same rubric.
    """

    class Direction(models.TextChoices):
        HOST = "host", "Partnership assesses the candidate"
        CANDIDATE = "candidate", "Candidate assesses the partnership"

    partnership_path = "assessment__partnership"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assessors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessor_roles")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["direction", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"],
                condition=Q(archived_at__isnull=True),
                name="one_assignment_per_assessor",
                violation_error_message="This person is already an assessor of this assessment.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_direction_display().lower()})"


class Score(TimeStampedModel):
    """One assessor's score of one criterion, with a note."""

    partnership_path = "assessor__assessment__partnership"

    assessor = models.ForeignKey(Assessor, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(1, "Scores run from 1 to 5."),
            MaxValueValidator(5, "Scores run from 1 to 5."),
        ]
    )
    note = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessor_id", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessor", "criterion"],
                name="one_score_per_assessor_and_criterion",
                violation_error_message="This assessor has already scored this criterion.",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="score_between_1_and_5",
                violation_error_message="Scores run from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessor.person}: {self.criterion} = {self.score}"
