"""The admin's half of the security boundary: staff work only within their organisations.

Every admin class for objects that belong to a kommun or police area inherits ScopedAdmin.
Its queryset comes from the model's `editable_by(user)` QuerySet method, so a direct URL to
another kommun's object finds nothing, and choice fields offer only the user's own kommuner,
police areas and places. History pages only show earlier versions (ReadOnlyHistoryMixin), and
the "view on site" shortcut answers only inside the scope (view_on_site).
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import ContactPerson, Municipality, Place, PoliceArea
from .scope import StaffScope


def municipality_choices(user):
    scope = StaffScope.of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.reach_municipality_ids)


def own_municipality_choices(user):
    scope = StaffScope.of(user)
    if scope.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=scope.municipality_ids)


def own_police_area_choices(user):
    scope = StaffScope.of(user)
    if scope.is_superuser:
        return PoliceArea.objects.all()
    return PoliceArea.objects.filter(pk__in=scope.police_area_ids)


def police_area_choices(user):
    """Police areas a user may attach objects to: their own, or those covering their kommuner."""
    scope = StaffScope.of(user)
    if scope.is_superuser:
        return PoliceArea.objects.all()
    return PoliceArea.objects.filter(
        Q(pk__in=scope.police_area_ids) | Q(municipalities__in=scope.municipality_ids)
    ).distinct()


class ScopedChoicesMixin:
    """Limits choice fields that point at kommuner, police areas and places to the user's own."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # setdefault: an admin class may narrow or widen a field before calling super().
        model = db_field.related_model
        if model is Municipality:
            kwargs.setdefault("queryset", own_municipality_choices(request.user))
        elif model is PoliceArea:
            kwargs.setdefault("queryset", own_police_area_choices(request.user))
        elif model is Place:
            kwargs.setdefault(
                "queryset", Place.objects.editable_by(request.user).select_related("municipality")
            )
        elif model is ContactPerson:
            kwargs.setdefault("queryset", ContactPerson.objects.editable_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.related_model
        if model is Municipality:
            kwargs.setdefault("queryset", municipality_choices(request.user))
        elif model is Place:
            kwargs.setdefault(
                "queryset", Place.objects.editable_by(request.user).select_related("municipality")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedPermissionsMixin:
    """Membership in a kommun or police area is the permission: no per-model groups to manage."""

    def _can_work(self, request):
        return StaffScope.of(request.user).can_work

    def has_module_permission(self, request):
        return self._can_work(request)

    def has_view_permission(self, request, obj=None):
        return self._can_work(request)

    def has_add_permission(self, request, *args):
        return self._can_work(request)

    def has_change_permission(self, request, obj=None):
        return self._can_work(request)

    def has_delete_permission(self, request, obj=None):
        return self._can_work(request)


class ReadOnlyHistoryMixin:
    """Earlier versions in django-simple-history's admin can be read, never saved back.

    A revert would save the old row whole, status and publication fields included, past every
    approval, publishing and correction rule. Put it before SimpleHistoryAdmin in the bases;
    ScopedAdmin already carries it.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves any valid POST here; its "revert disabled" only hides the button.
        # Refused as forbidden for everyone alike, so the answer says nothing about the object.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        adminform = context.get("adminform")
        if adminform is not None:
            # The version page would show editable inputs for a form that cannot be sent;
            # show every field as text, as Django does for users with view permission only.
            context["adminform"] = helpers.AdminForm(
                adminform.form,
                adminform.fieldsets,
                {},
                readonly_fields=flatten_fieldsets(adminform.fieldsets),
                model_admin=self,
            )
        return super().render_history_view(request, template, context, **kwargs)


class ScopedAdmin(
    ReadOnlyHistoryMixin, ScopedPermissionsMixin, ScopedChoicesMixin, admin.ModelAdmin
):
    """Object-level checks too: views that look objects up by themselves (history, revert)
    still ask these permissions with the object, and get no for another kommun's."""

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def _in_scope(self, request, obj):
        if obj is None or obj.pk is None or StaffScope.of(request.user).is_superuser:
            return True
        checked = request.__dict__.setdefault("_scoped_objects", {})
        key = (self.model, obj.pk)
        if key not in checked:
            checked[key] = self.get_queryset(request).filter(pk=obj.pk).exists()
        return checked[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)


class ScopedInlineMixin(ScopedPermissionsMixin, ScopedChoicesMixin):
    """Inlines live inside a scoped parent, so they share its permissions and choices."""


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for objects the user's admin lets them view.

    Django's own shortcut redirects any staff user to any object's address, which names
    another kommun's drafts. portal/urls.py routes the admin's view_on_site URL here instead.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, ValueError, OverflowError, NotRegistered) as error:
        raise Http404 from error
    # get_object() looks in the admin's scoped queryset and answers None for a malformed id.
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


def refusal_text(error):
    """What to tell staff when a domain action refused: a ValidationError's or PermissionDenied's
    message, for the admin's message list."""
    messages = getattr(error, "messages", None)
    return " ".join(messages) if messages else str(error)
