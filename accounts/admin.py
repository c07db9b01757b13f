"""The administrator's pages for people: invitations, and users with their memberships.

Only superusers see them. Staff access is not ticked by hand: it follows membership
(accounts.receivers), and a person who did something in the portal is deactivated, not deleted.
"""

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from organisations.scoped_admin import SuperuserOnlyMixin, without_related_links

from . import services
from .forms import InvitationForm
from .models import Invitation

logger = logging.getLogger(__name__)
User = get_user_model()


def send_or_warn(request, send, invitation):
    """Send an invitation's link; a mail server that fails leaves a message, not a 500."""
    try:
        send()
    except Exception:
        logger.exception("Could not send invitation %s", invitation.pk)
        messages.error(
            request,
            gettext(
                "The invitation to %(email)s is saved, but the e-mail could not be sent. "
                "Check the e-mail settings and press “Send again”."
            )
            % {"email": invitation.email},
        )
        return False
    messages.success(
        request,
        gettext("An e-mail with the link was sent to %(email)s. The link works until %(date)s.")
        % {
            "email": invitation.email,
            "date": formats.date_format(invitation.expires_at, "DATETIME_FORMAT"),
        },
    )
    return True


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.Status.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        waiting = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        return {
            Invitation.Status.PENDING: waiting.filter(expires_at__gt=now),
            Invitation.Status.EXPIRED: waiting.filter(expires_at__lte=now),
            Invitation.Status.ACCEPTED: queryset.filter(accepted_at__isnull=False),
            Invitation.Status.REVOKED: queryset.filter(
                accepted_at__isnull=True, revoked_at__isnull=False
            ),
        }.get(self.value(), queryset)


@admin.register(Invitation)
class InvitationAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    form = InvitationForm
    list_display = [
        "name",
        "email",
        "role",
        "organisation_display",
        "status_display",
        "created_at",
        "expires_at",
        "invited_by",
    ]
    list_filter = [InvitationStatusFilter, "role"]
    search_fields = ["name", "email", "municipality__name", "police_area__name"]
    list_select_related = ["municipality", "police_area", "invited_by"]
    actions = ["resend_selected", "revoke_selected"]
    autocomplete_fields = ["municipality", "police_area"]
    add_fields = ["email", "name", "role", "municipality", "police_area"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A kommun or police area is chosen here, never made or edited.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return without_related_links(field)

    info_fields = [
        "status_display",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_user",
        "revoked_at",
    ]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else [*self.add_fields, *self.info_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*self.add_fields, *self.info_fields]

    def has_delete_permission(self, request, obj=None):
        # Revoked, not deleted: who was given access, and by whom, stays on record.
        return False

    @admin.display(description=_("municipality or police area"))
    def organisation_display(self, obj):
        return obj.organisation_name

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.status.label

    def has_change_permission(self, request, obj=None):
        # An invitation sent is a record: what it offered stays as it was (shown read-only).
        return super().has_change_permission(request, obj) and obj is None

    def save_model(self, request, obj, form, change):
        obj.invited_by = request.user
        token = obj.new_link_token()
        obj.save()
        send_or_warn(request, lambda: services.send_invitation(obj, token, request), obj)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/skicka-igen/",
                self.admin_site.admin_view(self.resend_view),
                name="accounts_invitation_resend",
            ),
            path(
                "<path:object_id>/aterkalla/",
                self.admin_site.admin_view(self.revoke_view),
                name="accounts_invitation_revoke",
            ),
        ]
        return own + super().get_urls()

    def get_invitation(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        invitation = self.get_object(request, unquote(object_id))
        if invitation is None:
            raise Http404
        return invitation

    def resend(self, request, invitation):
        if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.REVOKED):
            messages.error(
                request,
                gettext("The invitation to %(email)s is %(status)s: no new link was sent.")
                % {"email": invitation.email, "status": invitation.status.label.lower()},
            )
            return
        send_or_warn(request, lambda: services.resend(invitation, request), invitation)

    def revoke(self, request, invitation):
        if invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.REVOKED):
            messages.error(
                request,
                gettext("The invitation to %(email)s is %(status)s already.")
                % {"email": invitation.email, "status": invitation.status.label.lower()},
            )
            return
        services.revoke(invitation)
        messages.success(
            request,
            gettext("The invitation to %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )

    def back_to(self, invitation):
        return HttpResponseRedirect(
            reverse("admin:accounts_invitation_change", args=[invitation.pk])
        )

    def resend_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        invitation = self.get_invitation(request, object_id)
        self.resend(request, invitation)
        return self.back_to(invitation)

    def revoke_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        invitation = self.get_invitation(request, object_id)
        self.revoke(request, invitation)
        return self.back_to(invitation)

    @admin.action(description=_("Send a new link to the selected invitations"))
    def resend_selected(self, request, queryset):
        for invitation in queryset:
            self.resend(request, invitation)

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke_selected(self, request, queryset):
        for invitation in queryset:
            self.revoke(request, invitation)


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["role", "municipality", "police_area"]
    autocomplete_fields = ["municipality", "police_area"]
    extra = 0
    verbose_name = _("membership")
    verbose_name_plural = _(
        "Memberships: the municipalities and police areas this person works for"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", "police_area")


# Django registers its own user admin and groups; the portal's access is membership alone.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("is_active", "is_superuser", "staff_access")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["staff_access", "last_login", "date_joined"]
    inlines = [MembershipInline]
    list_display = [
        "username",
        "full_name",
        "email",
        "organisations",
        "is_active",
        "is_superuser",
        "last_login",
    ]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    filter_horizontal = []
    actions = ["deactivate_selected"]
    delete_confirmation_template = "admin/auth/user/delete_confirmation.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("municipality", "police_area"),
                )
            )
        )

    def get_inlines(self, request, obj):
        # Memberships are added on the user's page once the account exists.
        return self.inlines if obj is not None else []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "is_active":
            field.help_text = _(
                "Untick to close the account: the person can no longer log in, and their name "
                "stays on what they did. “Deactivate” also removes their memberships."
            )
        elif db_field.name == "is_superuser":
            field.help_text = _(
                "The portal administrator: sees and changes everything, invites people and "
                "manages kommuner and police areas. Others need a membership below."
            )
        elif db_field.name == "username":
            field.help_text = _("Invited people log in with their e-mail address.")
        return field

    @admin.display(description=_("full name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("works for"))
    def organisations(self, obj):
        return ", ".join(
            str(m.municipality.full_name if m.municipality else m.police_area)
            for m in obj.memberships.all()
        )

    @admin.display(description=_("staff access"))
    def staff_access(self, obj):
        if not obj.is_active:
            return gettext("No: the account is closed.")
        if obj.is_superuser:
            return gettext("Yes, as the portal administrator.")
        if obj.is_staff:
            return gettext("Yes, through the memberships below.")
        return gettext(
            "No: without a membership below the person cannot log in to the administration."
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Memberships keep is_staff in step themselves; ticking superuser changes it too.
        services.staff_follows_membership(form.instance.pk)

    # Deleting and deactivating.

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for user in objs:
            summary = services.record_summary(user)
            if summary:
                protected.append(
                    gettext("%(user)s did things in the portal: %(records)s")
                    % {"user": user, "records": "; ".join(summary)}
                )
        return deleted, model_count, perms_needed, protected

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/inaktivera/",
                self.admin_site.admin_view(self.deactivate_view),
                name="auth_user_deactivate",
            )
        ]
        return own + super().get_urls()

    def deactivate_view(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if request.method == "POST":
            self.deactivate(request, user)
            return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Deactivate %(user)s") % {"user": user},
            "original": user,
            "memberships": user.memberships.select_related("municipality", "police_area"),
        }
        return TemplateResponse(request, "admin/auth/user/deactivate.html", context)

    def deactivate(self, request, user):
        if user.pk == request.user.pk:
            messages.error(request, gettext("You cannot deactivate your own account."))
            return
        services.deactivate(user)
        messages.success(
            request,
            gettext(
                "%(user)s is deactivated: they can no longer log in and belong to no "
                "organisation. Their name stays on what they did."
            )
            % {"user": user},
        )

    @admin.action(description=_("Deactivate the selected users"))
    def deactivate_selected(self, request, queryset):
        for user in queryset:
            self.deactivate(request, user)
