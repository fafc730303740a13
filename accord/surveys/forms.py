"""Forms of the survey pages: they parse input; services.py validates and writes."""

from django import forms

from accord.core.access import Role
from accord.core.forms import AccordForm, style_widgets
from accord.directory.models import Person

# Those a wave asks by default: everyone who takes part, stakeholders included.
DEFAULT_ROLES = [role.value for role in Role]


class WaveForm(AccordForm):
    title = forms.CharField(max_length=200, help_text="E.g. “Spring 2026”.")
    opens_on = forms.DateField(label="Opens", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label="Closes",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Answers are taken until the end of this day.",
    )
    roles = forms.MultipleChoiceField(
        label="Ask the people who hold these roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role to ask."},
    )
    levels = forms.MultipleChoiceField(
        label="Only these levels (optional)",
        choices=Person.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to ask every level.",
    )
    anonymous = forms.BooleanField(
        label="Anonymous answers",
        required=False,
        initial=True,
        help_text="Answers name nobody; only each answer's organization and level are kept, and "
        "results show only from the minimum number of answers. Untick for named answers.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("roles", "levels"):
            # Bootstrap's check inputs, not a text box's class.
            self.fields[name].widget.attrs["class"] = "form-check-input"


def field_name(item_id: int) -> str:
    return f"item_{item_id}"


class AnswerForm(AccordForm):
    """One radio group per statement, from 1 to 5 with the scale's labels; every one answered."""

    def __init__(self, *args, categories, scale, **kwargs):
        self.categories = categories
        super().__init__(*args, **kwargs)
        for category in categories:
            for factor in category.factors.all():
                for item in factor.items.all():
                    self.fields[field_name(item.pk)] = forms.TypedChoiceField(
                        label=item.statement,
                        choices=[(value, f"{value} · {label}") for value, label in scale],
                        coerce=int,
                        widget=forms.RadioSelect,
                        error_messages={
                            "required": f"Choose how far you agree: “{item.statement}”",
                            "invalid_choice": f"Answer “{item.statement}” from 1 (strongly "
                            "disagree) to 5 (strongly agree).",
                        },
                    )
        style_widgets(self)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-check-input"

    def groups(self):
        """Each factor with its bound fields, by category, for the template's fieldsets."""
        return [
            (
                category,
                [
                    (factor, [self[field_name(item.pk)] for item in factor.items.all()])
                    for factor in category.factors.all()
                ],
            )
            for category in self.categories
        ]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-check-input is-invalid"

    def clean(self):
        data = super().clean()
        answers = [
            {"item_id": int(name.removeprefix("item_")), "value": value}
            for name, value in data.items()
            if name.startswith("item_") and value is not None
        ]
        return {"answers": answers}
