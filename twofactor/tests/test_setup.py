"""Turning two-step login on: the app is confirmed only by a correct code, then recovery codes."""

import importlib
import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.models import TwoFactorEvent

from .conftest import SETUP, app_code, let_throttle_pass, stale_code

RECOVERY = reverse("twofactor:recovery_codes")
INDEX = reverse("twofactor:index")


def shown_secret(response):
    html = response.content.decode()
    match = re.search(r'<code id="totp-secret">(.*?)</code>', html)
    return re.sub(r"<[^>]+>", "", match.group(1))


def pending(user):
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_administrators_must_use_two_step_login_in_production(monkeypatch):
    import portal.settings

    monkeypatch.setenv("DEBUG", "False")
    monkeypatch.setenv("SECRET_KEY", "s" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "medborgarloften.example.se")
    monkeypatch.delenv("TWO_FACTOR_REQUIRED_FOR_ADMINS", raising=False)
    try:
        assert importlib.reload(portal.settings).TWO_FACTOR_REQUIRED_FOR_ADMINS is True
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)


def test_the_demo_admin_is_offered_two_step_login_in_development(monkeypatch):
    import portal.settings

    monkeypatch.delenv("TWO_FACTOR_REQUIRED_FOR_ADMINS", raising=False)
    monkeypatch.setenv("DEBUG", "True")
    try:
        assert importlib.reload(portal.settings).TWO_FACTOR_REQUIRED_FOR_ADMINS is False
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)


def test_setup_page_explains_and_shows_qr_code_and_typable_key(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.get(SETUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Microsoft Authenticator" in html and "FreeOTP" in html
    assert '<svg role="img" aria-label="QR-kod för din autentiseringsapp"' in html
    assert "<img" not in html.split('id="content-start"')[1]
    assert '<label for="id_code">Kod från appen:</label>' in html
    assert 'value="Slå på tvåstegsinloggning"' in html
    device = pending(vaggeryd_coordinator)
    assert b32decode(shown_secret(response)) == device.bin_key


def test_setup_key_stays_the_same_until_confirmed(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    first = shown_secret(client.get(SETUP))
    assert shown_secret(client.get(SETUP)) == first
    assert TOTPDevice.objects.filter(user=vaggeryd_coordinator).count() == 1


def test_wrong_code_leaves_the_app_unconfirmed_then_right_code_turns_it_on(
    client, vaggeryd_coordinator
):
    client.force_login(vaggeryd_coordinator)
    client.get(SETUP)
    device = pending(vaggeryd_coordinator)

    response = client.post(SETUP, {"code": stale_code(device)})
    assert response.status_code == 200
    assert "Koden är fel eller för gammal." in response.content.decode()
    assert 'name="code" value=' not in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not StaticDevice.objects.filter(user=vaggeryd_coordinator).exists()

    let_throttle_pass(device)
    response = client.post(SETUP, {"code": app_code(device)})
    assert response.status_code == 302
    assert response["Location"] == f"{RECOVERY}?next=%2Fadmin%2F"
    device.refresh_from_db()
    assert device.confirmed is True
    assert StaticToken.objects.filter(device__user=vaggeryd_coordinator).count() == 10
    assert TwoFactorEvent.objects.get(user=vaggeryd_coordinator).kind == "enabled"
    # The code just proved the app: this session counts as verified.
    assert client.get("/admin/").status_code == 200


def test_right_code_straight_after_a_wrong_one_asks_to_wait(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    client.get(SETUP)
    device = pending(vaggeryd_coordinator)
    client.post(SETUP, {"code": stale_code(device)})
    response = client.post(SETUP, {"code": app_code(device)})
    assert "Vänta några sekunder" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False


@pytest.mark.parametrize("bad", ["", "abc", "12345", "1234567", "x" * 30])
def test_malformed_code_is_refused_in_swedish(client, vaggeryd_coordinator, bad):
    client.force_login(vaggeryd_coordinator)
    client.get(SETUP)
    response = client.post(SETUP, {"code": bad})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert pending(vaggeryd_coordinator).confirmed is False


def test_recovery_codes_are_shown_once(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    client.get(SETUP)
    client.post(SETUP, {"code": app_code(pending(vaggeryd_coordinator))})
    response = client.get(RECOVERY)
    html = response.content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
    assert len(shown) == 10
    stored = StaticToken.objects.filter(device__user=vaggeryd_coordinator)
    stored = set(stored.values_list("token", flat=True))
    assert {code.replace("-", "") for code in shown} == stored
    assert "visas bara den här gången" in html
    again = client.get(RECOVERY).content.decode()
    assert not any(code in again for code in shown)
    assert "Du har 10 oanvända reservkoder." in again


def test_setup_with_app_already_on_goes_to_the_status_page(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    from .conftest import sign_in_verified

    sign_in_verified(client, device.user, device)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"] == INDEX
    assert "Tvåstegsinloggning är på för ditt konto" in client.get(INDEX).content.decode()


def test_index_without_app_leads_to_setup(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"] == SETUP


def test_index_refuses_post(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    from .conftest import sign_in_verified

    sign_in_verified(client, device.user, device)
    assert client.post(INDEX).status_code == 405


@pytest.mark.parametrize("name", ["index", "setup", "verify", "recovery_codes", "turn_off"])
def test_pages_ask_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(f"twofactor:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_setup_page_query_count(client, vaggeryd_coordinator, django_assert_max_num_queries):
    client.force_login(vaggeryd_coordinator)
    client.get(SETUP)
    with django_assert_max_num_queries(6):
        response = client.get(SETUP)
    assert response.status_code == 200
