"""The directory: organizations and the people who belong to them."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accord.core.access import PolicyQuerySet
from accord.core.models import ArchivableModel, ArchivableQuerySet, TimeStampedModel
from accord.core.paths import object_url

from .culture import MONDAY_TO_FRIDAY, WEEKDAYS, working_days_label


class DirectoryQuerySet(ArchivableQuerySet, PolicyQuerySet):
    """The directory is shared across the organization: every signed-in person may read it."""


class DirectoryRecord(ArchivableModel):
    # Who may see and change a directory record: accord/core/policy.py.
    view_action = "directory.view"
    edit_action = "directory.edit"

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        abstract = True


class Organization(DirectoryRecord):
    """An organization that takes part, or may take part, in partnerships."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Internal"
        EXTERNAL = "external", "External"

    class Subtype(models.TextChoices):
        INSTITUTE = "institute", "Institute"
        SECTION = "section", "Section"
        COMMITTEE = "committee", "Committee"
        PROFESSIONAL_SOCIETY = "professional_society", "Professional society"
        UNIVERSITY = "university", "University"
        NONPROFIT = "nonprofit", "Nonprofit"
        COMPANY = "company", "Company"
        PUBLIC_AGENCY = "public_agency", "Public agency"
        COMMUNITY_GROUP = "community_group", "Community group"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    subtype = models.CharField(max_length=30, choices=Subtype.choices)
    mission = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    values_statement = models.TextField("values statement", blank=True)
    jedi_practices = models.TextField(
        "JEDI practices",
        blank=True,
        help_text="How the organization practises justice, equity, diversity and inclusion today.",
    )
    # The values profile (A1): short named values, beside the free-text statement above.
    values = models.JSONField(
        "core values",
        default=list,
        blank=True,
        help_text="The organization's core values, each a short phrase.",
    )
    website = models.URLField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("state or region", max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    # Who added it to the directory: until someone of its own can sign in, that steward fills in
    # its culture profile (the rule is in accord/core/policy.py).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "subtype"]),
            # Discovery's index asks what changed since it last looked (alignment).
            models.Index(fields=["updated_at"], name="organization_updated_at"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("directory:organization-detail", self.pk)

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)


class Person(DirectoryRecord):
    """A person in the directory, optionally linked to a user account."""

    class Level(models.TextChoices):
        EXECUTIVE = "executive", "Executive"
        SENIOR_LEADER = "senior_leader", "Senior leader"
        MANAGER = "manager", "Manager"
        STAFF = "staff", "Staff"
        VOLUNTEER = "volunteer", "Volunteer"
        STUDENT = "student", "Student"
        COMMUNITY_MEMBER = "community_member", "Community member"

    name = models.CharField(max_length=200)
    email = models.EmailField("e-mail address", unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    title = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.STAFF)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="person",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # The list's order (name, id): it walks the index and stops after one page.
        indexes = [models.Index(fields=["name", "id"], name="person_name_id")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("directory:person-detail", self.pk)


class JediPractice(models.TextChoices):
    """JEDI practices an organization can show evidence of (its values profile, A1)."""

    EQUITY_STATEMENT = "equity_statement", "Published equity statement"
    DEMOGRAPHIC_DATA = "demographic_data", "Reports demographic data"
    UNDERREPRESENTED_PROGRAMS = (
        "underrepresented_programs",
        "Programs for under-represented groups",
    )
    ACCESSIBLE_EVENTS = "accessible_events", "Accessible events"
    INCLUSIVE_HIRING = "inclusive_hiring", "Inclusive hiring"
    PAY_EQUITY = "pay_equity", "Pay equity review"
    COMMUNITY_ACCOUNTABILITY = "community_accountability", "Accountability to impacted communities"
    SUPPLIER_DIVERSITY = "supplier_diversity", "Supplier diversity"


class OrganizationPractice(TimeStampedModel):
    """One JEDI practice an organization follows, with the evidence for it (A1)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="practices"
    )
    practice = models.CharField(max_length=40, choices=JediPractice.choices)
    evidence_url = models.URLField(
        "evidence link", blank=True, help_text="A public page that shows the practice."
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization_id", "practice"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "practice"],
                name="one_row_per_organization_practice",
                violation_error_message="This practice is already on the organization's profile.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_practice_display()}"


def monday_to_friday() -> list[str]:
    return list(MONDAY_TO_FRIDAY)


class CultureProfile(TimeStampedModel):
    """How an organization works, so that its partners can plan with it (A4).

    Seen by the organization's own people, by people who share a current partnership with it,
    and by platform administrators.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="culture_profile"
    )
    decision_making = models.TextField(
        "how it makes decisions",
        blank=True,
        help_text="Who decides, how long it usually takes, who must be consulted.",
    )
    communication_preferences = models.TextField(
        "communication preferences",
        blank=True,
        help_text="Channels, formality, how fast it can answer.",
    )
    languages = models.JSONField(
        default=list, blank=True, help_text="Languages the organization works in."
    )
    time_zone = models.CharField(
        "time zone", max_length=64, blank=True, help_text="For example America/Chicago."
    )
    working_hours_start = models.TimeField("working hours start", null=True, blank=True)
    working_hours_end = models.TimeField("working hours end", null=True, blank=True)
    # The days it works, by name ("monday" … "sunday"), in the week's order.
    working_days = models.JSONField("working days", default=monday_to_friday, blank=True)
    holidays_and_calendars = models.TextField(
        "holidays and calendars",
        blank=True,
        help_text="Holidays, observances, academic or fiscal calendars to plan around.",
    )
    accessibility_needs = models.TextField("accessibility needs", blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(working_hours_start__isnull=True, working_hours_end__isnull=True)
                    | Q(
                        working_hours_start__isnull=False,
                        working_hours_end__isnull=False,
                        working_hours_end__gt=models.F("working_hours_start"),
                    )
                ),
                name="culture_working_hours_in_order",
                violation_error_message="Working hours must end after they start.",
            )
        ]

    def __str__(self) -> str:
        return f"Culture profile of {self.organization}"

    @property
    def working_days_label(self) -> str:
        return working_days_label(self.working_days)

    def clean(self):
        if not self.working_days or any(day not in WEEKDAYS for day in self.working_days):
            raise ValidationError({"working_days": "Choose the days the organization works."})
        if self.time_zone:
            try:
                ZoneInfo(self.time_zone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValidationError(
                    {"time_zone": f"“{self.time_zone}” is not a time zone Accord knows."}
                ) from exc
        start, end = self.working_hours_start, self.working_hours_end
        if (start is None) != (end is None):
            raise ValidationError(
                {"working_hours_end": "Give both the start and the end of working hours."}
            )
        if start is not None and end is not None and end <= start:
            raise ValidationError({"working_hours_end": "Working hours must end after they start."})


class StakeholderGroup(DirectoryRecord):
    """A community or group of people whom partnerships' work affects (R1)."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    how_affected = models.TextField(
        "how partnerships affect them",
        blank=True,
        help_text="What the work changes for this group: who they are to the partnership.",
    )
    # The group's share of the people the work affects, for representation figures (R2).
    reference_share = models.DecimalField(
        "reference share",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The group's share of the affected population, from 0 to 1 (e.g. 0.12), if "
        "known; representation figures compare seat shares with it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference_share__isnull=True)
                | Q(reference_share__gt=0, reference_share__lte=1),
                name="stakeholder_group_reference_share_in_range",
                violation_error_message="The reference share must be more than 0 and at most 1.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("directory:group-detail", self.pk)


class GroupRepresentation(DirectoryRecord):
    """An organization that represents a stakeholder group, and how (R1)."""

    class How(models.TextChoices):
        LED_BY = "led_by", "Led by the group"
        SERVES = "serves", "Serves the group"
        INCLUDES = "includes", "Includes members of the group"

    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.PROTECT, related_name="representations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="group_representations"
    )
    how = models.CharField(max_length=10, choices=How.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organization"],
                condition=Q(archived_at__isnull=True),
                name="one_representation_per_group_and_organization",
                violation_error_message="This organization already represents this group.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_how_display().lower()} ({self.group})"
