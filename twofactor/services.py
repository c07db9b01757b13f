"""Two-step login for a staff member: setting it up, checking codes, recovery codes, turning it off.

An account has two-step login when it has a confirmed TOTP device (the authenticator app). Its
recovery codes are the tokens of one static device, made and removed together with the app.
"""

import logging
import re
from base64 import b32encode

import segno
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import TwoFactorEvent

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery"
FAILURES_KEY = "twofactor:failures:{}"


class CodeRefused(Exception):
    """A code was not accepted; the message says why, in words for the staff member."""


def is_required_for(user):
    return user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_ADMINS


def app_device(user):
    """The confirmed authenticator app of the user, or None when two-step login is off."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user):
    """The app being set up: the same secret on every visit until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_of(device):
    """The secret as the base32 text an authenticator app asks for."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_groups(device):
    """The secret in groups of four, easier to type by hand."""
    secret = secret_of(device)
    return [secret[start : start + 4] for start in range(0, len(secret), 4)]


def qr_code_svg(device):
    """The setup address as an inline SVG QR code: no image request, nothing leaves the site."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, light="#fff", svgclass="twofactor-qr", lineclass=None
    )
    label = _("QR code for your authenticator app")
    # The markup is segno's own output; only the accessible name is added.
    return format_html('<svg role="img" aria-label="{}" {}', label, mark_safe(svg[len("<svg ") :]))


def _normalise(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def looks_like_app_code(code):
    return bool(re.fullmatch(r"\d{6}", _normalise(code)))


def format_recovery_code(token):
    return f"{token[:4]}-{token[4:]}"


def _locked_out(user):
    return cache.get(FAILURES_KEY.format(user.pk), 0) >= settings.TWO_FACTOR_FAILURE_LIMIT


def _count_failure(user, request):
    key = FAILURES_KEY.format(user.pk)
    failures = cache.get(key, 0) + 1
    cache.set(key, failures, settings.TWO_FACTOR_LOCKOUT_SECONDS)
    logger.warning(
        "Two-step login: wrong code for user %s (id %s) from %s, %s in a row",
        user.get_username(),
        user.pk,
        request.META.get("REMOTE_ADDR"),
        failures,
    )
    if failures == settings.TWO_FACTOR_FAILURE_LIMIT:
        TwoFactorEvent.objects.create(user=user, kind=TwoFactorEvent.Kind.LOCKED_OUT)


def check_code(request, user, code, *, device=None, allow_recovery=True):
    """The device that accepts the code; raises CodeRefused with the reason otherwise.

    A six-digit code is checked against the app (or the given device being set up), anything
    else against the recovery codes. Wrong codes in a row are counted per user: at the limit,
    every code is refused until TWO_FACTOR_LOCKOUT_SECONDS pass.
    """
    if _locked_out(user):
        minutes = max(1, settings.TWO_FACTOR_LOCKOUT_SECONDS // 60)
        raise CodeRefused(
            _(
                "Too many wrong codes in a row. Wait %(minutes)s minutes and try again, "
                "or ask the portal administrator for help."
            )
            % {"minutes": minutes}
        )
    token = _normalise(code)
    with transaction.atomic():
        if device is not None:
            devices = TOTPDevice.objects.filter(pk=device.pk)
        elif looks_like_app_code(token):
            devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        elif allow_recovery:
            devices = StaticDevice.objects.filter(user=user, confirmed=True)
        else:
            devices = TOTPDevice.objects.none()
        candidate = devices.select_for_update().order_by("pk").first()
        if candidate is not None:
            allowed, _details = candidate.verify_is_allowed()
            if not allowed:
                raise CodeRefused(_("Wait a few seconds before you try a code again."))
            accepted = candidate.verify_token(token)
        else:
            accepted = False
    if accepted:
        cache.delete(FAILURES_KEY.format(user.pk))
        return candidate
    _count_failure(user, request)
    if allow_recovery and not looks_like_app_code(token):
        raise CodeRefused(
            _("The code is wrong. Enter the six digits your app shows, or an unused recovery code.")
        )
    raise CodeRefused(_("The code is wrong or has expired. Enter the code your app shows now."))


def _record(user, kind, actor=None):
    actor = actor or user
    TwoFactorEvent.objects.create(
        user=user, kind=kind, actor=actor, actor_name=actor.get_username()
    )
    logger.info(
        "Two-step login: %s for user %s (id %s) by %s",
        kind,
        user.get_username(),
        user.pk,
        actor.get_username(),
    )


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    tokens = set()
    while len(tokens) < RECOVERY_CODE_COUNT:
        tokens.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in tokens)
    return sorted(format_recovery_code(token) for token in tokens)


@transaction.atomic
def turn_on(user, device, *, changing=False):
    """Confirm the app that has just accepted a code; returns the new recovery codes.

    Any other app of the user (the old phone, when changing) stops working.
    """
    device.confirmed = True
    # "Since" on the status page: the day it was turned on, not the first visit to set-up.
    device.created_at = timezone.now()
    device.save(update_fields=["confirmed", "created_at"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _new_recovery_codes(user)
    _record(user, TwoFactorEvent.Kind.APP_CHANGED if changing else TwoFactorEvent.Kind.ENABLED)
    return codes


@transaction.atomic
def replace_recovery_codes(user):
    """New recovery codes; every earlier one stops working."""
    codes = _new_recovery_codes(user)
    _record(user, TwoFactorEvent.Kind.NEW_RECOVERY_CODES)
    return codes


def recovery_code_used(user):
    _record(user, TwoFactorEvent.Kind.RECOVERY_CODE_USED)


@transaction.atomic
def turn_off(user, actor=None):
    """Remove the app and the recovery codes: by the user, or as a reset by an administrator."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    cache.delete(FAILURES_KEY.format(user.pk))
    kind = TwoFactorEvent.Kind.DISABLED if actor in (None, user) else TwoFactorEvent.Kind.RESET
    _record(user, kind, actor)
