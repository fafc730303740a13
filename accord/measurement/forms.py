"""Forms of the measures set pages (M1, M2). They parse input; services.py checks and writes."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from accord.core.agreements import MAX_COMMENT
from accord.core.forms import AccordForm

from .models import Indicator
from .services import MAX_TEXT

NUMBER = {"max_digits": 18, "decimal_places": 4, "required": False}


class TextsForm(AccordForm):
    expectations = forms.CharField(
        label="Expectations",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What each partner can expect of the others in measuring together.",
    )
    deliverables = forms.CharField(
        label="Deliverables",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What each partner commits to deliver, and by when.",
    )


class CommentForm(AccordForm):
    body = forms.CharField(
        label="Your comment", max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )


def parse_targets(text: str) -> list[dict]:
    """Lines "period = value" (or "period: value") as targets; a line that is neither is refused
    naming it."""
    targets, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        separator = "=" if "=" in line else ":"
        period, found, value = line.rpartition(separator)
        if not found or not period.strip():
            problems.append(f"Line {number}: write “period = value”, for example “2026 Q1 = 40”.")
            continue
        try:
            amount = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            problems.append(f"Line {number}: “{value.strip()}” is not a number.")
            continue
        targets.append({"period": period.strip(), "value": amount})
    if problems:
        raise ValidationError(problems)
    return targets


def targets_text(indicator: Indicator | None) -> str:
    if indicator is None:
        return ""
    return "\n".join(f"{t.period} = {t.value.normalize():f}" for t in indicator.targets.all())


def parse_numbers(text: str) -> list[Decimal]:
    numbers, problems = [], []
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        if not part.strip():
            continue
        try:
            numbers.append(Decimal(part.strip()))
        except InvalidOperation:
            problems.append(f"“{part.strip()}” is not a number.")
    if problems:
        raise ValidationError(problems)
    return numbers


class IndicatorForm(AccordForm):
    """Every field of an indicator; the lists are choices of the partnership's own records."""

    name = forms.CharField(max_length=200)
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        help_text="Exactly what is counted or observed, so that every partner counts the same.",
    )
    type = forms.ChoiceField(choices=Indicator.Type.choices)
    unit = forms.CharField(max_length=60, required=False, help_text="Students, hours, USD…")
    numerator = forms.CharField(max_length=300, required=False, help_text="For a ratio only.")
    denominator = forms.CharField(max_length=300, required=False, help_text="For a ratio only.")
    kind = forms.ChoiceField(
        label="Results-Based Accountability kind", choices=Indicator.Kind.choices
    )
    direction = forms.ChoiceField(label="Desired direction", choices=Indicator.Direction.choices)
    range_low = forms.DecimalField(label="Lowest wanted", **NUMBER)
    range_high = forms.DecimalField(label="Highest wanted", **NUMBER)
    baseline_value = forms.DecimalField(label="Baseline", **NUMBER)
    baseline_date = forms.DateField(
        label="Baseline date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    baseline_description = forms.CharField(
        label="About the baseline",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    targets = forms.CharField(
        label="Targets",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One period a line: “2026 Q1 = 40”. A qualitative indicator has none.",
    )
    frequency = forms.ChoiceField(
        choices=Indicator.Frequency.choices, initial=Indicator.Frequency.QUARTERLY
    )
    source = forms.CharField(label="Data source", max_length=300, required=False)
    responsible_organization_id = forms.TypedChoiceField(
        label="Responsible organization", coerce=int
    )
    core_value_ids = forms.TypedMultipleChoiceField(
        label="Core values it measures",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The core values of the agreed charter.",
    )
    dimension_version_ids = forms.TypedMultipleChoiceField(
        label="Disaggregated by",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="One version of each dimension.",
    )
    plausible_min = forms.DecimalField(label="Plausible minimum", **NUMBER)
    plausible_max = forms.DecimalField(label="Plausible maximum", **NUMBER)
    past_values = forms.CharField(
        label="Past values (to propose a plausible range)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Values of earlier periods, separated by commas. “Propose a range” fills the "
        "plausible minimum and maximum with their mean ± 2 standard deviations.",
    )

    def __init__(self, *args, members, core_values, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organization_id"].choices = [("", "Choose a member")] + [
            (m.organization_id, m.organization.name) for m in members
        ]
        self.fields["core_value_ids"].choices = [(v.pk, v.name) for v in core_values]
        self.fields["dimension_version_ids"].choices = [
            (d.pk, f"{d.dimension.name} (version {d.number})") for d in dimensions
        ]
        for name in ("core_value_ids", "dimension_version_ids"):
            if not self.fields[name].choices:
                # Nothing to choose (no agreed charter, no dimensions yet): no empty list.
                del self.fields[name]

    def clean_targets(self):
        return parse_targets(self.cleaned_data.get("targets", ""))

    def clean_past_values(self):
        return parse_numbers(self.cleaned_data.get("past_values", ""))

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("past_values", None)
        return data


def initial_of(indicator: Indicator) -> dict:
    fields = [f for f in IndicatorForm.base_fields if f not in ("targets", "past_values")]
    initial = {f: getattr(indicator, f) for f in fields if hasattr(indicator, f)}
    initial["core_value_ids"] = [v.pk for v in indicator.core_values.all()]
    initial["dimension_version_ids"] = [d.pk for d in indicator.dimensions.all()]
    initial["targets"] = targets_text(indicator)
    return initial


class DimensionForm(AccordForm):
    name = forms.CharField(max_length=120)
    description = forms.CharField(
        required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    categories = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One category a line. “Prefer not to say” and “Unknown” are added at the end.",
    )

    def clean_categories(self):
        return [line for line in self.cleaned_data["categories"].splitlines() if line.strip()]


class DimensionReviseForm(AccordForm):
    categories = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One category a line. A change makes a new version; indicators keep the "
        "version they chose.",
    )
    note = forms.CharField(label="What changed", max_length=300, required=False)

    def clean_categories(self):
        return [line for line in self.cleaned_data["categories"].splitlines() if line.strip()]
