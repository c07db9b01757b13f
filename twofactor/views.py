"""Pages where a staff member sets up, uses and turns off two-step login."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from . import services
from .forms import CodeForm

NEW_CODES_KEY = "twofactor_new_recovery_codes"


def _next_url(request):
    """Where to go afterwards: a local address from ?next= or the form, else the admin."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _page(request, template, context, *, status=200, in_admin=True):
    """Render with the admin's frame; in_admin shows its user links (not before verifying)."""
    context = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "site_url": admin.site.site_url,
        "has_permission": in_admin,
        "next": _next_url(request),
        **context,
    }
    return render(request, template, context, status=status)


def _guard(view):
    return never_cache(staff_member_required(view))


@_guard
@require_http_methods(["GET"])
def index(request):
    device = services.app_device(request.user)
    if device is None:
        return redirect("twofactor:setup")
    return _page(
        request,
        "twofactor/index.html",
        {
            "title": _("Two-step login"),
            "device": device,
            "codes_left": services.recovery_codes_left(request.user),
            "required": services.is_required_for(request.user),
        },
    )


@_guard
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if services.has_two_factor(user):
        if user.is_verified():
            return redirect("twofactor:index")
        verify_url = reverse("twofactor:verify")
        return HttpResponseRedirect(f"{verify_url}?{urlencode({'next': _next_url(request)})}")
    return _set_up_app(request, title=_("Turn on two-step login"))


@_guard
@require_http_methods(["GET", "POST"])
def change_app(request):
    """A new phone: the new app replaces the old one once it has shown a correct code."""
    if services.app_device(request.user) is None:
        return redirect("twofactor:setup")
    return _set_up_app(request, title=_("Move to a new phone"), changing=True)


def _set_up_app(request, *, title, changing=False):
    user = request.user
    device = services.pending_app_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code(request, user, form.cleaned_data["code"], device=device)
        except services.CodeRefused as refused:
            form.refuse(str(refused))
        else:
            codes = services.turn_on(user, device, changing=changing)
            request.session.cycle_key()
            otp_login(request, device)
            request.session[NEW_CODES_KEY] = codes
            target = reverse("twofactor:recovery_codes")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': _next_url(request)})}")
    required = services.is_required_for(user) and not changing
    return _page(
        request,
        "twofactor/setup.html",
        {
            "title": title,
            "changing": changing,
            "form": form,
            "qr_code": services.qr_code_svg(device),
            "secret": services.secret_of(device),
            "secret_groups": services.secret_groups(device),
            "required": required,
        },
        in_admin=not required,
    )


@_guard
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if user.is_verified() or not services.has_two_factor(user):
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(
        request.POST or None,
        allow_recovery=True,
        help_text=_("No phone at hand? Enter one of your recovery codes instead."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_code(request, user, form.cleaned_data["code"])
        except services.CodeRefused as refused:
            form.refuse(str(refused))
        else:
            request.session.cycle_key()
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                services.recovery_code_used(user)
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; it cannot be used again. "
                        "Recovery codes left: %(left)s. Make new ones under Two-step login."
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(_next_url(request))
    return _page(
        request,
        "twofactor/verify.html",
        {"title": _("Two-step login"), "form": form},
        in_admin=False,
    )


@_guard
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    user = request.user
    device = services.app_device(user)
    if device is None:
        return redirect("twofactor:setup")
    # Shown once: the codes leave the session as they are shown.
    new_codes = request.session.pop(NEW_CODES_KEY, None) if request.method == "GET" else None
    if new_codes:
        return _page(
            request,
            "twofactor/recovery_codes_new.html",
            {"title": _("Your recovery codes"), "codes": new_codes},
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code(request, user, form.cleaned_data["code"], allow_recovery=False)
        except services.CodeRefused as refused:
            form.refuse(str(refused))
        else:
            request.session[NEW_CODES_KEY] = services.replace_recovery_codes(user)
            return redirect("twofactor:recovery_codes")
    return _page(
        request,
        "twofactor/recovery_codes.html",
        {
            "title": _("New recovery codes"),
            "form": form,
            "codes_left": services.recovery_codes_left(user),
        },
    )


@_guard
@require_http_methods(["GET", "POST"])
def turn_off(request):
    user = request.user
    if services.app_device(user) is None:
        return redirect("twofactor:setup")
    required = services.is_required_for(user)
    form = CodeForm(
        None if required else (request.POST or None),
        allow_recovery=True,
        help_text=_("Lost your phone? A recovery code works here too."),
    )
    if request.method == "POST" and required:
        return _page(
            request,
            "twofactor/turn_off.html",
            {"title": _("Turn off two-step login"), "form": form, "required": True},
            status=403,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code(request, user, form.cleaned_data["code"])
        except services.CodeRefused as refused:
            form.refuse(str(refused))
        else:
            services.turn_off(user)
            messages.success(request, _("Two-step login is turned off for your account."))
            return redirect("admin:index")
    return _page(
        request,
        "twofactor/turn_off.html",
        {"title": _("Turn off two-step login"), "form": form, "required": required},
    )
