"""Deployment check: invitations and password resets need a mail server in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends that never deliver a message to anyone.
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_mail_is_delivered(app_configs, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS:
        return []
    return [
        Warning(
            f"E-mail goes to {settings.EMAIL_BACKEND}: invitations and password reset links "
            "never reach anyone.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.se:587.",
            id="accounts.W001",
        )
    ]
