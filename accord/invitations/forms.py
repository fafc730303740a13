from django import forms

from accord.core.forms import AccordForm


class InviteForm(AccordForm):
    email = forms.EmailField(
        label="E-mail address on record",
        help_text="The invitation goes to the address in the person's directory entry, only.",
    )


class RequestForm(AccordForm):
    email = forms.EmailField(
        label="E-mail address on record",
        help_text="A person of a member organization of a partnership you steward.",
    )
    note = forms.CharField(
        label="Note for the administrator", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(AccordForm):
    username = forms.CharField(label="User name", max_length=150)
    password1 = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data
