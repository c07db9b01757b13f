from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """Open data: the published record as a read-only JSON API and CSV downloads."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("Open data")
