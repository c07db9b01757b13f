"""Demo surveys: closed ones behind the lägesbilder, with results, and one open in Vänersborg.

Vänersborg's surveys have an English version (and some answers given in English); Vaggeryd's are
only in Swedish, so both cases show on the English pages.
"""

import datetime
import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality, Place
from pledges.demo import at, demo_now
from portal.holidays import working_day_on_or_after, working_day_on_or_before
from portal.tertials import tertials_between

from ..models import Answer, Excerpt, Option, Question, Response, Survey
from .situation import current_pictures

Kind = Question.Kind
SEED = 2021
VAGGERYD_SLUG = "trygghetsundersokning-2021"
VAGGERYD_RESPONSES = 312
OPEN_SLUG = "sanden-och-torpa"
OPEN_RESPONSES = 37


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


# The English version of Vänersborg's surveys: every Swedish text a respondent reads.
VANERSBORG_ENGLISH = {
    "Hur trygg känner du dig på aktivitetsområdet Sanden på kvällen?":
        "How safe do you feel in the Sanden activity area in the evening?",
    "Hur trygg känner du dig i bostadsområdet Torpa på kvällen?":
        "How safe do you feel in the Torpa residential area in the evening?",
    "Mycket otrygg": "Very unsafe",
    "Mycket trygg": "Very safe",
    "Vad skulle göra Sanden tryggare?": "What would make Sanden safer?",
    "Mer belysning längs vattnet": "More lighting along the water",
    "Fler aktiviteter för unga på kvällarna": "More activities for young people in the evenings",
    "Vuxna som rör sig i området": "Adults out and about in the area",
    "Polis och ordningsvakter som syns": "Police and security guards who are visible",
    "Var vill du att vi går en trygghetsvandring?":
        "Where would you like us to hold a safety walk?",
    "Hur ofta är du på Sanden?": "How often are you at Sanden?",
    "Varje vecka": "Every week",
    "Några gånger per år": "A few times a year",
    "Nästan aldrig": "Almost never",
    "Vad vill du att kommunen och polisen gör i Torpa?":
        "What would you like the municipality and the police to do in Torpa?",
    "Skriv inte namn på personer och peka inte ut någon.":
        "Do not write the names of people, and do not point anyone out.",
    "Tyck till om Sanden och Torpa": "Have your say on Sanden and Torpa",
    "Kommunen och polisen arbetar särskilt med aktivitetsområdet Sanden och bostadsområdet "
    "Torpa. Berätta hur du upplever platserna och vad du tycker att vi ska göra. Resultatet "
    "publiceras här när enkäten har stängt.":
        "The municipality and the police are working in particular on the Sanden activity area "
        "and the Torpa residential area. Tell us how you experience these places and what you "
        "think we should do. The results will be published here when the survey has closed.",
    "Trygghetsenkät {year}: Sanden och Torpa": "Safety survey {year}: Sanden and Torpa",
    "Inför nästa medborgarlöfte vill kommunen och polisen veta hur du upplever "
    "aktivitetsområdet Sanden och bostadsområdet Torpa. Du är anonym, och resultatet "
    "publiceras här när enkäten har stängt.":
        "Before the next citizen pledge, the municipality and the police want to know how you "
        "experience the Sanden activity area and the Torpa residential area. You are "
        "anonymous, and the results will be published here when the survey has closed.",
}  # fmt: skip
# About one respondent in seven answers on the English page where there is one.
ENGLISH_SHARE = 0.15


# kommun: (title, slug, introduction, questions, places, responses, (tertial number, month,
# day) it opens near) of the survey in the year of the lägesbild a pledge in force rests on.
PERIOD = {
    "Vaggeryd": (
        "Trygghetsundersökning {year}",
        "trygghetsundersokning-{year}",
        "Vaggeryds kommun och polisen vill veta var och när du känner dig trygg eller otrygg. "
        "Svaren ligger till grund för nästa medborgarlöfte. Det tar ungefär fem minuter och du "
        "är anonym.",
        VAGGERYD_QUESTIONS, ["Skillingaryd", "Vaggeryd"], 186, (1, 2, 3),
    ),
    "Vänersborg": (
        "Trygghetsenkät {year}: Sanden och Torpa",
        "trygghetsenkat-{year}",
        "Inför nästa medborgarlöfte vill kommunen och polisen veta hur du upplever "
        "aktivitetsområdet Sanden och bostadsområdet Torpa. Du är anonym, och resultatet "
        "publiceras här när enkäten har stängt.",
        VANERSBORG_QUESTIONS, ["Aktivitetsområdet Sanden", "Bostadsområdet Torpa"], 143,
        (3, 9, 8),
    ),
}  # fmt: skip


def load_survey_demo(today: datetime.date | None = None) -> dict:
    """Create the demo surveys once; a second run creates and changes nothing."""
    today = today or timezone.localdate()
    counts = Counter()
    with transaction.atomic():
        _vaggeryd(counts)
        for kommun, picture, _pledge in current_pictures():
            _period_survey(counts, kommun, picture)
        _vanersborg_open(counts, demo_now(today))
        for survey in Survey.objects.filter(municipality__name="Vänersborg"):
            _add_english(survey, VANERSBORG_ENGLISH)
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


def _add_english(survey, english):
    """The English version of a demo survey's texts, where it is missing: made with the survey,
    or added to one loaded before the demo had English (a second run finds nothing missing)."""
    if survey.has_responses_in_english():
        return  # fixed, and made before those answers were
    pieces = [
        (survey, "title", "title_en"), (survey, "introduction", "introduction_en"),
    ]  # fmt: skip
    questions = list(survey.questions.prefetch_related("options"))
    for question in questions:
        pieces += [
            (question, "text", "text_en"), (question, "help_text", "help_text_en"),
            (question, "scale_low_label", "scale_low_label_en"),
            (question, "scale_high_label", "scale_high_label_en"),
        ]  # fmt: skip
        pieces += [(option, "text", "text_en") for option in question.options.all()]
    changed = {}
    for row, swedish_field, english_field in pieces:
        swedish = getattr(row, swedish_field)
        if not swedish or getattr(row, english_field):
            continue
        # Titles of the yearly surveys have the year in them.
        year = str(survey.opens_at.year)
        translated = english.get(swedish) or english.get(swedish.replace(year, "{year}"), "")
        if translated:
            setattr(row, english_field, translated.replace("{year}", year))
            changed.setdefault(row, []).append(english_field)
    for row, fields in changed.items():
        row.save(update_fields=fields)


def _places(municipality, names):
    """The demo places of pledges.demo, made here too when the pledges are not loaded."""
    return [Place.objects.get_or_create(municipality=municipality, name=name)[0] for name in names]


def _vaggeryd(counts):
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    survey, created = _survey(
        counts,
        vaggeryd,
        VAGGERYD_SLUG,
        title="Trygghetsundersökning 2021",
        introduction=(
            "Vaggeryds kommun och polisen vill veta var och när du känner dig trygg eller "
            "otrygg i Skillingaryd, Vaggeryd och resten av kommunen. Svaren ligger till grund "
            "för nästa medborgarlöfte. Det tar ungefär fem minuter och du är anonym."
        ),
        opens_at=at(datetime.date(2021, 9, 1), 9),
        closes_at=at(datetime.date(2021, 10, 29), 18),
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


def _period_survey(counts, kommun, picture):
    """The survey in the year of a lägesbild of a pledge in force, closed, with its answers."""
    title, slug, introduction, questions, places, responses, (number, month, day) = PERIOD[kommun]
    tertial = next(
        t for t in tertials_between(picture.period_start, picture.period_end) if t.number == number
    )
    opens = working_day_on_or_after(datetime.date(tertial.year, month, day))
    closes = working_day_on_or_after(opens + datetime.timedelta(weeks=6))
    municipality = picture.municipality
    survey, created = _survey(
        counts,
        municipality,
        slug.format(year=tertial.year),
        title=title.format(year=tertial.year),
        introduction=introduction,
        police_area=picture.police_area,
        opens_at=at(opens, 9),
        closes_at=at(closes, 18),
        is_published=True,
        publish_results_on_close=True,
    )
    if created:
        _add_questions(counts, survey, questions)
        if kommun == "Vänersborg":
            _add_english(survey, VANERSBORG_ENGLISH)
    if not survey.responses.exists():
        _generate_responses(counts, survey, _places(municipality, places), responses)


def _vanersborg_open(counts, now):
    """A survey open now in Vänersborg, about the places of its pledge; made anew only when
    none is open (an earlier one has closed)."""
    vanersborg = Municipality.objects.get(name="Vänersborg")
    if Survey.objects.filter(municipality=vanersborg).open(now).exists():
        return
    opens = working_day_on_or_before(timezone.localdate(now) - datetime.timedelta(days=14))
    closes = working_day_on_or_after(timezone.localdate(now) + datetime.timedelta(days=60))
    # The first keeps its plain address; later ones, when it has closed, get their month.
    slug = OPEN_SLUG
    if Survey.objects.filter(municipality=vanersborg, slug=slug).exists():
        slug = f"{OPEN_SLUG}-{opens:%Y-%m}"
    survey, created = _survey(
        counts,
        vanersborg,
        slug,
        title="Tyck till om Sanden och Torpa",
        introduction=(
            "Kommunen och polisen arbetar särskilt med aktivitetsområdet Sanden och "
            "bostadsområdet Torpa. Berätta hur du upplever platserna och vad du tycker att vi "
            "ska göra. Resultatet publiceras här när enkäten har stängt."
        ),
        opens_at=at(opens, 9),
        closes_at=at(closes, 18),
        is_published=True,
        publish_results_on_close=True,
    )
    if created:
        places = _places(vanersborg, ["Aktivitetsområdet Sanden", "Bostadsområdet Torpa"])
        _add_questions(counts, survey, VANERSBORG_QUESTIONS)
        _add_english(survey, VANERSBORG_ENGLISH)
        # The answers so far; nobody sees them before the survey closes.
        _generate_responses(counts, survey, places, OPEN_RESPONSES, until=now)


def _generate_responses(counts, survey, places, number, until=None):
    """Plausible, deterministic answers: a seeded generator, the same on every machine."""
    rng = random.Random(SEED if survey.slug == VAGGERYD_SLUG else survey.slug)
    # A generator of its own for the language, so the answers are the same as without it.
    languages = random.Random(f"{survey.slug}-language")
    questions = list(survey.questions.prefetch_related("options"))
    in_english = survey.has_english(questions)
    span = (min(survey.closes_at, until or survey.closes_at) - survey.opens_at).total_seconds()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_at=survey.opens_at + datetime.timedelta(seconds=rng.uniform(0, span)),
            language=(
                Response.Language.ENGLISH
                if in_english and languages.random() < ENGLISH_SHARE
                else Response.Language.SWEDISH
            ),
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
