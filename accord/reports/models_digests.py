"""Digests: a partnership's news e-mailed on a schedule to the people who hold chosen roles (M4).

A `Digest` is set up by a steward for one partnership (its audience: roles; its level: summary or
detailed; its frequency: weekly or monthly), or by a person for their own portfolio (every
partnership they see). Each period it is sent once: `DigestIssue` keeps what the scorecard said
when it was sent (so the next one says what changed), `DigestDelivery` the e-mail to each
recipient, unique per (digest, recipient, period), so a second run sends nothing twice. A person
who unsubscribes has a `DigestUnsubscription`; resubscribing removes it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet, Role
from accord.core.models import TimeStampedModel
from accord.partnerships.models import Partnership

__all__ = ["Digest", "DigestDelivery", "DigestIssue", "DigestUnsubscription"]


class Digest(TimeStampedModel):
    """A scheduled e-mail digest: of one partnership to chosen roles, or a person's portfolio."""

    partnership_path = "partnership"
    view_action = "reports.digest.manage"
    edit_action = "reports.digest.manage"

    class Level(models.TextChoices):
        SUMMARY = "summary", "Summary: each pillar's status and what changed"
        DETAILED = (
            "detailed",
            "Detailed: also every criterion to watch or act on, with its next action",
        )

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly (from Monday)"
        MONTHLY = "monthly", "Monthly (from the 1st)"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="digests", null=True, blank=True
    )
    # A portfolio digest: the person it is for, across every partnership they see.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portfolio_digests",
    )
    title = models.CharField(max_length=200)
    # The roles whose holders receive it (a partnership digest).
    roles = models.JSONField(default=list, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.SUMMARY)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    stopped_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, owner__isnull=True)
                | Q(partnership__isnull=True, owner__isnull=False),
                name="digest_of_a_partnership_or_a_portfolio",
                violation_error_message="A digest is of one partnership or of one person's "
                "portfolio.",
            ),
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(owner__isnull=False),
                name="one_portfolio_digest_per_person",
                violation_error_message="You have a portfolio digest already.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_portfolio(self) -> bool:
        return self.partnership_id is None

    @property
    def active(self) -> bool:
        return self.stopped_at is None

    @property
    def level_short(self) -> str:
        return self.level.capitalize()

    @property
    def frequency_short(self) -> str:
        return self.frequency.capitalize()

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [labels.get(role, role) for role in self.roles]

    def get_absolute_url(self) -> str:
        if self.is_portfolio:
            return reverse("reports:digest-mine")
        return reverse("reports:digest-edit", args=[self.partnership_id, self.pk])


class DigestIssue(models.Model):
    """A digest as sent for one period: what the scorecard said then, for the next one's changes."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="issues")
    period_start = models.DateField()
    sent_at = models.DateTimeField()
    # {partnership id: {"pillars": {pillar: status}, "criteria": {key: status}}}
    state = models.JSONField(default=dict)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "period_start"], name="one_digest_issue_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.digest} for the period from {self.period_start}"


class DigestDelivery(models.Model):
    """One digest e-mail to one person for one period: written before it is sent, so never twice."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    period_start = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "user", "period_start"], name="one_digest_per_person_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.digest} to user {self.user_id} for {self.period_start}"


class DigestUnsubscription(models.Model):
    """A person who asked not to receive one digest any more."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="unsubscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_unsubscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["digest", "user"], name="one_unsubscription_per_person")
        ]

    def __str__(self) -> str:
        return f"User {self.user_id} unsubscribed from {self.digest}"
