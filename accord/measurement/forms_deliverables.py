"""Forms of the deliverables pages (M2). They parse input; services_deliverables.py checks and
writes."""

from django import forms

from accord.core.forms import AccordForm
from accord.partnerships.forms import DateInput

from .forms_evidence import Checks
from .models_deliverables import Deliverable
from .services_deliverables import MAX_TEXT, MAX_TITLE

STATUS_FILTER = [
    ("", "Any status"),
    ("overdue", "Overdue"),
    *Deliverable.Status.choices,
]


class DeliverableFilterForm(AccordForm):
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTER)
    organization = forms.TypedChoiceField(label="Organization", required=False, coerce=int)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", "Every organization")] + [
            (o.pk, o.name) for o in organizations
        ]


class DeliverableReportForm(AccordForm):
    """Where a deliverable stands: what its organization's people report."""

    status = forms.ChoiceField(label="Status", choices=Deliverable.Status.choices)
    delivered_on = forms.DateField(
        label="Delivered on",
        required=False,
        widget=DateInput,
        help_text="Only for a delivered deliverable.",
    )
    evidence_ids = forms.TypedMultipleChoiceField(
        label="Evidence that shows it",
        required=False,
        coerce=int,
        widget=Checks,
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_ids"].choices = [(e.pk, e.title) for e in evidence]

    def clean(self):
        cleaned = super().clean()
        # A date left in the box while the status moves away from "delivered" is dropped.
        if cleaned.get("status") and cleaned["status"] != Deliverable.Status.DELIVERED:
            cleaned["delivered_on"] = None
        return cleaned


class DeliverableForm(DeliverableReportForm):
    organization_id = forms.TypedChoiceField(label="Delivering organization", coerce=int)
    title = forms.CharField(label="Title", max_length=MAX_TITLE)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_on = forms.DateField(label="Due on", widget=DateInput)

    field_order = [
        "organization_id",
        "title",
        "description",
        "due_on",
        "status",
        "delivered_on",
        "evidence_ids",
    ]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization_id"].choices = [("", "Choose…")] + [
            (o.pk, o.name) for o in organizations
        ]
        self.order_fields(self.field_order)


def initial_of(deliverable: Deliverable) -> dict:
    return {
        "organization_id": deliverable.organization_id,
        "title": deliverable.title,
        "description": deliverable.description,
        "due_on": deliverable.due_on,
        "status": deliverable.status,
        "delivered_on": deliverable.delivered_on,
        "evidence_ids": [e.pk for e in deliverable.evidence.all()],
    }
