from django.apps import AppConfig
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Citizen pledges")

    def ready(self):
        from .models import Activity, activity_focus_areas_changed

        # An integrity rule, not a workflow: see activity_focus_areas_changed.
        m2m_changed.connect(
            activity_focus_areas_changed,
            sender=Activity.focus_areas.through,
            dispatch_uid="pledges.activity_focus_areas_changed",
        )
