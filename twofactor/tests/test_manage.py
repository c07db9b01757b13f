"""New recovery codes, turning two-step login off, and the offer on the admin start page."""

import re

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import services
from twofactor.models import TwoFactorEvent

from .conftest import VERIFY, app_code, let_throttle_pass, sign_in_verified, stale_code
from .test_setup import shown_secret

RECOVERY = reverse("twofactor:recovery_codes")
TURN_OFF = reverse("twofactor:turn_off")
INDEX = reverse("twofactor:index")


def tokens(user):
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_new_recovery_codes_need_a_current_code_and_kill_the_old_ones(client, coordinator_with_app):
    device, old_codes = coordinator_with_app
    user = device.user
    sign_in_verified(client, user, device)
    before = tokens(user)

    response = client.post(RECOVERY, {"code": stale_code(device)})
    assert response.status_code == 200
    assert "Koden är fel eller för gammal." in response.content.decode()
    assert tokens(user) == before

    # A recovery code does not stand in for the app here.
    response = client.post(RECOVERY, {"code": old_codes[0]})
    assert response.status_code == 200
    assert tokens(user) == before

    let_throttle_pass(device)
    response = client.post(RECOVERY, {"code": app_code(device)})
    assert response.status_code == 302 and response["Location"] == RECOVERY
    html = client.get(RECOVERY).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
    assert len(shown) == 10
    assert tokens(user) == {code.replace("-", "") for code in shown}
    assert not tokens(user) & before
    assert TwoFactorEvent.objects.filter(user=user, kind="new_recovery_codes").count() == 1

    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"code": old_codes[1]}).status_code == 200
    let_throttle_pass(StaticDevice.objects.get(user=user))
    assert client.post(VERIFY, {"code": shown[1]}).status_code == 302


def test_status_page_counts_recovery_codes(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    sign_in_verified(client, device.user, device)
    html = client.get(INDEX).content.decode()
    assert "Du har 10 oanvända reservkoder." in html
    assert reverse("twofactor:turn_off") in html


def test_staff_can_turn_it_off_with_a_current_code(client, coordinator_with_app):
    device, _codes = coordinator_with_app
    user = device.user
    sign_in_verified(client, user, device)
    page = client.get(TURN_OFF).content.decode()
    assert 'value="Stäng av tvåstegsinloggning"' in page

    response = client.post(TURN_OFF, {"code": stale_code(device)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()

    let_throttle_pass(device)
    response = client.post(TURN_OFF, {"code": app_code(device)}, follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "Tvåstegsinloggning är avstängd för ditt konto." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = TwoFactorEvent.objects.get(user=user, kind="disabled")
    assert event.actor == user


def test_a_recovery_code_also_turns_it_off(client, coordinator_with_app):
    device, codes = coordinator_with_app
    sign_in_verified(client, device.user, device)
    assert client.post(TURN_OFF, {"code": codes[3]}).status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()


def test_administrator_cannot_turn_it_off_when_required(client, admin_with_app, required):
    device, _codes = admin_with_app
    sign_in_verified(client, device.user, device)
    page = client.get(TURN_OFF)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Administratörer måste använda tvåstegsinloggning" in html
    assert 'name="code"' not in html
    response = client.post(TURN_OFF, {"code": app_code(device)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=device.user, confirmed=True).exists()


def render_offer(user):
    request = RequestFactory().get("/admin/")
    template = Template('{% include "twofactor/includes/offer.html" %}')
    return template.render(Context({"user": user, "request": request}))


def test_offer_says_whether_two_step_login_is_on(vaggeryd_coordinator):
    vaggeryd_coordinator.is_verified = lambda: False
    html = render_offer(vaggeryd_coordinator)
    assert "Tvåstegsinloggning är av för ditt konto." in html
    assert reverse("twofactor:setup") in html
    vaggeryd_coordinator.is_verified = lambda: True
    html = render_offer(vaggeryd_coordinator)
    assert "Tvåstegsinloggning är på för ditt konto." in html
    assert reverse("twofactor:index") in html


def test_recovery_codes_page_query_count(
    client, coordinator_with_app, django_assert_max_num_queries
):
    device, _codes = coordinator_with_app
    sign_in_verified(client, device.user, device)
    with django_assert_max_num_queries(6):
        response = client.get(RECOVERY)
    assert response.status_code == 200


def test_move_to_a_new_phone_without_help(client, admin_with_app, required):
    old_device, old_codes = admin_with_app
    user = old_device.user
    sign_in_verified(client, user, old_device)
    page = client.get(reverse("twofactor:change_app"))
    assert page.status_code == 200
    assert 'value="Använd den nya telefonen"' in page.content.decode()
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert shown_secret(page) == services.secret_of(new_device)
    assert shown_secret(page) != services.secret_of(old_device)

    response = client.post(reverse("twofactor:change_app"), {"code": stale_code(new_device)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(pk=old_device.pk, confirmed=True).exists()

    let_throttle_pass(new_device)
    response = client.post(reverse("twofactor:change_app"), {"code": app_code(new_device)})
    assert response.status_code == 302 and response["Location"].startswith(RECOVERY)
    assert list(TOTPDevice.objects.filter(user=user)) == [new_device]
    assert TwoFactorEvent.objects.filter(user=user, kind="app_changed").count() == 1
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"code": old_codes[0]}).status_code == 200
    assert client.post(VERIFY, {"code": app_code(new_device)}).status_code == 302


def test_move_to_a_new_phone_needs_two_step_login_on(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.get(reverse("twofactor:change_app"))
    assert response.status_code == 302 and response["Location"] == reverse("twofactor:setup")
