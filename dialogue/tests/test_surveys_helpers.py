"""Builders shared by the survey test modules (this module holds no tests)."""

import datetime
import itertools

from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Answer, Option, Question, Response, Survey
from organisations.models import Municipality

Kind = Question.Kind

# One question of every kind: (kind, text, options)
MIXED = [
    (Kind.SINGLE, "Hur ofta går du ut på kvällen?", ["Ofta", "Ibland", "Aldrig"]),
    (Kind.MULTIPLE, "Vad gör dig tryggare?", ["Belysning", "Polis", "Grannar"]),
    (Kind.SCALE, "Hur trygg känner du dig?", []),
    (Kind.PLACE, "Var känner du dig otrygg?", []),
    (Kind.TEXT, "Något mer?", []),
]


def kommun(name):
    return Municipality.objects.get(name=name)


def make_survey(
    municipality, slug="trygghet", state="open", questions=MIXED, required=True, **fields
):
    """A published survey that is open, closed (yesterday) or future (opens tomorrow)."""
    now = timezone.now()
    opens, closes = {
        "open": (now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)),
        "closed": (now - datetime.timedelta(days=60), now - datetime.timedelta(days=1)),
        "future": (now + datetime.timedelta(days=1), now + datetime.timedelta(days=30)),
    }[state]
    survey = Survey.objects.create(
        municipality=municipality,
        slug=slug,
        title=fields.pop("title", "Trygghetsenkät"),
        opens_at=fields.pop("opens_at", opens),
        closes_at=fields.pop("closes_at", closes),
        is_published=fields.pop("is_published", True),
        **fields,
    )
    for order, (kind, text, options) in enumerate(questions, start=1):
        question = Question.objects.create(
            survey=survey,
            kind=kind,
            text=text,
            order=order,
            required=required,
            scale_low_label="Mycket otrygg" if kind == Kind.SCALE else "",
            scale_high_label="Mycket trygg" if kind == Kind.SCALE else "",
        )
        for number, option in enumerate(options, start=1):
            Option.objects.create(question=question, text=option, order=number)
    return survey


def many_questions(count):
    """`count` questions cycling through every kind."""
    return [
        (kind, f"{text} ({number})", options)
        for number, (kind, text, options) in zip(range(count), itertools.cycle(MIXED), strict=False)
    ]


def question(survey, kind):
    return survey.questions.filter(kind=kind).first()


def options(survey, kind=Kind.SINGLE):
    return list(question(survey, kind).options.all())


def add_response(survey, *, single=0, multiple=(0,), scale=3, place=None, text=""):
    """A response stored directly; option arguments are indexes into each question's options."""
    response = Response.objects.create(survey=survey)
    rows = []
    for q in survey.questions.prefetch_related("options"):
        row = {"response": response, "survey": survey, "question": q}
        opts = list(q.options.all())
        if q.kind == Kind.SINGLE and single is not None:
            rows.append(Answer(**row, option=opts[single]))
        elif q.kind == Kind.MULTIPLE:
            rows += [Answer(**row, option=opts[index]) for index in multiple]
        elif q.kind == Kind.SCALE and scale is not None:
            rows.append(Answer(**row, scale=scale))
        elif q.kind == Kind.PLACE and place is not None:
            rows.append(
                Answer(**row, place=place)
                if not isinstance(place, str)
                else Answer(**row, text=place)
            )
        elif q.kind == Kind.TEXT and text:
            rows.append(Answer(**row, text=text))
    Answer.objects.bulk_create(rows)
    return response


def url(survey, name="survey_detail", language="sv"):
    """The Swedish address by default, the English one (/en/…) for checks of interface text."""
    with translation.override(language):
        return reverse(f"dialogue:{name}", args=[survey.municipality.slug, survey.slug])


def valid_post(survey, place=None, **overrides):
    """POST data answering every question of a MIXED survey."""
    data = {}
    for q in survey.questions.prefetch_related("options"):
        opts = list(q.options.all())
        name = f"q{q.pk}"
        if q.kind == Kind.SINGLE:
            data[name] = str(opts[0].pk)
        elif q.kind == Kind.MULTIPLE:
            data[name] = [str(opts[0].pk), str(opts[2].pk)]
        elif q.kind == Kind.SCALE:
            data[name] = "4"
        elif q.kind == Kind.PLACE:
            data[name] = str(place.pk) if place else "other"
            data[f"{name}-other"] = "" if place else "Vid stationen"
        else:
            data[name] = "Mer belysning vid stationen."
    data.update(overrides)
    return data
