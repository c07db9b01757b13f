"""Administrators see who uses two-step login and reset it for someone who lost their phone.

django-otp's own device admins show each secret key and a QR code to set up a copy of the
app; they are removed here, so no secret can be read in the admin once a device is set up.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.scoped_admin import SuperuserOnlyMixin

from . import services
from .models import StaffTwoFactor, TwoFactorEvent

for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class TwoFactorStatusFilter(admin.SimpleListFilter):
    title = _("two-step login")
    parameter_name = "tvastegsinloggning"

    def lookups(self, request, model_admin):
        return [("pa", _("On")), ("av", _("Off"))]

    def queryset(self, request, queryset):
        if self.value() == "pa":
            return queryset.filter(two_factor_on=True)
        if self.value() == "av":
            return queryset.filter(two_factor_on=False)
        return queryset


class ReadOnlyForSuperusers(SuperuserOnlyMixin):
    """Read by the portal administrator; changed only through the reset action."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TwoFactorEventInline(ReadOnlyForSuperusers, admin.TabularInline):
    model = TwoFactorEvent
    fk_name = "user"
    fields = ["created_at", "kind", "actor_name"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("What has happened")


@admin.register(StaffTwoFactor)
class StaffTwoFactorAdmin(ReadOnlyForSuperusers, admin.ModelAdmin):
    list_display = ["username", "full_name", "status", "recovery_codes", "app_last_used"]
    list_filter = [TwoFactorStatusFilter, "is_superuser", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username", "pk"]
    fields = ["username", "full_name", "status", "recovery_codes", "app_last_used"]
    readonly_fields = fields
    inlines = [TwoFactorEventInline]
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        apps = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        codes = (
            StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
            .order_by()
            .values("device__user")
            .annotate(count=Count("pk"))
            .values("count")
        )
        # Staff, and anyone who left the staff with an app still set up (so it can be reset).
        return (
            super()
            .get_queryset(request)
            .annotate(
                two_factor_on=Exists(apps),
                recovery_code_count=Subquery(codes),
                last_used=Subquery(apps.order_by("-last_used_at").values("last_used_at")[:1]),
            )
            .filter(Q(is_staff=True) | Q(two_factor_on=True))
        )

    @admin.display(description=_("name"))
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("two-step login"), boolean=True, ordering="two_factor_on")
    def status(self, user):
        return user.two_factor_on

    @admin.display(description=_("unused recovery codes"))
    def recovery_codes(self, user):
        return user.recovery_code_count or 0

    @admin.display(description=_("code last used"), ordering="last_used")
    def app_last_used(self, user):
        # Read-only fields print a method's None as “None”: say it as the lists do.
        if user.last_used is None:
            return self.get_empty_value_display()
        return date_format(timezone.localtime(user.last_used), "j F Y H:i")

    @admin.action(description=_("Reset two-step login (lost phone)"))
    def reset_two_factor(self, request, queryset):
        users = list(queryset.filter(two_factor_on=True))
        if not users:
            self.message_user(
                request, _("None of the chosen accounts uses two-step login."), messages.WARNING
            )
            return None
        if request.POST.get("post") == "yes":
            for user in users:
                services.turn_off(user, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "Two-step login was reset for %(count)d account. It sets up again at its "
                    "next login (administrators must).",
                    "Two-step login was reset for %(count)d accounts. They set up again at their "
                    "next login (administrators must).",
                    len(users),
                )
                % {"count": len(users)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "twofactor/reset_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reset two-step login?"),
                "opts": self.model._meta,
                "users": users,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
