"""Forms of the relationships pages: they parse input; services.py validates and writes."""

from django import forms

from accord.core.forms import AccordForm

from .services import MAX_NOTE


class AffectedGroupForm(AccordForm):
    group = forms.ModelChoiceField(
        label="Stakeholder group",
        queryset=None,
        empty_label="Choose a group",
        error_messages={"invalid_choice": "Choose a stakeholder group from the directory."},
        help_text="Groups come from the directory; a steward adds a missing one there.",
    )
    note = forms.CharField(
        label="How this partnership's work affects them",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
