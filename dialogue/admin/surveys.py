"""Surveys in the admin: build them, read free-text answers, publish excerpts, export CSV.

Django has no nested inlines, so a survey's page edits its questions inline and each saved
choice question links to its own page ("Edit options") where options are an ordinary inline;
free-text questions link there too, for their excerpts. Every page and export is scoped through
Survey.objects.editable_by, like the rest of the admin.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organisations.scoped_admin import (
    ScopedAdmin,
    ScopedInlineMixin,
    municipality_choices,
    police_area_choices,
)

from ..exports import csv_lines
from ..models import Answer, Excerpt, Option, Question, Survey

FREE_TEXT_PER_PAGE = 100


# Survey ------------------------------------------------------------------------------------


class QuestionInlineForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "order",
            "kind",
            "required",
            "text",
            "help_text",
            "scale_low_label",
            "scale_high_label",
        ]

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if self.instance.pk and kind != self.instance.kind and has_answers(self.instance):
            raise ValidationError(
                _("This question already has answers, so its kind cannot change. Add a new one.")
            )
        return kind


class AnsweredRowsFormSet(forms.BaseInlineFormSet):
    """Questions and options that residents have answered stay: deleting them loses answers."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and has_answers(form.instance):
                raise ValidationError(
                    _("“%(row)s” already has answers and cannot be deleted.")
                    % {"row": form.instance}
                )


def has_answers(obj):
    """Whether residents have answered a question or chosen an option."""
    # Answer's foreign keys are named after the models: question, option.
    return Answer.objects.filter(**{obj._meta.model_name: obj}).exists()


class QuestionInline(ScopedInlineMixin, admin.StackedInline):
    model = Question
    form = QuestionInlineForm
    formset = AnsweredRowsFormSet
    extra = 0
    fields = [
        ("order", "kind", "required"),
        "text",
        "help_text",
        ("scale_low_label", "scale_high_label"),
        "parts_link",
    ]
    readonly_fields = ["parts_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(option_count=Count("options"))

    @admin.display(description=_("options and excerpts"))
    def parts_link(self, obj):
        if obj is None or not obj.pk:
            return _("Save the survey first, then add options here.")
        url = reverse("admin:dialogue_question_change", args=[obj.pk])
        if obj.kind in Question.CHOICE_KINDS:
            count = getattr(obj, "option_count", None)
            if count is None:
                count = obj.options.count()
            return format_html(
                '<a href="{}">{}</a>', url, _("Edit options (%(count)d)") % {"count": count}
            )
        if obj.kind == Question.Kind.TEXT:
            return format_html('<a href="{}">{}</a>', url, _("Publish excerpts"))
        return "–"


class SurveyAdminForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "municipality",
            "police_area",
            "introduction",
            "opens_at",
            "closes_at",
            "is_published",
            "publish_results_on_close",
            "results_published_at",
        ]

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        area = cleaned.get("police_area")
        if municipality and area and not area.municipalities.filter(pk=municipality.pk).exists():
            self.add_error(
                "police_area",
                _("%(area)s does not cover %(kommun)s.") % {"area": area, "kommun": municipality},
            )
        return cleaned


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin, SimpleHistoryAdmin):
    form = SurveyAdminForm
    inlines = [QuestionInline]
    list_display = [
        "title",
        "municipality",
        "opens_at",
        "closes_at",
        "state",
        "results_state",
        "response_count",
    ]
    # Only the kommuner of surveys the user can see, not all 290.
    list_filter = ["is_published", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "slug", "introduction"]
    list_select_related = ["municipality"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_at"
    readonly_fields = ["response_count", "created_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "municipality", "police_area", "introduction"]}),
        (_("When residents can answer"), {"fields": [("opens_at", "closes_at"), "is_published"]}),
        (_("Results"), {"fields": ["publish_results_on_close", "results_published_at"]}),
        (_("Record"), {"fields": ["response_count", "created_by", "created_at"]}),
    ]
    change_form_template = "dialogue/surveys/admin_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.response_count(obj):
            # Answers name places of this kommun: the survey stays where it was answered.
            readonly.append("municipality")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Police may run surveys in every kommun of their area, as they may edit them there.
        if db_field.name == "municipality":
            kwargs["queryset"] = municipality_choices(request.user)
        elif db_field.name == "police_area":
            kwargs["queryset"] = police_area_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Answers are part of the public record: an answered survey is unpublished, not deleted.
        if obj is not None and self.response_count(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        empty = form.instance.questions.filter(kind__in=Question.CHOICE_KINDS, options=None)
        for question in empty:
            messages.warning(
                request,
                _("“%(question)s” has no options yet, so residents do not see it. "
                  "Add options with “Edit options”.") % {"question": question},
            )  # fmt: skip

    @admin.display(description=_("responses"), ordering="response_count")
    def response_count(self, obj):
        if obj is None or not obj.pk:
            return 0
        count = getattr(obj, "response_count", None)
        return obj.responses.count() if count is None else count

    @admin.display(description=_("state"))
    def state(self, obj):
        now = timezone.now()
        if not obj.is_published:
            return _("Not published")
        if now < obj.opens_at:
            return _("Not open yet")
        return _("Open") if now < obj.closes_at else _("Closed")

    @admin.display(description=_("results"))
    def results_state(self, obj):
        if obj.results_are_public():
            return _("Public")
        if obj.results_published_at:
            return _("From %(date)s") % {"date": date_format(obj.results_published_at)}
        if obj.publish_results_on_close:
            return _("When it closes")
        return _("Not published")

    # Reading and exporting answers -------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="dialogue_survey_export",
            ),
            path(
                "<int:object_id>/free-text/",
                self.admin_site.admin_view(self.free_text_view),
                name="dialogue_survey_free_text",
            ),
            *super().get_urls(),
        ]

    def _get_survey(self, request, object_id):
        return get_object_or_404(
            self.get_queryset(request).select_related("municipality"), pk=object_id
        )

    def export_view(self, request, object_id):
        survey = self._get_survey(request, object_id)
        if not self.has_change_permission(request, survey):
            raise PermissionDenied
        response = StreamingHttpResponse(csv_lines(survey), content_type="text/csv; charset=utf-8")
        filename = f"{survey.municipality.slug}-{survey.slug}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def free_text_view(self, request, object_id):
        survey = self._get_survey(request, object_id)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        answers = (
            Answer.objects.filter(survey=survey, place__isnull=True)
            .filter(question__kind__in=[Question.Kind.TEXT, Question.Kind.PLACE])
            .exclude(text="")
            .select_related("question", "response")
            .order_by("question__order", "question_id", "response_id", "id")
        )
        page = Paginator(answers, FREE_TEXT_PER_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Free-text answers: %(survey)s") % {"survey": survey},
            "survey": survey,
            "page": page,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "dialogue/surveys/admin_free_text.html", context)


# Questions, options and excerpts -------------------------------------------------------------


class OptionInline(ScopedInlineMixin, admin.TabularInline):
    model = Option
    formset = AnsweredRowsFormSet
    extra = 3
    fields = ["order", "text"]


class ExcerptInline(ScopedInlineMixin, admin.StackedInline):
    model = Excerpt
    extra = 1
    fields = ["text", ("is_published", "order")]


@admin.register(Question)
class QuestionAdmin(ScopedAdmin):
    """Reached from a survey's page; hidden from the admin index."""

    list_display = ["text", "survey", "kind", "required", "order"]
    list_filter = ["kind"]
    search_fields = ["text", "survey__title"]
    list_select_related = ["survey"]
    fields = [
        "survey",
        ("order", "kind", "required"),
        "text",
        "help_text",
        ("scale_low_label", "scale_high_label"),
    ]
    change_form_template = "dialogue/surveys/admin_question_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survey__municipality")

    def get_model_perms(self, request):
        return {}

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Answers are counted by kind: a question that has them keeps it.
        return ["survey", "kind"] if has_answers(obj) else ["survey"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and has_answers(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == Question.Kind.TEXT:
            return [ExcerptInline]
        if obj is None or obj.kind in Question.CHOICE_KINDS:
            return [OptionInline]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "survey":
            kwargs["queryset"] = Survey.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        messages.success(request, _("“%(question)s” was saved.") % {"question": obj})
        return HttpResponseRedirect(reverse("admin:dialogue_survey_change", args=[obj.survey_id]))
