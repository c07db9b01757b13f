"""Pages outside the admin's login: accepting an invitation and resetting a forgotten password.

They wear the admin's look (the person goes on to the admin) and carry its header.
"""

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from portal.ratelimit import is_rate_limited

from . import services
from .forms import ChoosePasswordForm, ConfirmForm, CurrentPasswordForm, PortalPasswordResetForm
from .mail import base_url
from .models import Invitation, token_hash

# How many reset e-mails one client may ask for per hour: enough for typos, not for flooding
# someone's inbox.
PASSWORD_RESET_RATE_LIMIT = 5
PASSWORD_RESET_RATE_PERIOD = 60 * 60


def admin_context(request, **context):
    return {**admin.site.each_context(request), **context}


def link_not_valid(request, invitation=None):
    """The answer for an unknown, used, revoked or expired link: nothing changes."""
    status = 404 if invitation is None else 410
    return render(
        request,
        "accounts/invitation_invalid.html",
        admin_context(request, invitation=invitation, title=_("The invitation link does not work")),
        status=status,
    )


def accept_form(request, invitation, account):
    """Which form the person fills in: a new password for a new (or closed) account, the
    current password for an account in use, only a button when already logged in as it."""
    data = request.POST if request.method == "POST" else None
    if account is not None and request.user.is_authenticated and request.user.pk == account.pk:
        return ConfirmForm(data), account
    if account is not None and account.is_active and account.has_usable_password():
        return CurrentPasswordForm(request, account, data), account
    user = account if account is not None else services.new_account(invitation)
    return ChoosePasswordForm(user, data), user


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@sensitive_post_parameters()
def accept_invitation(request, token):
    invitation = (
        Invitation.objects.select_related("municipality", "police_area", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return link_not_valid(request, invitation)
    account = services.account_for_email(invitation.email)
    form, user = accept_form(request, invitation, account)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data.get("new_password1")
        accepted = services.accept(invitation, user, password=password)
        if accepted is None:
            invitation.refresh_from_db()
            return link_not_valid(request, invitation)
        login(request, accepted, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome! You now work with %(organisation)s in the portal.")
            % {"organisation": invitation.organisation_name},
        )
        return redirect("admin:index")
    return render(
        request,
        "accounts/accept_invitation.html",
        admin_context(
            request,
            invitation=invitation,
            form=form,
            account=account,
            title=_("Invitation to the citizen pledges portal"),
        ),
    )


class AdminLookMixin:
    def get_context_data(self, **kwargs):
        return admin_context(self.request, **super().get_context_data(**kwargs))


class PasswordResetView(AdminLookMixin, auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    title = _("Forgotten your password?")

    def post(self, request, *args, **kwargs):
        if is_rate_limited(
            request, "password_reset", PASSWORD_RESET_RATE_LIMIT, PASSWORD_RESET_RATE_PERIOD
        ):
            return render(
                request,
                "accounts/password_reset_rate_limited.html",
                admin_context(request, title=_("Too many requests")),
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.extra_email_context = {
            "base_url": base_url(self.request),
            "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        }
        return super().form_valid(form)


class PasswordResetDoneView(AdminLookMixin, auth_views.PasswordResetDoneView):
    title = _("Check your e-mail")


@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(AdminLookMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = _("Choose a new password")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A person locked out after guessing can log in with the password they just chose.
        reset_lockouts(username=form.user.get_username())
        return response


class PasswordResetCompleteView(AdminLookMixin, auth_views.PasswordResetCompleteView):
    title = _("Your new password is saved")
