"""Resources (M5): what each member organization pledges to the partnership, and what it
delivered.

A partnership keeps its resources in one currency (`ResourceSettings.currency`, an ISO 4217 code;
the default is ACCORD_CURRENCY), so that its totals never add amounts of two currencies; the
currency cannot change once a pledge exists.

A pledge is one organization's promise for a stretch of time: financial (an amount in the
currency), personnel (a quantity of FTE or of hours) or in-kind (a described thing with its
valuation in the currency and the basis of that valuation). Its time is a reporting period of the
partnership when one fits, else a date range of its own: `starts_on` and `ends_on` are always
stored (a period's dates when a period is named), so that every read uses the dates alone
(docs/decisions.md, "Pledges: a period or dates"). Contributions are what was delivered against a
pledge, in its unit, dated, optionally backed by a piece of evidence; more than the pledge may be
delivered, and it shows.

Amounts are Decimals with two places (cents, hundredths of an FTE or of an hour), never floats.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableModel, TimeStampedModel
from accord.directory.models import Organization
from accord.partnerships.models import Partnership

from .models_collection import ReportingPeriod
from .models_evidence import Evidence

__all__ = ["Contribution", "Pledge", "ResourceSettings"]

AMOUNT = {"max_digits": 14, "decimal_places": 2}


def default_currency() -> str:
    return getattr(settings, "ACCORD_CURRENCY", "USD")


class ResourceSettings(TimeStampedModel):
    """A partnership's one currency for pledges and contributions."""

    partnership_path = "partnership"

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="resource_settings"
    )
    currency = models.CharField(
        max_length=3, default=default_currency, help_text="An ISO 4217 code, such as USD or EUR."
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "resources setting"
        verbose_name_plural = "resources settings"

    def __str__(self) -> str:
        return f"resources of {self.partnership} in {self.currency}"


class PledgeQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Pledge(ArchivableModel):
    """What one organization commits to the partnership for a stretch of time."""

    partnership_path = "partnership"

    class Kind(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        PERSONNEL = "personnel", "Personnel"
        IN_KIND = "in_kind", "In-kind"

    class Unit(models.TextChoices):
        CURRENCY = "currency", "Currency"
        FTE = "fte", "FTE"
        HOURS = "hours", "Hours"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pledges")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="resource_pledges"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    unit = models.CharField(
        max_length=10,
        choices=Unit.choices,
        help_text="Currency for financial and in-kind pledges; FTE or hours for personnel.",
    )
    amount = models.DecimalField(
        **AMOUNT,
        help_text="In the partnership's currency (financial; in-kind: its valuation), "
        "or FTE or hours (personnel).",
    )
    description = models.CharField(max_length=300, blank=True)
    valuation_basis = models.CharField(
        "basis of valuation",
        max_length=300,
        blank=True,
        help_text="In-kind only: how the valuation was reached (a quote, market rate…).",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        help_text="A reporting period of the partnership; without one, the dates say when.",
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("to")

    objects = PledgeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "organization_id", "starts_on", "pk"]
        indexes = [
            models.Index(fields=["partnership", "organization", "kind"], name="pledge_org_kind")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="measurement_pledge_amount_positive",
                violation_error_message="A pledge is of more than nothing.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="measurement_pledge_ends_after_start",
                violation_error_message="A pledge ends on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind="financial", unit="currency")
                | Q(kind="in_kind", unit="currency")
                | Q(kind="personnel", unit__in=["fte", "hours"]),
                name="measurement_pledge_unit_fits_kind",
                violation_error_message="The unit does not fit the kind of pledge.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="in_kind") | (~Q(valuation_basis="") & ~Q(description="")),
                name="measurement_pledge_in_kind_described",
                violation_error_message="An in-kind pledge says what it is and how it is valued.",
            ),
        ]

    def __str__(self) -> str:
        what = self.description or self.get_kind_display()
        return f"{what} ({self.organization.name})" if self.organization_id else what

    def get_absolute_url(self) -> str:
        return reverse("measurement:pledge", args=[self.partnership_id, self.pk])


class Contribution(TimeStampedModel):
    """What an organization delivered against one of its pledges, in the pledge's unit."""

    partnership_path = "pledge__partnership"

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="contributions")
    delivered_on = models.DateField("delivered on")
    amount = models.DecimalField(**AMOUNT)
    note = models.CharField(max_length=500, blank=True)
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        help_text="A piece of evidence of the partnership that shows the delivery.",
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge_id", "delivered_on", "pk"]
        indexes = [models.Index(fields=["pledge", "delivered_on"], name="contribution_pledge_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="measurement_contribution_amount_positive",
                violation_error_message="A contribution is of more than nothing.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {self.delivered_on}"
