"""Admin for medborgarlöften: scoped editing, inlines for the parts, approval and withdrawal."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from followup.services import carry_over_unfinished
from organisations.models import Place
from organisations.scope import StaffScope
from organisations.scoped_admin import (
    ScopedAdmin,
    ScopedInlineMixin,
    police_area_choices,
    refusal_text,
)

from .models import Activity, FocusArea, Pledge, PledgeApproval, Signatory

APPROVE_BUTTONS = {
    PledgeApproval.Side.MUNICIPALITY: _("Approve for the municipality"),
    PledgeApproval.Side.POLICE: _("Approve for the police"),
}
SIDE_NAMES = {
    PledgeApproval.Side.MUNICIPALITY: _("the municipality"),
    PledgeApproval.Side.POLICE: _("the police"),
}


class PublishedPartsMixin:
    """The parts of a published pledge are corrected, never deleted."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Pledge.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)


class FocusAreaInline(PublishedPartsMixin, ScopedInlineMixin, admin.StackedInline):
    model = FocusArea
    extra = 0
    fields = [("name", "kind", "order"), "place", "description"]


class ActivityInline(PublishedPartsMixin, ScopedInlineMixin, admin.StackedInline):
    model = Activity
    extra = 0
    fk_name = "pledge"
    fields = [
        "description",
        ("responsible", "order"),
        ("target_count", "target_unit"),
        "focus_areas",
        "places",
        "carried_over_from",
    ]
    raw_id_fields = ["carried_over_from"]

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "carried_over_from":
            kwargs["queryset"] = Activity.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        parent = getattr(self, "_parent", None)
        if db_field.name == "focus_areas":
            # Only this pledge's own focus areas; save new ones first, then link them.
            kwargs["queryset"] = (
                FocusArea.objects.filter(pledge=parent) if parent else FocusArea.objects.none()
            )
        elif db_field.name == "places" and parent is not None and parent.pk:
            kwargs["queryset"] = Place.objects.editable_by(request.user).filter(
                municipality__in=parent.municipalities.all()
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SignatoryInline(PublishedPartsMixin, ScopedInlineMixin, admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "role", "organisation", "order"]


class ApprovalInline(ScopedInlineMixin, admin.TabularInline):
    model = PledgeApproval
    extra = 0
    fields = ["side", "user", "approved_at", "is_active"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("approvals (given with the buttons above)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PledgeAdminForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = [
            "title",
            "slug",
            "municipalities",
            "police_area",
            "start_date",
            "end_date",
            "signed_on",
            "promise",
            "effect",
            "background",
            "situation_method",
            "follow_up_method",
            "previous",
            "page_owner",
        ]

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("police_area") or self.instance_police_area()
        municipalities = cleaned.get("municipalities")
        if area and municipalities is not None:
            covered = set(area.municipalities.values_list("pk", flat=True))
            outside = [m.name for m in municipalities if m.pk not in covered]
            if outside:
                self.add_error(
                    "municipalities",
                    _("%(area)s does not cover %(names)s. Choose the police area of the kommun.")
                    % {"area": area, "names": ", ".join(outside)},
                )
        return cleaned

    def instance_police_area(self):
        return self.instance.police_area if self.instance.police_area_id else None


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("start_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        year = int(self.value())
        return queryset.filter(start_date__year__lte=year, end_date__year__gte=year)


@admin.register(Pledge)
class PledgeAdmin(ScopedAdmin, SimpleHistoryAdmin):
    form = PledgeAdminForm
    list_display = [
        "title",
        "municipality_names",
        "police_area",
        "start_date",
        "end_date",
        "status",
        "updated_at",
    ]
    list_filter = ["status", YearFilter, "municipalities", "police_area"]
    search_fields = ["title", "slug", "promise", "municipalities__name", "police_area__name"]
    list_select_related = ["police_area"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["municipalities"]
    date_hierarchy = "start_date"
    inlines = [FocusAreaInline, ActivityInline, SignatoryInline, ApprovalInline]
    actions = ["approve_selected", "carry_over_selected"]
    readonly_fields = ["status", "published_at", "withdrawn_at", "withdrawal_reason", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "municipalities", "police_area"]}),
        (_("Period and signing"), {"fields": [("start_date", "end_date"), "signed_on"]}),
        (
            _("Content"),
            {
                "fields": [
                    "promise",
                    "effect",
                    "background",
                    "situation_method",
                    "follow_up_method",
                ]
            },
        ),
        (_("Links and page"), {"fields": ["previous", "page_owner"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "updated_by",
                ]
            },
        ),
    ]
    change_form_template = "admin/pledges/pledge/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not StaffScope.of(request.user).is_superuser:
            # Staff cannot move a pledge to another kommun or police area.
            readonly += ["municipalities", "police_area"]
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "police_area":
            # A coordinator starts a pledge with the police area that covers their kommun.
            kwargs["queryset"] = police_area_choices(request.user)
        elif db_field.name == "previous":
            kwargs["queryset"] = Pledge.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Pledge.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("municipalities"))
    def municipality_names(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())

    # Approval and withdrawal -------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="pledges_pledge_approve",
            ),
            path(
                "<int:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="pledges_pledge_withdraw",
            ),
        ]
        return own + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["approval_buttons"] = [
                (side, APPROVE_BUTTONS[side]) for side in obj.approval_sides_for(request.user)
            ]
            context["given_sides"] = set(obj.active_approvals().values_list("side", flat=True))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _get_pledge(self, request, object_id):
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def approve_view(self, request, object_id):
        return require_POST(self._approve)(request, object_id)

    def _approve(self, request, object_id):
        pledge = self._get_pledge(request, object_id)
        side = request.POST.get("side") or None
        if side is not None and side not in PledgeApproval.Side.values:
            messages.error(request, _("Unknown side."))
        else:
            self._approve_one(request, pledge, side)
        return redirect(reverse("admin:pledges_pledge_change", args=[pledge.pk]))

    def _approve_one(self, request, pledge, side=None):
        try:
            given = pledge.approve(request.user, side)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, f"{pledge}: {refusal_text(error)}")
            return False
        if pledge.is_published:
            messages.success(
                request,
                _("%(pledge)s is approved by both sides and published.") % {"pledge": pledge},
            )
        else:
            messages.success(
                request,
                _(
                    "%(pledge)s is approved by %(side)s. "
                    "It is published when the other side approves."
                )
                % {"pledge": pledge, "side": SIDE_NAMES[given]},
            )
        return True

    @admin.action(description=_("Approve selected pledges"))
    def approve_selected(self, request, queryset):
        for pledge in queryset:
            self._approve_one(request, pledge)

    @admin.action(description=_("Carry unfinished activities over to the next pledge"))
    def carry_over_selected(self, request, queryset):
        for pledge in queryset:
            try:
                target, carried = carry_over_unfinished(pledge, request.user)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{pledge}: {refusal_text(error)}")
                continue
            messages.success(
                request,
                _("%(count)d unfinished activities of %(old)s were carried over to %(new)s.")
                % {"count": len(carried), "old": pledge, "new": target},
            )

    def withdraw_view(self, request, object_id):
        pledge = self._get_pledge(request, object_id)
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                pledge.withdraw(request.user, form.cleaned_data["reason"])
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, refusal_text(error))
            else:
                messages.success(
                    request, _("%(pledge)s is withdrawn from the public site.") % {"pledge": pledge}
                )
            return redirect(reverse("admin:pledges_pledge_change", args=[pledge.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Withdraw %(pledge)s") % {"pledge": pledge},
            "pledge": pledge,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/pledges/pledge/withdraw.html", context)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept with the pledge's history. Publishing again needs two new approvals."),
    )


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "pledge", "responsible", "target_count", "target_unit"]
    list_filter = ["responsible", "pledge__police_area"]
    search_fields = ["description", "pledge__title"]
    list_select_related = ["pledge"]
    raw_id_fields = ["carried_over_from"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pledge":
            kwargs["queryset"] = Pledge.objects.editable_by(request.user)
        elif db_field.name == "carried_over_from":
            kwargs["queryset"] = Activity.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.pledge.status != Pledge.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)
