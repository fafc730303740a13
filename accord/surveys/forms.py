"""Forms of the survey pages: they parse input; services.py validates and writes."""

from django import forms

from accord.core.access import Role
from accord.core.forms import AccordForm
from accord.directory.models import Person

# Those a wave asks by default: everyone who takes part, stakeholders included.
DEFAULT_ROLES = [role.value for role in Role]


def check_inputs(form, names) -> None:
    """Bootstrap's class for radio and check inputs (style_widgets gives other widgets a text
    box's), marked invalid where the field has an error; run again after every validation."""
    errors = form._errors or {}
    for name in names:
        invalid = " is-invalid" if form.is_bound and name in errors else ""
        form.fields[name].widget.attrs["class"] = "form-check-input" + invalid


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

    CHECKS = ("roles", "levels")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_inputs(self, self.CHECKS)
        self.fields["anonymous"].widget.attrs["aria-describedby"] = "id_anonymous_help"

    def full_clean(self):
        super().full_clean()
        check_inputs(self, self.CHECKS)


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
        check_inputs(self, self.fields)

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
        check_inputs(self, self.fields)

    def clean(self):
        data = super().clean()
        answers = [
            {"item_id": int(name.removeprefix("item_")), "value": value}
            for name, value in data.items()
            if name.startswith("item_") and value is not None
        ]
        return {"answers": answers}
