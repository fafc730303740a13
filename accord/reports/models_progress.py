"""Progress reports (M4): what a partnership tells each audience about one reporting period.

A report belongs to a partnership and one of its reporting periods, for one audience:

- internal: the partnership's members;
- partner: one member organization's own view (its own figures beside the partnership's), read
  by that organization's people and the steward;
- public: anyone, once published, at a stable URL made of an unguessable token.

The steward writes four sections (progress against targets, results, challenges, opportunities);
everything else is assembled from the pillars when the report is read or built (content.py), and
every figure in it has been through disclosure control. A report is drafted, then published
(published_at, published_by) and may be unpublished again. Its files (PDF, XLSX, CSV) are built
by the task worker and stored; `build_state` is what the page polls while they are built.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import TimeStampedModel
from accord.directory.models import Organization
from accord.measurement.models import ReportingPeriod
from accord.partnerships.models import Partnership

__all__ = ["ProgressReport", "new_token"]

SECTIONS = (
    ("progress", "Progress against targets"),
    ("results", "Results"),
    ("challenges", "Challenges"),
    ("opportunities", "Opportunities"),
)


def new_token() -> str:
    """An unguessable token for a public report's URL (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


class ProgressReport(TimeStampedModel):
    class Audience(models.TextChoices):
        INTERNAL = "internal", "Internal (the partnership's members)"
        PARTNER = "partner", "Partner (one member organization's view)"
        PUBLIC = "public", "Public"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class BuildState(models.TextChoices):
        NONE = "none", "Not built"
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being built"
        DONE = "done", "Built"
        FAILED = "failed", "Failed"

    partnership_path = "partnership"
    view_action = "reports.report.read"
    edit_action = "reports.manage"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="progress_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="progress_reports"
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
        help_text="For a partner report: the member organization whose view it is.",
    )
    title = models.CharField(max_length=200)
    progress = models.TextField("progress against targets", blank=True)
    results = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    opportunities = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A public report's URL: set when it is created, never changed (unpublishing hides it).
    token = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The files, built by the task worker; served through views that check access.
    build_state = models.CharField(
        max_length=10, choices=BuildState.choices, default=BuildState.NONE
    )
    build_progress = models.PositiveSmallIntegerField(default=0)
    build_error = models.CharField(max_length=300, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    built_revision = models.PositiveIntegerField(null=True, blank=True)
    pdf = models.FileField(upload_to="reports/", blank=True)
    xlsx = models.FileField(upload_to="reports/", blank=True)
    csv = models.FileField(upload_to="reports/", blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["build_state", "build_progress", "build_error", "updated_at"]
    )

    class Meta:
        ordering = ["partnership_id", "-period__starts_on", "audience", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "audience"],
                condition=~Q(audience="partner"),
                name="reports_one_report_per_period_and_audience",
                violation_error_message="This period already has a report for that audience.",
            ),
            models.UniqueConstraint(
                fields=["period", "organization"],
                condition=Q(audience="partner"),
                name="reports_one_partner_report_per_period_and_organization",
                violation_error_message="This period already has a report for that organization.",
            ),
            models.CheckConstraint(
                condition=Q(audience="partner", organization__isnull=False)
                | (~Q(audience="partner") & Q(organization__isnull=True)),
                name="reports_organization_only_for_partner_reports",
                violation_error_message="A partner report names its organization; no other does.",
            ),
            models.CheckConstraint(
                condition=Q(audience="public", token__gt="")
                | (~Q(audience="public") & Q(token="")),
                name="reports_token_only_for_public_reports",
                violation_error_message="A public report has a token; no other does.",
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False)
                | Q(status="draft", published_at__isnull=True),
                name="reports_published_at_when_published",
                violation_error_message="A published report has the time it was published.",
            ),
        ]
        indexes = [models.Index(fields=["token"], name="reports_progress_token")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.partnership_id, self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def public_url(self) -> str:
        return reverse("reports:public", args=[self.token]) if self.token else ""

    @property
    def building(self) -> bool:
        return self.build_state in (self.BuildState.QUEUED, self.BuildState.RUNNING)

    @property
    def files_current(self) -> bool:
        """Built, from the report as it is now."""
        return self.build_state == self.BuildState.DONE and self.built_revision == self.revision

    def sections(self) -> list[tuple[str, str, str]]:
        return [(key, label, getattr(self, key)) for key, label in SECTIONS]
