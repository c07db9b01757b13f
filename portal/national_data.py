"""National data for benchmarks: every kommun with ten years of pledges, follow-ups and dialogue.

The demo data shows a few kommuner as a visitor should see them; benchmarks need the volume of a
national roll-out instead: 290 kommuner in police areas, a yearly pledge each for ten years with
every ended tertial followed up, dialogue activities, surveys with about a million answers and
residents' reports. `manage.py load_national_data` runs generate() below.

Deterministic: everything is drawn from one random.Random(seed), in an order fixed by the
kommuner's codes, never by dict or set order or the clock. The one exception is "today"
(timezone.localdate() unless given): it places the ten years so that they end with the current
year, and decides which tertials have ended and so have a follow-up. The same seed on the same
day gives the same rows (timestamps that Django stamps itself, such as created_at, aside).

Fast: rows are made with bulk_create, in one transaction. bulk_create skips save(), so rows
whose derived fields come from save() are given them here, and it skips django-simple-history:
generated rows have no history records, which is fine for data nobody edited. Publishing a
pledge is the exception: it goes through Pledge.publish_without_approvals(), the model's own
path for imports, so that the published version, its search text and facets are exactly what
the portal makes.

The generated rows are recognisable by the slug prefix `nationell-` of the police areas and
pledges it creates; their presence refuses a second run (AlreadyGenerated). It never changes a
row it did not create, so demo data loaded before stays as it was.
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from dialogue.models import (
    Answer,
    DialogueActivity,
    Observation,
    Option,
    PlaceReport,
    Question,
    Response,
    Survey,
)
from dialogue.models.reports import PURGED_FIELDS
from followup.models import ActivityUpdate, FollowUpReport, Indicator, IndicatorValue
from organisations.models import County, Municipality, Place, PoliceArea
from organisations.reference import load_reference_data
from pledges.models import Activity, FocusArea, Pledge, PledgeMunicipality, Signatory
from portal.tertials import tertials_between

PREFIX = "nationell-"
BATCH = 5000

PLACE_NAMES = ["Resecentrum", "Centrumtorget", "Idrottsplatsen", "Skolgården", "Stadsparken",
               "Gång- och cykeltunneln", "Badplatsen", "Köpcentrumets parkering"]  # fmt: skip
THEMES = [
    "Trafiksäkerhet",
    "Narkotikabrottslighet",
    "Trygghet i centrum",
    "Unga och skolan",
    "Våld i nära relationer",
    "Skadegörelse och klotter",
    "Inbrott i bostäder",
    "Bedrägerier mot äldre",
    "Ordningsstörningar på helger",
    "Belysning och miljö",
]
ACTIVITIES = [
    "genomföra trygghetsvandringar tillsammans med boende",
    "öka polisens synlighet i centrum på fredags- och lördagskvällar",
    "genomföra hastighetskontroller vid skolor",
    "ordna föräldravandringar på helger",
    "träffa elever på högstadiet om narkotika",
    "genomföra EST-insatser (effektiv samverkan för trygghet) varje vecka",
    "ta fram en gemensam lägesbild varje tertial",
    "informera äldre om bedrägerier på träffpunkter",
    "förbättra belysningen längs gång- och cykelvägar",
    "klippa buskage som skymmer sikten",
    "sanera klotter inom ett dygn",
    "hålla medborgardialoger i kommunens delar",
    "samverka med fastighetsägare om trygga boendemiljöer",
    "genomföra nykterhetskontroller",
    "utbilda personal i skolan om våld i nära relationer",
    "stötta fritidsgårdarnas verksamhet på kvällar",
    "genomföra grannsamverkansträffar",
    "följa upp anmälda otrygga platser",
    "patrullera vid badplatser under sommaren",
    "genomföra kontroller av mopeder och EPA-traktorer",
    "informera om brottsförebyggande arbete på kommunens webbplats",
    "arbeta med SSPF (skola, socialtjänst, polis, fritid) kring unga i riskzonen",
    "ha polisens mötesplats i biblioteket en gång i månaden",
    "kartlägga otrygga platser tillsammans med unga",
    "genomföra krogtillsyn tillsammans med kommunen",
    "ta fram en handlingsplan mot narkotika",
]
UNITS = ["tillfällen", "trygghetsvandringar", "insatser", "kontroller", "träffar"]
RESPONSIBLE = [Activity.Responsible.POLICE, Activity.Responsible.MUNICIPALITY,
               Activity.Responsible.TOGETHER]  # fmt: skip
NARRATIVES = ["Genomfört enligt plan.", "Arbetet pågår och följs upp nästa tertial.",
              "Försenat på grund av personalbrist.", "Flera tillfällen genomförda med gott "
              "deltagande.", "Påbörjas efter sommaren.", "Samverkan har fungerat väl."]  # fmt: skip
INDICATORS = [("Genomförda trygghetsvandringar", "st", Decimal(4)),
              ("Polisiära närvarotimmar i centrum", "timmar", Decimal(200)),
              ("Andel som känner sig trygga i centrum", "%", None)]  # fmt: skip
S = ActivityUpdate.Status
EARLY_STATUSES = [S.IN_PROGRESS] * 5 + [S.NOT_STARTED, S.DELAYED, S.DONE, S.NOT_REPORTED]
LAST_STATUSES = [S.DONE] * 5 + [S.PARTLY_DONE, S.PARTLY_DONE, S.NOT_DONE, S.CARRIED_OVER]
CATEGORIES = [choice.value for choice in PlaceReport.Category]
TIMES_OF_DAY = [choice.value for choice in PlaceReport.TimeOfDay]
OBSERVATION_RESPONSIBLE = [choice.value for choice in Observation.Responsible]


class AlreadyGenerated(Exception):
    """National data is in the database already: a second run would double it."""


@dataclass(frozen=True)
class Options:
    seed: int = 2026
    years: int = 10
    kommuner: int | None = None  # None: all of them
    answers: int = 1_000_000
    today: datetime.date | None = None


class Progress:
    """One line per stage: a text bar redrawn in place, ended with a newline and the count."""

    WIDTH = 30

    def __init__(self, write=None, live=True):
        self.write, self.live = write, live

    def stage(self, name, total):
        return _Stage(self.write, name, total, self.WIDTH, self.live)


class _Stage:
    """A stage's bar, redrawn when it grows (only at the end when `live` is off: for output to
    a file or a pipe, where a carriage return draws nothing)."""

    def __init__(self, write, name, total, width, live):
        self.write, self.name, self.total, self.width = write, name, max(total, 1), width
        self.live, self.started = live, time.perf_counter()
        self.done, self.shown = 0, -1
        self._draw()

    def step(self, count=1):
        self.done += count
        self._draw()

    def _draw(self, end=""):
        if self.write is None or not (self.live or end):
            return
        filled = min(self.width, self.width * self.done // self.total)
        if filled == self.shown and not end:
            return
        self.shown = filled
        bar = "#" * filled + "-" * (self.width - filled)
        took = f" {time.perf_counter() - self.started:6.1f} s" if end else ""
        back = "\r" if self.live else ""
        self.write(f"{back}{self.name:<24} [{bar}] {self.done:>9,}{took}", end)

    def finish(self, made=None):
        self.done = max(self.done, self.total) if made is None else made
        self.shown = -1
        self._draw(end="\n")


def already_generated() -> bool:
    return (
        PoliceArea.objects.filter(slug__startswith=PREFIX).exists()
        or Pledge.objects.filter(slug__startswith=PREFIX).exists()
    )


def generate(options: Options = Options(), write=None, live=True) -> Counter:
    """Generate the national data; returns how many rows of each kind were made.

    `write(text, ending)` receives the progress lines (None: silent), redrawn in place when
    `live` (a terminal). Raises AlreadyGenerated if a run was made before in this database."""
    if not Municipality.objects.exists():
        load_reference_data()
    if already_generated():
        raise AlreadyGenerated
    today = options.today or timezone.localdate()
    with transaction.atomic():
        return _Generator(options, today, Progress(write, live)).run()


def _moment(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class _Generator:
    def __init__(self, options, today, progress):
        self.options, self.today, self.progress = options, today, progress
        self.rng = random.Random(options.seed)
        self.counts = Counter()
        last = today.year
        self.years = list(range(last - options.years + 1, last + 1))
        self.now = _moment(today, 0, 1)

    def run(self):
        self.make_police_areas()
        self.choose_kommuner()
        self.make_places()
        self.make_pledges()
        self.publish_pledges()
        self.make_follow_ups()
        self.make_dialogue_activities()
        self.make_surveys()
        self.make_answers()
        self.make_place_reports()
        return self.counts

    def bulk(self, model, rows, label):
        made = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[label] += len(made)
        return made

    # Organisations -------------------------------------------------------------------------

    def make_police_areas(self):
        """Each län's kommuner, in code order, in local police areas of 2 to 6 kommuner (one
        only in a län of one kommun: Gotland)."""
        rng = self.rng
        counties = list(County.objects.select_related("police_region").order_by("code"))
        kommuner = list(Municipality.objects.order_by("code"))
        by_county = {}
        for kommun in kommuner:
            by_county.setdefault(kommun.county_id, []).append(kommun)
        groups = []
        for county in counties:
            members = by_county.get(county.pk, [])
            while members:
                size = rng.randint(2, 6)
                if len(members) - size == 1:  # no area of one kommun left at the end
                    size = size + 1 if size < 6 else size - 1
                groups.append((county, members[:size]))
                members = members[size:]
        stage = self.progress.stage("police areas", len(groups))
        areas = [
            PoliceArea(
                name=f"Lokalpolisområde {members[0].name}",
                slug=f"{PREFIX}{slugify(members[0].name)}-{members[0].code}",
                police_region=county.police_region,
            )
            for county, members in groups
        ]
        self.bulk(PoliceArea, areas, "police areas")
        through = PoliceArea.municipalities.through
        links = [
            through(policearea_id=area.pk, municipality_id=kommun.pk)
            for area, (_county, members) in zip(areas, groups, strict=True)
            for kommun in members
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        self.area_of = {
            kommun.pk: area
            for area, (_county, members) in zip(areas, groups, strict=True)
            for kommun in members
        }
        self.all_kommuner = kommuner
        stage.finish(len(areas))

    def choose_kommuner(self):
        """All kommuner, or N spread evenly over the list by code (so over the whole country)."""
        kommuner, wanted = self.all_kommuner, self.options.kommuner
        if wanted is None or wanted >= len(kommuner):
            self.kommuner = kommuner
        else:
            step = len(kommuner) / max(wanted, 1)
            self.kommuner = [kommuner[int(i * step)] for i in range(max(wanted, 0))]

    def make_places(self):
        rng = self.rng
        taken = set(
            Place.objects.filter(municipality__in=self.kommuner).values_list(
                "municipality_id", "name"
            )
        )
        rows = []
        for kommun in self.kommuner:
            latitude = rng.uniform(55.5, 67.5)
            longitude = rng.uniform(11.5, 23.5)
            for name in rng.sample(PLACE_NAMES, rng.randint(3, 5)):
                if (kommun.pk, name) in taken:  # a place of the demo data keeps its name
                    continue
                rows.append(
                    Place(
                        municipality=kommun,
                        name=name,
                        latitude=Decimal(f"{latitude + rng.uniform(-0.05, 0.05):.6f}"),
                        longitude=Decimal(f"{longitude + rng.uniform(-0.05, 0.05):.6f}"),
                    )
                )
        stage = self.progress.stage("places", len(rows))
        self.bulk(Place, rows, "places")
        self.places = {}
        for place in rows:
            self.places.setdefault(place.municipality_id, []).append(place)
        stage.finish(len(rows))

    # Pledges -------------------------------------------------------------------------------

    def make_pledges(self):
        """Yearly pledges (about one in five for two years) with their parts, as drafts."""
        rng = self.rng
        first, last = self.years[0], self.years[-1]
        plans = []  # (kommun, start year, end year)
        for kommun in self.kommuner:
            year = first
            while year <= last:
                end = year + 1 if year < last and rng.random() < 0.2 else year
                plans.append((kommun, year, end))
                year = end + 1
        stage = self.progress.stage("pledges", len(plans))
        pledges = []
        for kommun, start, end in plans:
            period = str(start) if start == end else f"{start}–{end}"
            signed = datetime.date(start - 1, 12, rng.randint(1, 20))
            pledges.append(
                Pledge(
                    title=f"Medborgarlöfte {kommun.name} {period}",
                    slug=f"{PREFIX}{kommun.slug}-{start}" + ("" if start == end else f"-{end}"),
                    police_area=self.area_of[kommun.pk],
                    start_date=datetime.date(start, 1, 1),
                    end_date=datetime.date(end, 12, 31),
                    promise=f"{kommun.official_name or kommun.name} och polisen lovar att arbeta "
                    "tillsammans för att fler ska känna sig trygga.",
                    effect="Fler känner sig trygga i centrum och färre brott anmäls.",
                    background="Lägesbilden och medborgardialogen visade var otryggheten finns.",
                    situation_method="Trygghetsundersökning, medborgardialog och polisens "
                    "statistik.",
                    follow_up_method="Följs upp varje tertial och publiceras här.",
                    signed_on=signed,
                )
            )
        self.bulk(Pledge, pledges, "pledges")
        previous = {}
        for pledge, (kommun, _start, _end) in zip(pledges, plans, strict=True):
            pledge.kommun = kommun
            pledge.previous_id = previous.get(kommun.pk)
            previous[kommun.pk] = pledge.pk
        Pledge.objects.bulk_update(pledges, ["previous"], batch_size=1000)
        PledgeMunicipality.objects.bulk_create(
            [PledgeMunicipality(pledge=p, municipality=p.kommun) for p in pledges],
            batch_size=BATCH,
        )

        areas, activities, signatories, indicators = [], [], [], []
        links, place_links = [], []  # (activity, focus area), (activity, place)
        for pledge in pledges:
            places = self.places.get(pledge.kommun.pk, [])
            names = rng.sample(THEMES, rng.randint(3, 5))
            own = []
            for order, name in enumerate(names, start=1):
                place = rng.choice(places) if places and order == len(names) else None
                own.append(
                    FocusArea(
                        pledge=pledge,
                        name=place.name if place else name,
                        kind=FocusArea.Kind.PLACE if place else FocusArea.Kind.THEME,
                        place=place,
                        description=f"Arbetet med {name.lower()} under perioden.",
                        order=order,
                    )
                )
            areas += own
            for order, text in enumerate(rng.sample(ACTIVITIES, rng.randint(10, 25)), start=1):
                target = rng.randint(2, 12) if rng.random() < 0.4 else None
                activity = Activity(
                    pledge=pledge,
                    description=text[0].upper() + text[1:],
                    responsible=rng.choice(RESPONSIBLE),
                    target_count=target,
                    target_unit=rng.choice(UNITS) if target else "",
                    order=order,
                )
                activities.append(activity)
                links.append((activity, rng.choice(own)))
                if own[-1].place is not None and rng.random() < 0.3:
                    place_links.append((activity, own[-1].place))
            signatories += [
                Signatory(
                    pledge=pledge,
                    name=f"Ordförande {pledge.kommun.name}",
                    role="Kommunstyrelsens ordförande",
                    organisation=pledge.kommun.official_name or pledge.kommun.name,
                    order=1,
                ),
                Signatory(
                    pledge=pledge,
                    name=f"Lokalpolisområdeschef {pledge.police_area.name.split(' ', 1)[1]}",
                    role="Lokalpolisområdeschef",
                    organisation="Polisen",
                    order=2,
                ),
            ]
            for order, (name, unit, target) in enumerate(INDICATORS[: rng.randint(2, 3)], start=1):
                indicators.append(
                    Indicator(pledge=pledge, name=name, unit=unit, target=target, order=order)
                )
        self.bulk(FocusArea, areas, "focus areas")
        self.bulk(Activity, activities, "activities")
        self.bulk(Signatory, signatories, "signatories")
        self.bulk(Indicator, indicators, "key figures")
        Activity.focus_areas.through.objects.bulk_create(
            [Activity.focus_areas.through(activity_id=a.pk, focusarea_id=f.pk) for a, f in links],
            batch_size=BATCH,
        )
        Activity.places.through.objects.bulk_create(
            [Activity.places.through(activity_id=a.pk, place_id=p.pk) for a, p in place_links],
            batch_size=BATCH,
        )
        self.pledges = pledges
        self.activities_of, self.indicators_of = {}, {}
        for activity in activities:
            self.activities_of.setdefault(activity.pledge_id, []).append(activity)
        for indicator in indicators:
            self.indicators_of.setdefault(indicator.pledge_id, []).append(indicator)
        stage.finish(len(pledges))

    def publish_pledges(self):
        """Publish each pledge through the model (its version, search text and facets), on the
        day it was signed."""
        stage = self.progress.stage("publishing pledges", len(self.pledges))
        for pledge in self.pledges:
            moment = _moment(pledge.signed_on, 14)
            pledge.publish_without_approvals(at=moment)
            pledge.published_at = moment
            stage.step()
        Pledge.objects.bulk_update(self.pledges, ["published_at"], batch_size=1000)
        self.counts["published pledges"] += len(self.pledges)
        stage.finish()

    def make_follow_ups(self):
        """A published report for every ended tertial of every pledge: an update per activity
        and a value per key figure, frozen as FollowUpReport.freeze_content() would."""
        rng = self.rng
        reports, updates, values = [], [], []
        for pledge in self.pledges:
            tertials = tertials_between(pledge.start_date, pledge.end_date)
            ended = [t for t in tertials if t.has_ended(self.today)]
            activities = self.activities_of[pledge.pk]
            indicators = self.indicators_of.get(pledge.pk, [])
            for index, tertial in enumerate(ended):
                last = index == len(tertials) - 1
                day = min(tertial.end + datetime.timedelta(days=rng.randint(10, 25)), self.today)
                report = FollowUpReport(
                    pledge=pledge,
                    year=tertial.year,
                    tertial=tertial.number,
                    summary=f"Uppföljning av {tertial}: arbetet går i stort enligt plan.",
                    status=FollowUpReport.Status.PUBLISHED,
                    published_at=self.now if day >= self.today else _moment(day),
                    revision=1,
                )
                reports.append(report)
                share = (index + 1) / len(tertials)
                for activity in activities:
                    status = rng.choice(LAST_STATUSES if last else EARLY_STATUSES)
                    achieved = None
                    if activity.target_count and status != S.NOT_REPORTED:
                        achieved = round(activity.target_count * share * rng.uniform(0.5, 1.2))
                    updates.append(
                        ActivityUpdate(
                            report=report,
                            activity=activity,
                            status=status,
                            achieved=achieved,
                            narrative="" if status == S.NOT_REPORTED else rng.choice(NARRATIVES),
                            activity_description=activity.description,
                            activity_responsible=activity.responsible,
                            activity_target_count=activity.target_count,
                            activity_target_unit=activity.target_unit,
                            activity_order=activity.order,
                        )
                    )
                for indicator in indicators:
                    if indicator.unit == "%":
                        value = Decimal(rng.randint(55, 90))
                    else:
                        value = Decimal(
                            round(float(indicator.target) * share * rng.uniform(0.6, 1.3))
                        )
                    values.append(
                        IndicatorValue(
                            report=report,
                            indicator=indicator,
                            value=value,
                            indicator_name=indicator.name,
                            indicator_unit=indicator.unit,
                            indicator_target=indicator.target,
                        )
                    )
        stage = self.progress.stage("follow-ups", len(reports) + len(updates) + len(values))
        self.bulk(FollowUpReport, reports, "follow-up reports")
        stage.step(len(reports))
        for start in range(0, len(updates), BATCH):
            self.bulk(ActivityUpdate, updates[start : start + BATCH], "activity updates")
            stage.step(len(updates[start : start + BATCH]))
        self.bulk(IndicatorValue, values, "key figure values")
        stage.finish()

    # Dialogue ------------------------------------------------------------------------------

    def _day_in(self, year):
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 364))

    def make_dialogue_activities(self):
        """Per kommun and year: a citizen dialogue meeting, staff dialogue and two safety walks
        with two to four observations each."""
        rng = self.rng
        K = DialogueActivity.Kind
        activities, observations = [], []
        for kommun in self.kommuner:
            area = self.area_of[kommun.pk]
            places = self.places.get(kommun.pk, [])
            for year in self.years:
                for kind, title in [
                    (K.CITIZEN_DIALOGUE, f"Medborgardialog i {kommun.name}"),
                    (K.STAFF_DIALOGUE, "Medarbetardialog om lägesbilden"),
                    (K.SAFETY_WALK, f"Trygghetsvandring i {kommun.name} centrum"),
                    (K.SAFETY_WALK, "Trygghetsvandring i bostadsområdet"),
                ]:
                    day = self._day_in(year)
                    starts = _moment(day, 18)
                    past = day < self.today
                    place = rng.choice(places) if places and rng.random() < 0.5 else None
                    activity = DialogueActivity(
                        municipality=kommun,
                        police_area=area,
                        kind=kind,
                        title=title,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=2),
                        place=place,
                        location=place.name if place else "Kommunhuset",
                        description="Välkommen att berätta vad som gör dig trygg eller otrygg.",
                        open_to_public=kind != K.STAFF_DIALOGUE,
                        is_published=kind != K.STAFF_DIALOGUE,
                        participants=rng.randint(5, 60) if past else None,
                        summary="Belysning och trafik kom upp mest." if past else "",
                    )
                    activities.append(activity)
                    if kind != K.SAFETY_WALK or not past:
                        continue
                    for _ in range(rng.randint(2, 4)):
                        spot = rng.choice(places) if places and rng.random() < 0.7 else None
                        observations.append(
                            Observation(
                                activity=activity,
                                place=spot,
                                place_text="" if spot else "Gångvägen bakom skolan",
                                category=rng.choice(CATEGORIES),
                                description="Mörkt och skymd sikt.",
                                proposed_action="Sätta upp belysning och klippa buskage.",
                                responsible=rng.choice(OBSERVATION_RESPONSIBLE),
                                action_status=rng.choice(
                                    [choice.value for choice in Observation.ActionStatus]
                                ),
                            )
                        )
        stage = self.progress.stage("dialogue activities", len(activities) + len(observations))
        self.bulk(DialogueActivity, activities, "dialogue activities")
        self.bulk(Observation, observations, "observations")
        stage.finish()

    def make_surveys(self):
        """A closed safety survey per kommun and year, with eight questions of every kind."""
        Kind = Question.Kind
        kinds = [Kind.SCALE, Kind.SINGLE, Kind.MULTIPLE, Kind.PLACE, Kind.SCALE, Kind.SINGLE,
                 Kind.TEXT, Kind.SCALE]  # fmt: skip
        surveys = []
        for kommun in self.kommuner:
            for year in self.years:
                opens = _moment(datetime.date(year, 3, 1), 8)
                surveys.append(
                    Survey(
                        municipality=kommun,
                        police_area=self.area_of[kommun.pk],
                        title=f"Trygghetsundersökning {kommun.name} {year}",
                        slug=f"{PREFIX}trygghet-{year}",
                        introduction="Hur trygg känner du dig där du bor? Svaren är anonyma.",
                        opens_at=opens,
                        closes_at=opens + datetime.timedelta(days=30),
                        is_published=True,
                        publish_results_on_close=True,
                    )
                )
        stage = self.progress.stage("surveys", len(surveys))
        self.bulk(Survey, surveys, "surveys")
        questions = []
        for survey in surveys:
            for order, kind in enumerate(kinds, start=1):
                questions.append(
                    Question(
                        survey=survey,
                        kind=kind,
                        order=order,
                        text=f"Fråga {order}: hur upplever du tryggheten?",
                        required=kind != Kind.TEXT,
                        scale_low_label="Mycket otrygg" if kind == Kind.SCALE else "",
                        scale_high_label="Mycket trygg" if kind == Kind.SCALE else "",
                    )
                )
        self.bulk(Question, questions, "questions")
        options = [
            Option(question=question, text=f"Alternativ {n}", order=n)
            for question in questions
            if question.kind in Question.CHOICE_KINDS
            for n in range(1, 6)
        ]
        self.bulk(Option, options, "options")
        options_of = {}
        for option in options:
            options_of.setdefault(option.question_id, []).append(option)
        questions_of = {}
        for question in questions:
            questions_of.setdefault(question.survey_id, []).append(
                (question, options_of.get(question.pk, []))
            )
        self.surveys = [(survey, questions_of[survey.pk]) for survey in surveys]
        stage.finish(len(surveys))

    def make_answers(self):
        """About `answers` answer rows, shared among the surveys with some surveys answered
        more than others; responses and answers in batches (as benchmarks/survey_results.py)."""
        rng = self.rng
        total = self.options.answers
        weights = [rng.uniform(0.3, 1.7) for _ in self.surveys]
        scale = total / sum(weights) if weights else 0
        stage = self.progress.stage("survey answers", total)
        pending = []  # (response, [answer fields])
        made = 0
        for (survey, questions), weight in zip(self.surveys, weights, strict=True):
            target, given = round(weight * scale), 0
            span = (survey.closes_at - survey.opens_at).total_seconds()
            places = self.places.get(survey.municipality_id, [])
            # Stop within half a response of the target, so that the total comes out near it.
            while given + 4 <= target:
                response = Response(
                    survey=survey,
                    submitted_at=survey.opens_at
                    + datetime.timedelta(seconds=int(rng.uniform(0, span))),
                )
                fields = self._answers(questions, places)
                pending.append((response, fields))
                given += len(fields)
                if len(pending) >= BATCH:
                    made += self._save_answers(pending)
                    stage.step(made - stage.done)
                    pending = []
        made += self._save_answers(pending)
        stage.finish(made)

    def _answers(self, questions, places):
        rng, Kind, rows = self.rng, Question.Kind, []
        for question, options in questions:
            if question.kind == Kind.SCALE:
                rows.append({"question_id": question.pk, "scale": rng.randint(1, 5)})
            elif question.kind == Kind.SINGLE:
                rows.append({"question_id": question.pk, "option_id": rng.choice(options).pk})
            elif question.kind == Kind.MULTIPLE:
                rows += [
                    {"question_id": question.pk, "option_id": option.pk}
                    for option in rng.sample(options, rng.randint(1, 2))
                ]
            elif question.kind == Kind.PLACE:
                if places and rng.random() < 0.9:
                    rows.append({"question_id": question.pk, "place_id": rng.choice(places).pk})
                else:
                    rows.append({"question_id": question.pk, "text": "Vid stationen"})
            elif rng.random() < 0.2:
                rows.append({"question_id": question.pk, "text": "Mer belysning, tack."})
        return rows

    def _save_answers(self, pending):
        if not pending:
            return 0
        responses = self.bulk(Response, [response for response, _ in pending], "responses")
        rows = [
            Answer(response_id=response.pk, survey_id=response.survey_id, **fields)
            for response, (_, answers) in zip(responses, pending, strict=True)
            for fields in answers
        ]
        self.bulk(Answer, rows, "answers")
        return len(rows)

    def make_place_reports(self):
        """Residents' reports of unsafe places: three to eight per kommun and year. Those older
        than a month are moderated; those past the retention period have had their details
        removed, as PlaceReport.purge() does."""
        rng = self.rng
        statuses = (
            [PlaceReport.Status.READ] * 3
            + [PlaceReport.Status.USED] * 2
            + [PlaceReport.Status.DISMISSED]
        )
        retention = datetime.timedelta(days=settings.DIALOGUE_RETENTION_DAYS)
        rows = []
        for kommun in self.kommuner:
            places = self.places.get(kommun.pk, [])
            for year in self.years:
                for _ in range(rng.randint(3, 8)):
                    day = self._day_in(year)
                    if day >= self.today:
                        continue
                    created = _moment(day, rng.randint(0, 23), rng.randint(0, 59))
                    place = rng.choice(places) if places and rng.random() < 0.6 else None
                    status = (
                        rng.choice(statuses)
                        if (self.today - day).days > 30
                        else PlaceReport.Status.NEW
                    )
                    report = PlaceReport(
                        municipality=kommun,
                        place=place,
                        place_text="" if place else "Parkeringen vid affären",
                        category=rng.choice(CATEGORIES),
                        description="Det är mörkt här på kvällarna och folk samlas.",
                        time_of_day=rng.choice(TIMES_OF_DAY),
                        contact_email="boende@example.se" if rng.random() < 0.2 else "",
                        status=status,
                        created_at=created,
                    )
                    if created + retention < self.now:
                        for name in PURGED_FIELDS:
                            setattr(report, name, "")
                        report.place_text = "" if place else "—"
                        report.purged_at = created + retention
                    rows.append(report)
        stage = self.progress.stage("residents' reports", len(rows))
        self.bulk(PlaceReport, rows, "place reports")
        stage.finish()
