"""Admin for reference data (superusers) and for the places and contacts staff keep up."""

from django.apps import apps
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ContactPerson, County, Membership, Municipality, Place, PoliceArea, PoliceRegion
from .scoped_admin import ReadOnlyHistoryMixin, ScopedAdmin, ScopedLookupMixin


class HistoryAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """Reference data the public pages rest on: every change kept, no version saved back."""


class ReferenceDataAdmin(ScopedLookupMixin, HistoryAdmin):
    """Kommuner and police areas: superusers edit them; scoped staff only look them up in
    autocompletes, among those they may attach records to."""


class KeepWhatRecordsUseMixin:
    """Refuses to delete what a kept record still uses, on the delete page and the bulk action.

    A foreign key with on_delete=PROTECT is refused by Django itself; this adds the links that a
    delete would change without a word: plain many-to-many rows and SET_NULL keys.
    """

    def records_using(self, obj):
        """Querysets of the records that block deleting obj."""
        return []

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for obj in objs:
            for records in self.records_using(obj):
                # Listed like Django's protected objects, so the page says "cannot delete".
                name = capfirst(records.model._meta.verbose_name)
                protected += [f"{name}: {record}" for record in records]
        return deleted, model_count, perms_needed, protected


def plainly_linked(obj):
    """Records tied to obj by a many-to-many without a model of its own. Deleting obj would drop
    those rows unseen; a through model with PROTECT is refused by Django already."""
    return [
        rel.related_model._default_manager.filter(**{rel.field.name: obj})
        for rel in obj._meta.related_objects
        if rel.many_to_many and rel.through._meta.auto_created
    ]


def pledge_model():
    # Looked up by name: pledges build on organisations, not the other way round.
    return apps.get_model("pledges", "Pledge")


def pledges_naming(contacts):
    """Pledges past the draft stage whose page names one of the contacts as responsible."""
    pledge = pledge_model()
    return pledge.objects.filter(page_owner__in=contacts).exclude(status=pledge.Status.DRAFT)


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
class MunicipalityAdmin(KeepWhatRecordsUseMixin, ReferenceDataAdmin):
    list_display = ["name", "code", "county"]
    list_filter = ["county"]
    search_fields = ["name", "official_name", "code"]
    list_select_related = ["county"]
    readonly_fields = ["code"]

    def get_readonly_fields(self, request, obj=None):
        # The kommunkod is reference data: fixed once the kommun exists.
        return ["code"] if obj else []

    def records_using(self, obj):
        # Police areas covering the kommun; its contacts go with it, so pledges naming them too.
        return [*plainly_linked(obj), pledges_naming(obj.contacts.all())]


@admin.register(PoliceArea)
class PoliceAreaAdmin(KeepWhatRecordsUseMixin, ReferenceDataAdmin):
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

    def records_using(self, obj):
        # Its pledges are PROTECTed already; its contacts would go with it.
        return [pledges_naming(obj.contacts.all())]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "role", "municipality", "police_area"]
    list_filter = ["role", "police_area"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "municipality__name"]
    autocomplete_fields = ["user", "municipality", "police_area"]
    list_select_related = ["user", "municipality", "police_area"]


@admin.register(Place)
class PlaceAdmin(KeepWhatRecordsUseMixin, ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "municipality", "latitude", "longitude"]
    list_filter = ["municipality"]
    search_fields = ["name", "description", "municipality__name"]
    list_select_related = ["municipality"]

    def records_using(self, obj):
        # Focus areas, dialogue activities and observations PROTECT their place already.
        # A draft's activities may lose a place: the draft is still being written.
        pledge = pledge_model()
        return [obj.activities.exclude(pledge__status=pledge.Status.DRAFT)]


@admin.register(ContactPerson)
class ContactPersonAdmin(KeepWhatRecordsUseMixin, ScopedAdmin, SimpleHistoryAdmin):
    # A contact speaks for its own organisation: police add none for a kommun, nor
    # coordinators for a police area (ContactPerson.objects.editable_by says the same).
    organisation_choices = "owned_by"
    list_display = ["name", "role", "municipality", "police_area", "email", "phone"]
    list_filter = ["municipality", "police_area"]
    search_fields = ["name", "role", "email"]
    list_select_related = ["municipality", "police_area"]

    def records_using(self, obj):
        return [pledges_naming([obj])]
