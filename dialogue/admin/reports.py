"""The moderation queue of residents' reports of unsafe places, scoped to the user's kommuner."""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from organisations.models import Place, StaffScope
from organisations.scoped_admin import ScopedAdmin

from ..models import PlaceReport

Status = PlaceReport.Status


class PlaceFilter(admin.SimpleListFilter):
    """The listed places that have reports the user may see, named in one query."""

    title = _("place")
    parameter_name = "place"

    def lookups(self, request, model_admin):
        reported = model_admin.get_queryset(request).values("place")
        places = (
            Place.objects.filter(pk__in=reported)
            .order_by("municipality__name", "name")
            .values_list("pk", "name", "municipality__name")
        )
        return [(str(pk), f"{name} ({kommun})") for pk, name, kommun in places]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(place=self.value())
        return queryset


@admin.register(PlaceReport)
class PlaceReportAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "created_at",
        "status",
        "category",
        "where",
        "time_of_day",
        "has_contact_details",
        "municipality",
    ]
    list_display_links = ["created_at", "category"]
    list_filter = [
        "status",
        "category",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        PlaceFilter,
        "time_of_day",
    ]
    list_select_related = ["municipality", "place"]
    search_fields = ["description", "place_text", "place__name"]
    date_hierarchy = "created_at"
    actions = ["mark_read", "mark_used", "mark_dismissed"]
    fieldsets = [
        (
            _("The report"),
            {
                "fields": [
                    "municipality",
                    "created_at",
                    "category",
                    "place",
                    "place_text",
                    "time_of_day",
                    "description",
                ]
            },
        ),
        (
            _("Contact details for a reply"),
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
        (_("Moderation"), {"fields": ["status", "staff_note", "handled_by", "purged_at"]}),
    ]
    # What the resident sent is a record: staff moderate it, they do not rewrite it.
    readonly_fields = [
        "municipality",
        "created_at",
        "category",
        "place",
        "place_text",
        "time_of_day",
        "description",
        "contact_name",
        "contact_email",
        "contact_phone",
        "handled_by",
        "purged_at",
    ]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return StaffScope.of(request.user).is_superuser

    def save_model(self, request, obj, form, change):
        if form.has_changed():
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("where"), ordering="place__name")
    def where(self, obj):
        if obj.place_id:
            return obj.place.name
        return Truncator(obj.place_text).chars(60)

    @admin.display(description=_("contact details"), boolean=True)
    def has_contact_details(self, obj):
        return obj.has_contact

    def _mark(self, request, queryset, status):
        # By primary key: a changelist queryset may carry a distinct() that update() refuses.
        chosen = list(PlaceReport.objects.filter(pk__in=queryset.values_list("pk", flat=True)))
        for report in chosen:
            report.status, report.handled_by = status, request.user
        # One query for the rows and one for their history: moderation is kept like any change.
        count = bulk_update_with_history(
            chosen, PlaceReport, ["status", "handled_by"], default_user=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(count)d report is marked “%(status)s”.",
                "%(count)d reports are marked “%(status)s”.",
                count,
            )
            % {"count": count, "status": Status(status).label},
        )

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request, queryset):
        self._mark(request, queryset, Status.READ)

    @admin.action(description=_("Mark as used in the situation picture"))
    def mark_used(self, request, queryset):
        self._mark(request, queryset, Status.USED)

    @admin.action(description=_("Dismiss"))
    def mark_dismissed(self, request, queryset):
        self._mark(request, queryset, Status.DISMISSED)
