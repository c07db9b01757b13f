"""Admin for medborgarlöften: scoped editing, inlines for the parts, approval and withdrawal.

The pledge form makes a whole pledge in one save: its focus areas, activities and signatories
are inlines, and an activity names its focus areas by their number in the form (“1, 2”), so that
it can be linked to focus areas that are saved in the same request. static/pledges/ turns the
numbers into checkboxes and the hidden positions into arrow buttons; without JavaScript both
still work, in the order the rows are shown.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from dialogue.models import SituationPicture
from followup.services import carry_over_unfinished
from organisations.models import Municipality, Place, PoliceArea, StaffScope
from organisations.scoped_admin import (
    ScopedAdmin,
    ScopedInlineMixin,
    refusal_text,
    without_related_links,
)
from portal.content_language import english_fieldset

from .approvals import approval_lines
from .models import Activity, FocusArea, Pledge, PledgeApproval, Signatory
from .versions import changes_between

APPROVE_BUTTONS = {
    PledgeApproval.Side.MUNICIPALITY: _("Approve for the municipality"),
    PledgeApproval.Side.POLICE: _("Approve for the police"),
}
SIDE_NAMES = {
    PledgeApproval.Side.MUNICIPALITY: _("the municipality"),
    PledgeApproval.Side.POLICE: _("the police"),
}

# Words a title shares with every pledge, and years, which the period adds in a fixed form.
SLUG_NOISE = re.compile(r"^(medborgarl[öo]fte[nt]?|medborgarl[öo]ftena|(19|20)\d\d)$", re.I)


def propose_slug(title, start_date, end_date):
    """The pledge's address from its title and period: “Medborgarlöfte Vaggeryd 2026–2027” →
    vaggeryd-2026-2027. static/pledges/pledge_form.js proposes the same while typing."""
    words = [w for w in re.split(r"[\W_]+", title or "") if w and not SLUG_NOISE.match(w)]
    base = slugify(" ".join(words))[:80].strip("-")
    years = ""
    if start_date and end_date:
        years = (
            str(start_date.year)
            if start_date.year == end_date.year
            else f"{start_date.year}-{end_date.year}"
        )
    return "-".join(part for part in [base, years] if part)


def unique_slug(proposal, exclude_pk=None):
    taken = set(
        Pledge.objects.filter(slug__startswith=proposal)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = proposal, 2
    while slug in taken:
        slug, number = f"{proposal}-{number}", number + 1
    return slug


# Ordered rows: a hidden position instead of an “order” number ------------------------------


class PositionField(forms.IntegerField):
    """The place of an inline row on the page, written by the arrow buttons' script.

    A position alone never makes a row “changed”: an empty row added and left blank stays
    unsaved, and a moved row that is otherwise unchanged gets its new place from
    OrderedInlineFormSet.save()."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return False


class OrderedInlineForm(forms.ModelForm):
    order = PositionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new row goes after the saved ones unless the script gave it a place.
            self.initial["order"] = None
        self.position = self.initial.get("order")

    def clean_order(self):
        self.position = self.cleaned_data.get("order")
        return self.position or 0


class OrderedInlineFormSet(BaseInlineFormSet):
    def kept_forms(self):
        """The rows that exist after saving, in the order the page showed them: by position,
        rows without one (no JavaScript, or new) in the order of the form."""
        kept = []
        for index, form in enumerate(self.forms):
            if not (form.instance.pk or form.has_changed()):
                continue  # an added row left empty
            if self.can_delete and self._should_delete_form(form):
                continue
            position = getattr(form, "position", None)
            kept.append(((position is None, position or 0, index), form))
        return [form for _, form in sorted(kept, key=lambda pair: pair[0])]

    def save(self, commit=True):
        kept = self.kept_forms()
        self.assign_orders(kept)
        saved = super().save(commit)
        for form in kept:
            # Rows that only moved are not saved by the formset; store their new place.
            moved = form.initial.get("order") != form.instance.order
            if form.instance.pk and not form.has_changed() and moved:
                form.instance.save(update_fields=["order"])
        return saved

    @staticmethod
    def assign_orders(kept):
        """Give the rows order values that sort (with the id as tiebreaker) as shown, changing
        as few saved values as possible: the order is part of a version's content, so a save
        that moved nothing must not look like a change waiting for approval."""
        previous = None  # (order, pk) of the row before
        for form in kept:
            pk = form.instance.pk
            saved = form.initial.get("order") if pk else None
            if saved is None:
                fits = False
            elif previous is None:
                fits = True
            else:
                before, before_pk = previous
                fits = saved > before or (
                    saved == before and before_pk is not None and pk > before_pk
                )
            order = saved if fits else (previous[0] + 1 if previous else 0)
            form.instance.order = order
            previous = (order, pk)


# Inlines --------------------------------------------------------------------------------


class NewPledgeRowsMixin:
    """A new pledge starts with empty rows to fill (left empty, they are not saved), so that
    making one takes no “add another” clicks for the usual parts."""

    rows_for_new_pledge = 0

    def get_extra(self, request, obj=None, **kwargs):
        return self.rows_for_new_pledge if obj is None else 0


class FocusAreaInline(NewPledgeRowsMixin, ScopedInlineMixin, admin.StackedInline):
    model = FocusArea
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    rows_for_new_pledge = 2
    fieldsets = [
        (None, {"fields": [("name", "kind", "place"), "description", "order"]}),
        english_fieldset([("name_en", "description_en")]),
    ]
    autocomplete_fields = ["place"]
    classes = ["pf-ordered"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("description", "description_en") and field is not None:
            field.widget.attrs.update(rows=2)
        return field


NUMBERS = re.compile(r"^\s*\d+(\s*[,;\s]\s*\d+)*\s*[,;]?\s*$")


class ActivityInlineForm(OrderedInlineForm):
    focus_area_numbers = forms.CharField(
        label=_("Focus areas (numbers)"),
        required=False,
        max_length=200,
        help_text=_(
            "The numbers of the focus areas above that the activity works for, separated by "
            "commas, e.g. “1, 2”."
        ),
        widget=forms.TextInput(attrs={"class": "pf-focus-numbers", "inputmode": "numeric"}),
    )

    def __init__(self, *args, focus_area_positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and focus_area_positions is not None:
            numbers = sorted(
                focus_area_positions[area.pk]
                for area in self.instance.focus_areas.all()
                if area.pk in focus_area_positions
            )
            self.initial["focus_area_numbers"] = ", ".join(str(n) for n in numbers)

    def clean_focus_area_numbers(self):
        text = self.cleaned_data.get("focus_area_numbers", "").strip()
        if not text:
            return []
        if not NUMBERS.match(text):
            raise ValidationError(
                _("Write the focus areas' numbers separated by commas, e.g. “1, 2”."),
                code="invalid",
            )
        return sorted({int(n) for n in re.findall(r"\d+", text)})


class ActivityFormSet(OrderedInlineFormSet):
    # Set by PledgeAdmin._create_formsets: the focus areas posted in the same form.
    focus_area_formset = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.focus_area_positions = (
            {area.pk: number for number, area in enumerate(self.instance.focus_areas.all(), 1)}
            if self.instance.pk
            else {}
        )

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "focus_area_positions": self.focus_area_positions,
        }

    def kept_focus_area_forms(self):
        areas = self.focus_area_formset
        if areas is None or not areas.is_valid():
            return None
        return areas.kept_forms()

    def clean(self):
        super().clean()
        kept = self.kept_focus_area_forms()
        if kept is None:
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            numbers = form.cleaned_data.get("focus_area_numbers") or []
            missing = [n for n in numbers if not 1 <= n <= len(kept)]
            if missing:
                form.add_error(
                    "focus_area_numbers",
                    ValidationError(
                        _(
                            "There is no focus area number %(numbers)s: the form has "
                            "%(count)s focus areas."
                        )
                        % {"count": len(kept), "numbers": ", ".join(str(n) for n in missing)},
                        code="no_such_focus_area",
                    ),
                )

    def link_focus_areas(self):
        """After every part is saved: link each activity to the focus areas it names."""
        kept = self.kept_focus_area_forms()
        if kept is None:
            return
        areas = [form.instance for form in kept]
        for form in self.kept_forms():
            wanted = [areas[n - 1] for n in form.cleaned_data.get("focus_area_numbers", [])]
            current = {area.pk for area in form.instance.focus_areas.all()}
            if current != {area.pk for area in wanted}:
                form.instance.focus_areas.set(wanted)


class ActivityInline(NewPledgeRowsMixin, ScopedInlineMixin, admin.StackedInline):
    model = Activity
    form = ActivityInlineForm
    formset = ActivityFormSet
    rows_for_new_pledge = 3
    fk_name = "pledge"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "description",
                    ("responsible", "target_count", "target_unit"),
                    "focus_area_numbers",
                    ("places", "carried_over_from"),
                    "order",
                ]
            },
        ),
        english_fieldset(["description_en"]),
    ]
    autocomplete_fields = ["places", "carried_over_from"]
    classes = ["pf-ordered"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("focus_areas", "places")

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("description", "description_en") and field is not None:
            field.widget.attrs.update(rows=2)
        if db_field.name == "carried_over_from":
            without_related_links(field)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        parent = getattr(self, "_parent", None)
        if db_field.name == "places":
            places = Place.objects.editable_by(request.user)
            if parent is not None and parent.pk:
                places = places.filter(municipality__in=parent.municipalities.all())
            kwargs["queryset"] = places
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SignatoryInline(NewPledgeRowsMixin, ScopedInlineMixin, admin.StackedInline):
    # Stacked, one line each: a table's cells would have no labels of their own.
    model = Signatory
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    # Usually the chair of the kommunstyrelse and the head of the local police area.
    rows_for_new_pledge = 2
    fields = [("name", "role", "organisation"), "order"]
    classes = ["pf-ordered"]


class ApprovalInline(ScopedInlineMixin, admin.TabularInline):
    model = PledgeApproval
    extra = 0
    fields = ["side", "version", "user", "approved_at", "is_active", "retired_at", "retired_by"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("approvals (given with the buttons above)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# More kommuner than this to choose from are searched for, not listed as checkboxes.
MANY_KOMMUNER = 12


class PledgeAdminForm(forms.ModelForm):
    # The kommuner go through a model of their own (protected from deletion), which the admin
    # does not edit directly; this field sets them.
    pledge_municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The kommuner that make the pledge with the police; a joint pledge has several. "
            "They cannot be changed once the pledge is saved."
        ),
    )
    # The revision the form was made from: a save from an older one is a conflict.
    edit_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set per request by PledgeAdmin.get_form on the class it makes for that request.
    municipality_queryset = Municipality.objects.none()
    municipalities_editable = True

    class Meta:
        model = Pledge
        fields = [
            "title",
            "slug",
            "police_area",
            "start_date",
            "end_date",
            "signed_on",
            "promise",
            "effect",
            "background",
            "situation_method",
            "follow_up_method",
            "title_en",
            "promise_en",
            "effect_en",
            "situation_picture",
            "previous",
            "page_owner",
            "change_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.municipalities_editable:
            del self.fields["pledge_municipalities"]
        else:
            field = self.fields["pledge_municipalities"]
            if self.municipality_queryset.count() > MANY_KOMMUNER:
                # The portal administrator, who may choose among all 290: a search box.
                field.widget = AutocompleteSelectMultiple(
                    Pledge._meta.get_field("municipalities"), admin.site
                )
                field.widget.is_required = field.required
            field.queryset = self.municipality_queryset  # also gives the widget its choices
            if self.instance.pk:
                self.fields["pledge_municipalities"].initial = list(
                    self.instance.municipalities.all()
                )
        if self.instance.pk:
            self.fields["edit_revision"].initial = self.instance.revision
        if "slug" in self.fields:
            # Left empty, it is proposed from the title and period (see clean()).
            self.fields["slug"].required = False
            self.fields["slug"].widget.attrs.update(
                {"class": "vTextField pf-slug", "data-auto": "" if self.instance.pk else "1"}
            )

    def clean(self):
        cleaned = super().clean()
        self._check_revision(cleaned)
        self._propose_slug(cleaned)
        area = cleaned.get("police_area") or self.instance_police_area()
        municipalities = self.chosen_municipalities()
        if area and municipalities is not None:
            covered = set(area.municipalities.values_list("pk", flat=True))
            outside = [m.name for m in municipalities if m.pk not in covered]
            if outside:
                self.add_error(
                    "pledge_municipalities" if "pledge_municipalities" in self.fields else None,
                    _("%(area)s does not cover %(names)s. Choose the police area of the kommun.")
                    % {"area": area, "names": ", ".join(outside)},
                )
        picture = cleaned.get("situation_picture")
        own = {m.pk for m in municipalities or []}
        if (
            picture is not None
            and municipalities is not None
            and picture.municipality_id not in own
        ):
            self.add_error(
                "situation_picture",
                _("Choose a situation picture of one of the pledge's own municipalities."),
            )
        return cleaned

    def _propose_slug(self, cleaned):
        if "slug" not in self.fields or self.has_error("slug"):
            return
        proposal = propose_slug(
            cleaned.get("title"), cleaned.get("start_date"), cleaned.get("end_date")
        )
        if cleaned.get("slug"):
            # The script's proposal, already taken by another pledge: the next free one, as
            # for an empty field. An address typed by hand is kept (and refused if taken).
            if cleaned["slug"] == proposal:
                cleaned["slug"] = unique_slug(proposal, exclude_pk=self.instance.pk)
            return
        if proposal:
            cleaned["slug"] = unique_slug(proposal, exclude_pk=self.instance.pk)
        elif cleaned.get("title"):
            self.add_error(
                "slug", _("Give the pledge an address of letters, e.g. vaggeryd-2026-2027.")
            )

    def _check_revision(self, cleaned):
        """Refuse a save made from a form older than the last save, naming what is saved now."""
        if not self.instance.pk:
            return
        saved = Pledge.objects.select_related("updated_by").get(pk=self.instance.pk)
        if cleaned.get("edit_revision") == saved.revision:
            return
        # Saving again from the form shown with this message is a choice made knowingly.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_revision")] = str(saved.revision)
        differing = [
            f"{self.fields[name].label}: “{getattr(saved, name)}”"
            for name in PledgeAdminForm.Meta.fields
            if name in self.fields and name in cleaned and cleaned[name] != getattr(saved, name)
        ]
        who = saved.updated_by
        raise ValidationError(
            _(
                "%(who)s saved this pledge at %(when)s, after you opened it. Nothing of yours "
                "was saved and what you typed is still in the form. Saved now: %(saved)s. "
                "Compare, then save again."
            )
            % {
                "who": (who.get_full_name() or who.get_username()) if who else _("Someone"),
                "when": timezone.localtime(saved.updated_at).strftime("%Y-%m-%d %H:%M"),
                "saved": "; ".join(differing) or _("the same fields, other parts differ"),
            },
            code="conflict",
        )

    def chosen_municipalities(self):
        if "pledge_municipalities" in self.fields:
            return self.cleaned_data.get("pledge_municipalities")
        return list(self.instance.municipalities.all()) if self.instance.pk else None

    def instance_police_area(self):
        return self.instance.police_area if self.instance.police_area_id else None


class OwnOnlyFilter(admin.RelatedOnlyFieldListFilter):
    """Only the kommuner (or police areas) of the pledges the user sees, never all 290. Every
    pledge has one, so there is no “none” choice, and a single choice is left out."""

    @property
    def include_empty_choice(self):
        return False


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
    list_display = ["title", "municipality_names", "period", "status", "updated_at"]
    # Only the kommuner and police areas of the pledges the user sees: never all 290.
    list_filter = [
        "status",
        YearFilter,
        ("municipalities", OwnOnlyFilter),
        ("police_area", OwnOnlyFilter),
    ]
    search_fields = ["title", "slug", "promise", "municipalities__name", "police_area__name"]
    list_select_related = ["police_area"]
    inlines = [FocusAreaInline, ActivityInline, SignatoryInline, ApprovalInline]
    autocomplete_fields = ["previous", "situation_picture", "page_owner"]
    actions = ["approve_selected", "carry_over_selected"]
    readonly_fields = [
        "status",
        "published_version",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "updated_by",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("pledge_municipalities", "police_area"),
                    "title",
                    ("start_date", "end_date", "signed_on"),
                    "slug",
                    "edit_revision",
                ]
            },
        ),
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
        english_fieldset(
            ["title_en", "promise_en", "effect_en"],
            _(
                "The English pages show these instead of the Swedish title, promise and "
                "expected effect. They are approved together with the rest of the pledge."
            ),
        ),
        (_("Links and page"), {"fields": ["situation_picture", "previous", "page_owner"]}),
        (
            _("Publication"),
            {
                "classes": ["collapse"],
                "fields": [
                    "status",
                    "published_version",
                    "published_at",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "updated_by",
                ],
            },
        ),
    ]
    change_form_template = "admin/pledges/pledge/change_form.html"

    class Media:
        css = {"all": ["pledges/pledge_admin.css"]}
        js = ["pledges/pledge_form.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            # Nothing is published or withdrawn before the first save.
            fieldsets = fieldsets[:-1]
        if obj is not None and obj.published_version_id:
            # Only a pledge that residents have seen is changed with a reason.
            fieldsets.insert(
                -1, (_("Change of the published pledge"), {"fields": ["change_reason"]})
            )
        if obj is not None and not StaffScope.of(request.user).is_superuser:
            # Staff cannot move a pledge to another kommun or police area.
            def shown(name):
                return "municipalities" if name == "pledge_municipalities" else name

            first = dict(fieldsets[0][1])
            first["fields"] = [
                tuple(shown(n) for n in row) if isinstance(row, tuple) else shown(row)
                for row in first["fields"]
            ]
            fieldsets[0] = (fieldsets[0][0], first)
        return fieldsets

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            # Approvals are given with buttons on a saved pledge.
            inlines = [inline for inline in inlines if not isinstance(inline, ApprovalInline)]
        return inlines

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.TextField) and field is not None:
            # Room for a paragraph; the box grows as the person types past it.
            field.widget.attrs.update(rows=5 if db_field.name == "promise" else 3)
        if db_field.name == "previous":
            without_related_links(field)
        return field

    def get_changeform_initial_data(self, request):
        """A coordinator of one kommun starts with it, and its police area, chosen."""
        initial = super().get_changeform_initial_data(request)
        kommuner = list(Municipality.objects.editable_by(request.user)[:2])
        if len(kommuner) == 1:
            initial.setdefault("pledge_municipalities", kommuner)
        areas = list(PoliceArea.objects.editable_by(request.user)[:2])
        if len(areas) == 1:
            initial.setdefault("police_area", areas[0].pk)
        return initial

    def _create_formsets(self, request, obj, change):
        # Django offers no public hook for formsets that read each other: an activity names
        # focus areas by their number in the same form, so its formset needs theirs.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        areas = next(
            (f for f in formsets if isinstance(f.instance, Pledge) and f.model is FocusArea), None
        )
        for formset in formsets:
            if isinstance(formset, ActivityFormSet):
                formset.focus_area_formset = areas
        return formsets, inline_instances

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not StaffScope.of(request.user).is_superuser:
            readonly += ["municipalities", "police_area"]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A class made for this request: setting the choices on it cannot leak to another user.
        form.municipality_queryset = Municipality.objects.editable_by(request.user)
        # Staff cannot move a pledge to another kommun (see get_fieldsets).
        form.municipalities_editable = obj is None or StaffScope.of(request.user).is_superuser
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Police area and earlier pledge: the base class offers their editable_by rows.
        if db_field.name == "situation_picture":
            # Narrowed to the pledge's own kommuner by the form; here, to the user's reach.
            kwargs["queryset"] = SituationPicture.objects.editable_by(request.user).select_related(
                "municipality"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Pledge.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if "pledge_municipalities" in form.cleaned_data:
            form.instance.municipalities.set(form.cleaned_data["pledge_municipalities"])
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if isinstance(formset, ActivityFormSet):
                formset.link_focus_areas()
        for approval in form.instance.record_edit(request.user):
            messages.warning(
                request,
                _(
                    "The approval of %(side)s (version %(number)s) no longer applies: the pledge "
                    "changed after it. Both sides approve the new version."
                )
                % {"side": SIDE_NAMES[approval.side], "number": approval.version.number},
            )

    @admin.display(description=_("municipalities"))
    def municipality_names(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())

    @admin.display(description=_("period"), ordering="start_date")
    def period(self, obj):
        # Each date stays on one line; the period wraps only between them.
        return format_html(
            '<span class="pf-nowrap">{}</span> – <span class="pf-nowrap">{}</span>',
            f"{obj.start_date:%Y-%m-%d}",
            f"{obj.end_date:%Y-%m-%d}",
        )

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
            pending = obj.has_unpublished_changes()
            given = set(obj.pending_approvals().values_list("side", flat=True))
            context["approval_buttons"] = [
                (side, APPROVE_BUTTONS[side])
                for side in obj.approval_sides_for(request.user)
                if pending and side not in given
            ]
            context["approval_lines"] = approval_lines(obj)
            context["can_withdraw"] = bool(obj.approval_sides_for(request.user)) or (
                StaffScope.of(request.user).is_superuser
            )
            context["has_unpublished_changes"] = pending
            if obj.published_version_id and pending:
                context["unpublished_changes"] = changes_between(
                    obj.published_version.content, obj.snapshot()
                )
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
        # Approved from the start page's “Att göra”: back there, never to another site.
        back = request.POST.get("next", "")
        if back == reverse("admin:index"):
            return redirect(back)
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


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "pledge",
            "description",
            "description_en",
            "responsible",
            "target_count",
            "target_unit",
            "focus_areas",
            "places",
            "carried_over_from",
        ]
        # The place among the pledge's activities is set with the arrows in the pledge form.
        widgets = {"focus_areas": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        pledge = cleaned.get("pledge") or (
            self.instance.pledge if self.instance.pledge_id else None
        )
        foreign = [
            a
            for a in cleaned.get("focus_areas") or []
            if a.pledge_id != getattr(pledge, "pk", None)
        ]
        if foreign:
            self.add_error(
                "focus_areas", _("An activity can only have focus areas of its own pledge.")
            )
        return cleaned


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin, SimpleHistoryAdmin):
    form = ActivityAdminForm
    list_display = ["__str__", "pledge", "responsible", "target_count", "target_unit"]
    list_filter = ["responsible", "pledge__police_area"]
    search_fields = ["description", "pledge__title"]
    list_select_related = ["pledge"]
    autocomplete_fields = ["carried_over_from", "places"]

    class Media:
        css = {"all": ["pledges/pledge_admin.css"]}

    def get_form(self, request, obj=None, **kwargs):
        self._activity = obj
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            # A new activity goes last in its pledge.
            last = obj.pledge.activities.aggregate(last=models.Max("order"))["last"]
            obj.order = 0 if last is None else last + 1
        super().save_model(request, obj, form, change)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "focus_areas":
            activity = getattr(self, "_activity", None)
            if activity is not None:
                kwargs["queryset"] = FocusArea.objects.filter(pledge=activity.pledge_id)
            else:
                # A new activity: the form checks that they belong to the chosen pledge.
                kwargs["queryset"] = FocusArea.objects.filter(
                    pledge__in=Pledge.objects.editable_by(request.user)
                ).select_related("pledge")
                field = super().formfield_for_manytomany(db_field, request, **kwargs)
                # Several pledges have a “Trafiksäkerhet”: say whose each one is.
                field.label_from_instance = lambda area: f"{area.pledge}: {area}"
                return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An activity is part of the pledge's working copy: a change retires approvals.
        form.instance.pledge.record_edit(request.user)

    def delete_model(self, request, obj):
        pledge = obj.pledge
        super().delete_model(request, obj)
        pledge.record_edit(request.user)

    def delete_queryset(self, request, queryset):
        pledges = list(Pledge.objects.filter(activities__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for pledge in pledges:
            pledge.record_edit(request.user)
