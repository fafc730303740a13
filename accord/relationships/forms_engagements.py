"""Forms of the engagement pages: they parse input; services_engagements.py validates and writes.

Times are typed as the engagement's local time in its time zone; the form makes them aware there.
"""

import zoneinfo
from functools import cache

from django import forms
from django.utils import timezone

from accord.core.forms import AccordForm
from accord.core.pickers import SearchSelectMultiple
from accord.directory.models import Person

from .models_engagements import ActionItem, Engagement
from .services_engagements import MAX_RHYTHM_DAYS, MAX_TEXT

LOCAL = "%Y-%m-%dT%H:%M"


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime"})
    return [(name, name.replace("_", " ")) for name in names]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format=LOCAL)


class EngagementForm(AccordForm):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Engagement.Kind.choices)
    level = forms.ChoiceField(
        label="Participation level",
        choices=Engagement.Level.choices,
        initial=Engagement.Level.INVOLVE,
        help_text="Where the engagement stands on the spectrum from inform to empower.",
    )
    starts_at = forms.DateTimeField(
        label="Starts", widget=LocalDateTimeInput(), input_formats=[LOCAL, "%Y-%m-%d %H:%M"]
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        required=False,
        widget=LocalDateTimeInput(),
        input_formats=[LOCAL, "%Y-%m-%d %H:%M"],
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="The times above are local times in this zone.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
    )
    place = forms.CharField(max_length=300, required=False)
    link = forms.URLField(
        max_length=500, required=False, help_text="A video call or the event's page."
    )
    groups = forms.ModelMultipleChoiceField(
        label="Stakeholder groups present",
        queryset=None,
        required=False,
        # The directory's groups grow with the platform: a picker, not a checkbox for each.
        widget=SearchSelectMultiple(noun="a stakeholder group"),
    )
    agenda = forms.CharField(
        max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, groups, engagement: Engagement | None = None, **kwargs):
        super().__init__(*args, versioned=engagement, **kwargs)
        # Unbound (a GET): the form starts from the engagement's stored values.
        if engagement is not None and not self.is_bound:
            zone = zoneinfo.ZoneInfo(engagement.time_zone)
            self.initial.update(
                {
                    "title": engagement.title,
                    "kind": engagement.kind,
                    "level": engagement.level,
                    "starts_at": engagement.starts_at.astimezone(zone).replace(tzinfo=None),
                    "ends_at": engagement.ends_at.astimezone(zone).replace(tzinfo=None)
                    if engagement.ends_at
                    else None,
                    "time_zone": engagement.time_zone,
                    "place": engagement.place,
                    "link": engagement.link,
                    "groups": list(engagement.groups.values_list("pk", flat=True)),
                    "agenda": engagement.agenda,
                    "notes": engagement.notes,
                }
            )
        self.fields["groups"].queryset = groups

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                if data.get(name):
                    naive = timezone.make_naive(data[name])
                    data[name] = naive.replace(tzinfo=zone)
        return data


class AttendeeForm(AccordForm):
    person = forms.ModelChoiceField(
        label="Person in Accord",
        queryset=None,
        required=False,
        empty_label="Someone outside Accord (name below)",
        error_messages={"invalid_choice": "Choose a person of a member organization."},
    )
    name = forms.CharField(label="Name of someone outside Accord", max_length=200, required=False)
    organization = forms.ModelChoiceField(
        label="For organization",
        queryset=None,
        required=False,
        empty_label="The person's own organization",
        error_messages={"invalid_choice": "Choose a member organization."},
    )
    level = forms.ChoiceField(
        choices=[("", "The person's level"), *Person.Level.choices], required=False
    )

    def __init__(self, *args, people, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organization"].queryset = organizations


class ActionItemForm(AccordForm):
    title = forms.CharField(label="What is to be done", max_length=300)
    owner = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose who owns it",
        error_messages={"invalid_choice": "Choose a person who holds a role in this partnership."},
    )
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class ActionStatusForm(AccordForm):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class RhythmForm(AccordForm):
    days = forms.IntegerField(
        label="Partners should meet at least every (days)",
        min_value=1,
        max_value=MAX_RHYTHM_DAYS,
    )
