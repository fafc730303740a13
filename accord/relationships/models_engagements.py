"""Engagements of a partnership (R4, R5): meetings, workshops, conferences, informal and social
gatherings, who attended them, the stakeholder groups present and the action items they left;
each partnership's chosen rhythm of meeting, and each person's private calendar feed."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableModel, TimeStampedModel
from accord.directory.models import Organization, Person, StakeholderGroup
from accord.partnerships.models import Partnership

DEFAULT_RHYTHM_DAYS = 90

__all__ = [
    "ActionItem",
    "CalendarFeed",
    "Engagement",
    "EngagementAttendee",
    "EngagementGroup",
    "EngagementRhythm",
]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "Name a time zone such as “America/Chicago” or “UTC”.", code="time_zone"
        )


class EngagementQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Engagement(ArchivableModel):
    """A time partners met (R4, R5), at a place or a link, at one level of participation."""

    partnership_path = "partnership"

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        WORKSHOP = "workshop", "Workshop"
        CONFERENCE = "conference", "Conference"
        PLANNING = "planning", "Planning or design session"
        INFORMAL = "informal", "Informal gathering"
        SOCIAL = "social", "Social gathering"

    class Level(models.TextChoices):
        """The IAP2 spectrum of public participation."""

        INFORM = "inform", "Inform"
        CONSULT = "consult", "Consult"
        INVOLVE = "involve", "Involve"
        COLLABORATE = "collaborate", "Collaborate"
        EMPOWER = "empower", "Empower"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="engagements"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    level = models.CharField(
        "participation level", max_length=20, choices=Level.choices, default=Level.INVOLVE
    )
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    place = models.CharField(max_length=300, blank=True)
    link = models.URLField(max_length=500, blank=True)
    agenda = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    groups = models.ManyToManyField(
        StakeholderGroup,
        blank=True,
        through="EngagementGroup",
        related_name="engagements",
        verbose_name="groups present",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EngagementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="engagement_when")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "The end comes before the start."})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("relationships:engagement-detail", args=[self.partnership_id, self.pk])


class EngagementGroup(TimeStampedModel):
    """A stakeholder group present at an engagement (R3, R5)."""

    partnership_path = "engagement__partnership"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="group_links")
    group = models.ForeignKey(StakeholderGroup, on_delete=models.PROTECT, related_name="+")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "group"], name="one_group_per_engagement")
        ]

    def __str__(self) -> str:
        return f"{self.group} at {self.engagement}"


class EngagementAttendee(TimeStampedModel):
    """Someone who took part in an engagement: a person in Accord, or someone outside it by
    name, for an organization and at a level."""

    partnership_path = "engagement__partnership"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="attended"
    )
    name = models.CharField(max_length=200, blank=True, help_text="For someone outside Accord.")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="attended"
    )
    level = models.CharField(max_length=20, choices=Person.Level.choices, default="staff")

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="attendee_person_or_name",
                violation_error_message="Choose a person in Accord or give a name.",
            )
        ]

    def __str__(self) -> str:
        return self.person.name if self.person_id else self.name


class ActionItem(TimeStampedModel):
    """Something an engagement left to do, with its owner and due date."""

    partnership_path = "engagement__partnership"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="action_items")
    due_on = models.DateField("due")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status"], name="action_item_owner")]

    def __str__(self) -> str:
        return self.title


class EngagementRhythm(TimeStampedModel):
    """How often a partnership means each pair of its member organizations to meet (R4)."""

    partnership_path = "partnership"

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="engagement_rhythm"
    )
    days = models.PositiveIntegerField(default=DEFAULT_RHYTHM_DAYS)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"every {self.days} days"


class CalendarFeed(TimeStampedModel):
    """A person's private .ics feed of their partnerships' engagements. Accord keeps only the
    SHA-256 of the secret in its URL; revoking removes the row and the URL stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
