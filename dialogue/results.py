"""Survey results counted by the database: a fixed handful of queries, however many answers.

All counts come from GROUP BY queries over the answer table, filtered on the denormalised
survey column so that the composite index answer_results covers them. Python only arranges the
few grouped rows into one result per question. Results are shown only after a survey closes,
when its answers no longer change, so the counts are cached per survey and set of responses.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch
from django.utils.translation import gettext_lazy as _

from organisations.models import Place
from portal.content_language import ContentText, page_language

from .models import Answer, Excerpt, Option, Question, Response

SCALE = range(1, 6)
OTHER_PLACE = _("Other place")
CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ResultRow:
    # What the question's options are called on the page: ContentText knows its language.
    label: str
    count: int
    share: float | None  # of the responses that answered the question, 0–1
    short_label: str = ""  # under a bar, where room is scarce

    @property
    def percent(self):
        return None if self.share is None else round(self.share * 100)

    @property
    def chart_label(self):
        return self.short_label or self.label


@dataclass
class QuestionResult:
    question: Question
    respondents: int  # responses that answered this question
    rows: list[ResultRow] = field(default_factory=list)
    mean: float | None = None  # scale questions only
    excerpts: list[Excerpt] = field(default_factory=list)  # free-text questions: published only

    @property
    def is_free_text(self):
        return self.question.kind == Question.Kind.TEXT


def response_stats(survey):
    """How many responses there are, and the newest one: together they identify the answers."""
    stats = (
        Response.objects.filter(survey=survey)
        .order_by()
        .aggregate(count=Count("id"), latest=Max("id"))
    )
    return stats["count"], stats["latest"]


def answer_counts(survey, questions, latest=None, responses=None):
    """{(question, option, scale, place): n} and {question: distinct responses} from the DB."""
    if latest is None:
        responses, latest = response_stats(survey)
    key = f"survey-results:{survey.pk}:{responses}:{latest}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    answers = Answer.objects.filter(survey=survey).order_by()
    grouped = {
        (row["question_id"], row["option_id"], row["scale"], row["place_id"]): row["n"]
        for row in answers.values("question_id", "option_id", "scale", "place_id").annotate(
            n=Count("*")
        )
    }
    # A multiple-choice response has one row per chosen option, so count responses there.
    multiple = [q.pk for q in questions if q.kind == Question.Kind.MULTIPLE]
    respondents = {}
    if multiple:
        respondents = dict(
            answers.filter(question__in=multiple)
            .values("question_id")
            .annotate(n=Count("response", distinct=True))
            .values_list("question_id", "n")
        )
    counts = (grouped, respondents)
    cache.set(key, counts, CACHE_SECONDS)
    return counts


def ordered_questions(survey):
    """The survey's questions in order, with their options: two queries, no joins.

    The models' default orderings start with the parent ("survey", "question"), which would
    join the parent tables only to sort by a column that is the same for every row here.
    """
    return (
        Question.objects.filter(survey=survey)
        .order_by("order", "id")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order", "id")))
    )


def survey_questions(survey):
    """The questions with their options and published excerpts: three queries."""
    published = Excerpt.objects.filter(is_published=True).order_by("order", "id")
    return list(
        ordered_questions(survey).prefetch_related(Prefetch("excerpts", queryset=published))
    )


def survey_results(survey, questions=None, stats=None) -> list[QuestionResult]:
    """Counts and shares per question; free text is represented only by published excerpts."""
    questions = survey_questions(survey) if questions is None else questions
    responses, latest = stats or response_stats(survey)
    grouped, respondents = answer_counts(survey, questions, latest, responses)
    by_question = defaultdict(list)
    for (question_id, option_id, scale, place_id), n in grouped.items():
        by_question[question_id].append((option_id, scale, place_id, n))

    place_ids = {
        place_id
        for question in questions
        if question.kind == Question.Kind.PLACE
        for _o, _s, place_id, _n in by_question[question.pk]
        if place_id
    }
    place_names = dict(Place.objects.filter(pk__in=place_ids).order_by().values_list("pk", "name"))

    results = []
    for question in questions:
        rows = by_question[question.pk]
        if question.kind == Question.Kind.MULTIPLE:
            answered = respondents.get(question.pk, 0)
        else:  # one answer row per response
            answered = sum(row[-1] for row in rows)
        result = QuestionResult(question, answered)
        if question.kind in Question.CHOICE_KINDS:
            per_option = defaultdict(int)
            for option_id, _s, _p, n in rows:
                per_option[option_id] += n
            result.rows = [
                _row(option.shown_text(), per_option[option.pk], answered)
                for option in question.options.all()
            ]
        elif question.kind == Question.Kind.SCALE:
            per_value = defaultdict(int)
            for _o, scale, _p, n in rows:
                per_value[scale] += n
            result.rows = [
                _row(scale_label(question, value), per_value[value], answered, str(value))
                for value in SCALE
            ]
            if answered:
                result.mean = sum(value * n for value, n in per_value.items() if value) / answered
        elif question.kind == Question.Kind.PLACE:
            per_place = defaultdict(int)
            for _o, _s, place_id, n in rows:
                # An answer whose place was since removed is grouped with the other places.
                per_place[place_id if place_id in place_names else None] += n
            named = sorted(
                (place_id for place_id in per_place if place_id is not None),
                key=lambda place_id: (-per_place[place_id], place_names[place_id]),
            )
            result.rows = [_row(place_names[pk], per_place[pk], answered) for pk in named]
            if per_place.get(None):
                # Interface text, in the page's language, not staff's Swedish.
                other = ContentText(str(OTHER_PLACE), page_language())
                result.rows.append(_row(other, per_place[None], answered))
        else:
            result.excerpts = list(question.excerpts.all())
        results.append(result)
    return results


def _row(label, count, answered, short_label=""):
    return ResultRow(label, count, count / answered if answered else None, short_label)


def scale_label(question, value):
    """“1 – Mycket otrygg” at the ends of a scale when the question names them, else “3”; in
    the language of the question's text (or of the end's label, where there is one)."""
    ends = {1: question.shown_scale_low_label(), 5: question.shown_scale_high_label()}
    end = ends.get(value)
    if end:
        return ContentText(f"{value} – {end}", end.lang)
    return ContentText(str(value), question.shown_text().lang)
