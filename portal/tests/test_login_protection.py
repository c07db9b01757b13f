"""Password guessing is stopped: failed logins lock out, passwords are long, sessions end."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.login_protection import client_address
from portal.middleware import SESSION_RENEW_AFTER, SESSION_RENEWED_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"


def log_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="192.0.2.10"):
    """The status of each failed attempt: the one that reaches the limit is the lockout."""
    return [log_in(client, username, "wrong-password", address).status_code for _ in range(times)]


def test_the_sixth_attempt_is_locked_out_even_with_the_right_password(client, superuser):
    assert fail(client, "admin", 5) == [200, 200, 200, 200, 429]
    response = log_in(client, "admin", PASSWORD)
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_explains_in_swedish(client, superuser):
    fail(client, "admin", 5)
    response = log_in(client, "admin", PASSWORD)
    content = response.content.decode()
    assert "<h1>För många misslyckade inloggningar</h1>" in content
    assert "Efter 5 misslyckade inloggningsförsök" in content


def test_four_wrong_passwords_still_let_the_right_one_in(client, superuser):
    assert fail(client, "admin", 4) == [200, 200, 200, 200]
    response = log_in(client, "admin", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_a_successful_login_forgets_the_earlier_failures(client, superuser):
    fail(client, "admin", 4)
    assert log_in(client, "admin", PASSWORD).status_code == 302
    client.logout()
    fail(client, "admin", 4)
    response = log_in(client, "admin", PASSWORD)
    assert response.status_code == 302


def test_another_user_is_not_locked_out(client, superuser, vaggeryd_coordinator):
    fail(client, "admin", 5)
    response = log_in(client, "samordnare.vaggeryd", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(vaggeryd_coordinator.pk)


def test_the_same_user_from_another_client_is_not_locked_out(client, superuser):
    fail(client, "admin", 5, address="192.0.2.10")
    response = log_in(client, "admin", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_resetting_the_user_name_lets_the_user_in_again(client, superuser):
    fail(client, "admin", 5)
    assert log_in(client, "admin", PASSWORD).status_code == 429
    call_command("axes_reset_username", "admin")
    response = log_in(client, "admin", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_the_administrator_sees_the_failed_attempts(client, superuser):
    fail(client, "admin", 2)
    client.force_login(superuser)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(AccessAttempt.objects.all())
    assert AccessAttempt.objects.get().failures_since_start == 2


def test_staff_cannot_see_or_open_the_failed_attempts(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "axes" not in [app["app_label"] for app in index.context["app_list"]]
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


def test_behind_a_trusted_proxy_the_forwarded_client_counts(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7"
    )
    assert client_address(request) == "198.51.100.7"


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(request) == "10.0.0.1"


def test_an_eleven_character_password_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_password("Kx9#mPq2!vL")
    assert [error.code for error in refused.value.error_list] == ["password_too_short"]


def test_a_twelve_character_password_is_accepted():
    assert validate_password("Kx9#mPq2!vLw") is None


def test_a_session_in_use_is_renewed_for_another_idle_period(client, superuser):
    assert log_in(client, "admin", PASSWORD).status_code == 302
    session = client.session
    session[SESSION_RENEWED_KEY] -= SESSION_RENEW_AFTER
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 2 * 60 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    expires = Session.objects.get(session_key=cookie.value).expire_date
    assert expires > timezone.now() + datetime.timedelta(seconds=2 * 60 * 60 - 10)


def test_a_session_renewed_within_the_minute_is_not_saved_again(client, superuser):
    assert log_in(client, "admin", PASSWORD).status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    "url",
    [reverse("home"), reverse("admin:login"), "/finns-inte/", reverse("admin:index")],
)
def test_every_response_carries_the_permissions_policy(client, url):
    response = client.get(url)
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    )


def test_the_lockout_page_carries_the_permissions_policy(client, superuser):
    fail(client, "admin", 5)
    response = log_in(client, "admin", PASSWORD)
    assert response.status_code == 429
    assert response["Permissions-Policy"].startswith("camera=()")
