"""Forms for an organization's values profile (A1) and culture profile (A4).

They parse input; services.py checks the rules (lengths, counts, time zones, working hours) and
writes, so that the pages and the API refuse the same input with the same message.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from accord.core.forms import style_widgets

from . import services
from .culture import WEEKDAYS, canonical_time_zone, time_zone_groups
from .forms import VALUES_HELP, LinesField, ServiceModelForm
from .models import CultureProfile, JediPractice, Organization

# Which form field shows a service error about one practice's field.
PRACTICE_PREFIXES = {"practice": "practice", "evidence_url": "evidence", "note": "note"}


def _show_errors(form: forms.BaseForm, error: ValidationError, rename=lambda field: field):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        for field, messages in error.message_dict.items():
            target = rename(field)
            known = target in form.fields and target != NON_FIELD_ERRORS
            form.add_error(target if known else None, messages)
    style_widgets(form)  # mark the newly invalid fields


class ValuesProfileForm(ServiceModelForm):
    """Mission, vision, values and the JEDI practices checklist with evidence (A1)."""

    values = LinesField(
        label="Core values",
        required=False,
        help_text=VALUES_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Organization
        fields = ["mission", "vision", "values", "values_statement", "jedi_practices"]
        labels = {"jedi_practices": "JEDI practices in your own words"}
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "values_statement": forms.Textarea(attrs={"rows": 3}),
            "jedi_practices": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        saved = {p.practice: p for p in practices}
        for code, label in JediPractice.choices:
            row = saved.get(code)
            self.fields[f"practice_{code}"] = forms.BooleanField(
                label=label, required=False, initial=row is not None
            )
            self.fields[f"evidence_{code}"] = forms.URLField(
                label="Evidence link",
                required=False,
                max_length=200,
                initial=row.evidence_url if row else "",
                help_text="The address of a public web page that shows it.",
                widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label="Note",
                required=False,
                max_length=5000,
                initial=row.note if row else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        style_widgets(self)
        self._codes: list[str] = []

    @property
    def practice_rows(self):
        """(label, checkbox, evidence link, note) for each practice, in checklist order."""
        return [
            (label, self[f"practice_{code}"], self[f"evidence_{code}"], self[f"note_{code}"])
            for code, label in JediPractice.choices
        ]

    @property
    def text_fields(self):
        return [self[name] for name in self._meta.fields]

    def clean_values(self):
        # The service's rule, checked here too so that every error shows at once.
        try:
            return services.clean_values(self.cleaned_data["values"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["values"]) from error

    def clean(self):
        data = super().clean()
        for code, _ in JediPractice.choices:
            evidence, note = data.get(f"evidence_{code}"), data.get(f"note_{code}")
            if not data.get(f"practice_{code}") and (evidence or note):
                self.add_error(
                    f"practice_{code}",
                    "Tick this practice to keep its evidence link and note, or clear them.",
                )
        return data

    def profile(self) -> dict:
        """The service's arguments: the texts, the values and the whole checklist."""
        data = self.cleaned_data
        self._codes = [code for code in JediPractice.values if data.get(f"practice_{code}")]
        return {
            **{name: data[name] for name in self._meta.fields},
            "practices": [
                {
                    "practice": code,
                    "evidence_url": data[f"evidence_{code}"],
                    "note": data[f"note_{code}"],
                }
                for code in self._codes
            ],
        }

    def show_service_errors(self, error: ValidationError) -> None:
        def rename(field: str) -> str:
            # "practices.2.evidence_url" -> "evidence_<code of the third practice sent>"
            parts = field.split(".")
            if len(parts) == 3 and parts[0] == "practices" and parts[1].isdigit():
                index = int(parts[1])
                if index < len(self._codes) and parts[2] in PRACTICE_PREFIXES:
                    return f"{PRACTICE_PREFIXES[parts[2]]}_{self._codes[index]}"
            return field

        _show_errors(self, error, rename)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class CultureProfileForm(ServiceModelForm):
    """How an organization works, so its partners can plan with it (A4)."""

    languages = LinesField(
        label="Languages",
        required=False,
        help_text="One per line, for example English, Spanish or American Sign Language (ASL).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="The place whose clock the organization works by. Type a city to jump to it.",
    )
    working_days = forms.MultipleChoiceField(
        label="Working days",
        choices=[(day, day.title()) for day in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        help_text="The days it works, for example Sunday to Thursday.",
        error_messages={"required": "Choose at least one working day."},
    )

    class Meta:
        model = CultureProfile
        fields = [
            "decision_making",
            "communication_preferences",
            "languages",
            "time_zone",
            "working_days",
            "working_hours_start",
            "working_hours_end",
            "holidays_and_calendars",
            "accessibility_needs",
            "notes",
        ]
        labels = {"working_hours_start": "Starts at", "working_hours_end": "Ends at"}
        help_texts = {
            "working_hours_start": "On the organization's own clock, on its working days.",
            "working_hours_end": "Leave both times empty when they vary.",
            "accessibility_needs": "What partners should arrange so everyone can take part: "
            "captions, interpreters, step-free rooms, reading formats.",
        }
        widgets = {
            "decision_making": forms.Textarea(attrs={"rows": 3}),
            "communication_preferences": forms.Textarea(attrs={"rows": 3}),
            "working_hours_start": TimeInput,
            "working_hours_end": TimeInput,
            "holidays_and_calendars": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", "Not given"), *time_zone_groups(timezone.now())]
        if self.instance.time_zone and not self.is_bound:
            # A name saved before only canonical names were kept shows as the one it stands for.
            self.initial["time_zone"] = canonical_time_zone(self.instance.time_zone)
        for name in ("working_days",):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_languages(self):
        try:
            return services.clean_languages(self.cleaned_data["languages"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["languages"]) from error

    def show_service_errors(self, error: ValidationError) -> None:
        _show_errors(self, error)
