"""Forms of the input ledger's pages (R6): they parse input; services_ledger.py validates and
writes. The public form is strict: each field has its limit and a message naming it."""

from django import forms

from accord.core.forms import AccordForm

from .models_ledger import Input
from .services_ledger import MAX_DAYS, MAX_SUBJECT, MAX_TEXT


def _long(label: str, limit: int) -> dict:
    return {
        "max_length": f"Keep the {label} under {limit} characters (it has %(show_value)d).",
        "required": f"Write the {label}.",
    }


class InputForm(AccordForm):
    """Input recorded by staff: from e-mail, a meeting, a phone call, or a consultation."""

    subject = forms.CharField(max_length=MAX_SUBJECT, error_messages=_long("subject", 200))
    text = forms.CharField(
        label="The input",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_long("input", MAX_TEXT),
    )
    channel = forms.ChoiceField(
        choices=Input.Channel.choices, initial=Input.Channel.EMAIL, label="Received by"
    )
    consultation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="None: unsolicited input",
        error_messages={"invalid_choice": "Choose a consultation of this partnership."},
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Anonymous (keep no name, e-mail or organization)",
    )
    name = forms.CharField(label="Who gave it", max_length=200, required=False)
    email = forms.EmailField(label="Their e-mail", required=False)
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Nobody yet (the stewards)",
        error_messages={"invalid_choice": "Choose a person who holds a role in this partnership."},
    )

    def __init__(self, *args, consultations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations
        self.fields["assignee"].queryset = people


class PublicInputForm(forms.Form):
    """The public form. `website` is a honeypot: people never see it, robots fill it in."""

    subject = forms.CharField(max_length=MAX_SUBJECT, error_messages=_long("subject", 200))
    text = forms.CharField(
        label="Your input",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_long("input", MAX_TEXT),
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Send it anonymously",
        help_text="Accord then keeps no name, no e-mail and no IP address with your input.",
    )
    name = forms.CharField(
        label="Your name",
        max_length=200,
        required=False,
        help_text="Needed unless you send the input anonymously.",
        error_messages={"max_length": "Keep your name under 200 characters."},
    )
    email = forms.EmailField(
        label="Your e-mail",
        required=False,
        help_text="Optional: where we may write back to you.",
        error_messages={"invalid": "Give an e-mail address such as name@example.org, or none."},
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, consultations=None, **kwargs):
        super().__init__(*args, **kwargs)
        consultations = list(consultations or [])
        if consultations:
            self.fields["consultation"] = forms.TypedChoiceField(
                label="In answer to",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "No consultation: my own input")]
                + [(c.pk, c.question) for c in consultations],
                error_messages={"invalid_choice": "Choose one of the open consultations."},
            )
        self.consultations = {c.pk: c for c in consultations}
        for name, field in self.fields.items():
            if name == "anonymous":
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        data = super().clean()
        named = (data.get("name") or "").strip()
        if not data.get("anonymous") and not named and "name" not in self.errors:
            self.add_error("name", "Give your name, or choose to send the input anonymously.")
        if data.get("consultation"):
            data["consultation"] = self.consultations[data["consultation"]]
        return data


class ConsultationForm(AccordForm):
    question = forms.CharField(max_length=300)
    description = forms.CharField(
        max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_on = forms.DateField(label="Opens", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="Closes", widget=forms.DateInput(attrs={"type": "date"}))


class SettingsForm(AccordForm):
    ack_days = forms.IntegerField(
        label="Days to acknowledge input", min_value=1, max_value=MAX_DAYS, initial=5
    )
    response_days = forms.IntegerField(
        label="Days to respond to input", min_value=1, max_value=MAX_DAYS, initial=30
    )
    public_form = forms.BooleanField(
        required=False,
        label="Turn the public input form on",
        help_text="Anyone, without signing in, can then read this partnership's title and the "
        "question below, and send input.",
    )
    form_question = forms.CharField(
        label="Question on the public form",
        max_length=300,
        required=False,
        help_text="Public when the form is on. Empty: “What would you like us to know?”",
    )


class AssignForm(AccordForm):
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Nobody (the stewards)",
        error_messages={"invalid_choice": "Choose a person who holds a role in this partnership."},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class RespondForm(AccordForm):
    response = forms.CharField(
        label="Write or edit the response",
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Save a draft, or give the response. Neither makes it public: publishing does.",
        error_messages={"max_length": f"Keep the response under {MAX_TEXT} characters."},
    )


class CloseForm(AccordForm):
    close_reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[("", "Choose a reason"), *Input.CloseReason.choices],
        error_messages={"required": "Choose why the input is closed."},
    )
    close_explanation = forms.CharField(
        label="Explanation",
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the input was not acted on.",
    )


class ActionForm(AccordForm):
    engagement = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="No engagement",
        error_messages={"invalid_choice": "Choose an engagement of this partnership."},
    )
    action_item = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="No action item",
        error_messages={"invalid_choice": "Choose an action item of this partnership."},
    )
    text = forms.CharField(label="Or in words: what was done", max_length=500, required=False)

    def __init__(self, *args, engagements, action_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements
        self.fields["action_item"].queryset = action_items
