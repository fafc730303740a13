"""The partnership charter: shared vision, core values and each partner's benefits (A2, A3).

A charter has versions that move draft → open for comment → final. People of the member
organizations comment on a version (A2); a leader or project director of every current member
organization endorses one exact final version, and the charter is agreed when all of them have
endorsed the same one (A3).
"""

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


class CharterVersion(TimeStampedModel):
    """One version of a partnership's charter."""

    Status = VersionStatus  # the versioning every agreed text shares (accord/core/agreements.py)

    partnership_path = "partnership"
    agreement_noun = "charter"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="charter_versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    vision = models.TextField("shared vision", blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
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
        ordering = ["partnership_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="charter_version_number_unique"
            ),
            # One version at a time is being worked on; final versions are the record.
            models.UniqueConstraint(
                fields=["partnership"],
                condition=~Q(status="final"),
                name="one_working_charter_version",
                violation_error_message=(
                    "This partnership already has a charter version in draft or open for comment."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Charter of {self.partnership}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("alignment:charter-version", args=[self.partnership_id, self.number])

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class CharterValue(TimeStampedModel):
    """A core value in a charter version, with what it means in practice."""

    partnership_path = "version__partnership"

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(max_length=200)
    meaning = models.TextField("what it means in practice")
    position = models.PositiveSmallIntegerField(default=0)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"],
                name="charter_value_name_unique",
                violation_error_message="This version already names this value.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CharterBenefit(TimeStampedModel):
    """What one partner organization gains from the partnership, as a charter version says."""

    partnership_path = "version__partnership"

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="benefits")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="charter_benefits"
    )
    benefits = models.TextField()

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"],
                name="charter_benefit_per_organization",
                violation_error_message="This version already states this organization's benefits.",
            )
        ]

    def __str__(self) -> str:
        return f"Benefits for {self.organization}"


class CharterComment(TimeStampedModel):
    """A comment on a charter version by a person taking part in the partnership (A2)."""

    partnership_path = "version__partnership"

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="charter_comments")
    body = models.TextField("comment")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.person} on {self.version}"


class CharterEndorsement(TimeStampedModel):
    """A member organization's endorsement of one exact final charter version (A3)."""

    partnership_path = "version__partnership"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="endorsements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="charter_endorsements"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="charter_endorsements"
    )
    note = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"],
                name="one_endorsement_per_organization_and_version",
                violation_error_message="This organization has already endorsed this version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} endorsed {self.version}"
