"""Forms for stakeholder groups and who represents them (R1): they parse input only."""

from django import forms

from accord.core.forms import AccordForm
from accord.core.pickers import SearchSelect

from .forms import ServiceModelForm
from .models import GroupRepresentation, Organization, StakeholderGroup


class GroupForm(ServiceModelForm):
    class Meta:
        model = StakeholderGroup
        fields = ["name", "description", "how_affected", "reference_share"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "how_affected": forms.Textarea(attrs={"rows": 3}),
        }


class RepresentationForm(AccordForm):
    organization = forms.ModelChoiceField(
        label="Organization",
        queryset=Organization.objects.active().order_by("name"),
        empty_label="Choose an organization",
        error_messages={"invalid_choice": "Choose an organization in the directory."},
        widget=SearchSelect(),
    )
    how = forms.ChoiceField(label="How it represents the group", choices=GroupRepresentation.How)
