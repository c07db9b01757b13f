"""Two-step login test set-up: an account with the app and recovery codes, codes from its key."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import services

VERIFY = reverse("twofactor:verify")
SETUP = reverse("twofactor:setup")


def app_code(device):
    """The code the app would show now, or the next one when this one has been used already."""
    device.refresh_from_db()
    now_t = (int(time.time()) - device.t0) // device.step + device.drift
    return f"{hotp(device.bin_key, max(now_t, device.last_t + 1), digits=device.digits):06d}"


def stale_code(device):
    """A code the app showed ten minutes ago: the right kind of code, but wrong now."""
    now_t = (int(time.time()) - device.t0) // device.step + device.drift
    return f"{hotp(device.bin_key, now_t - 20, digits=device.digits):06d}"


def let_throttle_pass(device):
    """What waiting does: django-otp makes a device wait 1, 2, 4 … seconds after a wrong code."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )


def give_two_factor(user):
    """Turn two-step login on for the user; returns the app device and the recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    codes = services.turn_on(user, device)
    return device, codes


def sign_in_verified(client, user, device):
    client.force_login(user)
    response = client.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 302, response.content.decode()


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True


@pytest.fixture
def admin_with_app(superuser):
    return give_two_factor(superuser)


@pytest.fixture
def coordinator_with_app(vaggeryd_coordinator):
    return give_two_factor(vaggeryd_coordinator)
