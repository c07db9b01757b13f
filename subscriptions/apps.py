from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    """Residents follow a kommun or a pledge by e-mail: double opt-in, one-click unsubscribe."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "subscriptions"
    verbose_name = _("E-mail subscriptions")
