"""The collaboration survey: instruments as data, and the waves in which a partnership answers one.

An instrument (`Instrument`) holds categories, each category factors, each factor items: a
statement answered on a 1-5 agreement scale whose labels the instrument names. Once a wave uses an
instrument it never changes (services.instrument_revise makes a copy). A wave (`SurveyWave`) asks
the people holding chosen roles (and optionally levels) in a partnership; each gets an invitation
with a single-use token. An answer (`SurveyResponse` and its `SurveyAnswer` rows) of an anonymous
wave names nobody: it keeps only the organization and level that breakdowns need, and the day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet, PolicyQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

__all__ = [
    "DEFAULT_SCALE",
    "Factor",
    "Instrument",
    "InstrumentCategory",
    "Item",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyResponse",
    "SurveyWave",
]

SCALE_MIN, SCALE_MAX = 1, 5
DEFAULT_SCALE = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]


class Instrument(TimeStampedModel):
    """A survey instrument: categories of factors, each factor measured by agreement items."""

    view_action = "surveys.instrument.view"
    edit_action = "surveys.instrument.manage"

    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    description = models.TextField(blank=True)
    # The five labels of the agreement scale, from 1 to 5.
    scale_labels = models.JSONField(default=list)
    is_default = models.BooleanField(default=False)
    # The instrument this one was copied from (a change to an instrument in use makes a copy).
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies"
    )

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_instrument_version"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def scale(self) -> list[tuple[int, str]]:
        labels = self.scale_labels or DEFAULT_SCALE
        return list(enumerate(labels, start=SCALE_MIN))


class InstrumentCategory(TimeStampedModel):
    """A group of factors in an instrument (environment, membership, ...)."""

    view_action = "surveys.instrument.view"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "instrument categories"

    def __str__(self) -> str:
        return self.name


class Factor(TimeStampedModel):
    """One factor of collaboration that a few items measure together; its score is theirs."""

    view_action = "surveys.instrument.view"

    category = models.ForeignKey(
        InstrumentCategory, on_delete=models.CASCADE, related_name="factors"
    )
    # Kept by copies of the instrument, so that trends follow a factor across versions.
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category__position", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Item(TimeStampedModel):
    """A statement that a respondent agrees or disagrees with, from 1 to 5."""

    view_action = "surveys.instrument.view"

    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="items")
    statement = models.TextField()
    position = models.PositiveIntegerField(default=0)

    objects = PolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["factor__category__position", "factor__position", "position", "pk"]

    def __str__(self) -> str:
        return self.statement


class SurveyWave(TimeStampedModel):
    """One round of the collaboration survey in a partnership, open from `opens_on` to
    `closes_on` (or until a steward closes it, `closed_at`)."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="survey_waves"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    title = models.CharField(max_length=200)
    opens_on = models.DateField("opens")
    closes_on = models.DateField("closes")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymous = models.BooleanField(
        default=True,
        help_text="Anonymous answers name nobody: only the organization and level are kept.",
    )
    # The roles asked, and the levels (none: every level).
    roles = models.JSONField(default=list)
    levels = models.JSONField(default=list, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_wave_closes_after_it_opens",
                violation_error_message="The wave closes before it opens.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if self.closed_at is not None or today > self.closes_on:
            return "closed"
        return "open" if today >= self.opens_on else "scheduled"

    def get_absolute_url(self) -> str:
        return reverse("surveys:wave", args=[self.partnership_id, self.pk])


class SurveyInvitation(TimeStampedModel):
    """A person asked to answer a wave, with the token that lets them answer once."""

    partnership_path = "wave__partnership"
    # Who answered when is the steward's to follow, not every member's.
    read_action = "surveys.wave.manage"

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Whom the person answers as: the organization their role speaks for, and their level.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=20, blank=True)
    # Single use: cleared when the answer is written, so the same invitation cannot answer again.
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "person"], name="one_survey_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.wave}"


class SurveyResponse(models.Model):
    """One person's answer to a wave. In an anonymous wave it names nobody and keeps only the
    organization and level the breakdowns need, and the day; nothing links it to its invitation."""

    partnership_path = "wave__partnership"
    # An anonymous answer's trail would give the moment it was written, which the invitation's
    # "answered" also records: no page shows it.
    read_action = "surveys.response.trail"

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(max_length=20, blank=True)
    answered_on = models.DateField(default=timezone.localdate)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "person"],
                condition=Q(person__isnull=False),
                name="one_named_survey_response",
            )
        ]

    def __str__(self) -> str:
        return f"An answer to {self.wave}"


class SurveyAnswer(models.Model):
    """The value a response gives one item, from 1 to 5."""

    partnership_path = "response__wave__partnership"

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_survey_answer_per_item"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="survey_answer_1_to_5",
                violation_error_message="Answer from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} to {self.item}"
