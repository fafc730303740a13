"""Forms of the project directors pages (L6). They parse input; services/directors.py writes."""

from django import forms

from accord.core.forms import AccordForm
from accord.directory.models import Person

from ..services.directors import MAX_NOTE


class _PersonChoiceForm(AccordForm):
    """A person picked from a short list, checked by the service.

    The list offers only suitable people; any person of the directory is accepted as input, so
    that a wrong one (another organization's, an archived one) is refused by the service with a
    message that says why, rather than a bare "not a valid choice".
    """

    person_field = "person"

    def __init__(self, *args, user, offered, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.person_field]
        field.queryset = Person.objects.visible_to(user).select_related("user", "organization")
        field.widget.choices = [("", "Choose a person")] + [
            (person.pk, f"{person.name}, {person.title}" if person.title else person.name)
            for person in offered
        ]


class HandoverForm(_PersonChoiceForm):
    person_field = "incoming"

    incoming = forms.ModelChoiceField(
        label="Next project director",
        queryset=Person.objects.none(),
        error_messages={"invalid_choice": "Choose a person from the list."},
        help_text="Only people of this organization with an Accord account are listed: they "
        "accept the nomination themselves.",
    )
    note = forms.CharField(
        label="Note to the nominee",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: why now, and what they take over.",
    )


class NameForm(_PersonChoiceForm):
    person = forms.ModelChoiceField(
        label="Project director",
        queryset=Person.objects.none(),
        error_messages={"invalid_choice": "Choose a person from the list."},
        help_text="People of this organization in the directory. They take the role at once.",
    )
