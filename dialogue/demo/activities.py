"""Demo dialogue activities for Vaggeryd and Vänersborg: coming meetings, past ones, safety walks.

Runs after pledges.demo.load_demo_data (police areas, places, pledges). The facts follow the seed
pledges (safety walks in Skillingaryd and Vaggeryd, staff and citizen dialogue behind the
lägesbild, Sanden and Torpa in Vänersborg); the prose is written for the demo.

Past activities are found again by (kommun, title, start). Those of the seed years have fixed
dates; those behind the lägesbild of a pledge in force fall in its period, on weekday evenings.
Coming ones are dated from today, on a Tuesday to Thursday that is a working day, so a rerun on
a later day would find nothing with the same start: they are found by (kommun, title) among
activities that have not started yet, and made anew only once the earlier one has passed (a
recurring meeting, as in real life).
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality, Place, PoliceArea
from pledges.demo import demo_now
from pledges.models import Pledge
from portal.holidays import is_working_day
from portal.tertials import tertials_between

from ..models import DialogueActivity, Observation
from .situation import current_pictures

Kind = DialogueActivity.Kind
Category = Observation.Category
Responsible = Observation.Responsible
Status = Observation.ActionStatus
TUESDAY, THURSDAY = 1, 3

# Kommuner by kommunkod (a display name may be corrected in the admin), with their police area.
KOMMUNER = {"Vaggeryd": ("0665", "varnamo"), "Vänersborg": ("1487", "ostra-fyrbodal")}


class DemoActivity(NamedTuple):
    kommun: str
    kind: str
    title: str
    place: str | None
    location: str
    description: str
    hours: tuple[int, int] = (18, 20)
    open_to_public: bool = True
    is_published: bool = True
    participants: int | None = None
    summary: str = ""


# (days from today, activity)
UPCOMING = [
    (10, DemoActivity(
        "Vaggeryd", Kind.SAFETY_WALK, "Trygghetsvandring i Vaggeryds centrum", "Vaggeryd",
        "Samling på torget",
        "Följ med kommunen, polisen och fastighetsägare på en kvällsvandring genom centrum. Vi "
        "tittar på belysning, skymd sikt och platser där det känns otryggt, och du berättar vad "
        "du ser. Vandringen tar ungefär två timmar och passar alla som kan gå en kortare "
        "sträcka. Vi avslutar med fika och en kort genomgång av vad vi har sett.",
    )),
    (25, DemoActivity(
        "Vänersborg", Kind.CITIZEN_DIALOGUE, "Medborgardialog om tryggheten på Sanden",
        "Aktivitetsområdet Sanden", "Kommunhuset, Sundsgatan 29",
        "Kommunen och polisen vill höra hur du upplever tryggheten på Sanden: vid hamnen, på "
        "evenemangen och på kvällarna. Kom, ställ frågor och berätta vad som fungerar och vad "
        "som borde bli bättre.",
        hours=(17, 19),
    )),
    (40, DemoActivity(
        "Vaggeryd", Kind.CITIZEN_DIALOGUE, "Medborgardialog: hur trygg känner du dig i "
        "Skillingaryd?", "Skillingaryd", "Samlingssalen i kommunens lokaler i centrum",
        "Kommunen och polisen berättar vad som har hänt sedan trygghetsvandringen och vad som "
        "står i medborgarlöftet. Sedan är det din tur: vad gör dig trygg eller otrygg i "
        "Skillingaryd, och vad ska vi prioritera härnäst?",
    )),
    (55, DemoActivity(
        "Vänersborg", Kind.SAFETY_WALK, "Trygghetsvandring i Torpa", "Bostadsområdet Torpa",
        "Samling vid lekplatsen mitt i området",
        "Vi går tillsammans genom Torpa en tidig kväll och tittar på gångvägar, belysning, "
        "entréer och gårdar. Boende, bostadsbolaget, kommunen och polisen deltar. Det du "
        "berättar blir underlag för åtgärder i området.",
    )),
]  # fmt: skip

# (date, activity)
PAST = [
    (date(2020, 10, 14), DemoActivity(
        "Vänersborg", Kind.CITIZEN_DIALOGUE, "Medborgardialog med boende i Torpa",
        "Bostadsområdet Torpa", "Samlingslokalen i området",
        "Ett öppet möte för alla som bor i Torpa om hur det är att bo och röra sig i området.",
        participants=27,
        summary="Många berättade att de undviker vissa gångvägar när det är mörkt, framför allt "
        "mellan husen och hållplatsen. Flera nämnde nedskräpning och trasig belysning på "
        "gårdarna, och några oroade sig för ungdomar som samlas sent på kvällarna utan någon "
        "vuxen i närheten. Önskemålen handlade om bättre belysning, fler vuxna ute på "
        "kvällarna och att polisen syns oftare i området. Det som kom fram ligger till grund "
        "för Torpa som fokusområde i medborgarlöftet 2021.",
    )),
    (date(2021, 10, 19), DemoActivity(
        "Vaggeryd", Kind.STAFF_DIALOGUE, "Medarbetardialog inför lägesbilden 2022", None,
        "Kommunhuset",
        "Intern dialog med medarbetare i skola, socialtjänst, fritid och teknisk förvaltning om "
        "vad de ser i sitt arbete.",
        hours=(13, 16), open_to_public=False, is_published=False, participants=22,
        summary="Internt underlag till lägesbilden.",
    )),
    (date(2022, 5, 17), DemoActivity(
        "Vaggeryd", Kind.SAFETY_WALK, "Trygghetsvandring i Skillingaryd", "Skillingaryd",
        "Samling vid stationen",
        "Den första trygghetsvandringen sedan pandemin: boende, kommunen, polisen och "
        "fastighetsägare går genom centrala Skillingaryd och noterar vad som gör platser "
        "otrygga.",
        hours=(18, 21), participants=19,
        summary="Vi gick från stationen genom centrum och bort mot skolan. Det som kom upp "
        "oftast var mörka passager och buskar som skymmer sikten längs gångvägarna. Många "
        "tyckte också att bilarna kör för fort vid skolan när barnen ska hämtas. Åtgärderna "
        "följs upp i medborgarlöftets tertialuppföljningar.",
    )),
]  # fmt: skip


# The meetings and walks behind the lägesbild of each pledge in force: (tertial number, month,
# day) picks the date inside the lägesbild's year, then the next Tuesday to Thursday.
PERIOD = {
    "Vaggeryd": [
        ((1, 3, 10), DemoActivity(
            "Vaggeryd", Kind.CITIZEN_DIALOGUE, "Medborgardialog om tryggheten i Vaggeryd",
            "Vaggeryd", "Kommunhusets stora sammanträdesrum",
            "Ett öppet möte inför nästa medborgarlöfte: vad gör dig trygg eller otrygg i "
            "Vaggeryd och Skillingaryd, och vad ska kommunen och polisen prioritera?",
            participants=34,
            summary="Många tog upp mopeder som kör fort på gång- och cykelvägarna och bilar som "
            "håller hög fart förbi skolorna. Flera föräldrar var oroliga för att unga kommer i "
            "kontakt med narkotika, och några undvek stationsområdet på kvällarna. Förslagen "
            "handlade om fler trygghetsvandringar, bättre belysning och att polisen syns mer "
            "på helgerna.",
        )),
        ((3, 10, 12), DemoActivity(
            "Vaggeryd", Kind.SAFETY_WALK, "Trygghetsvandring i Vaggeryds centrum", "Vaggeryd",
            "Samling på torget",
            "Boende, kommunen, polisen och fastighetsägare går en kväll genom centrum och "
            "noterar vad som gör platser otrygga.",
            participants=21,
            summary="Vi gick från torget förbi stationen och bort mot skolan och idrottshallen. "
            "Mörka gångvägar, skymd sikt vid övergångsställen och unga som samlas i bilar vid "
            "idrottshallen kom upp mest. Åtgärderna följs upp i medborgarlöftets "
            "tertialuppföljningar.",
        )),
    ],
    "Vänersborg": [
        ((2, 6, 10), DemoActivity(
            "Vänersborg", Kind.CITIZEN_DIALOGUE, "Medborgardialog på Sanden",
            "Aktivitetsområdet Sanden", "Tältet vid hamnen",
            "Kommunen och polisen finns på plats vid hamnen en eftermiddag och kväll. Kom förbi "
            "och berätta hur du upplever Sanden under sommaren.",
            hours=(17, 20), participants=58,
            summary="Besökarna tyckte att Sanden är en trygg plats på dagen, men att det blir "
            "stökigt vid hamnen på fredags- och lördagskvällar när många unga samlas. Många ville "
            "ha bättre belysning längs vattnet, fler vuxna ute och att skräpet efter evenemangen "
            "tas om hand snabbare.",
        )),
        ((3, 10, 5), DemoActivity(
            "Vänersborg", Kind.SAFETY_WALK, "Trygghetsvandring i Torpa", "Bostadsområdet Torpa",
            "Samling vid lekplatsen mitt i området",
            "Boende, bostadsbolaget, kommunen och polisen går tillsammans genom Torpa en tidig "
            "kväll och tittar på gångvägar, belysning, entréer och gårdar.",
            participants=24,
            summary="Vi gick genom området från lekplatsen till hållplatsen och tillbaka förbi "
            "miljöstugan. De boende pekade ut en mörk passage mellan husen, höga häckar vid "
            "lekplatsen och skräp vid miljöstugan. Bostadsbolaget lovade att börja med "
            "belysningen.",
        )),
    ],
}  # fmt: skip


class DemoObservation(NamedTuple):
    place_text: str
    category: str
    description: str
    proposed_action: str
    responsible: str
    action_status: str
    pledge_activity: str | None  # a part of the description of the pledge activity that took it up


# (kommun, title) of a walk: its observations. The Skillingaryd walk of 2022 went into the
# Vaggeryd 2022 pledge; the others into the pledge in force whose lägesbild they are part of.
SEED_WALK_PLEDGE = "vaggeryd-2022"
WALKS_ACTIVITY = "Genomföra trygghetsvandringar"
TRAFFIC_ACTIVITY = "Genomföra trafikinsatser"
OBSERVATIONS = {
    ("Vaggeryd", "Trygghetsvandring i Skillingaryd"): [
        DemoObservation(
            "Gångtunneln under järnvägen", Category.LIGHTING,
            "Flera lampor i tunneln är trasiga och det är mörkt vid båda mynningarna. Många "
            "väljer en längre väg på kvällen.",
            "Byta trasiga armaturer och sätta upp belysning vid mynningarna.",
            Responsible.MUNICIPALITY, Status.DONE, WALKS_ACTIVITY,
        ),
        DemoObservation(
            "Gång- och cykelvägen mot idrottsplatsen", Category.VEGETATION,
            "Höga buskar längs gångvägen skymmer sikten, så att man inte ser vem som kommer.",
            "Röja och glesa ut buskarna och hålla dem låga.",
            Responsible.MUNICIPALITY, Status.IN_PROGRESS, WALKS_ACTIVITY,
        ),
        DemoObservation(
            "Parkeringen bakom butikerna", Category.LITTER,
            "Mycket skräp och trasiga lastpallar, och en belysningsstolpe som inte fungerar.",
            "Fastighetsägaren städar regelbundet och lagar belysningen.",
            Responsible.PROPERTY_OWNER, Status.PLANNED, None,
        ),
        DemoObservation(
            "Gatan utanför skolan", Category.TRAFFIC,
            "Bilar kör fort och parkerar på trottoaren vid lämning och hämtning.",
            "Hastighetskontroller vid skoltid och en översyn av avlämningsplatsen.",
            Responsible.POLICE, Status.IN_PROGRESS, TRAFFIC_ACTIVITY,
        ),
        DemoObservation(
            "Busskuren vid stationen", Category.VANDALISM,
            "Klotter och krossat glas i väderskyddet.",
            "Anmäla skadegörelsen och be trafikhuvudmannen byta glaset.",
            Responsible.OTHER, Status.PROPOSED, None,
        ),
    ],
    ("Vaggeryd", "Trygghetsvandring i Vaggeryds centrum"): [
        DemoObservation(
            "Gångvägen mellan stationen och centrum", Category.LIGHTING,
            "En lång sträcka utan fungerande belysning; många går hellre längs bilvägen på "
            "kvällen.",
            "Sätta upp ny belysning längs hela gångvägen.",
            Responsible.MUNICIPALITY, Status.DONE, "en på våren och en på hösten",
        ),
        DemoObservation(
            "Övergångsstället vid skolan", Category.TRAFFIC,
            "Bilar håller för hög fart, och parkerade bilar skymmer barnen som ska över.",
            "Hastighetskontroller vid skolstarten och parkeringsförbud närmast "
            "övergångsstället.",
            Responsible.POLICE, Status.IN_PROGRESS, "trafikinsatser",
        ),
        DemoObservation(
            "Parkeringen vid idrottshallen", Category.UNSAFE,
            "Unga samlas i bilar sent på kvällarna, och det känns otryggt att gå förbi.",
            "Trygghetsrundor på kvällarna och bättre belysning på parkeringen.",
            Responsible.POLICE, Status.IN_PROGRESS, "hot spots",
        ),
        DemoObservation(
            "Busskuren vid torget", Category.VANDALISM,
            "Krossat glas och klotter i väderskyddet.",
            "Anmäla skadegörelsen och be trafikhuvudmannen byta glaset.",
            Responsible.OTHER, Status.PLANNED, None,
        ),
    ],
    ("Vänersborg", "Trygghetsvandring i Torpa"): [
        DemoObservation(
            "Passagen mellan husen mot hållplatsen", Category.LIGHTING,
            "En mörk passage där flera lampor saknas; många undviker den efter skymningen.",
            "Ny belysning och en bredare gångväg genom passagen.",
            Responsible.PROPERTY_OWNER, Status.DONE, "otryggheten i Torpa",
        ),
        DemoObservation(
            "Lekplatsen mitt i området", Category.VEGETATION,
            "Höga häckar gör att man inte ser in på lekplatsen från gångvägen.",
            "Klippa ner häckarna och hålla dem låga.",
            Responsible.PROPERTY_OWNER, Status.DONE, "otryggheten i Torpa",
        ),
        DemoObservation(
            "Miljöstugan", Category.LITTER,
            "Grovsopor och skräp runt miljöstugan.",
            "Tätare tömning och ett låst utrymme för grovsopor.",
            Responsible.PROPERTY_OWNER, Status.IN_PROGRESS, None,
        ),
        DemoObservation(
            "Gångvägen mot skolan", Category.UNSAFE,
            "Unga samlas sent på kvällarna utan vuxna i närheten.",
            "Nattvandrare och fältassistenter ute på helgkvällarna.",
            Responsible.MUNICIPALITY, Status.PROPOSED, None,
        ),
    ],
}  # fmt: skip


def _kommun(name):
    code, _area = KOMMUNER[name]
    return Municipality.objects.get(code=code)


def _local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _between_christmas_and_twelfth_night(day: date) -> bool:
    return (day.month, day.day) >= (12, 23) or (day.month, day.day) <= (1, 6)


def evening_day(day: date) -> date:
    """The first Tuesday, Wednesday or Thursday from `day` that is a working day, outside the
    Christmas weeks: when an evening meeting or walk draws people."""
    while not (
        TUESDAY <= day.weekday() <= THURSDAY
        and is_working_day(day)
        and not _between_christmas_and_twelfth_night(day)
    ):
        day += timedelta(days=1)
    return day


def _values(spec: DemoActivity, municipality, start):
    return {
        "kind": spec.kind,
        "police_area": PoliceArea.objects.get(slug=KOMMUNER[spec.kommun][1]),
        "ends_at": _local(start.date(), spec.hours[1]),
        "place": Place.objects.get(municipality=municipality, name=spec.place)
        if spec.place
        else None,
        "location": spec.location,
        "description": spec.description,
        "open_to_public": spec.open_to_public,
        "is_published": spec.is_published,
        "participants": spec.participants,
        "summary": spec.summary,
    }


def _load_upcoming(counts, days, spec, now):
    municipality = _kommun(spec.kommun)
    same = DialogueActivity.objects.filter(
        municipality=municipality, title=spec.title, starts_at__gt=now
    )
    if same.exists():
        return
    day = evening_day(timezone.localdate(now) + timedelta(days=days))
    start = _local(day, spec.hours[0])
    DialogueActivity.objects.create(
        municipality=municipality,
        title=spec.title,
        starts_at=start,
        **_values(spec, municipality, start),
    )
    counts["dialogue activities"] += 1


def _load_past(counts, day, spec):
    municipality = _kommun(spec.kommun)
    start = _local(day, spec.hours[0])
    activity, created = DialogueActivity.objects.get_or_create(
        municipality=municipality,
        title=spec.title,
        starts_at=start,
        defaults=_values(spec, municipality, start),
    )
    counts["dialogue activities"] += created
    return activity


def _load_observations(counts, walk, specs, pledge):
    for spec in specs:
        linked = (
            pledge.activities.filter(description__icontains=spec.pledge_activity).first()
            if pledge is not None and spec.pledge_activity
            else None
        )
        _, created = Observation.objects.get_or_create(
            activity=walk,
            place=walk.place,
            place_text=spec.place_text,
            defaults={
                "category": spec.category,
                "description": spec.description,
                "proposed_action": spec.proposed_action,
                "responsible": spec.responsible,
                "action_status": spec.action_status,
                "pledge_activity": linked,
            },
        )
        counts["observations"] += created


def day_in_period(start: date, end: date, when: tuple[int, int, int]) -> date:
    """The evening (see evening_day) from a month and day of the period's tertial `number`."""
    number, month, day = when
    tertial = next(t for t in tertials_between(start, end) if t.number == number)
    return evening_day(date(tertial.year, month, day))


@transaction.atomic
def load_activity_demo(today: date | None = None) -> dict:
    """Create the demo activities that are missing; returns how many rows of each kind it made."""
    today = today or timezone.localdate()
    now = demo_now(today)
    counts = Counter()
    for days, spec in UPCOMING:
        _load_upcoming(counts, days, spec, now)
    for day, spec in PAST:
        activity = _load_past(counts, day, spec)
        if (spec.kommun, spec.title) in OBSERVATIONS:
            pledge = Pledge.objects.filter(slug=SEED_WALK_PLEDGE).first()
            _load_observations(counts, activity, OBSERVATIONS[(spec.kommun, spec.title)], pledge)
    for kommun, picture, pledge in current_pictures():
        for when, spec in PERIOD[kommun]:
            day = day_in_period(picture.period_start, picture.period_end, when)
            activity = _load_past(counts, day, spec)
            if (spec.kommun, spec.title) in OBSERVATIONS:
                _load_observations(
                    counts, activity, OBSERVATIONS[(spec.kommun, spec.title)], pledge
                )
    return {label: count for label, count in counts.items() if count}
