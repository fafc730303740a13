"""Partnerships, their member organizations, people's roles and the lifecycle history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet, Role
from accord.core.models import ArchivableModel
from accord.core.paths import object_url
from accord.directory.models import Organization, Person


class Stage(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    FORMING = "forming", "Forming"
    FORMALIZED = "formalized", "Formalized"
    ACTIVE = "active", "Active"
    REVIEWING = "reviewing", "Reviewing"
    RENEWED = "renewed", "Renewed"
    CONCLUDED = "concluded", "Concluded"


class ScopedQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class MembershipQuerySet(ScopedQuerySet):
    def current(self):
        """Memberships that have not ended and are not archived."""
        return self.filter(left_on__isnull=True, archived_at__isnull=True)


class Partnership(ArchivableModel):
    """A strategic partnership between the host organization and its partners."""

    class Scope(models.TextChoices):
        INTERNAL = "internal", "Internal"
        EXTERNAL = "external", "External"
        MIXED = "mixed", "Mixed"

    partnership_path = ""

    title = models.CharField(max_length=200)
    purpose = models.TextField()
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.EXTERNAL)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.EXPLORING)
    stage_changed_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["stage_changed_at"])

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["stage"]),
            # The list's order (title, id): it walks the index and stops after one page.
            models.Index(fields=["title", "id"], name="partnership_title_id"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("partnerships:detail", self.pk)

    @classmethod
    def reference(cls, pk: int) -> "Partnership":
        """The partnership `pk` with only its id loaded, for building queries about it (its
        related managers) without reading it: compiled queries build theirs from an id
        (accord/core/compiled.py). Reading another field of it queries the database."""
        return cls.from_db(None, ["id"], [pk])


class Membership(ArchivableModel):
    """An organization's membership in a partnership, as host or partner."""

    class Kind(models.TextChoices):
        HOST = "host", "Host"
        PARTNER = "partner", "Partner"

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARTNER)
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "organization__name"]  # hosts first
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=Q(left_on__isnull=True, archived_at__isnull=True),
                name="one_current_membership_per_organization",
                violation_error_message="This organization is already a member of the partnership.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message="The date left cannot be before the date joined.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.partnership}"

    def clean(self):
        # Also a database constraint; checked here so the error names the field.
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "The date left cannot be before the date joined."})

    @property
    def is_current(self) -> bool:
        return self.left_on is None and self.archived_at is None


class PartnershipRole(ArchivableModel):
    """A person's role in a partnership; it is what gives them access to it."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    # The organization the person speaks for in this partnership (their own, when the role was
    # given): what makes "one project director per member organization" a database rule (L6).
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="partnership_roles",
        null=True,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "person", "role"],
                condition=Q(archived_at__isnull=True),
                name="one_current_role_per_person",
                violation_error_message="This person already holds this role in the partnership.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=Q(role=Role.PROJECT_DIRECTOR, archived_at__isnull=True),
                name="one_project_director_per_organization",
                violation_error_message=(
                    "This organization already has a project director in the partnership."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.PROJECT_DIRECTOR) | Q(organization__isnull=False),
                name="project_director_speaks_for_an_organization",
                violation_error_message="A project director must belong to an organization.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.get_role_display()} in {self.partnership}"


class StageChange(models.Model):
    """One move of a partnership through its lifecycle: when, who, from and to."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.from_stage or 'start'} → {self.to_stage}"
