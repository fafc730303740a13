"""Forms of the MOU pages (L5). They parse input; services/mous.py writes."""

import re

from django import forms

from accord.core.forms import AccordForm, style_widgets
from accord.core.uploads import max_upload_bytes
from accord.partnerships.forms import DateInput

from .models import MouTemplate, MouVersion
from .queries.templates import active_templates


class MouCreateForm(AccordForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        initial="Memorandum of understanding",
        help_text="How the partners will refer to this MOU.",
    )
    template = forms.ModelChoiceField(
        label="Template",
        queryset=MouTemplate.objects.none(),
        empty_label=None,
        help_text="The sections are drafted from this template with the partnership's own data.",
    )

    effective_on = forms.DateField(
        label="Effective date",
        required=False,
        widget=DateInput,
        help_text="Leave empty for “the date of the last signature”.",
    )
    expires_on = forms.DateField(
        label="Expiry date",
        required=False,
        widget=DateInput,
        help_text="Leave empty when the MOU runs until a partner ends it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = active_templates()

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_on"), data.get("expires_on")
        if start and end and end <= start:
            self.add_error("expires_on", "The expiry date must come after the effective date.")
        return data


class SectionEditForm(AccordForm):
    heading = forms.CharField(label="Heading", max_length=200)
    body = forms.CharField(
        label="Text",
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="A blank line starts a new paragraph; lines starting with “- ” become a list. "
        "A text you change no longer follows the partnership's data: it is kept as you typed it "
        "and marked as edited.",
    )
    follow_data = forms.BooleanField(
        label="Follow the data again",
        required=False,
        help_text="Discard the text above and fill this section in from the template with the "
        "partnership's current data, as it was drafted.",
    )

    def __init__(self, *args, can_follow: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_follow:
            del self.fields["follow_data"]


class TermForm(AccordForm):
    effective_on = forms.DateField(
        label="Effective date",
        required=False,
        widget=DateInput,
        help_text="Leave empty for “the date of the last signature”.",
    )
    expires_on = forms.DateField(
        label="Expiry date",
        required=False,
        widget=DateInput,
        help_text="Leave empty when the MOU runs until a partner ends it.",
    )
    signing_order = forms.ChoiceField(
        label="Signing order",
        choices=MouVersion.SigningOrder.choices,
        help_text="One after another: each signatory is asked when those with a lower number "
        "have signed.",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_on"), data.get("expires_on")
        if start and end and end <= start:
            self.add_error("expires_on", "The expiry date must come after the effective date.")
        return data


class SendForm(AccordForm):
    """Choose the signatories of each member organization and their order (L5)."""

    signing_order = forms.ChoiceField(
        label="Signing order",
        choices=MouVersion.SigningOrder.choices,
        help_text="All at once: everyone is asked now. One after another: each signatory is "
        "asked when everyone with a lower order number has signed.",
    )

    confirm_no_agreed_charter = forms.BooleanField(
        label="Send it without an agreed charter",
        required=False,
        help_text="No charter version has been endorsed by every member organization, so the "
        "MOU quotes none. Tick to confirm that the partners sign it as it is.",
    )

    def __init__(self, *args, choices, version, charter_agreed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if charter_agreed:
            del self.fields["confirm_no_agreed_charter"]
        self.choices = choices
        self.fields["signing_order"].initial = version.signing_order
        self.groups = []
        for number, choice in enumerate(choices, start=1):
            rows = []
            for index, person in enumerate(choice.people):
                sign, order = f"sign_{person.pk}", f"order_{person.pk}"
                self.fields[sign] = forms.BooleanField(
                    label=f"{person.name}{', ' + person.title if person.title else ''}",
                    required=False,
                    initial=index == 0,
                )
                self.fields[order] = forms.IntegerField(
                    label=f"Order of {person.name}",
                    min_value=1,
                    max_value=99,
                    required=False,
                    initial=number,
                    widget=forms.NumberInput(attrs={"class": "order-input"}),
                )
                rows.append({"person": person, "sign": self[sign], "order": self[order]})
            self.groups.append({"organization": choice.organization, "rows": rows})
        style_widgets(self)

    def chosen(self) -> list[tuple]:
        """(person, order) for each person ticked."""
        return [
            (person, self.cleaned_data.get(f"order_{person.pk}") or number)
            for number, choice in enumerate(self.choices, start=1)
            for person in choice.people
            if self.cleaned_data.get(f"sign_{person.pk}")
        ]


class SignForm(AccordForm):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="The password you sign in to Accord with: it confirms that it is you signing.",
    )


class ReasonForm(AccordForm):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UploadForm(AccordForm):
    title = forms.CharField(label="Title", max_length=200, initial="Memorandum of understanding")
    file = forms.FileField(
        label="Signed PDF",
        help_text="The MOU as signed by every partner, as one PDF file.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    effective_on = forms.DateField(label="Effective date", widget=DateInput)
    expires_on = forms.DateField(label="Expiry date", required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_on"), data.get("expires_on")
        if start and end and end <= start:
            self.add_error("expires_on", "The expiry date must come after the effective date.")
        return data


class VerifyForm(AccordForm):
    """A PDF, or its SHA-256: what the public verification page checks (L5)."""

    file = forms.FileField(
        label="The PDF",
        required=False,
        help_text="Accord computes its SHA-256 and keeps nothing of the file.",
    )
    sha256 = forms.CharField(
        label="Or its SHA-256",
        required=False,
        max_length=100,
        help_text="64 hexadecimal characters, as printed on the signing certificate.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The file is larger than {max_upload_bytes() // (1024 * 1024)} MB, the largest "
                "Accord accepts."
            )
        return upload

    def clean_sha256(self) -> str:
        value = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(
                "A SHA-256 is 64 characters, each a digit or a letter from a to f."
            )
        return value

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("sha256") and not self.errors:
            raise forms.ValidationError("Choose the PDF, or enter its SHA-256.")
        return data
