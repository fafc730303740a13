"""Form rendering: Bootstrap markup with labels, help and errors tied to their fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting

from accord.core.models import StaleRevision


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


# The hidden field that carries the revision of the record the form was read at.
REVISION_FIELD = "read_revision"


class VersionedFormMixin:
    """An edit form that carries the revision its record was read at and refuses a stale save.

    A model form versions its saved instance; any other form versions the record passed as
    `versioned=`. A save from an older revision is refused with the person's input kept and a
    list of what the other person changed; the hidden field then holds the current revision, so
    saving again replaces their changes knowingly. Without the field (a client that never read
    the form) nothing is checked.
    """

    def __init__(self, *args, versioned=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versioned is None and isinstance(self, forms.ModelForm) and self.instance.pk:
            versioned = self.instance
        self.versioned = versioned if hasattr(versioned, "expect_revision") else None
        self.read_revision = None  # the revision the person read, once the form is cleaned
        if self.versioned is not None:
            self.fields[REVISION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=0,
                initial=versioned.stored_revision,
            )

    def full_clean(self):
        super().full_clean()
        if self.versioned is None or not hasattr(self, "cleaned_data"):
            return
        read = self.read_revision = self.cleaned_data.pop(REVISION_FIELD, None)
        if read is not None:
            try:
                # The save that follows is then conditional on the row still being at `read`.
                self.versioned.expect_revision(read)
            except StaleRevision as stale:
                self.add_error(None, stale)

    def add_error(self, field, error):
        if not (isinstance(error, StaleRevision) and self.versioned is not None):
            return super().add_error(field, error)
        from accord.core.versioning import stale_messages

        sentence, fields, current = stale_messages(error)
        tail = (
            "Your input is kept below: save again to replace their changes with yours, or reload "
            "the page to start from theirs."
        )
        super().add_error(None, [sentence, *(message for _, message in fields), tail])
        if current is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix(REVISION_FIELD)] = current.stored_revision
        return None


class AccordForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


class AccordModelForm(VersionedFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        for field, messages in error.message_dict.items():
            known = field in form.fields and field != NON_FIELD_ERRORS
            form.add_error(field if known else None, messages)
    style_widgets(form)  # mark the newly invalid fields


def submitted(request, form: forms.Form, save):
    """What `save(**form.cleaned_data)` returns for a valid post of `form`, else None.

    `save` is a service that returns what it saved; its ValidationError is shown on the form.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


class DiffForm(forms.Form):
    """Which two versions to compare (a GET form): MOU versions, charter versions."""

    a = forms.TypedChoiceField(label="Older version", coerce=int)
    b = forms.TypedChoiceField(label="Newer version", coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        style_widgets(self)
