"""The input ledger of a partnership (R6): consultations that ask for input, the input received
(solicited, through the public form, or recorded by staff from e-mail or a meeting), its triage
(assigned, acknowledged, answered, closed with a reason), the actions that followed, and what the
steward chose to publish on the public "you said, we did" page.

Anonymous input keeps no identity: no person, organization, name or e-mail, no client address,
and its history row names no actor (services_ledger.input_submit_public writes it outside any
user's name). See docs/decisions.md, "Anonymous input".
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableModel, TimeStampedModel
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership

from .models_engagements import ActionItem, Engagement

DEFAULT_ACK_DAYS = 5
DEFAULT_RESPONSE_DAYS = 30

__all__ = ["Consultation", "Input", "InputAction", "LedgerSettings"]


class LedgerSettings(TimeStampedModel):
    """A partnership's deadlines for acknowledging and answering input, and its public form."""

    partnership_path = "partnership"

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="ledger_settings"
    )
    ack_days = models.PositiveIntegerField("days to acknowledge", default=DEFAULT_ACK_DAYS)
    response_days = models.PositiveIntegerField("days to respond", default=DEFAULT_RESPONSE_DAYS)
    public_form = models.BooleanField("public input form is on", default=False)
    form_question = models.CharField(
        "question on the public form",
        max_length=300,
        blank=True,
        help_text="Shown publicly above the form; empty: “What would you like us to know?”",
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "input ledger settings"
        verbose_name_plural = "input ledger settings"

    def __str__(self) -> str:
        return f"input ledger settings of {self.partnership}"


class ConsultationQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Consultation(ArchivableModel):
    """Input the partnership asks for: a question, open from one date to another."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="consultations"
    )
    question = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    opens_on = models.DateField("opens")
    closes_on = models.DateField("closes")

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        return self.question

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date comes before the opening date."})


class InputQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Input(ArchivableModel):
    """One piece of input the partnership received, and what became of it."""

    partnership_path = "partnership"

    class Source(models.TextChoices):
        SOLICITED = "solicited", "Solicited (a consultation)"
        PUBLIC_FORM = "public_form", "Public form"
        STAFF = "staff", "Recorded by staff"

    class Channel(models.TextChoices):
        FORM = "form", "Form"
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        DUPLICATE = "duplicate", "Duplicate"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope"
        ACTED_ON = "acted_on", "Acted on"
        NOT_ACTED_ON = "not_acted_on", "Not acted on"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="inputs")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    anonymous = models.BooleanField(default=False)
    # Who gave it (identified input only): a person in Accord, or a name and e-mail.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs_given"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs_given"
    )
    name = models.CharField("submitter's name", max_length=200, blank=True)
    email = models.EmailField("submitter's e-mail", max_length=254, blank=True)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    received_at = models.DateTimeField("received")
    # Triage
    assignee = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs_assigned"
    )
    acknowledged_at = models.DateTimeField("acknowledged", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response = models.TextField(blank=True, help_text="Drafted here; public only once published.")
    responded_at = models.DateTimeField("answered", null=True, blank=True)
    responded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("published", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    close_reason = models.CharField(
        max_length=20, choices=CloseReason.choices, blank=True, verbose_name="reason for closing"
    )
    close_explanation = models.TextField("explanation", blank=True)
    closed_at = models.DateTimeField("closed", null=True, blank=True)

    objects = InputQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "received_at"], name="input_received"),
            models.Index(fields=["assignee", "status"], name="input_assignee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False)
                | models.Q(person__isnull=True, organization__isnull=True, name="", email=""),
                name="anonymous_input_has_no_identity",
                violation_error_message="Anonymous input keeps no name, e-mail or organization.",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def submitter(self) -> str:
        """Who gave the input, for signed-in members only; never shown publicly."""
        if self.anonymous:
            return "Anonymous"
        if self.person_id:
            return self.person.name
        return self.name or (self.organization.name if self.organization_id else "Not recorded")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("relationships:input-detail", args=[self.partnership_id, self.pk])


class InputAction(TimeStampedModel):
    """An action that followed a piece of input: an engagement, an action item, or in words."""

    partnership_path = "input__partnership"

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="actions")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_item = models.ForeignKey(
        ActionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField("what was done", max_length=500, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(engagement__isnull=False)
                | models.Q(action_item__isnull=False)
                | ~models.Q(text=""),
                name="input_action_says_something",
                violation_error_message="Link an engagement or action item, or say what was done.",
            )
        ]

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.action_item_id:
            return self.action_item.title
        return self.engagement.title if self.engagement_id else ""
