"""Lägesbilder in the admin: written by coordinators, figures computed on the public page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.scoped_admin import ScopedAdmin, municipality_choices

from ..models import SituationPicture


@admin.register(SituationPicture)
class SituationPictureAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "is_published"]
    list_filter = ["is_published", "municipality"]
    search_fields = ["title", "summary"]
    list_select_related = ["municipality"]
    date_hierarchy = "period_end"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = municipality_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
