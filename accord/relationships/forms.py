"""Forms of the relationships pages: they parse input; services.py validates and writes."""

from django import forms

from accord.core.forms import AccordForm
from accord.core.pickers import SearchSelect
from accord.partnerships.forms import DateInput

from .models import Body, Contribution
from .services import MAX_NOTE


class AffectedGroupForm(AccordForm):
    group = forms.ModelChoiceField(
        label="Stakeholder group",
        queryset=None,
        empty_label="Choose a group",
        # The directory's groups grow with the platform: a picker past the first few.
        widget=SearchSelect(noun="a stakeholder group"),
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


# --- Planning and design bodies (R2) -------------------------------------------------------------
class BodyForm(AccordForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Body.Kind.choices)
    purpose = forms.CharField(
        label="What it plans or designs",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SeatForm(AccordForm):
    person = forms.ModelChoiceField(
        label="Held by",
        queryset=None,
        empty_label="Choose a person",
        help_text="Someone who holds a role in this partnership.",
        error_messages={"invalid_choice": "Choose someone who holds a role in this partnership."},
    )
    organization = forms.ModelChoiceField(
        label="Speaks for the organization",
        queryset=None,
        required=False,
        empty_label="The person's own organization",
        error_messages={"invalid_choice": "Choose a current member organization."},
    )
    group = forms.ModelChoiceField(
        label="Speaks for the affected group",
        queryset=None,
        required=False,
        empty_label="No affected group",
        error_messages={"invalid_choice": "Choose a group this partnership names as affected."},
    )
    votes = forms.BooleanField(label="The seat carries a vote", required=False, initial=True)
    since = forms.DateField(label="Since", widget=DateInput)
    until = forms.DateField(label="Until (optional)", required=False, widget=DateInput)

    def __init__(self, *args, people, organizations, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.name} ({p.organization})" if p.organization_id else p.name
        )
        self.fields["organization"].queryset = organizations
        self.fields["group"].queryset = groups


class SeatEndForm(AccordForm):
    until = forms.DateField(label="Seat ends on", widget=DateInput)


class MeetingForm(AccordForm):
    held_on = forms.DateField(label="Date", widget=DateInput)
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)
    present = forms.TypedMultipleChoiceField(
        label="Present",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every seat current on the date not ticked is recorded as absent.",
    )
    contribution_seat = forms.TypedChoiceField(
        label="A contribution by", required=False, coerce=int, empty_value=None
    )
    contribution_kind = forms.ChoiceField(
        label="Kind of contribution",
        required=False,
        choices=[("", "—"), *Contribution.Kind.choices],
    )
    contribution_note = forms.CharField(
        label="What was said or proposed", required=False, max_length=500
    )

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.pk, f"{s.person.name} ({s.group or s.organization})") for s in seats]
        self.fields["present"].choices = choices
        self.fields["contribution_seat"].choices = [("", "No contribution"), *choices]

    def clean(self):
        data = super().clean()
        if data.get("contribution_seat") and not data.get("contribution_kind"):
            self.add_error("contribution_kind", "Choose the kind of contribution.")
        return data
