"""Demo surveys: Vaggeryd's closed safety survey with results, Vänersborg's open one."""

import datetime
import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality, Place

from ..models import Answer, Excerpt, Option, Question, Response, Survey

Kind = Question.Kind
SEED = 2021
VAGGERYD_RESPONSES = 312


def _at(year, month, day, hour=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# (kind, text, help text, required, options or (low, high) labels for a scale)
VAGGERYD_QUESTIONS = [
    (Kind.SCALE, "Hur trygg känner du dig när du är ute ensam i ditt område en sen kväll?",
     "", True, ("Mycket otrygg", "Mycket trygg")),
    (Kind.SINGLE, "Hur ofta är du ute i centrum efter att det blivit mörkt?", "", True,
     ["Flera gånger i veckan", "Någon gång i månaden", "Sällan", "Aldrig"]),
    (Kind.MULTIPLE, "Vad skulle få dig att känna dig tryggare?", "", True,
     ["Bättre belysning", "Fler vuxna ute på kvällarna", "Polis som syns mer",
      "Lugnare trafik och lägre hastigheter", "Mindre nedskräpning och klotter"]),
    (Kind.PLACE, "Finns det en plats där du känner dig otrygg?",
     "Välj orten som ligger närmast platsen.", False, None),
    (Kind.SINGLE, "Har du det senaste året låtit bli att gå ut för att du känt dig otrygg?", "",
     True, ["Ja, flera gånger", "Ja, någon gång", "Nej", "Vill inte svara"]),
    (Kind.TEXT, "Vill du berätta något mer för kommunen och polisen?",
     "Skriv inte namn på personer.", False, None),
]  # fmt: skip

VAGGERYD_EXCERPTS = [
    "Gång- och cykelvägen mot stationen är mörk på vintern, där går jag inte ensam.",
    "Bilar som kör fort genom centrum på fredagskvällarna gör att jag inte vill gå där.",
]

VANERSBORG_QUESTIONS = [
    (Kind.SCALE, "Hur trygg känner du dig på aktivitetsområdet Sanden på kvällen?", "", True,
     ("Mycket otrygg", "Mycket trygg")),
    (Kind.SCALE, "Hur trygg känner du dig i bostadsområdet Torpa på kvällen?", "", True,
     ("Mycket otrygg", "Mycket trygg")),
    (Kind.MULTIPLE, "Vad skulle göra Sanden tryggare?", "", False,
     ["Mer belysning längs vattnet", "Fler aktiviteter för unga på kvällarna",
      "Vuxna som rör sig i området", "Polis och ordningsvakter som syns"]),
    (Kind.PLACE, "Var vill du att vi går en trygghetsvandring?", "", False, None),
    (Kind.SINGLE, "Hur ofta är du på Sanden?", "", True,
     ["Varje vecka", "Några gånger per år", "Nästan aldrig"]),
    (Kind.TEXT, "Vad vill du att kommunen och polisen gör i Torpa?",
     "Skriv inte namn på personer och peka inte ut någon.", False, None),
]  # fmt: skip


def load_survey_demo() -> dict:
    """Create the demo surveys once; a second run creates and changes nothing."""
    counts = Counter()
    with transaction.atomic():
        _vaggeryd(counts)
        _vanersborg(counts)
    return {label: count for label, count in counts.items() if count}


def _survey(counts, municipality, slug, **values):
    survey, created = Survey.objects.get_or_create(
        municipality=municipality, slug=slug, defaults=values
    )
    counts["surveys"] += created
    return survey, created


def _add_questions(counts, survey, specs):
    questions = []
    for order, (kind, text, help_text, required, extra) in enumerate(specs, start=1):
        low, high = extra if kind == Kind.SCALE else ("", "")
        question = Question.objects.create(
            survey=survey, kind=kind, text=text, help_text=help_text, required=required,
            order=order, scale_low_label=low, scale_high_label=high,
        )  # fmt: skip
        if kind in Question.CHOICE_KINDS:
            Option.objects.bulk_create(
                Option(question=question, text=option, order=number)
                for number, option in enumerate(extra, start=1)
            )
            counts["survey options"] += len(extra)
        questions.append(question)
    counts["survey questions"] += len(questions)
    return questions


def _places(municipality, names):
    """The demo places of pledges.demo, made here too when the pledges are not loaded."""
    return [Place.objects.get_or_create(municipality=municipality, name=name)[0] for name in names]


def _vaggeryd(counts):
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    survey, created = _survey(
        counts,
        vaggeryd,
        "trygghetsundersokning-2021",
        title="Trygghetsundersökning 2021",
        introduction=(
            "Vaggeryds kommun och polisen vill veta var och när du känner dig trygg eller "
            "otrygg i Skillingaryd, Vaggeryd och resten av kommunen. Svaren ligger till grund "
            "för nästa medborgarlöfte. Det tar ungefär fem minuter och du är anonym."
        ),
        opens_at=_at(2021, 9, 1, 8),
        closes_at=_at(2021, 10, 31, 23),
        is_published=True,
        publish_results_on_close=True,
    )
    if created:
        questions = _add_questions(counts, survey, VAGGERYD_QUESTIONS)
        text_question = questions[-1]
        Excerpt.objects.bulk_create(
            Excerpt(question=text_question, text=text, order=number)
            for number, text in enumerate(VAGGERYD_EXCERPTS, start=1)
        )
        counts["survey excerpts"] += len(VAGGERYD_EXCERPTS)
    if not survey.responses.exists():
        places = _places(vaggeryd, ["Skillingaryd", "Vaggeryd"])
        _generate_responses(counts, survey, places, VAGGERYD_RESPONSES)


def _vanersborg(counts):
    vanersborg = Municipality.objects.get(name="Vänersborg")
    now = timezone.now()
    survey, created = _survey(
        counts,
        vanersborg,
        "sanden-och-torpa",
        title="Tyck till om Sanden och Torpa",
        introduction=(
            "Kommunen och polisen arbetar särskilt med aktivitetsområdet Sanden och "
            "bostadsområdet Torpa. Berätta hur du upplever platserna och vad du tycker att vi "
            "ska göra. Resultatet publiceras här när enkäten har stängt."
        ),
        opens_at=(now - datetime.timedelta(days=14)).replace(minute=0, second=0, microsecond=0),
        closes_at=(now + datetime.timedelta(days=60)).replace(minute=0, second=0, microsecond=0),
        is_published=True,
        publish_results_on_close=True,
    )
    if created:
        _places(vanersborg, ["Aktivitetsområdet Sanden", "Bostadsområdet Torpa"])
        _add_questions(counts, survey, VANERSBORG_QUESTIONS)


def _generate_responses(counts, survey, places, number):
    """Plausible, deterministic answers: a seeded generator, the same on every machine."""
    rng = random.Random(SEED)
    questions = list(survey.questions.prefetch_related("options"))
    span = (survey.closes_at - survey.opens_at).total_seconds()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_at=survey.opens_at + datetime.timedelta(seconds=rng.uniform(0, span)),
        )
        for _ in range(number)
    )
    answers = []
    for response in responses:
        for question in questions:
            row = {"response": response, "survey": survey, "question": question}
            options = list(question.options.all())
            if question.kind == Kind.SCALE:
                answers.append(Answer(**row, scale=rng.choices(range(1, 6), [1, 2, 4, 6, 3])[0]))
            elif question.kind == Kind.SINGLE:
                weights = [len(options) - index for index in range(len(options))]
                answers.append(Answer(**row, option=rng.choices(options, weights)[0]))
            elif question.kind == Kind.MULTIPLE:
                chosen = [option for option in options if rng.random() < 0.4] or options[:1]
                answers += [Answer(**row, option=option) for option in chosen]
            elif question.kind == Kind.PLACE and rng.random() < 0.6:
                if rng.random() < 0.85:
                    answers.append(Answer(**row, place=rng.choice(places)))
                else:
                    answers.append(Answer(**row, text="Vid idrottsplatsen"))
            elif question.kind == Kind.TEXT and rng.random() < 0.15:
                answers.append(Answer(**row, text=rng.choice(DEMO_TEXTS)))
    Answer.objects.bulk_create(answers, batch_size=2000)
    counts["survey responses"] += len(responses)
    counts["survey answers"] += len(answers)


# Free-text answers as residents might write them; read only in the admin.
DEMO_TEXTS = [
    "Det behövs mer belysning på vägen mellan centrum och skolan.",
    "Ungdomar kör moped fort på gång- och cykelvägarna.",
    "Jag känner mig för det mesta trygg, men inte vid busshållplatsen sent på kvällen.",
    "Bra att ni frågar! Gör gärna fler trygghetsvandringar.",
    "Buskarna vid parken borde klippas så att man ser vem som kommer.",
]
