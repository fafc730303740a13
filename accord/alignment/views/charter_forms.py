"""Forms of the charter pages (A2, A3). They parse input; services/charter.py writes.

The text fields carry HTMX attributes that ask the server for their word count and readability
while people type (the figures are also rendered with the page, so nothing depends on them).
"""

from django import forms
from django.urls import reverse

from accord.core.forms import AccordForm, style_widgets

from ..services.charter import MAX_BENEFITS, MAX_COMMENT, MAX_MEANING, MAX_VALUES, MAX_VISION


def stats_id(bound_field) -> str:
    return f"stats-{bound_field.auto_id}"


def live_stats(form: forms.Form, name: str, url: str) -> None:
    """Ask for a field's figures on input (after a pause), and tie them to it for screen readers."""
    bound = form[name]
    widget = form.fields[name].widget
    described = [stats_id(bound)]
    if form.fields[name].help_text:
        described.insert(0, f"{bound.auto_id}_helptext")
    widget.attrs.update(
        {
            "aria-describedby": " ".join(described),
            "hx-post": url,
            "hx-trigger": "input changed delay:500ms",
            "hx-target": f"#{stats_id(bound)}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
            "hx-vals": f'{{"field": "{bound.html_name}"}}',
            "hx-params": f"field,{bound.html_name}",
        }
    )


def stats_url(partnership_id: int) -> str:
    return reverse("alignment:charter-text-stats", args=[partnership_id])


class VisionForm(AccordForm):
    vision = forms.CharField(
        label="What the partners want to achieve together",
        required=False,
        max_length=MAX_VISION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few plain sentences that every partner can repeat.",
    )

    def __init__(self, *args, partnership_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        live_stats(self, "vision", stats_url(partnership_id))


# Empty rows for new values on the edit page: several values are added in one save, and "More
# rows" adds as many again.
NEW_VALUE_ROWS = 3


class ValueForm(AccordForm):
    value_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Value", max_length=200, required=False)
    meaning = forms.CharField(
        label="What it means in practice",
        required=False,
        max_length=MAX_MEANING,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partnership_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        live_stats(self, "meaning", stats_url(partnership_id))

    def clean(self):
        cleaned = super().clean()
        name, meaning = cleaned.get("name", ""), cleaned.get("meaning", "")
        if cleaned.get("DELETE"):
            return cleaned
        if meaning and not name:
            self.add_error("name", "Give the value a name.")
        if name and not meaning:
            self.add_error("meaning", f"Say what “{name}” means in practice.")
        return cleaned

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or data.get("meaning"))


class BaseValueFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this value"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        seen = set()
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or form.is_blank:
                continue
            key = form.cleaned_data["name"].casefold()
            if key in seen:
                form.add_error("name", f"“{form.cleaned_data['name']}” is named twice.")
                style_widgets(form)
            seen.add(key)

    def kept_forms(self) -> list:
        """The value forms to save, in page order: not removed, not left blank."""
        return [
            form for form in self.forms if not form.cleaned_data.get("DELETE") and not form.is_blank
        ]


ValueFormSet = forms.formset_factory(
    ValueForm,
    formset=BaseValueFormSet,
    extra=NEW_VALUE_ROWS,
    can_delete=True,
    max_num=MAX_VALUES,
    validate_max=True,
)


class BenefitsForm(AccordForm):
    """One text per current member organization: what it gains from the partnership."""

    def __init__(self, *args, memberships, partnership_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {}
        for membership in memberships:
            organization = membership.organization
            name = f"benefit_{organization.pk}"
            self.fields[name] = forms.CharField(
                label=f"Benefits for {organization.name}",
                required=False,
                max_length=MAX_BENEFITS,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=f"What {organization.name} gains by taking part.",
            )
            self.organizations[name] = organization
            live_stats(self, name, stats_url(partnership_id))
        style_widgets(self)

    def texts(self) -> dict[int, str]:
        return {
            organization.pk: self.cleaned_data.get(name, "")
            for name, organization in self.organizations.items()
        }


class CommentForm(AccordForm):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What works for you in this version, and what you would change.",
    )


class TextStatsForm(forms.Form):
    """The live-figures request: which field, and that field's text."""

    field = forms.CharField(max_length=100)

    def text(self, data) -> str:
        return data.get(self.cleaned_data["field"], "")[:50_000]
