"""Forms for the directory pages: they parse input; services.py validates and writes."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from accord.core.access import can
from accord.core.forms import AccordForm, AccordModelForm, SearchInput
from accord.core.pickers import SearchSelect

from . import queries, services
from .models import Organization, Person


class ServiceModelForm(AccordModelForm):
    """A model form that only parses input.

    The service validates the whole record (full_clean) and saves it. Skipping ModelForm's own
    model validation keeps the instance untouched, so the service sees exactly what changed.
    """

    def _post_clean(self):
        pass


class LinesField(forms.CharField):
    """A textarea of one item per line, cleaned to a list of trimmed, non-empty lines.

    Repeats, lengths and counts are the service's rules (`services.clean_list`), so that the
    page and the API refuse the same input with the same message.
    """

    widget = forms.Textarea

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if "\x00" in text:  # checked here: the validators only see the list
            raise ValidationError("Null characters are not allowed.", code="null_characters")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial or [])) != self.to_python(data)


VALUES_HELP = "One value per line, for example “Respect”. At most 30, each up to 200 characters."


# --- Organizations ------------------------------------------------------------------------------
class OrganizationForm(ServiceModelForm):
    values = LinesField(
        label="Core values",
        required=False,
        help_text=VALUES_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "subtype",
            "mission",
            "vision",
            "values_statement",
            "values",
            "jedi_practices",
            "website",
            "city",
            "region",
            "country",
        ]
        labels = {"kind": "Internal or external", "subtype": "Type of organization"}
        help_texts = {
            "kind": "Internal: part of the host organization (an institute, section or committee).",
            "website": "The full address, starting with https://.",
        }
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "values_statement": forms.Textarea(attrs={"rows": 3}),
            "jedi_practices": forms.Textarea(attrs={"rows": 3}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subtype"].choices = [("", "Choose a type"), *Organization.Subtype.choices]

    def clean_values(self):
        # The service's rule, checked here too so that every error shows at once.
        try:
            return services.clean_values(self.cleaned_data["values"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["values"]) from error


class OrganizationFilterForm(AccordForm):
    """The organization list's search and filters (a GET form)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=SearchInput,
        help_text="Name, mission or location.",
    )
    kind = forms.ChoiceField(
        label="Internal or external",
        required=False,
        choices=[("", "Both"), *Organization.Kind.choices],
    )
    subtype = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *Organization.Subtype.choices]
    )
    # A text box rather than a select of every country in the directory: the page then does not
    # read the whole table to build its form (a list flat in the data, docs/performance.md).
    country = forms.CharField(
        label="Country", required=False, max_length=100, help_text="The whole name, any case."
    )
    include_archived = forms.BooleanField(label="Include archived organizations", required=False)


# --- People -------------------------------------------------------------------------------------
class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.username})"


class PersonForm(ServiceModelForm):
    user = UserChoiceField(
        label="User account",
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label="No user account",
        help_text="Link a sign-in account when this person uses Accord.",
    )

    class Meta:
        model = Person
        fields = ["name", "email", "organization", "title", "level", "user"]
        labels = {"email": "E-mail address"}
        widgets = {"organization": SearchSelect}

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = queries.active_organizations()
        users = get_user_model().objects.filter(is_active=True, person__isnull=True)
        if self.instance.pk:
            # Keep the current choices even when they would no longer be offered to others.
            organizations = Organization.objects.filter(
                Q(archived_at__isnull=True) | Q(pk=self.instance.organization_id)
            ).order_by("name")
            users = get_user_model().objects.filter(
                Q(is_active=True, person__isnull=True) | Q(person=self.instance)
            )
        self.fields["organization"].queryset = organizations
        self.fields["organization"].empty_label = "No organization"
        self.fields["user"].queryset = users.order_by("username")
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self._guard(editor)

    def _guard(self, editor) -> None:
        """Show the fields `editor` may not change as read-only, saying who changes them.

        A disabled field keeps its stored value whatever is posted; the service checks again.
        """
        for name, action in services.GUARDED_PERSON_FIELDS.items():
            if self.instance.pk:
                allowed = can(editor, action, self.instance)
            else:
                # A new person holds no role and has no account yet: only linking one is guarded.
                allowed = name != "user" or can(editor, action)
            if not allowed:
                field = self.fields[name]
                field.disabled = True
                field.help_text = READ_ONLY_HELP[name]


READ_ONLY_HELP = {
    "user": "Only a platform administrator links a person to a user account (or sends an "
    "invitation): the account opens everything the person's roles open.",
    "organization": "This person holds roles or has an account, so only a platform "
    "administrator moves them to another organization.",
    "email": "This person holds roles or has an account, so only a platform administrator, or "
    "the person on their own profile, changes their e-mail address.",
}


class PersonFilterForm(AccordForm):
    """The people list's search and filters (a GET form)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=SearchInput,
        help_text="Name, e-mail, title or organization.",
    )
    # A text box, not a select: a select would list every organization in the directory.
    organization_name = forms.CharField(
        label="Organization",
        required=False,
        max_length=200,
        widget=SearchInput,
        help_text="Part of the organization's name.",
    )
    # One organization by id, for links such as "people of this organization".
    organization = forms.ModelChoiceField(
        required=False, queryset=Organization.objects.none(), widget=forms.HiddenInput
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "Any level"), *Person.Level.choices]
    )
    include_archived = forms.BooleanField(label="Include archived people", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("organization"):  # only a link asks for one
            self.fields["organization"].queryset = queries.active_organizations()
