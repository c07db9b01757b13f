"""Surveys for residents: answer anonymously, get thanked, read the results once it has closed."""

import logging

from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_safe

from organisations.models import Place
from portal import charts
from portal.content_language import language_of, wants_translation
from portal.ratelimit import is_rate_limited

from .. import results as survey_figures
from ..forms.surveys import SurveyForm
from ..models import Question, Survey

logger = logging.getLogger(__name__)

COOKIE_SALT = "dialogue.survey.answered"


def _get_survey(municipality, slug):
    """A published survey of the kommun in the URL; drafts do not exist for residents."""
    return get_object_or_404(
        Survey.objects.published().select_related("municipality"),
        municipality__slug=municipality,
        slug=slug,
    )


def cookie_name(survey):
    return f"survey-{survey.pk}"


def has_answered(request, survey):
    """Whether this browser has already sent an answer: a signed cookie, nothing stored about it."""
    value = request.get_signed_cookie(cookie_name(survey), default=None, salt=COOKIE_SALT)
    return value == "answered"


def remember_answer(response, survey, now):
    seconds = int((survey.closes_at - now).total_seconds())
    response.set_signed_cookie(
        cookie_name(survey),
        "answered",
        salt=COOKIE_SALT,
        max_age=max(seconds, 60),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _form_for(survey, data=None):
    questions = list(survey_figures.ordered_questions(survey))
    has_place = any(q.kind == Question.Kind.PLACE for q in questions)
    places = Place.objects.filter(municipality=survey.municipality).order_by("name", "id")
    places = places if has_place else []
    return SurveyForm(survey, questions, places, data=data)


def swedish_only(survey, questions):
    """On a page in another language: "all" when the survey has no English version, "part"
    when only part of it is translated, else "" (and always "" on a Swedish page)."""
    if not wants_translation() or survey.has_english(questions):
        return ""
    return "part" if survey.has_some_english(questions) else "all"


def closed_state(request, survey, now):
    """Why this browser cannot answer the survey now, or None when it can."""
    if now < survey.opens_at:
        return "not_open"
    if now >= survey.closes_at:
        return "closed"
    if has_answered(request, survey):
        return "answered"
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def survey_detail(request, municipality, slug):
    """GET shows the form (or why it cannot be answered now); POST is the answer."""
    survey = _get_survey(municipality, slug)
    is_post = request.method == "POST"
    if is_post and is_rate_limited(
        request, "survey", settings.PUBLIC_FORM_RATE_LIMIT, settings.PUBLIC_FORM_RATE_PERIOD
    ):
        return render(request, "feedback/rate_limited.html", status=429)
    now = timezone.now()
    state = closed_state(request, survey, now)
    if state:
        public = survey.results_are_public(now)
        context = {
            "survey": survey,
            "state": state,
            "results_public": public,
            "swedish_only": swedish_only(survey, None),
        }
        status = 400 if is_post else 200
        return render(request, "dialogue/surveys/survey_detail.html", context, status=status)
    form = _form_for(survey, data=request.POST if is_post else None)
    if not is_post:
        return _render_form(request, survey, form)
    if form.is_spam:
        # Look like success to the bot; store nothing.
        return redirect("dialogue:survey_thanks", municipality, slug)
    if not form.is_valid():
        return _render_form(request, survey, form, status=400)
    try:
        form.save()
    except IntegrityError:
        # Validation passed but the database refused a row (e.g. a place removed meanwhile);
        # the transaction kept nothing, so the resident can simply send again.
        logger.warning("Survey %s: an answer was refused by the database", survey.pk)
        return _render_form(request, survey, form, status=400, save_failed=True)
    response = redirect("dialogue:survey_thanks", municipality, slug)
    remember_answer(response, survey, now)
    return response


def _render_form(request, survey, form, status=200, save_failed=False):
    items = form.question_fields()
    context = {
        "survey": survey,
        "state": "open",
        "form": form,
        "question_fields": items,
        "error_summary": form.error_summary(items),
        "save_failed": save_failed,
        "swedish_only": swedish_only(survey, form.questions),
    }
    return render(request, "dialogue/surveys/survey_detail.html", context, status=status)


@require_safe
def survey_thanks(request, municipality, slug):
    survey = _get_survey(municipality, slug)
    context = {"survey": survey, "marked_title": in_sentence(survey.shown_title())}
    return render(request, "dialogue/surveys/survey_thanks.html", context)


def in_sentence(text):
    """Staff's text inside a sentence of the interface: in a span that gives its language, on
    a page in another language than Swedish."""
    if not wants_translation():
        return text
    return format_html('<span lang="{}">{}</span>', language_of(text), text)


@require_safe
def survey_results(request, municipality, slug):
    """Counts, shares and charts per question once public; until then, when they will be."""
    survey = _get_survey(municipality, slug)
    now = timezone.now()
    context = {"survey": survey, "is_open": survey.is_open(now)}
    if not survey.results_are_public(now):
        return render(request, "dialogue/surveys/survey_results.html", context)
    stats = survey_figures.response_stats(survey)
    questions = survey_figures.survey_questions(survey)
    survey_results = survey_figures.survey_results(survey, questions=questions, stats=stats)
    results = [
        (result, _chart(result, f"chart-{number}") if result.rows else None)
        for number, result in enumerate(survey_results, start=1)
    ]
    context["swedish_only"] = swedish_only(survey, questions)
    return render(
        request,
        "dialogue/surveys/survey_results.html",
        {**context, "results": results, "responses": stats[0], "is_public": True},
    )


def _chart(result, chart_id):
    """The chart is named by the question as the page shows it; the template marks its language
    on the chart's figure (the labels are the options' texts, in the same language where the
    survey is translated as a whole)."""
    points = [(row.label, row.count) for row in result.rows]
    return charts.bar_chart(result.question.shown_text(), points, chart_id=chart_id)
