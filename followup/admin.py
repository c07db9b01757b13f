"""Admin for follow-ups: drafting by both sides, publishing by the police, corrections after."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic

from organisations.scoped_admin import ScopedAdmin, ScopedInlineMixin, refusal_text

from .models import ActivityUpdate, FollowUpReport, Indicator, IndicatorValue
from .services import due_follow_ups
from .views import report_context


class FrozenWhenPublishedMixin:
    """Drafts are edited by both sides; a published report only by its police, as a correction."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not obj.can_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)


class ActivityUpdateInline(FrozenWhenPublishedMixin, ScopedInlineMixin, admin.StackedInline):
    model = ActivityUpdate
    extra = 0
    can_delete = False
    fields = [
        "activity_text",
        ("status", "achieved"),
        "narrative",
        ("evidence_url", "evidence_file"),
    ]
    readonly_fields = ["activity_text"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return False  # one row per activity is made with the report

    @admin.display(description=_("activity"))
    def activity_text(self, update):
        """The activity as the report shows it: as published, or as the pledge's published
        version has it now (never the working copy, which may hold unapproved changes)."""
        if not (update.report.is_published and update.is_frozen):
            update = copy.copy(update)  # the form's own instance keeps what it was loaded with
            update.show_activity(update.report.shown_activities.get(update.activity_id))
        if update.activity_target_count:
            return _("%(activity)s (target: %(count)s %(unit)s)") % {
                "activity": update.activity_description,
                "count": update.activity_target_count,
                "unit": update.activity_target_unit,
            }
        return update.activity_description


class IndicatorValueInline(FrozenWhenPublishedMixin, ScopedInlineMixin, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["indicator", "value"]

    def get_formset(self, request, obj=None, **kwargs):
        self._report = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            report = getattr(self, "_report", None)
            kwargs["queryset"] = Indicator.objects.filter(
                pledge=report.pledge_id if report else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FollowUpReportForm(forms.ModelForm):
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The report is published: every change is shown publicly with this reason."),
    )

    # The revision of the report this form was made from (see FollowUpReport.revision).
    # Read as text: a hidden field's own error would show nowhere, so a missing or garbled
    # value is refused by clean() with a message at the top of the form.
    base_revision = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUpReport
        fields = ["pledge", "year", "tertial", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_revision"].initial = self.instance.revision
        if self.instance.pk and self.instance.is_published:
            self.fields["correction_reason"].required = True
            self.fields["correction_reason"].error_messages["required"] = _(
                "A published report changes only with a correction: give the reason."
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            base = cleaned_data.get("base_revision", "")
            self._refuse_stale_form(int(base) if base.isdecimal() and len(base) < 10 else None)
        return cleaned_data

    def _refuse_stale_form(self, base):
        """Someone saved the report after this form was made: refuse, keep what was typed,
        and list what they changed, so that nothing of either person's is lost."""
        rows = FollowUpReport.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # Held until the save is done: a second save waits, then sees this one's revision.
            rows = rows.select_for_update()
        current = rows.values_list("revision", flat=True).first()
        if current is None or base == current:
            self.instance.revision = current or 0
            return
        # The next save from this form is made knowingly, after reading the message.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_revision")] = str(current)
        if base is None:
            raise ValidationError(
                _(
                    "The form did not say which version of the report it was made from. Check "
                    "the report as it is saved now, then save again."
                )
            )
        report = FollowUpReport.objects.select_related("updated_by").get(pk=self.instance.pk)
        who = report.updated_by
        intro = _(
            "%(who)s saved this report at %(when)s, after you opened it. Nothing of yours was "
            "saved, and what you typed is still in the form. What they changed, as saved now:"
        ) % {
            "who": (who.get_full_name() or who.get_username()) if who else _("Someone"),
            "when": date_format(timezone.localtime(report.updated_at), "j F Y H:i"),
        }
        changes = [
            _("%(what)s: %(value)s") % {"what": what, "value": value}
            for what, value in report.changes_since(base)
        ] or [_("No field of this form differs from the version you opened.")]
        outro = _("Compare, then save again: what you save then replaces what is saved now.")
        raise ValidationError([intro, *changes, outro])


@admin.register(FollowUpReport)
class FollowUpReportAdmin(FrozenWhenPublishedMixin, ScopedAdmin, SimpleHistoryAdmin):
    form = FollowUpReportForm
    list_display = ["pledge", "tertial_shown", "status", "due_by", "published_at"]
    list_filter = ["status", "year", "tertial", "pledge__police_area"]
    search_fields = ["pledge__title", "summary"]
    list_select_related = ["pledge"]
    readonly_fields = ["status", "published_at", "published_by", "updated_by"]
    actions = ["publish_selected"]
    change_form_template = "admin/followup/followupreport/change_form.html"
    change_list_template = "admin/followup/followupreport/change_list.html"

    @admin.display(description=_("Tertial"), ordering="year")
    def tertial_shown(self, obj):
        return obj.period

    @admin.display(description=_("Due by"))
    def due_by(self, obj):
        return obj.due_date

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["pledge", "year", "tertial", "summary"]
        fields = ["pledge", "year", "tertial", "summary", *self.readonly_fields]
        # The reason and the revision belong to a form being sent: a user who may only read
        # the report, and a past version of it, would see them as empty values ("None").
        if is_historic(obj) or not self.has_change_permission(request, obj):
            return fields
        if obj.is_published:
            fields.append("correction_reason")
        return [*fields, "base_revision"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The tertial of a report is fixed once it exists; a wrong one is deleted as a draft.
        return ["pledge", "year", "tertial", *self.readonly_fields]

    def get_inlines(self, request, obj):
        return [ActivityUpdateInline, IndicatorValueInline] if obj is not None else []

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        obj.revision += 1  # the form checked, under a lock, that it was made from this revision
        super().save_model(request, obj, form, change)
        if not obj.is_published:
            obj.add_missing_updates()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and form.instance.is_published:
            # A correction that adds a value, or moves one to another key figure, shows that
            # key figure as it stands at the correction.
            for formset in formsets:
                for inline_form in formset.forms:
                    instance = inline_form.instance
                    if (
                        isinstance(instance, IndicatorValue)
                        and instance.pk
                        and "indicator" in inline_form.changed_data
                    ):
                        instance.freeze()
            changes = describe_changes(form, formsets)
            if changes:
                form.instance.record_correction(
                    request.user, form.cleaned_data["correction_reason"], changes
                )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "due_rows": due_follow_ups(request.user)}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not obj.is_published:
            refusal = obj.publication_refusal(request.user)
            context["can_publish"] = refusal is None
            context["publication_refusal"] = refusal_text(refusal) if refusal else ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Publishing: save, preview, confirm --------------------------------------------------
    # The publish button is a submit button of the change form itself, so what was typed is
    # saved (or the form's errors shown) before anything else; the police then see the page
    # residents will see, and publish it with a separate confirming POST.

    def response_change(self, request, obj):
        if "_publish" not in request.POST:
            return super().response_change(request, obj)
        refusal = obj.publication_refusal(request.user)
        if refusal is not None:
            messages.warning(
                request,
                _("Your changes are saved, but the follow-up was not published: %(reason)s")
                % {"reason": refusal_text(refusal)},
            )
            return redirect(self._change_url(obj))
        return redirect(reverse("admin:followup_followupreport_preview", args=[obj.pk]))

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(require_GET(self.preview_view)),
                name="followup_followupreport_preview",
            ),
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="followup_followupreport_publish",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, report):
        return reverse("admin:followup_followupreport_change", args=[report.pk])

    def preview_view(self, request, object_id):
        report = get_object_or_404(
            self.get_queryset(request).select_related("pledge"), pk=object_id
        )
        refusal = report.publication_refusal(request.user)
        if refusal is not None:
            messages.error(request, f"{report}: {refusal_text(refusal)}")
            return redirect(self._change_url(report))
        context = report_context(report.pledge, report)
        context.update(
            self.admin_site.each_context(request),
            opts=self.opts,
            title=_("Check the follow-up before publishing"),
            unreported=[
                update
                for update in context["updates"]
                if update.status == ActivityUpdate.Status.NOT_REPORTED
            ],
        )
        return TemplateResponse(
            request, "admin/followup/followupreport/publish_preview.html", context
        )

    def publish_view(self, request, object_id):
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        # Publish only what the preview showed: not a version someone saved since.
        seen = request.POST.get("revision", "")
        if not (seen.isdecimal() and len(seen) < 10 and int(seen) == report.revision):
            messages.error(
                request,
                _(
                    "The follow-up was saved again after you opened the preview, so it was not "
                    "published. Check it as it is now."
                ),
            )
            return redirect(reverse("admin:followup_followupreport_preview", args=[report.pk]))
        self._publish_one(request, report)
        return redirect(self._change_url(report))

    def _publish_one(self, request, report):
        try:
            report.publish(request.user)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, f"{report}: {refusal_text(error)}")
        else:
            messages.success(request, _("%(report)s is published.") % {"report": report})

    @admin.action(description=_("Publish selected follow-ups"))
    def publish_selected(self, request, queryset):
        for report in queryset.select_related("pledge"):
            self._publish_one(request, report)


def describe_changes(form, formsets):
    """A readable list of what a correction changed, e.g. “summary; Trygghetsvandringar: status”."""

    def labels(changed_form):
        return ", ".join(
            str(changed_form.fields[name].label)
            for name in changed_form.changed_data
            # The reason and the hidden revision are not part of the report.
            if name != "correction_reason" and not changed_form.fields[name].widget.is_hidden
        )

    parts = [labels(form)]
    for formset in formsets:
        for inline_form in formset.forms:
            if inline_form.has_changed():
                row = inline_form.instance
                name = row.activity_text() if isinstance(row, ActivityUpdate) else str(row)
                parts.append(f"{name}: {labels(inline_form)}")
    return "; ".join(part for part in parts if part)


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "pledge", "unit", "target"]
    list_filter = ["pledge__police_area"]
    search_fields = ["name", "pledge__title"]
    list_select_related = ["pledge"]
    actions = ["delete_selected"]

    # Deleting: a key figure shown in a published report stays; one only in drafts goes with
    # its draft values (IndicatorValue.indicator is PROTECT, so they are deleted explicitly).

    def delete_view(self, request, object_id, extra_context=None):
        indicator = self.get_object(request, unquote(object_id))
        refusal = indicator.deletion_refusal() if indicator is not None else None
        if refusal:
            messages.error(request, refusal)
            return redirect(reverse("admin:followup_indicator_change", args=[indicator.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description=django_delete_selected.short_description)
    def delete_selected(self, request, queryset):
        kept = []
        for indicator in queryset:
            refusal = indicator.deletion_refusal()
            if refusal:
                messages.error(request, refusal)
                kept.append(indicator.pk)
        rest = queryset.exclude(pk__in=kept)
        if not rest.exists():
            return None
        return django_delete_selected(self, request, rest)

    def get_deleted_objects(self, objs, request):
        indicators = list(objs)
        values = IndicatorValue.objects.filter(indicator__in=indicators).select_related(
            "indicator", "report__pledge"
        )
        listed = {indicator.pk: [] for indicator in indicators}
        protected = []
        for value in values:
            line = f"{capfirst(IndicatorValue._meta.verbose_name)}: {value} ({value.report})"
            if value.report.is_published:
                protected.append(line)
            listed[value.indicator_id].append(line)
        deleted = []
        for indicator in indicators:
            deleted.append(f"{capfirst(Indicator._meta.verbose_name)}: {indicator}")
            if listed[indicator.pk]:
                deleted.append(listed[indicator.pk])
        model_count = {Indicator._meta.verbose_name_plural: len(indicators)}
        if values:
            model_count[IndicatorValue._meta.verbose_name_plural] = len(values)
        return deleted, model_count, set(), protected

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        for indicator in queryset:
            try:
                indicator.delete_with_draft_values()
            except ValidationError as error:  # a report was published since the confirmation
                messages.error(request, refusal_text(error))
