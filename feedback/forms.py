"""The “Hjälpte informationen dig?” form."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import MAX_COMMENT_LENGTH, PageFeedback


class PageFeedbackForm(forms.ModelForm):
    helpful = forms.TypedChoiceField(
        label=_("Did the information help you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("What can we improve?"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
        },
    )
    next = forms.CharField(widget=forms.HiddenInput, max_length=300)

    class Meta:
        model = PageFeedback
        fields = ["helpful", "comment"]

    def clean_next(self):
        path = self.cleaned_data["next"]
        if not path.startswith("/") or not url_has_allowed_host_and_scheme(
            path, allowed_hosts=None
        ):
            raise forms.ValidationError(_("The page address is not valid."))
        return path
