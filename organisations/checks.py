"""System check: every admin that shows simple_history versions refuses to save one back."""

from django.contrib.admin.sites import all_sites
from django.core import checks
from simple_history.admin import SimpleHistoryAdmin

from .scoped_admin import ReadOnlyHistoryMixin


@checks.register(checks.Tags.admin)
def history_revert_refused(app_configs, **kwargs):
    errors = []
    for site in all_sites:
        for model_admin in site._registry.values():
            if not isinstance(model_admin, SimpleHistoryAdmin):
                continue
            # ReadOnlyHistoryMixin must come before SimpleHistoryAdmin, or the revert view wins.
            reverts = type(model_admin).history_form_view is SimpleHistoryAdmin.history_form_view
            if reverts or not isinstance(model_admin, ReadOnlyHistoryMixin):
                errors.append(
                    checks.Error(
                        f"{type(model_admin).__qualname__} lets the history page save an old "
                        "version of a record.",
                        hint="Inherit ScopedAdmin or ReadOnlyHistoryMixin before "
                        "SimpleHistoryAdmin.",
                        obj=model_admin,
                        id="organisations.E001",
                    )
                )
    return errors
