"""Two-step login in a real browser: set-up, recovery codes and verify pages pass axe-core."""

import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import hotp

from portal.tests.browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-langt-testlosenord"


def code_from_secret(secret, steps_ahead=0):
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{hotp(key, int(time.time()) // 30 + steps_ahead):06d}"


def log_in(page, server, username):
    page.goto(server + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()


def assert_accessible(page):
    problems = accessibility_problems(page)
    assert not problems, problems


def test_administrator_sets_up_two_step_login_then_verifies_next_time(
    live_server, browser, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    get_user_model().objects.create_superuser("chef", "chef@example.se", PASSWORD)
    first = browser.new_context(viewport={"width": 1280, "height": 900})
    page = first.new_page()

    log_in(page, live_server.url, "chef")
    assert "/konto/tvastegsinloggning/aktivera/" in page.url
    assert page.get_by_role("img", name="QR-kod för din autentiseringsapp").is_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()

    page.get_by_label("Kod från appen").fill(code_from_secret(secret))
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()
    assert page.locator("#recovery-codes li").count() == 10
    recovery_code = page.locator("#recovery-codes li").first.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert page.url == live_server.url + "/admin/"
    for path in ("/konto/tvastegsinloggning/", "/konto/tvastegsinloggning/reservkoder/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    first.close()

    second = browser.new_context(viewport={"width": 320, "height": 640})
    page = second.new_page()
    log_in(page, live_server.url, "chef")
    assert "/konto/tvastegsinloggning/verifiera/" in page.url
    assert_accessible(page)
    page.get_by_label("Kod från appen").fill(code_from_secret(secret, -20))
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_text("Koden är fel eller för gammal.").is_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.get_by_label("Kod från appen").fill(recovery_code)
    page.get_by_role("button", name="Logga in").click()
    assert page.url == live_server.url + "/admin/"
    assert "Reservkoder kvar: 9." in page.locator(".messagelist").inner_text()
    second.close()
