"""Qualitative evidence (M3): the stories, observations, quotes and files behind the figures.

A piece of evidence belongs to a partnership and is tagged to the indicators, charter core values
and reporting periods it speaks to, so that an indicator's page can tell the story behind its
curve. A quote from a person records their consent (given or not, how, and when); a file is
checked by its content, not its name, before it is kept (accord/core/uploads.py).
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

__all__ = ["Evidence"]


class EvidenceQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Evidence(ArchivableModel):
    """A story, observation, quote or file, tagged to what it is evidence of."""

    class Kind(models.TextChoices):
        STORY = "story", "Story"
        OBSERVATION = "observation", "Observation"
        QUOTE = "quote", "Quote"
        FILE = "file", "File"

    class Consent(models.TextChoices):
        NOT_NEEDED = "not_needed", "Not a quote from a person"
        GIVEN = "given", "Consent given"
        ANONYMOUS = "anonymous", "Consent given to quote without a name"
        NOT_GIVEN = "not_given", "No consent: not to be shown outside the partnership"

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="measurement_evidence"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STORY)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # For a quote: who said it (as they agreed to be named) and their consent.
    speaker = models.CharField(max_length=200, blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices, default=Consent.NOT_NEEDED)
    consent_note = models.CharField("how consent was given", max_length=300, blank=True)
    consent_on = models.DateField("consent given on", null=True, blank=True)
    file = models.FileField(upload_to="evidence/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurement_evidence",
    )
    indicators = models.ManyToManyField(
        "measurement.Indicator", blank=True, related_name="evidence"
    )
    core_values = models.ManyToManyField(
        "alignment.CharterValue", blank=True, related_name="evidence"
    )
    periods = models.ManyToManyField(
        "measurement.ReportingPeriod", blank=True, related_name="evidence"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "-created_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="quote") | ~Q(consent="not_needed"),
                name="measurement_quote_records_consent",
                violation_error_message="Record the speaker's consent for a quote.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measurement:evidence-detail", args=[self.partnership_id, self.pk])
