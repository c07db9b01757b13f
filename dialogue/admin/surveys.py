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
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organisations.scoped_admin import ScopedAdmin, ScopedInlineMixin
from portal.content_language import IN_ENGLISH, english_fieldset

from ..exports import csv_lines
from ..models import Answer, Excerpt, Option, Question, Response, Survey
from ..models.surveys import (
    ANSWERED_IN_ENGLISH_IS_FIXED,
    ANSWERED_SURVEY_IS_FIXED,
    ENGLISH_SURVEY_IS_FIXED,
)

FREE_TEXT_PER_PAGE = 100
ENGLISH = Response.Language.ENGLISH
# A question's English texts, on the survey's list of questions and on the question's own page.
QUESTION_IN_ENGLISH = english_fieldset(
    ["text_en", "help_text_en", ("scale_low_label_en", "scale_high_label_en")]
)


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
            *Question.ENGLISH_FIELDS,
        ]


# Fixed once answered ------------------------------------------------------------------------
#
# After the first response, a survey's questions and options are shown as text (read-only
# fields; no inline rows added or deleted), and the model refuses changing them (Question/Option
# .clean, save and delete). Their English versions stay editable until the first response in
# English, then they are shown as text too (view-only inlines). A POST can still carry values
# for inputs the page did not show: the checks below turn them into an error on the page
# instead of dropping them without a word.


def is_answered(survey):
    """Whether residents have answered the survey; once per survey object in a request."""
    if survey is None or survey.pk is None:
        return False
    if not hasattr(survey, "_is_answered"):
        count = getattr(survey, "response_count", None)
        survey._is_answered = bool(count) if count is not None else survey.has_responses()
    return survey._is_answered


def is_answered_in_english(survey):
    """Whether anyone has answered the survey on the English page; once per survey object."""
    if not is_answered(survey):
        return False
    if not hasattr(survey, "_is_answered_in_english"):
        count = getattr(survey, "english_response_count", None)
        english = bool(count) if count is not None else survey.has_responses_in_english()
        survey._is_answered_in_english = english
    return survey._is_answered_in_english


def fixed_fields(model, survey):
    """The fields of a survey, question or option that can no longer change: what respondents
    were shown once there are answers, and the English texts once there are answers in English."""
    fixed = []
    if is_answered(survey):
        fixed += model.FROZEN_FIELDS
    if is_answered_in_english(survey):
        fixed += model.ENGLISH_FIELDS
    return fixed


def english_description(survey):
    """What the "In English" part of a page says about when its texts can change."""
    if is_answered_in_english(survey):
        return format_html(
            "<strong>{}</strong>",
            _(
                "Fixed: this survey has answers in English, so its English texts are what "
                "those respondents answered."
            ),
        )
    if is_answered(survey):
        return _(
            "Shown on the English page. The survey has answers in Swedish only, so the English "
            "texts can still be added or corrected: they are fixed from the first answer in "
            "English."
        )
    return _(
        "Shown on the English page instead of the Swedish texts. Where a text has no English "
        "version, the English page shows the Swedish one and says so."
    )


def survey_of(obj):
    """The survey a survey, question or option belongs to."""
    if obj is None:
        return None
    if isinstance(obj, Survey):
        return obj
    if isinstance(obj, Question):
        return obj.survey if obj.survey_id else None
    return obj.question.survey if obj.question_id else None


def fixed_note(survey, *more):
    """What the page of an answered survey or question says above the fields shown as text."""
    hint = _("To ask something else, make a new survey. To take it off the site, unpublish it.")
    if not is_answered_in_english(survey):
        hint = f"{_('The English texts can still be added or corrected (In English).')} {hint}"
    return format_html(
        "<strong>{}</strong> {}", ANSWERED_SURVEY_IS_FIXED, " ".join(map(str, [*more, hint]))
    )


def refused_changes(form, names):
    """The fields among `names` that the POST would change on the form's row (or would fill in
    on a row being added). Only inputs that were sent count: fields shown as text send none."""
    instance = form.instance
    refused = []
    for name in names:
        key = form.add_prefix(name)
        if key not in form.data:
            continue
        model_field = instance._meta.get_field(name)
        field = form.fields.get(name) or model_field.formfield()
        if field is None:
            continue
        sent = field.widget.value_from_datadict(form.data, form.files, key)
        if field.has_changed(model_field.value_from_object(instance), sent):
            refused.append(name)
    return refused


class FixedOnceAnsweredFormSet(forms.BaseInlineFormSet):
    """Questions of a survey, options of a question: none added, changed or deleted once the
    survey has answers, except their English texts until the first answer in English (the
    fixed fields are shown as text then, and this reports what was refused)."""

    def clean(self):
        super().clean()
        survey = survey_of(self.instance)
        if not is_answered(survey):
            return
        names = [name for name in self.model.FROZEN_FIELDS if name != self.fk.name]
        english = list(self.model.ENGLISH_FIELDS) if is_answered_in_english(survey) else []
        delete = forms.CheckboxInput()
        for form in self.forms:
            deleting = form in self.initial_forms and delete.value_from_datadict(
                self.data, self.files, form.add_prefix("DELETE")
            )
            if deleting or refused_changes(form, names):
                raise ValidationError(ANSWERED_SURVEY_IS_FIXED)
            if refused_changes(form, english):
                raise ValidationError(ANSWERED_IN_ENGLISH_IS_FIXED)


class FixedOnceAnsweredInlineMixin:
    """An inline whose fixed fields are shown as text once its survey has answers; shown wholly
    as text once it has answers in English, when Django then saves nothing of it."""

    formset = FixedOnceAnsweredFormSet

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        fixed = fixed_fields(self.model, survey_of(obj))
        # The parent link is never a field of an inline row.
        return readonly + [name for name in fixed if name not in ("survey", "question")]

    def has_add_permission(self, request, obj=None):
        return not is_answered(survey_of(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        survey = survey_of(obj)
        return not is_answered_in_english(survey) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_answered(survey_of(obj)) and super().has_delete_permission(request, obj)


class QuestionInline(FixedOnceAnsweredInlineMixin, ScopedInlineMixin, admin.StackedInline):
    model = Question
    form = QuestionInlineForm
    extra = 0
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("order", "kind", "required"),
                    "text",
                    "help_text",
                    ("scale_low_label", "scale_high_label"),
                    "parts_link",
                ]
            },
        ),
        QUESTION_IN_ENGLISH,
    ]
    readonly_fields = ["parts_link"]

    def get_queryset(self, request):
        answered = Response.objects.filter(survey=OuterRef("survey"))
        return (
            super()
            .get_queryset(request)
            .annotate(option_count=Count("options"), survey_answered=Exists(answered))
        )

    @admin.display(description=_("options and excerpts"))
    def parts_link(self, obj):
        if obj is None or not obj.pk:
            return _("Save the survey first, then add options here.")
        url = reverse("admin:dialogue_question_change", args=[obj.pk])
        if obj.kind in Question.CHOICE_KINDS:
            count = getattr(obj, "option_count", None)
            if count is None:
                count = obj.options.count()
            answered = getattr(obj, "survey_answered", None)
            if answered is None:
                answered = is_answered(obj.survey)
            label = _("Show options (%(count)d)") if answered else _("Edit options (%(count)d)")
            return format_html('<a href="{}">{}</a>', url, label % {"count": count})
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
            *Survey.ENGLISH_FIELDS,
        ]

    def clean(self):
        cleaned = super().clean()
        if is_answered(self.instance) and refused_changes(self, Survey.FROZEN_FIELDS):
            raise ValidationError(
                _(
                    "This survey already has answers, so its title, introduction and "
                    "municipality can no longer change: they are what the respondents answered."
                )
            )
        english = is_answered_in_english(self.instance)
        if english and refused_changes(self, Survey.ENGLISH_FIELDS):
            raise ValidationError(ENGLISH_SURVEY_IS_FIXED)
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
    search_fields = ["title", "slug", "introduction", "title_en"]
    list_select_related = ["municipality"]
    date_hierarchy = "opens_at"
    # Newest first, in the list and in the survey search box of a question alike.
    ordering = ["-opens_at", "title", "pk"]
    readonly_fields = ["response_count", "responses_in_english", "created_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "municipality", "police_area", "introduction"]}),
        english_fieldset(Survey.ENGLISH_FIELDS),
        (_("When residents can answer"), {"fields": [("opens_at", "closes_at"), "is_published"]}),
        (_("Results"), {"fields": ["publish_results_on_close", "results_published_at"]}),
        (
            _("Record"),
            {"fields": ["response_count", "responses_in_english", "created_by", "created_at"]},
        ),
    ]
    change_form_template = "dialogue/surveys/admin_change_form.html"

    def get_queryset(self, request):
        in_english = Count("responses", filter=Q(responses__language=ENGLISH))
        return (
            super()
            .get_queryset(request)
            .annotate(response_count=Count("responses"), english_response_count=in_english)
        )

    def get_readonly_fields(self, request, obj=None):
        # What the respondents were shown, and the kommun whose places the answers name; the
        # English texts once someone answered in English.
        return list(super().get_readonly_fields(request, obj)) + fixed_fields(Survey, obj)

    def get_prepopulated_fields(self, request, obj=None):
        # The slug follows the title only while the title can change. (Not the class attribute:
        # simple_history's version page reads that one whatever the version shows.)
        return {} if is_answered(obj) else {"slug": ["title"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        fieldsets = [
            (name, {**options, "description": english_description(obj)})
            if name == IN_ENGLISH
            else (name, options)
            for name, options in fieldsets
        ]
        if not is_answered(obj):
            return fieldsets
        (name, options), *rest = fieldsets
        note = fixed_note(obj, _("So are its title, introduction and municipality."))
        return [(name, {**options, "description": note}), *rest]

    def has_delete_permission(self, request, obj=None):
        # Answers are part of the public record: an answered survey is unpublished, not deleted
        # (the model refuses it too once the results are or were public).
        if is_answered(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if is_answered(form.instance):
            return  # its questions are fixed: no options can be added any more
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

    @admin.display(description=_("responses in English"))
    def responses_in_english(self, obj):
        """How many answered on the English page: all responses are counted together in the
        results, this only shows who the English version reaches."""
        if obj is None or not obj.pk:
            return 0
        count = getattr(obj, "english_response_count", None)
        return obj.responses.filter(language=ENGLISH).count() if count is None else count

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


class OptionInline(FixedOnceAnsweredInlineMixin, ScopedInlineMixin, admin.TabularInline):
    model = Option
    extra = 3
    fields = ["order", "text", "text_en"]


class ExcerptInline(ScopedInlineMixin, admin.StackedInline):
    model = Excerpt
    extra = 1
    fields = ["text", ("is_published", "order")]


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [*Question.FROZEN_FIELDS, *Question.ENGLISH_FIELDS]

    def clean(self):
        cleaned = super().clean()
        survey = survey_of(self.instance) if self.instance.pk else None
        if is_answered(survey) and refused_changes(self, Question.FROZEN_FIELDS):
            raise ValidationError(ANSWERED_SURVEY_IS_FIXED)
        if is_answered_in_english(survey) and refused_changes(self, Question.ENGLISH_FIELDS):
            raise ValidationError(ANSWERED_IN_ENGLISH_IS_FIXED)
        return cleaned


@admin.register(Question)
class QuestionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Reached from a survey's page; hidden from the admin index.

    Once the survey has answers, the question and its options are shown as text; excerpts of
    free-text answers are still chosen and published here."""

    form = QuestionAdminForm

    list_display = ["text", "survey", "kind", "required", "order"]
    list_filter = ["kind"]
    search_fields = ["text", "survey__title"]
    list_select_related = ["survey"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "survey",
                    ("order", "kind", "required"),
                    "text",
                    "help_text",
                    ("scale_low_label", "scale_high_label"),
                ]
            },
        ),
        QUESTION_IN_ENGLISH,
    ]
    change_form_template = "dialogue/surveys/admin_question_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survey__municipality")

    def get_model_perms(self, request):
        return {}

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = fixed_fields(Question, survey_of(obj))
        return ["survey", *(name for name in fixed if name != "survey")]

    def get_fieldsets(self, request, obj=None):
        survey = survey_of(obj)
        fieldsets = [
            (name, {**options, "description": english_description(survey)})
            if name == IN_ENGLISH
            else (name, options)
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not is_answered(survey):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "description": fixed_note(survey)}), *rest]

    def has_delete_permission(self, request, obj=None):
        if is_answered(survey_of(obj)):
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
            # Questions are added only to surveys nobody has answered yet.
            kwargs["queryset"] = Survey.objects.editable_by(request.user).filter(responses=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        messages.success(request, _("“%(question)s” was saved.") % {"question": obj})
        return HttpResponseRedirect(reverse("admin:dialogue_survey_change", args=[obj.survey_id]))
