"""The shared e-mail helper and the deployment check for a mail server."""

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.utils import translation

from accounts.mail import base_url, send_templated_mail

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_a_message_is_swedish_whatever_language_the_request_had(mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.se"
    with translation.override("en"):
        send_templated_mail(
            "accounts/email/password_reset",
            "anna@example.se",
            {
                "user": User(username="anna"),
                "link": "https://portal.example.se/x/",
                "valid_hours": 24,
            },
        )
    [message] = mailoutbox
    assert message.subject == "Nytt lösenord till medborgarlöftesportalen"
    assert "Länken gäller i 24 timmar" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    # No HTML template for this one: plain text only.
    assert message.alternatives == []


def test_base_url_prefers_the_setting(rf, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.se"
    assert base_url(rf.get("/")) == "https://portal.example.se"
    settings.PORTAL_BASE_URL = ""
    assert base_url(rf.get("/")) == "http://testserver"


def warnings_about_mail():
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id == "accounts.W001"]


def test_production_with_the_console_backend_is_warned(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert warnings_about_mail() == ["accounts.W001"]


def test_production_with_smtp_is_not_warned(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert warnings_about_mail() == []
