"""Dialogue activities and safety-walk observations in the admin, scoped to the user's kommuner."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organisations.models import Place
from organisations.scoped_admin import ScopedAdmin, ScopedInlineMixin
from pledges.models import Activity

from ..models import DialogueActivity, Observation


class ObservationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        municipality_id = self.instance.municipality_id
        for form in self.forms:
            place = getattr(form, "cleaned_data", {}).get("place")
            if place and municipality_id and place.municipality_id != municipality_id:
                form.add_error(
                    "place", _("Choose a place in the same municipality as the safety walk.")
                )


class ObservationInline(ScopedInlineMixin, admin.StackedInline):
    model = Observation
    formset = ObservationFormSet
    extra = 0
    fields = [
        ("place", "place_text"),
        "category",
        "description",
        "proposed_action",
        ("responsible", "action_status"),
        "pledge_activity",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        parent = getattr(self, "_parent", None)
        if db_field.name == "place" and parent is not None:
            kwargs["queryset"] = Place.objects.editable_by(request.user).filter(
                municipality=parent.municipality_id
            )
        elif db_field.name == "pledge_activity":
            kwargs["queryset"] = Activity.objects.editable_by(request.user).select_related("pledge")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "pledge_activity":
            # The same activity text recurs in consecutive pledges: name the pledge too.
            field.label_from_instance = lambda activity: f"{activity.pledge.title}: {activity}"
        return field


class DialogueActivityForm(forms.ModelForm):
    class Meta:
        model = DialogueActivity
        fields = [
            "kind",
            "title",
            "municipality",
            "police_area",
            "starts_at",
            "ends_at",
            "place",
            "location",
            "description",
            "open_to_public",
            "is_published",
            "participants",
            "summary",
        ]

    def clean(self):
        cleaned = super().clean()
        area, municipality = cleaned.get("police_area"), cleaned.get("municipality")
        if area and municipality and not area.municipalities.filter(pk=municipality.pk).exists():
            self.add_error(
                "police_area",
                _("%(area)s does not cover %(name)s. Choose the police area of the kommun.")
                % {"area": area, "name": municipality.name},
            )
        kind = cleaned.get("kind")
        if (
            self.instance.pk
            and kind
            and kind != DialogueActivity.Kind.SAFETY_WALK
            and self.instance.observations.exists()
        ):
            self.add_error(
                "kind",
                _("This safety walk has observations. Delete them before changing the kind."),
            )
        return cleaned


@admin.register(DialogueActivity)
class DialogueActivityAdmin(ScopedAdmin, SimpleHistoryAdmin):
    form = DialogueActivityForm
    list_display = [
        "title",
        "kind",
        "municipality",
        "starts_at",
        "open_to_public",
        "is_published",
        "participants",
    ]
    list_filter = [
        "kind",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "open_to_public",
        "is_published",
        "starts_at",
    ]
    search_fields = ["title", "description", "summary", "location", "place__name"]
    list_select_related = ["municipality", "place"]
    date_hierarchy = "starts_at"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": ["kind", "title", ("municipality", "police_area")],
                "description": _(
                    "Observations of a safety walk are added on this page once the walk is saved "
                    "with the kind Safety walk."
                ),
            },
        ),
        (_("When and where"), {"fields": [("starts_at", "ends_at"), "place", "location"]}),
        (
            _("For residents"),
            {
                "fields": ["description", "open_to_public", "is_published"],
                "description": _(
                    "Staff dialogue is internal: it is never shown on the public pages or in "
                    "the calendar."
                ),
            },
        ),
        (_("After the event"), {"fields": ["participants", "summary"]}),
        (_("Record"), {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == DialogueActivity.Kind.SAFETY_WALK:
            return [ObservationInline]
        return []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        # Only what has a public page: never staff dialogue or an unpublished activity.
        if obj.is_published and not obj.is_internal:
            return obj.get_absolute_url()
        return None
