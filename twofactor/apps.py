from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Two-step login")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
