from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.backends.signals import connection_created

        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            page_cache,
        )

        # Every write a public page may show moves the page cache's content version on.
        connection_created.connect(page_cache.watch_connection)
        page_cache.watch_existing_connections()
        setting_changed.connect(page_cache.settings_changed)
