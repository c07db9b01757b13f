"""Forms for inviting staff, accepting an invitation and asking for a new password."""

import logging

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm, SetPasswordMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

from .mail import send_templated_mail
from .models import Invitation
from .services import account_for_email, normalise_email

logger = logging.getLogger(__name__)


class InvitationForm(forms.ModelForm):
    """The administrator's one form: who, which role, which kommun or police area."""

    class Meta:
        model = Invitation
        fields = ["email", "name", "role", "municipality", "police_area"]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        # One line: the name goes into an e-mail's subject and greeting.
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        organisation = cleaned.get("municipality") or cleaned.get("police_area")
        if self.errors or not email or not organisation:
            return cleaned
        lookup = {
            "role": cleaned["role"],
            "municipality": cleaned.get("municipality"),
            "police_area": cleaned.get("police_area"),
        }
        account = account_for_email(email)
        if (
            account
            and account.is_active
            and Membership.objects.filter(user=account, **lookup).exists()
        ):
            raise forms.ValidationError(
                _("%(email)s already has this role in %(organisation)s: no invitation is needed."),
                code="already_member",
                params={"email": email, "organisation": organisation},
            )
        if Invitation.objects.pending().filter(email=email, **lookup).exists():
            raise forms.ValidationError(
                _(
                    "An invitation for %(email)s to %(organisation)s is already waiting. "
                    "Open it in the list and send it again if the link was lost."
                ),
                code="already_invited",
                params={"email": email, "organisation": organisation},
            )
        return cleaned


class ChoosePasswordForm(SetPasswordForm):
    """A new person chooses their password; Django's validators (12 characters and more) apply.
    Saving is the invitation's job, not the form's."""

    new_password1, new_password2 = SetPasswordMixin.create_password_fields(
        label1=_("Choose a password"), label2=_("The same password again")
    )

    def save(self, commit=True):
        raise NotImplementedError("accounts.services.accept() saves the account.")


class CurrentPasswordForm(forms.Form):
    """A person who already has an account confirms it is theirs with its password."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, user, *args, **kwargs):
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so failed attempts count towards the login lockout.
        if authenticate(self.request, username=self.user.get_username(), password=password) is None:
            raise forms.ValidationError(
                _("The password is not right for %(user)s."),
                code="wrong_password",
                params={"user": self.user.get_username()},
            )
        return password


class ConfirmForm(forms.Form):
    """Accepting while already logged in as the invited person: the button is the answer."""


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form (active accounts with a usable password only, the same answer for any
    address), sending the portal's Swedish e-mail with a link to PORTAL_BASE_URL."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        context["link"] = context["base_url"] + reverse(
            "accounts:password_reset_confirm", args=[context["uid"], context["token"]]
        )
        try:
            send_templated_mail("accounts/email/password_reset", to_email, context)
        except Exception:
            # The page must not say whether the address has an account, not even by failing.
            logger.exception(
                "Could not send a password reset e-mail to user %s", context["user"].pk
            )
