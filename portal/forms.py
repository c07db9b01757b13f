"""Site-wide forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MunicipalitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Municipality name"),
        max_length=100,
        strip=True,
        error_messages={
            "required": _("Type the name of a municipality, e.g. Vaggeryd."),
            "max_length": _("A municipality name is at most %(limit_value)d characters."),
        },
    )
