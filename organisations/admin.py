"""Admin for reference data (superusers) and for the places and contacts staff keep up."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ContactPerson, County, Membership, Municipality, Place, PoliceArea, PoliceRegion
from .scoped_admin import ReadOnlyHistoryMixin, ScopedAdmin, municipality_choices


class HistoryAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """Reference data the public pages rest on: every change kept, no version saved back."""


@admin.register(PoliceRegion)
class PoliceRegionAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "police_region"]
    list_filter = ["police_region"]
    search_fields = ["name", "code"]
    list_select_related = ["police_region"]


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    list_display = ["name", "code", "county"]
    list_filter = ["county"]
    search_fields = ["name", "official_name", "code"]
    list_select_related = ["county"]
    readonly_fields = ["code"]

    def get_readonly_fields(self, request, obj=None):
        # The kommunkod is reference data: fixed once the kommun exists.
        return ["code"] if obj else []


@admin.register(PoliceArea)
class PoliceAreaAdmin(HistoryAdmin):
    list_display = ["name", "police_region", "municipality_names"]
    list_filter = ["police_region"]
    search_fields = ["name", "municipalities__name"]
    autocomplete_fields = ["municipalities"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["police_region"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("municipalities"))
    def municipality_names(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "role", "municipality", "police_area"]
    list_filter = ["role", "police_area"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "municipality__name"]
    autocomplete_fields = ["user", "municipality", "police_area"]
    list_select_related = ["user", "municipality", "police_area"]


@admin.register(Place)
class PlaceAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "municipality", "latitude", "longitude"]
    list_filter = ["municipality"]
    search_fields = ["name", "description", "municipality__name"]
    list_select_related = ["municipality"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Police add hot spots in every kommun of their area, not only in a kommun of their own.
        if db_field.name == "municipality":
            kwargs["queryset"] = municipality_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ContactPerson)
class ContactPersonAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "role", "municipality", "police_area", "email", "phone"]
    list_filter = ["municipality", "police_area"]
    search_fields = ["name", "role", "email"]
    list_select_related = ["municipality", "police_area"]
