"""Memoranda of understanding: templates, drafts in versions, signatures, execution (L5).

A partnership's MOU is drafted from a template with the partnership's own data, edited section by
section in versions, sent for signature as one exact PDF whose SHA-256 every signature records,
and executed when every signatory has signed. An executed MOU never changes; an amendment is a
new MOU that names the one it amends.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accord.core.access import PartnershipScopedQuerySet
from accord.core.models import ArchivableQuerySet, Document, TimeStampedModel, one_default
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership


class MouTemplateQuerySet(ArchivableQuerySet, PartnershipScopedQuerySet):
    """Templates belong to no partnership: signed-in people read them, administrators edit."""


class MouTemplate(Document):
    """A template that MOU drafts start from; its sections are template text over plain data."""

    view_action = "leadership.template.view"
    edit_action = "leadership.template.manage"
    parts_name = "sections"
    used_by = "mous"

    is_default = models.BooleanField("default template", default=False)

    objects = MouTemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Document.Meta):
        verbose_name = "MOU template"
        constraints = [one_default("one_default_mou_template", "template")]


class MouTemplateSection(TimeStampedModel):
    """One clause of a template: its heading and its text, which may use the draft's data."""

    template = models.ForeignKey(MouTemplate, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=50)
    heading = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Text of the clause. {{ partnership.title }} and the like fill in the draft."
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["template_id", "position", "pk"]
        verbose_name = "MOU template section"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "key"],
                name="mou_template_section_key_unique",
                violation_error_message="The template already has a section with this key.",
            )
        ]

    def __str__(self) -> str:
        return self.heading


class Mou(TimeStampedModel):
    """A memorandum of understanding of one partnership, or an amendment of an executed one."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        OUT_FOR_SIGNATURE = "out_for_signature", "Out for signature"
        EXECUTED = "executed", "Executed"

    partnership_path = "partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="mous")
    title = models.CharField(max_length=200)
    template = models.ForeignKey(
        MouTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="mous"
    )
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFTING)
    # Copied from the executed version, so that reminders and the lifecycle read one row.
    executed_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "MOU"
        verbose_name_plural = "MOUs"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leadership:mou-detail", args=[self.partnership_id, self.pk])


class MouVersion(TimeStampedModel):
    """One version of an MOU's text; the one sent for signature is frozen as exact PDF bytes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OUT_FOR_SIGNATURE = "out_for_signature", "Out for signature"
        EXECUTED = "executed", "Executed"
        VOIDED = "voided", "Voided"

    class SigningOrder(models.TextChoices):
        PARALLEL = "parallel", "All at once"
        SEQUENTIAL = "sequential", "One after another, in order"

    partnership_path = "mou__partnership"

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    effective_on = models.DateField("effective date", null=True, blank=True)
    expires_on = models.DateField("expiry date", null=True, blank=True)
    signing_order = models.CharField(
        max_length=12, choices=SigningOrder.choices, default=SigningOrder.PARALLEL
    )
    # The exact bytes sent for signature, under a name Accord makes; never rewritten.
    document = models.FileField(upload_to="mou/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # Set when the version was signed outside Accord and uploaded as a PDF.
    external = models.BooleanField("signed outside Accord", default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    # The data the document was rendered from when it was sent for signature (mou_context's
    # plain data): a version out for signature or executed prints these values, never newer ones.
    data = models.JSONField("data as sent", default=dict, blank=True)
    # The executed document: the signed PDF followed by the signing certificate page.
    certificate_document = models.FileField(upload_to="mou/", blank=True)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    # The draft as a PDF, rendered by the task worker (services/pdfs.py) from the document's HTML
    # whose SHA-256 is `preview_source`: served while the draft still renders to that HTML. A
    # cache, rebuilt at will, so it is kept out of the version's history.
    preview = models.FileField("draft PDF", upload_to="mou/previews/", blank=True)
    preview_sha256 = models.CharField(max_length=64, blank=True)
    preview_source = models.CharField("SHA-256 of the HTML rendered", max_length=64, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["preview", "preview_sha256", "preview_source"])

    class Meta:
        ordering = ["mou_id", "-number"]
        verbose_name = "MOU version"
        constraints = [
            models.UniqueConstraint(fields=["mou", "number"], name="mou_version_number_unique"),
            # One version at a time is being drafted or signed.
            models.UniqueConstraint(
                fields=["mou"],
                condition=Q(status__in=["draft", "out_for_signature"]),
                name="one_working_mou_version",
                violation_error_message=(
                    "This MOU already has a version in draft or out for signature."
                ),
            ),
            models.UniqueConstraint(
                fields=["mou"],
                condition=Q(status="executed"),
                name="one_executed_mou_version",
                violation_error_message="This MOU already has an executed version.",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gt=models.F("effective_on")),
                name="mou_expires_after_effective",
                violation_error_message="The expiry date must come after the effective date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mou}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "leadership:mou-version", args=[self.mou.partnership_id, self.mou_id, self.number]
        )


class MouSection(TimeStampedModel):
    """One clause of an MOU version, as drafted and edited (plain text, paragraphs).

    A section drafted from a template keeps the template's text (`source`) and follows the data:
    while its version is a draft, its text is filled in again from the partnership's data each
    time the document is shown. Once a person edits its text by hand it no longer follows the
    data (`edited`); `edited_data` keeps the data as it was then, so that Accord can tell when the
    edited text names a value that has changed since (mou_context.section_texts).
    """

    partnership_path = "version__mou__partnership"

    version = models.ForeignKey(MouVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=50)
    heading = models.CharField(max_length=200)
    # The text as last filled in or edited; frozen when the version is sent for signature.
    body = models.TextField(blank=True)
    source = models.TextField("template text", blank=True)
    edited = models.BooleanField("edited by hand", default=False)
    edited_data = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "position", "pk"]
        verbose_name = "MOU section"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="mou_section_key_unique",
                violation_error_message="This version already has a section with this key.",
            )
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def follows_data(self) -> bool:
        return bool(self.source) and not self.edited


class Signatory(TimeStampedModel):
    """A person who signs an MOU version for their organization, and what their signature was."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for their turn"
        PENDING = "pending", "Asked to sign"
        SIGNED = "signed", "Signed"
        DECLINED = "declined", "Declined"
        VOIDED = "voided", "Voided"

    partnership_path = "version__mou__partnership"

    version = models.ForeignKey(MouVersion, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mou_signatures")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="mou_signatures"
    )
    order = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    asked_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.TextField(blank=True)
    signed_sha256 = models.CharField("SHA-256 of the document signed", max_length=64, blank=True)
    decline_reason = models.TextField(blank=True)

    objects = PartnershipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "order", "pk"]
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person"],
                name="one_signature_per_person_and_version",
                violation_error_message="This person is already a signatory of this version.",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | (Q(signed_at__isnull=False) & ~Q(signed_sha256="")),
                name="signature_records_time_and_hash",
                violation_error_message="A signature records its time and the document's hash.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.organization}"
