"""System checks: the verify step is installed where it can work, and required in production."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

OTP = "django_otp.middleware.OTPMiddleware"
OURS = "twofactor.middleware.TwoFactorMiddleware"


@register(Tags.security)
def middleware_installed(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if OURS in middleware and OTP in middleware and middleware.index(OTP) < middleware.index(OURS):
        return []
    return [
        Error(
            "Two-step login is not enforced: TwoFactorMiddleware must be in MIDDLEWARE after "
            "django-otp's OTPMiddleware.",
            hint=f"Add {OURS!r} right after {OTP!r}.",
            id="twofactor.E001",
        )
    ]


@register(Tags.security, deploy=True)
def required_for_administrators(app_configs, **kwargs):
    if settings.TWO_FACTOR_REQUIRED_FOR_ADMINS:
        return []
    return [
        Warning(
            "Administrators can log in with a password alone.",
            hint="Unset TWO_FACTOR_REQUIRED_FOR_ADMINS (it defaults to True when DEBUG is off).",
            id="twofactor.W001",
        )
    ]
