"""Forms of the resources pages (M5): they parse input; services_resources.py validates and
writes, naming the field at fault."""

from django import forms

from accord.core.forms import AccordForm
from accord.partnerships.forms import DateInput

from .models_resources import Pledge
from .services_resources import MAX_DESCRIPTION, MAX_NOTE

AMOUNT_ERRORS = {"invalid": "Give the amount as a number, such as 2500 or 0.5."}


class ResourceSettingsForm(AccordForm):
    currency = forms.CharField(
        label="Currency",
        max_length=3,
        min_length=3,
        help_text="An ISO 4217 code, such as USD, EUR or CAD. It cannot change once a pledge "
        "exists.",
        error_messages={
            "min_length": "Give the three-letter code, such as USD.",
            "max_length": "Give the three-letter code, such as USD.",
            "required": "Give the three-letter code, such as USD.",
        },
    )


class PledgeForm(AccordForm):
    organization = forms.ModelChoiceField(
        queryset=None,
        label="Organization",
        error_messages={"invalid_choice": "Choose a current member organization."},
    )
    kind = forms.ChoiceField(label="Kind", choices=Pledge.Kind.choices)
    unit = forms.ChoiceField(
        label="Unit (personnel)",
        required=False,
        choices=[("", "—"), (Pledge.Unit.FTE, "FTE"), (Pledge.Unit.HOURS, "Hours")],
        help_text="Personnel pledges are in FTE or hours; financial and in-kind ones in the "
        "partnership's currency.",
    )
    amount = forms.DecimalField(
        label="Amount",
        help_text="Money in the currency (in-kind: its valuation), or FTE or hours.",
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(label="Description", max_length=MAX_DESCRIPTION, required=False)
    valuation_basis = forms.CharField(
        label="Basis of valuation (in-kind)",
        max_length=MAX_DESCRIPTION,
        required=False,
        help_text="How the in-kind valuation was reached: a quote, a market rate, a list price…",
    )
    period = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Reporting period",
        empty_label="None: the dates below",
        error_messages={"invalid_choice": "Choose a reporting period of this partnership."},
    )
    starts_on = forms.DateField(label="From", required=False, widget=DateInput)
    ends_on = forms.DateField(label="To", required=False, widget=DateInput)

    def __init__(self, *args, organizations, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["period"].queryset = periods

    def clean_unit(self):
        return self.cleaned_data.get("unit") or None


class ContributionForm(AccordForm):
    delivered_on = forms.DateField(label="Delivered on", widget=DateInput)
    amount = forms.DecimalField(
        label="Amount delivered",
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(label="Note", max_length=MAX_NOTE, required=False)
    evidence = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Evidence",
        empty_label="None",
        error_messages={"invalid_choice": "Choose a piece of evidence of this partnership."},
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence
