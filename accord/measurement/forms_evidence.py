"""Forms of the evidence pages (M3). They parse input; services_evidence.py checks and writes."""

from django import forms

from accord.core.forms import AccordForm
from accord.core.uploads import EVIDENCE_KINDS, max_upload_bytes
from accord.partnerships.forms import DateInput

from .models_evidence import Evidence
from .services_evidence import MAX_TEXT, MAX_TITLE

ACCEPT = ",".join(
    sorted({f".{k.extension}" for k in EVIDENCE_KINDS} | {k.media_type for k in EVIDENCE_KINDS})
)


class Checks(forms.CheckboxSelectMultiple):
    """Checkboxes in Bootstrap's form-check markup, in a box that scrolls when the list is long."""

    template_name = "measurement/widgets/checks.html"
    option_template_name = "measurement/widgets/check_option.html"

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"].pop("class", None)  # each box is a form-check-input, whatever the field's
        return option


def _label_of_indicator(indicator) -> str:
    return f"{indicator.name} (measures set version {indicator.version.number})"


class EvidenceFilterForm(AccordForm):
    """The list's filters (a GET form): kind, indicator, period."""

    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Evidence.Kind.choices]
    )
    indicator = forms.TypedChoiceField(label="Indicator", required=False, coerce=int)
    period = forms.TypedChoiceField(label="Reporting period", required=False, coerce=int)

    def __init__(self, *args, indicators, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "Any indicator")] + [
            (i.pk, i.name) for i in indicators
        ]
        self.fields["period"].choices = [("", "Any period")] + [(p.pk, p.label) for p in periods]


class EvidenceForm(AccordForm):
    kind = forms.ChoiceField(label="Kind", choices=Evidence.Kind.choices)
    title = forms.CharField(label="Title", max_length=MAX_TITLE)
    body = forms.CharField(
        label="Text",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The story, the observation, or the quote in the speaker's words.",
    )
    organization_id = forms.TypedChoiceField(
        label="Organization it comes from (optional)", required=False, coerce=int, empty_value=None
    )
    file = forms.FileField(
        label="File (optional; needed for a file)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    speaker = forms.CharField(
        label="Speaker (for a quote)",
        required=False,
        max_length=200,
        help_text="As they agreed to be named.",
    )
    consent = forms.ChoiceField(
        label="Consent (for a quote from a person)", choices=Evidence.Consent.choices
    )
    consent_note = forms.CharField(
        label="How consent was given",
        required=False,
        max_length=300,
        help_text="A signed form, an e-mail, aloud at a meeting…",
    )
    consent_on = forms.DateField(label="Consent given on", required=False, widget=DateInput)
    indicator_ids = forms.TypedMultipleChoiceField(
        label="Indicators", required=False, coerce=int, widget=Checks
    )
    core_value_ids = forms.TypedMultipleChoiceField(
        label="Core values of the charter",
        required=False,
        coerce=int,
        widget=Checks,
    )
    period_ids = forms.TypedMultipleChoiceField(
        label="Reporting periods", required=False, coerce=int, widget=Checks
    )

    def __init__(
        self, *args, organizations, indicators, core_values, periods, editing=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A PDF, an image (PNG, JPEG, GIF, WebP) or an office document (DOCX, XLSX, PPTX, "
            f"ODT), up to {max_upload_bytes() // (1024 * 1024)} MB. What it is is read from "
            "its content, not its name."
        )
        self.fields["organization_id"].choices = [("", "None in particular")] + [
            (o.pk, o.name) for o in organizations
        ]
        self.fields["indicator_ids"].choices = [(i.pk, _label_of_indicator(i)) for i in indicators]
        self.fields["core_value_ids"].choices = [(v.pk, v.name) for v in core_values]
        self.fields["period_ids"].choices = [(p.pk, p.label) for p in periods]
        if editing:
            self.fields["remove_file"] = forms.BooleanField(label="Remove the file", required=False)
            self.fields["file"].label = "Replace the file (optional)"


def initial_of(evidence: Evidence) -> dict:
    return {
        "kind": evidence.kind,
        "title": evidence.title,
        "body": evidence.body,
        "organization_id": evidence.organization_id,
        "speaker": evidence.speaker,
        "consent": evidence.consent,
        "consent_note": evidence.consent_note,
        "consent_on": evidence.consent_on,
        "indicator_ids": [i.pk for i in evidence.indicators.all()],
        "core_value_ids": [v.pk for v in evidence.core_values.all()],
        "period_ids": [p.pk for p in evidence.periods.all()],
    }
