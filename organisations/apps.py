from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Municipalities and police areas")

    def ready(self):
        from . import checks  # noqa: F401  (registers the admin history check)
