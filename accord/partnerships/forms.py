"""Forms for partnership pages. They parse input; the services in services.py write."""

from django import forms

from accord.core.access import Role
from accord.core.forms import AccordForm, SearchInput
from accord.core.pickers import PERSON_SEARCH, SearchSelect, SearchSelectMultiple
from accord.directory.models import Organization, Person

from . import queries
from .models import Membership, Partnership, Stage


def model_field(model, name: str, **kwargs) -> forms.Field:
    return model._meta.get_field(name).formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PartnershipFilterForm(AccordForm):
    """The list page's search and filters (a GET form)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=SearchInput,
        help_text="Title, purpose or the name of a member organization.",
    )
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices]
    )
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=[("", "Any scope"), *Partnership.Scope.choices]
    )
    # A text box, not a select: a select would list every organization in the directory.
    organization_name = forms.CharField(
        label="Member organization",
        required=False,
        max_length=200,
        widget=SearchInput,
        help_text="Part of a member organization's name.",
    )
    # One organization by id, for links such as "partnerships of this organization".
    organization = forms.ModelChoiceField(
        required=False, queryset=Organization.objects.none(), widget=forms.HiddenInput
    )
    include_archived = forms.BooleanField(label="Include archived partnerships", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Built only when a link asks for one organization: the list's every other request
        # does without the policy's query for the directory.
        if self.is_bound and self.data.get("organization"):
            self.fields["organization"].queryset = Organization.objects.visible_to(user)


class PartnershipForm(AccordForm):
    """Title, purpose and scope: what the edit page changes."""

    title = model_field(Partnership, "title")
    purpose = model_field(Partnership, "purpose")
    scope = model_field(Partnership, "scope")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].widget.attrs["rows"] = 4
        self.fields["purpose"].help_text = "What the partners want to achieve together."


class PartnershipCreateForm(PartnershipForm):
    """A new partnership with its host, its first partners and its steward."""

    host = forms.ModelChoiceField(
        label="Host organization",
        queryset=Organization.objects.none(),
        widget=SearchSelect,
        help_text="The organization that convenes the partnership.",
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partner organizations",
        queryset=Organization.objects.none(),
        widget=SearchSelectMultiple,
        required=False,
        help_text="Optional. Hold Ctrl (Cmd on a Mac) to choose more than one.",
    )
    steward = forms.ModelChoiceField(
        label="Steward",
        queryset=Person.objects.none(),
        widget=SearchSelect(search_fields=PERSON_SEARCH, noun="a person"),
        required=False,
        empty_label="Me",
        help_text="The person who runs the partnership day to day. Leave as “Me” to take it on.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.visible_to(user).filter(archived_at__isnull=True)
        self.fields["host"].queryset = organizations
        self.fields["partners"].queryset = organizations
        self.fields["partners"].widget.attrs["size"] = 8
        self.fields["steward"].queryset = Person.objects.visible_to(user).filter(
            archived_at__isnull=True
        )

    def clean(self):
        cleaned = super().clean()
        host, partners = cleaned.get("host"), cleaned.get("partners") or []
        if host is not None and host in partners:
            self.add_error("partners", f"{host} is the host; it cannot also be a partner.")
        return cleaned


class TransitionForm(AccordForm):
    to_stage = forms.ChoiceField(label="Move to", choices=Stage.choices)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: why the partnership moves now.",
    )

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # Offer only the allowed moves; a bound form accepts any stage so that the
            # lifecycle, not the form, explains why a move is refused.
            choices = [(s, Stage(s).label) for s in allowed]
            self.fields["to_stage"].choices = [("", "Choose a stage"), *choices] if choices else []


class MembershipAddForm(AccordForm):
    organization = forms.ModelChoiceField(
        label="Organization",
        queryset=Organization.objects.none(),
        widget=SearchSelect,
        help_text="Organizations that are already current members are not listed.",
    )
    kind = model_field(Membership, "kind", label="Member as")
    joined_on = model_field(Membership, "joined_on", label="Joined on", widget=DateInput)

    def __init__(self, *args, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = queries.organizations_that_may_join(
            user, partnership
        )


class MembershipForm(AccordForm):
    kind = model_field(Membership, "kind", label="Member as")
    joined_on = model_field(Membership, "joined_on", label="Joined on", widget=DateInput)
    left_on = model_field(
        Membership,
        "left_on",
        label="Left on",
        widget=DateInput,
        help_text="Set when the organization leaves; leave empty while it takes part.",
    )


class RoleAddForm(AccordForm):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        widget=SearchSelect(search_fields=PERSON_SEARCH, noun="a person"),
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(user)
            .filter(archived_at__isnull=True)
            .select_related("organization")
        )
        self.fields["person"].label_from_instance = _person_label


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.organization})" if person.organization_id else person.name
