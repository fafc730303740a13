"""The directory: organizations and the people who belong to them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import Role, is_platform_admin
from accord.core.models import ArchivableModel, ArchivableQuerySet


def can_edit_directory(user) -> bool:
    """Platform administrators and stewards (who bring new partners in) maintain the directory."""
    if is_platform_admin(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    from accord.partnerships.models import PartnershipRole

    return PartnershipRole.objects.filter(
        person__user=user, role=Role.STEWARD, archived_at__isnull=True
    ).exists()


class DirectoryQuerySet(ArchivableQuerySet):
    """The directory is shared across the organization: every signed-in person may read it."""

    def visible_to(self, user):
        if user and user.is_authenticated and user.is_active:
            return self.all()
        return self.none()

    def editable_by(self, user, permission: str = "change"):
        return self.all() if can_edit_directory(user) else self.none()


class DirectoryRecord(ArchivableModel):
    objects = DirectoryQuerySet.as_manager()

    class Meta:
        abstract = True

    def user_can(self, user, permission: str) -> bool:
        if permission == "view":
            return bool(user and user.is_authenticated)
        return can_edit_directory(user)


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
    website = models.URLField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("state or region", max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "subtype"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization-detail", args=[self.pk])

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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:person-detail", args=[self.pk])
