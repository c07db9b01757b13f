"""The administrator's view of two-step login: no secrets, superusers only, reset with a record."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_staff
from twofactor import services
from twofactor.models import TwoFactorEvent

from .conftest import SETUP, give_two_factor, sign_in_verified

CHANGELIST = "/admin/twofactor/stafftwofactor/"


@pytest.fixture
def admin_client(client, admin_with_app):
    device, _codes = admin_with_app
    sign_in_verified(client, device.user, device)
    return client


def test_django_otp_device_admins_are_gone(admin_client):
    for path in ("/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"):
        assert admin_client.get(path).status_code == 404


def test_list_and_page_show_status_but_no_secret(
    admin_client, coordinator_with_app, django_assert_max_num_queries
):
    device, codes = coordinator_with_app
    for name in ("a", "b", "c"):
        give_two_factor(make_staff(f"staff.{name}"))
    # The status, code count and last use are subqueries: the count does not grow with accounts.
    with django_assert_max_num_queries(7):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    page = admin_client.get(f"{CHANGELIST}{device.user.pk}/change/")
    assert page.status_code == 200
    for html in (response.content.decode(), page.content.decode()):
        assert "samordnare.vaggeryd" in html
        assert device.key not in html
        assert services.secret_of(device) not in html
        assert not any(code.replace("-", "") in html for code in codes)
    assert "Tvåstegsinloggning påslagen" in page.content.decode()


def test_list_filters_by_status(admin_client, coordinator_with_app, varnamo_police):
    html = admin_client.get(CHANGELIST + "?tvastegsinloggning=av").content.decode()
    assert "polis.varnamo" in html and "samordnare.vaggeryd" not in html
    html = admin_client.get(CHANGELIST + "?tvastegsinloggning=pa").content.decode()
    assert "samordnare.vaggeryd" in html and "polis.varnamo" not in html


@pytest.mark.parametrize(
    "persona", ["vaggeryd_coordinator", "varnamo_police", "staff_without_membership"]
)
def test_only_superusers_see_it(db, client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(f"{CHANGELIST}{user.pk}/change/").status_code == 403


def test_no_adding_changing_or_deleting(admin_client, coordinator_with_app):
    device, _codes = coordinator_with_app
    assert admin_client.get(CHANGELIST + "add/").status_code == 403
    delete = admin_client.post(f"{CHANGELIST}{device.user.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    page = admin_client.get(f"{CHANGELIST}{device.user.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def test_administrator_resets_a_lost_phone_after_confirming(
    admin_client, admin_with_app, coordinator_with_app
):
    admin_device, _ = admin_with_app
    device, _codes = coordinator_with_app
    user = device.user
    data = {"action": "reset_two_factor", "_selected_action": [user.pk]}

    confirm = admin_client.post(CHANGELIST, data)
    assert confirm.status_code == 200
    assert "Återställa tvåstegsinloggning?" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    response = admin_client.post(CHANGELIST, {**data, "post": "yes"}, follow=True)
    assert "Tvåstegsinloggning återställdes för 1 konto." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = TwoFactorEvent.objects.get(user=user, kind="reset")
    assert event.actor == admin_device.user and event.actor_name == "admin"
    page = admin_client.get(f"{CHANGELIST}{user.pk}/change/").content.decode()
    assert "Tvåstegsinloggning återställd av en administratör" in page


def test_reset_administrator_must_set_up_again(client, admin_client, required, db):
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_superuser("admin2", "a2@example.se", "x" * 14)
    give_two_factor(other)
    admin_client.post(
        CHANGELIST,
        {"action": "reset_two_factor", "_selected_action": [other.pk], "post": "yes"},
    )
    from django.test import Client

    their = Client()
    their.force_login(other)
    response = their.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_reset_of_accounts_without_two_step_login_says_so(admin_client, vaggeryd_coordinator):
    response = admin_client.post(
        CHANGELIST,
        {"action": "reset_two_factor", "_selected_action": [vaggeryd_coordinator.pk]},
        follow=True,
    )
    assert "Inget av de valda kontona använder tvåstegsinloggning." in response.content.decode()
    assert not TwoFactorEvent.objects.filter(user=vaggeryd_coordinator).exists()


def test_list_leaves_out_accounts_that_are_neither_staff_nor_set_up(admin_client, db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    users.create_user("invanare", password="x" * 14)
    former = users.create_user("tidigare.personal", password="x" * 14)
    give_two_factor(former)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "invanare" not in html
    assert "tidigare.personal" in html
