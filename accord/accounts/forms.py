"""Accounts forms: Django's auth forms with Accord's styling and plainer messages."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms

from accord.core.forms import AccordForm, AccordModelForm, style_widgets

from .models import ApiToken
from .throttle import THROTTLED_FLAG


class StyledMixin:
    """Bootstrap classes and is-invalid marks on Django's own auth forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


class SignInForm(StyledMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": (
            "That user name and password do not match an account. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": "This account is switched off. Ask the platform administrator.",
        # The same answer whether the password was right or not (throttle.py).
        "throttled": (
            "There have been too many failed attempts to sign in to this account, so in this "
            "browser the password alone is no longer enough. If the user name and password are "
            "right, we have e-mailed a sign-in link to the account's address: it works once, "
            "within %(minutes)s minutes. You can also reset your password by e-mail."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"

    def get_invalid_login_error(self):
        if getattr(self.request, THROTTLED_FLAG, False):
            return forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.ACCORD_SIGN_IN_LINK_MINUTES},
            )
        return super().get_invalid_login_error()


class PasswordChangeForm(StyledMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(StyledMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].help_text = "The address on your Accord account."


class SetPasswordForm(StyledMixin, auth_forms.SetPasswordForm):
    pass


class ApiTokenForm(AccordModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": "Token name"}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"})}


class EmailPreferenceForm(AccordForm):
    """The profile page's checkbox: reminders and alerts by e-mail too (always in the app)."""

    email_notifications = forms.BooleanField(
        label="E-mail me reminders and alerts",
        required=False,
        help_text="They are always on your notifications page too.",
    )
