"""The admin's half of the security boundary: staff work only within their organisations.

One scope vocabulary: every model that belongs to a kommun or police area answers
`editable_by(user)` on its QuerySet (kommuner and police areas too; see StaffScope in
organisations/models.py). Every admin class for such objects inherits ScopedAdmin, which asks
that one method for everything a page shows or offers:

- the admin's own queryset (changelist, change, delete, history, actions, exports), so a direct
  URL to another kommun's object finds nothing;
- the choices of every foreign key and many-to-many field (ScopedChoicesMixin);
- the choices of every related-field list filter (ScopedRelatedFieldListFilter);
- autocompletes, which Django answers from the target admin's queryset (ScopedAdmin's own, or
  ScopedLookupMixin's for the reference data of kommuner and police areas).

History pages only show earlier versions (ReadOnlyHistoryMixin), and the "view on site"
shortcut answers only inside the scope (view_on_site).
"""

import functools

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import NotRelationField, flatten_fieldsets, get_fields_from_path
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.urls import URLPattern

from .history_display import ReadableHistoryValues
from .models import StaffScope


def scoped_rows(model, user, method="editable_by"):
    """Rows of model the user may work with, by the model's own QuerySet method; None when the
    model belongs to no organisation (users, for instance) and so has no such method."""
    manager = model._default_manager
    found = getattr(manager, method, None) or getattr(manager, "editable_by", None)
    return found(user) if found is not None else None


class ScopedChoicesMixin:
    """Every foreign key and many-to-many field offers only rows the user may work with.

    The related model's editable_by(user) decides, whatever the model. An admin class whose
    records speak for an organisation itself (contact persons) sets organisation_choices to
    "owned_by", so kommuner and police areas are those the user is a member of. An admin class
    may still narrow a field further by passing queryset= before calling super().
    """

    organisation_choices = "editable_by"

    def scoped_choices(self, model, request):
        return scoped_rows(model, request.user, self.organisation_choices)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            rows = self.scoped_choices(db_field.related_model, request)
            if rows is not None:
                kwargs["queryset"] = rows
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            rows = self.scoped_choices(db_field.related_model, request)
            if rows is not None:
                kwargs["queryset"] = rows
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter that lists only the rows the user may work with: a coordinator's
    kommun filter lists their kommuner, not all 290; police see only their police areas."""

    def field_choices(self, field, request, model_admin):
        method = getattr(model_admin, "organisation_choices", "editable_by")
        rows = scoped_rows(field.related_model, request.user, method)
        if rows is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            ordering=ordering,
            limit_choices_to={"pk__in": rows.values("pk")},
        )


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

    def get_historical_record_context_helper(self, request, historical_record):
        # Changes listed in words ("Utkast → Publicerad"), not Python values ("draft", "None").
        return ReadableHistoryValues(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        adminform = context.get("adminform")
        if adminform is not None:
            # The version page would show editable inputs for a form that cannot be sent;
            # show every field as text, as Django does for users with view permission only.
            fieldsets = self._fieldsets_of_a_saved_version(adminform.fieldsets)
            context["adminform"] = helpers.AdminForm(
                adminform.form,
                fieldsets,
                {},
                readonly_fields=flatten_fieldsets(fieldsets),
                model_admin=self,
            )
        return super().render_history_view(request, template, context, **kwargs)

    def _fieldsets_of_a_saved_version(self, fieldsets):
        """The fieldsets without what only a form being sent has (a correction's reason, the
        revision the form was made from): a saved version has no value for them ("None")."""

        def stored(name):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                return hasattr(self, name) or hasattr(self.model, name)
            return field.concrete or (field.many_to_many and not field.auto_created)

        result = []
        for title, options in fieldsets:
            fields = []
            for line in options.get("fields", ()):
                if isinstance(line, (list, tuple)):
                    line = [name for name in line if stored(name)]
                    if line:
                        fields.append(line)
                elif stored(line):
                    fields.append(line)
            result.append((title, {**options, "fields": fields}))
        return result


class ScopedAdmin(
    ReadOnlyHistoryMixin, ScopedPermissionsMixin, ScopedChoicesMixin, admin.ModelAdmin
):
    """Object-level checks too: views that look objects up by themselves (history, revert)
    still ask these permissions with the object, and get no for another kommun's."""

    # Long forms (a pledge, a report): save without scrolling to the end.
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    @property
    def urls(self):
        """Every page of the admin class, the buttons and exports subclasses add in get_urls()
        included, first asks the view permission: a custom view that only looks its object up
        in the queryset would answer staff without a membership "not found" where the rest of
        the admin says forbidden."""
        return [
            URLPattern(url.pattern, self._guarded(url.callback), url.default_args, url.name)
            for url in self.get_urls()
        ]

    def _guarded(self, view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            # Visitors who are not signed-in staff are sent to the login by the view itself.
            if self.admin_site.has_permission(request) and not self.has_view_permission(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    def get_list_filter(self, request):
        """Related fields named in list_filter get the scoped filter, without each admin class
        having to remember it."""
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if not isinstance(entry, str):
            return entry
        try:
            field = get_fields_from_path(self.model, entry)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return entry
        if field.is_relation and hasattr(field.related_model._default_manager, "editable_by"):
            return (entry, ScopedRelatedFieldListFilter)
        return entry

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


class SuperuserOnlyMixin:
    """Pages for the portal administrator alone: people, their access, reference records."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ScopedInlineMixin(ScopedPermissionsMixin, ScopedChoicesMixin):
    """Inlines live inside a scoped parent, so they share its permissions and choices."""


class ScopedLookupMixin:
    """Reference data (kommuner, police areas) is edited by superusers only, but scoped staff
    pick it in their forms: an autocomplete request from them is answered, with the rows they
    may attach records to (the model's editable_by) and nothing else. Every other page of the
    admin stays closed to them."""

    def _scoped_lookup(self, request):
        match = request.resolver_match
        return (
            match is not None
            and match.url_name == "autocomplete"
            and match.namespace == self.admin_site.name
            and StaffScope.of(request.user).can_work
        )

    def has_view_permission(self, request, obj=None):
        if super().has_view_permission(request, obj):
            return True
        return obj is None and self._scoped_lookup(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._scoped_lookup(request) and not super().has_view_permission(request):
            return queryset.editable_by(request.user)
        return queryset


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


def without_related_links(field):
    """A choice of an existing object only: no buttons to add, edit or view one from inside the
    form (an earlier pledge, a kommun of an invitation)."""
    widget = getattr(field, "widget", None)
    for name in ["can_add_related", "can_change_related", "can_delete_related", "can_view_related"]:
        if hasattr(widget, name):
            setattr(widget, name, False)
    return field


def refusal_text(error):
    """What to tell staff when a domain action refused: a ValidationError's or PermissionDenied's
    message, for the admin's message list."""
    messages = getattr(error, "messages", None)
    return " ".join(messages) if messages else str(error)
