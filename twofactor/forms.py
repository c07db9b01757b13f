"""The one field every two-step login page asks for: a code."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 12,
            }
        ),
    )

    def __init__(self, *args, help_text=None, allow_recovery=False, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["code"].help_text = help_text
        if allow_recovery:
            # Recovery codes have letters: a numeric keyboard would hide them on a phone.
            self.fields["code"].widget.attrs["inputmode"] = "text"

    def refuse(self, reason):
        """Show why the code was refused, with the field emptied for the next try."""
        self.add_error("code", reason)
        self.data = self.data.copy()
        self.data["code"] = ""
