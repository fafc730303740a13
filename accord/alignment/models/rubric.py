"""The alignment rubric: weighted criteria on a 1-5 scale whose every level is described (A1)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accord.core.access import PolicyQuerySet
from accord.core.models import ArchivableQuerySet, Document, TimeStampedModel, one_default

SCALE = range(1, 6)


class RubricQuerySet(ArchivableQuerySet, PolicyQuerySet):
    """Rubrics belong to no partnership: everyone signed in reads them (assessors need the level
    descriptions); platform administrators change them (accord/core/policy.py)."""


class Rubric(Document):
    """A set of weighted criteria that assessors score a candidate partner against.

    Platform administrators edit rubrics. Once an assessment uses a rubric its criteria are
    fixed, so that scores keep their meaning; a changed rubric is a copy.
    """

    view_action = "alignment.rubric.view"
    edit_action = "alignment.rubric.manage"
    parts_name = "criteria"
    used_by = "assessments"

    is_default = models.BooleanField(
        "default rubric",
        default=False,
        help_text="New assessments use the default rubric unless another one is chosen.",
    )

    objects = RubricQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Document.Meta):
        constraints = [one_default("one_default_rubric", "rubric")]


class Criterion(TimeStampedModel):
    """One criterion of a rubric: its weight and what each score from 1 to 5 means."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"), "The weight must be positive.")],
        help_text="How much this criterion counts against the others; any positive number.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    level_1 = models.TextField("1 — what it means")
    level_2 = models.TextField("2 — what it means")
    level_3 = models.TextField("3 — what it means")
    level_4 = models.TextField("4 — what it means")
    level_5 = models.TextField("5 — what it means")

    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric_id", "position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message="The weight must be positive.",
            ),
            models.UniqueConstraint(
                fields=["rubric", "name"],
                name="criterion_name_unique_in_rubric",
                violation_error_message="The rubric already has a criterion with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def level_description(self, score: int) -> str:
        return getattr(self, f"level_{score}")

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(score, self.level_description(score)) for score in SCALE]
