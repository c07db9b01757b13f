"""After the password: staff with an app verify a code before the admin, and nothing else opens."""

import logging

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from organisations.models import Place
from twofactor.models import TwoFactorEvent

from .conftest import SETUP, VERIFY, app_code, sign_in_verified, stale_code


def verify_url(next_url):
    from urllib.parse import urlencode

    return f"{VERIFY}?{urlencode({'next': next_url})}"


def test_staff_with_app_is_sent_to_verify_then_in_with_a_code(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    response = client.get("/admin/pledges/pledge/?q=x")
    assert response.status_code == 302
    assert response["Location"] == verify_url("/admin/pledges/pledge/?q=x")

    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<label for="id_code">Kod från appen:</label>' in html
    assert 'value="Logga in"' in html
    assert 'value="/admin/pledges/pledge/?q=x"' in html

    response = client.post(VERIFY, {"code": app_code(device), "next": "/admin/pledges/pledge/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pledges/pledge/?q=x"
    assert client.get("/admin/").status_code == 200


def test_recovery_code_logs_in_once(client, coordinator_with_app):
    device, codes = coordinator_with_app
    user = device.user
    client.force_login(user)
    response = client.post(VERIFY, {"code": codes[0].upper().replace("-", " ")}, follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "Du loggade in med en reservkod" in response.content.decode()
    assert "Reservkoder kvar: 9." in response.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert TwoFactorEvent.objects.filter(user=user, kind="recovery_code_used").count() == 1

    client.logout()
    client.force_login(user)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "Koden är fel. Skriv de sex siffror som appen visar" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_used_app_code_cannot_be_replayed(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    code = app_code(device)
    client.force_login(device.user)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.logout()
    client.force_login(device.user)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_wrong_code_is_refused_in_swedish_with_the_field_empty(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    response = client.post(VERIFY, {"code": stale_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Koden är fel eller för gammal. Skriv koden som appen visar nu." in html
    assert 'name="code" value=' not in html
    assert client.get("/admin/").status_code == 302


def test_five_wrong_codes_in_a_row_lock_codes_out(client, coordinator_with_app, caplog, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only the portal's own count here
    device, codes = coordinator_with_app
    client.force_login(device.user)
    with caplog.at_level(logging.WARNING, logger="twofactor.services"):
        for _attempt in range(5):
            client.post(VERIFY, {"code": stale_code(device)})
    assert len([r for r in caplog.records if "wrong code" in r.getMessage()]) == 5
    assert TwoFactorEvent.objects.filter(user=device.user, kind="locked_out").count() == 1

    for right in (app_code(device), codes[0]):
        response = client.post(VERIFY, {"code": right})
        assert response.status_code == 200
        assert "För många felaktiga koder i rad. Vänta 15 minuter" in response.content.decode()
    assert StaticToken.objects.filter(device__user=device.user).count() == 10
    assert client.get("/admin/").status_code == 302


def test_lockout_ends_when_its_time_has_passed(client, coordinator_with_app, settings):
    from django.core.cache import cache

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    for _attempt in range(5):
        client.post(VERIFY, {"code": stale_code(device)})
    cache.delete(f"twofactor:failures:{device.user.pk}")  # what the cache timeout does
    assert client.post(VERIFY, {"code": app_code(device)}).status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/admin/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_next_to_another_site_is_refused(client, coordinator_with_app, target):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    response = client.post(VERIFY, {"code": app_code(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_superuser_without_app_is_sent_to_setup_when_required(client, superuser, required):
    client.force_login(superuser)
    response = client.get("/admin/organisations/place/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Forganisations%2Fplace%2F"
    html = client.get(response["Location"]).content.decode()
    assert "Som administratör måste du använda tvåstegsinloggning." in html
    for page in ("twofactor:index", "twofactor:recovery_codes", "twofactor:turn_off"):
        assert client.get(reverse(page))["Location"].startswith(SETUP)


def test_superuser_without_app_gets_in_when_not_required(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_staff_without_app_is_not_asked_for_anything(client, vaggeryd_coordinator, required):
    client.force_login(vaggeryd_coordinator)
    assert client.get("/admin/").status_code == 200


def test_reset_app_ends_verification_of_an_open_session(client, admin_with_app, required):
    from twofactor import services

    device, _codes = admin_with_app
    sign_in_verified(client, device.user, device)
    assert client.get("/admin/").status_code == 200
    services.turn_off(device.user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


@pytest.fixture
def place(vaggeryd):
    return Place.objects.create(municipality=vaggeryd, name="Torget")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/organisations/place/",
        "/admin/organisations/place/{pk}/change/",
        "/admin/organisations/place/{pk}/history/",
        "/admin/organisations/place/{pk}/delete/",
        "/admin/organisations/place/add/",
        "/admin/autocomplete/?app_label=pledges&model_name=activity&field_name=places&term=T",
        "/admin/password_change/",
        "/admin/jsi18n/",
        "/admin/r/1/{pk}/",
        "/admin/twofactor/stafftwofactor/",
        "/konto/tvastegsinloggning/",
        "/konto/tvastegsinloggning/reservkoder/",
        "/konto/tvastegsinloggning/stang-av/",
        "/konto/tvastegsinloggning/aktivera/",
        "/konto/tvastegsinloggning/ny-telefon/",
    ],
)
def test_unverified_admin_with_app_reaches_no_admin_page(client, admin_with_app, place, path):
    device, _codes = admin_with_app
    client.force_login(device.user)
    response = client.get(path.format(pk=place.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")


def test_unverified_admin_cannot_run_admin_actions(client, admin_with_app, place):
    device, _codes = admin_with_app
    client.force_login(device.user)
    response = client.post(
        "/admin/organisations/place/",
        {"action": "delete_selected", "_selected_action": [place.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.post(f"/admin/organisations/place/{place.pk}/delete/", {"post": "yes"})
    assert response["Location"].startswith(VERIFY)
    assert Place.objects.filter(pk=place.pk).exists()


@pytest.mark.parametrize("path", ["/", "/kommuner/", "/static/css/site.css", "/konto/inbjudan/x/"])
def test_public_and_account_pages_are_left_alone(client, coordinator_with_app, path):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    response = client.get(path)
    assert VERIFY not in response.get("Location", "")


def test_admin_logout_is_left_alone(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_login_page_is_left_alone(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    response = client.get("/admin/login/")
    assert VERIFY not in response.get("Location", "")


def test_verify_refuses_other_methods(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    assert client.put(VERIFY).status_code == 405
    assert client.delete(VERIFY).status_code == 405


def test_verify_without_app_goes_on(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.get(verify_url("/admin/pledges/pledge/"))
    assert response.status_code == 302 and response["Location"] == "/admin/pledges/pledge/"


def test_verify_page_query_count(client, coordinator_with_app, django_assert_max_num_queries):
    device, _codes = coordinator_with_app
    client.force_login(device.user)
    client.get(VERIFY)
    with django_assert_max_num_queries(4):
        response = client.get(VERIFY)
    assert response.status_code == 200
