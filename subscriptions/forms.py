"""The subscribe form: one e-mail address, and a honeypot for simple bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

# People never see this field, so anything in it was typed by a program.
HONEYPOT = "website"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like namn@exempel.se."),
            "max_length": _("An e-mail address has at most %(limit_value)d characters."),
        },
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A browser's maxlength cuts a pasted address without a word: the server says it.
        self.fields["email"].widget.attrs.pop("maxlength", None)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())
