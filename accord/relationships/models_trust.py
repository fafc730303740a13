"""The trust and value network of a partnership (R6): survey waves in which each member
organization's respondent rates every other member on trust and value, PARTNER-style.

A wave covers the member organizations of its partnership when it was opened (`TrustWaveMember`);
each of them answers once (`TrustResponse`), rating other members of the wave (`TrustRating`) on
six items of the 4-point scale and on the intensity of the relationship. trust_metrics.py turns the
ratings into the network's results.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

__all__ = ["TrustRating", "TrustResponse", "TrustWave", "TrustWaveMember"]

SCALE = [(1, "Not at all"), (2, "A small amount"), (3, "A fair amount"), (4, "A great deal")]
INTENSITY = [(1, "Awareness"), (2, "Cooperation"), (3, "Coordination"), (4, "Integration")]
TRUST_ITEMS = (
    ("reliability", "Reliability"),
    ("mission", "Support of the shared mission"),
    ("openness", "Openness to discussion"),
)
VALUE_ITEMS = (
    ("power", "Power and influence"),
    ("involvement", "Level of involvement"),
    ("resources", "Resource contribution"),
)
ITEMS = TRUST_ITEMS + VALUE_ITEMS
RATING_FIELDS = (*(name for name, _ in ITEMS), "intensity")


class TrustWave(TimeStampedModel):
    """One round of the survey in a partnership, open from `opens_on` to `closes_on` (or until a
    steward closes it early, `closed_at`)."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="trust_waves"
    )
    title = models.CharField(max_length=200)
    opens_on = models.DateField("opens")
    closes_on = models.DateField("closes")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
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
                name="trust_wave_closes_after_it_opens",
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
        from django.urls import reverse

        return reverse("relationships:trust-wave", args=[self.partnership_id, self.pk])


class TrustWaveMember(TimeStampedModel):
    """A member organization the wave covers (the members when it was opened)."""

    partnership_path = "wave__partnership"

    wave = models.ForeignKey(TrustWave, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organization"], name="one_trust_member_per_wave"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.wave}"


class TrustResponse(TimeStampedModel):
    """A member organization's answer to a wave: one per organization, changeable while the wave
    is open."""

    partnership_path = "wave__partnership"

    wave = models.ForeignKey(TrustWave, on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="trust_responses"
    )
    respondent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organization"],
                name="one_trust_response_per_organization",
                violation_error_message="This organization has already answered this wave.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}'s answer to {self.wave}"


def _scale(label: str, choices=SCALE):
    return models.PositiveSmallIntegerField(label, choices=choices)


class TrustRating(TimeStampedModel):
    """How one organization rates another in a response: six items on the 4-point scale and the
    intensity of the relationship."""

    partnership_path = "response__wave__partnership"

    response = models.ForeignKey(TrustResponse, on_delete=models.CASCADE, related_name="ratings")
    rated = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    reliability = _scale("Reliability")
    mission = _scale("Support of the shared mission")
    openness = _scale("Openness to discussion")
    power = _scale("Power and influence")
    involvement = _scale("Level of involvement")
    resources = _scale("Resource contribution")
    intensity = _scale("Intensity of the relationship", INTENSITY)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["rated__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "rated"], name="one_trust_rating_per_pair"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                    name=f"trust_rating_{name}_1_to_4",
                    violation_error_message="Give a rating from 1 to 4.",
                )
                for name in RATING_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response.organization} rates {self.rated}"
