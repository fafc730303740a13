"""The measures set a partnership agrees to (M1) and its indicators (M2).

A measures set has versions that move draft → open for comment → final, like the charter, with
the versioning, comments and endorsements every agreed text shares (accord/core/agreements.py):
a leader or project director of every current member organization endorses one exact final
version. A version holds its indicators, with their definitions, targets and dimensions, so that
endorsing a version endorses exact definitions; a change after agreement is a new version.

Disaggregation dimensions are data: a dimension (gender identity, region…) has versions of its
categories; a change of categories is a new version, and what refers to a version keeps meaning
what it meant.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.agreements import VersionStatus
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership


# --- Dimensions ---------------------------------------------------------------------------------
class Dimension(TimeStampedModel):
    """A way a partnership breaks its figures down (gender identity, region…)."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="measurement_dimensions"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="measurement_dimension_name_unique",
                violation_error_message="This partnership already has a dimension of that name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("measurement:dimension", args=[self.partnership_id, self.pk])


class DimensionVersion(TimeStampedModel):
    """One version of a dimension's categories; it never changes once made."""

    partnership_path = "dimension__partnership"

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField("what changed", max_length=300, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "number"], name="measurement_dimension_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension.name} (version {self.number})"


class DimensionCategory(TimeStampedModel):
    """A category of a dimension version; "prefer not to say" and "unknown" are kept apart."""

    class Kind(models.TextChoices):
        CATEGORY = "category", "Category"
        DECLINED = "declined", "Prefer not to say"
        UNKNOWN = "unknown", "Unknown"

    partnership_path = "version__dimension__partnership"

    version = models.ForeignKey(
        DimensionVersion, on_delete=models.CASCADE, related_name="categories"
    )
    label = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CATEGORY)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "position", "pk"]
        verbose_name_plural = "dimension categories"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "label"],
                name="measurement_category_label_unique",
                violation_error_message="This dimension version already has that category.",
            )
        ]

    def __str__(self) -> str:
        return self.label


# --- Measures set versions ----------------------------------------------------------------------
class MeasuresVersion(TimeStampedModel):
    """One version of a partnership's measures set: indicators, expectations, deliverables."""

    Status = VersionStatus

    partnership_path = "partnership"
    agreement_noun = "measures set"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="measures_versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    expectations = models.TextField(
        blank=True, help_text="What each partner can expect of the others in measuring together."
    )
    deliverables = models.TextField(
        blank=True, help_text="What the partners commit to deliver, and by when."
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
    # When the last current member endorsed it: the moment the partners agreed (the timeline's).
    agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "-number"]
        verbose_name = "measures set version"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="measures_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=~Q(status="final"),
                name="one_working_measures_version",
                violation_error_message=(
                    "This partnership already has a measures set version in draft or open for "
                    "comment."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Measures set of {self.partnership}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("measurement:version", args=[self.partnership_id, self.number])

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class MeasuresComment(TimeStampedModel):
    """A comment on a measures set version by a person taking part."""

    partnership_path = "version__partnership"

    version = models.ForeignKey(MeasuresVersion, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="measures_comments")
    body = models.TextField("comment")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.person} on {self.version}"


class MeasuresEndorsement(TimeStampedModel):
    """A member organization's endorsement of one exact final measures set version (M1)."""

    partnership_path = "version__partnership"

    version = models.ForeignKey(
        MeasuresVersion, on_delete=models.PROTECT, related_name="endorsements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="measures_endorsements"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="measures_endorsements"
    )
    note = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"],
                name="one_measures_endorsement_per_organization",
                violation_error_message="This organization has already endorsed this version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} endorsed {self.version}"


# --- Indicators ---------------------------------------------------------------------------------
class Indicator(TimeStampedModel):
    """An indicator as one measures set version defines it (M2)."""

    class Type(models.TextChoices):
        COUNT = "count", "Count"
        RATIO = "ratio", "Ratio"
        PERCENTAGE = "percentage", "Percentage"
        CURRENCY = "currency", "Currency"
        QUALITATIVE = "qualitative", "Qualitative"

    class Kind(models.TextChoices):
        """The three performance measures of Results-Based Accountability."""

        HOW_MUCH = "how_much", "How much did we do?"
        HOW_WELL = "how_well", "How well did we do it?"
        BETTER_OFF = "better_off", "Is anyone better off?"

    class Direction(models.TextChoices):
        UP = "up", "Up is better"
        DOWN = "down", "Down is better"
        RANGE = "range", "Keep within a range"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        TWICE_A_YEAR = "half_yearly", "Twice a year"
        ANNUAL = "annual", "Annual"

    partnership_path = "version__partnership"

    version = models.ForeignKey(
        MeasuresVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The same indicator across versions of the measures set: a revised version's copy keeps it,
    # so that data collected under version 1 and version 2 reads as one series.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    name = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=60, blank=True)
    type = models.CharField(max_length=12, choices=Type.choices, default=Type.COUNT)
    numerator = models.CharField(max_length=300, blank=True)
    denominator = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        "Results-Based Accountability kind", max_length=12, choices=Kind.choices
    )
    direction = models.CharField(
        "desired direction", max_length=6, choices=Direction.choices, default=Direction.UP
    )
    range_low = models.DecimalField(
        "lowest wanted", max_digits=18, decimal_places=4, null=True, blank=True
    )
    range_high = models.DecimalField(
        "highest wanted", max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_value = models.DecimalField(
        "baseline", max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField("baseline date", null=True, blank=True)
    baseline_description = models.TextField("about the baseline", blank=True)
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    source = models.CharField("data source", max_length=300, blank=True)
    responsible_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="responsible_indicators"
    )
    plausible_min = models.DecimalField(
        "plausible minimum", max_digits=18, decimal_places=4, null=True, blank=True
    )
    plausible_max = models.DecimalField(
        "plausible maximum", max_digits=18, decimal_places=4, null=True, blank=True
    )
    core_values = models.ManyToManyField(
        "alignment.CharterValue", blank=True, related_name="indicators"
    )
    dimensions = models.ManyToManyField(DimensionVersion, blank=True, related_name="indicators")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"],
                name="measurement_indicator_name_unique",
                violation_error_message="This version already has an indicator of that name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "measurement:indicator",
            args=[self.version.partnership_id, self.version.number, self.pk],
        )


class IndicatorTarget(TimeStampedModel):
    """An indicator's target for one period (a label such as "2026 Q1" and a value)."""

    partnership_path = "indicator__version__partnership"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=18, decimal_places=4)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="measurement_target_period_unique",
                violation_error_message="This indicator already has a target for that period.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


from .models_collection import *  # noqa: E402, F403  (periods, submissions and values, M3)
from .models_deliverables import *  # noqa: E402, F403  (deliverables, M2)
from .models_evidence import *  # noqa: E402, F403  (qualitative evidence, M3)
from .models_resources import *  # noqa: E402, F403  (resources: pledges and contributions, M5)
