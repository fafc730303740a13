"""Form rendering: Bootstrap markup with labels, help and errors tied to their fields."""

from django import forms
from django.forms.renderers import TemplatesSetting


class AccordFormRenderer(TemplatesSetting):
    form_template_name = "forms/accord_form.html"
    field_template_name = "forms/accord_field.html"


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class and mark invalid fields for assistive technology."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        # Styling runs more than once (on creation and after validation): each class once.
        classes = [c for c in widget.attrs.get("class", "").split() if c not in (css, "is-invalid")]
        classes.append(css)
        # `_errors`, not `errors`: reading `errors` would validate the form before a subclass's
        # __init__ has set its field querysets.
        if form.is_bound and form._errors and name in form._errors:
            classes.append("is-invalid")
        widget.attrs["class"] = " ".join(classes)


class SearchInput(forms.TextInput):
    """A search box: announced as one by screen readers, with the browser's clear button."""

    input_type = "search"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})


class AccordForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


class AccordModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)
