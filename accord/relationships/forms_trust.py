"""Forms of the trust survey pages: they parse input; services_trust.py validates and writes."""

from django import forms

from accord.core.forms import REVISION_FIELD, AccordForm, style_widgets

from .models_trust import INTENSITY, ITEMS, RATING_FIELDS, SCALE

LABELS = dict(ITEMS) | {"intensity": "Intensity of the relationship"}


class WaveForm(AccordForm):
    title = forms.CharField(max_length=200, help_text="E.g. “Spring 2026”.")
    opens_on = forms.DateField(label="Opens", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label="Closes",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Answers can be changed until the end of this day.",
    )


def field_name(organization_id: int, item: str) -> str:
    return f"o{organization_id}_{item}"


class ResponseForm(AccordForm):
    """Six items on the 4-point scale and the intensity, for each other member of the wave. An
    organization left wholly blank is not rated (the pair then shows as one-sided)."""

    def __init__(self, *args, others, response=None, **kwargs):
        self.others = list(others)
        super().__init__(*args, versioned=response, **kwargs)
        # Unbound (a GET): the form starts from the stored ratings.
        if response is not None and not self.is_bound:
            self.initial.update(
                {
                    field_name(rating.rated_id, name): getattr(rating, name)
                    for rating in response.ratings.all()
                    for name in RATING_FIELDS
                }
            )
        for organization in self.others:
            for name in RATING_FIELDS:
                scale = INTENSITY if name == "intensity" else SCALE
                self.fields[field_name(organization.pk, name)] = forms.TypedChoiceField(
                    label=LABELS[name],
                    choices=[
                        ("", "Choose"),
                        *((value, f"{value} · {text}") for value, text in scale),
                    ],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    error_messages={
                        "invalid_choice": f"Rate {LABELS[name].lower()} of {organization.name} "
                        "from 1 to 4."
                    },
                )
        style_widgets(self)

    def groups(self):
        """Each other organization with its bound fields, for the template."""
        return [
            (organization, [self[field_name(organization.pk, name)] for name in RATING_FIELDS])
            for organization in self.others
        ]

    def clean(self):
        data = super().clean()
        ratings = []
        for organization in self.others:
            names = [field_name(organization.pk, name) for name in RATING_FIELDS]
            values = {name: data.get(key) for name, key in zip(RATING_FIELDS, names, strict=True)}
            given = [value for value in values.values() if value is not None]
            if not given and not any(key in self.errors for key in names):
                continue
            for name, key in zip(RATING_FIELDS, names, strict=True):
                if values[name] is None and key not in self.errors:
                    self.add_error(
                        key,
                        f"Rate {LABELS[name].lower()} of {organization.name} too, or leave all of "
                        f"{organization.name}'s ratings blank.",
                    )
            ratings.append({"rated": organization, **values})
        if not ratings and not self.errors:
            raise forms.ValidationError("Rate at least one other member organization.")
        cleaned = {"ratings": ratings}
        if REVISION_FIELD in data:
            cleaned[REVISION_FIELD] = data[REVISION_FIELD]
        return cleaned
