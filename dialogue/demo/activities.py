"""Demo dialogue activities for Vaggeryd and Vänersborg: coming meetings, past ones, a safety walk.

Runs after pledges.demo.load_demo_data (police areas, places, the Vaggeryd 2022 pledge). The
facts follow the seed pledges (safety walks in Skillingaryd and Vaggeryd, staff and citizen
dialogue behind the lägesbild, Sanden and Torpa in Vänersborg); the prose is written for the demo.

Past activities have fixed dates and are found again by (kommun, title, start). Coming ones are
dated from today, so a rerun on a later day would find nothing with the same start: they are
found by (kommun, title) among activities that have not started yet, and made anew only once
the earlier one has passed (a recurring meeting, as in real life).
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality, Place, PoliceArea
from pledges.models import Activity

from ..models import DialogueActivity, Observation

LOCAL = ZoneInfo("Europe/Stockholm")
Kind = DialogueActivity.Kind
Category = Observation.Category
Responsible = Observation.Responsible
Status = Observation.ActionStatus

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
        "Vänersborg", Kind.CITIZEN_DIALOGUE, "Medborgardialog om sommaren på Sanden",
        "Aktivitetsområdet Sanden", "Mötestältet vid hamnen",
        "Inför sommarsäsongen vill kommunen och polisen höra hur du upplever tryggheten på "
        "Sanden: vid hamnen, på evenemangen och på kvällarna. Kom förbi, ställ frågor och "
        "berätta vad som fungerar och vad som borde bli bättre.",
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


class DemoObservation(NamedTuple):
    place_text: str
    category: str
    description: str
    proposed_action: str
    responsible: str
    action_status: str
    pledge_activity: str | None  # the start of the Vaggeryd 2022 activity that took it up


WALK = ("Vaggeryd", "Trygghetsvandring i Skillingaryd")
WALKS_ACTIVITY = "Genomföra trygghetsvandringar"
TRAFFIC_ACTIVITY = "Genomföra trafikinsatser"
OBSERVATIONS = [
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
]  # fmt: skip


def _kommun(name):
    code, _area = KOMMUNER[name]
    return Municipality.objects.get(code=code)


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL)


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
    start = _local(timezone.localdate(now, LOCAL) + timedelta(days=days), spec.hours[0])
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


def _load_observations(counts, walk):
    skillingaryd = Place.objects.get(municipality=walk.municipality, name="Skillingaryd")
    pledge_activities = Activity.objects.filter(pledge__slug="vaggeryd-2022")
    for spec in OBSERVATIONS:
        linked = (
            pledge_activities.filter(description__startswith=spec.pledge_activity).first()
            if spec.pledge_activity
            else None
        )
        _, created = Observation.objects.get_or_create(
            activity=walk,
            place=skillingaryd,
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


@transaction.atomic
def load_activity_demo() -> dict:
    """Create the demo activities that are missing; returns how many rows of each kind it made."""
    counts = Counter()
    now = timezone.now()
    for days, spec in UPCOMING:
        _load_upcoming(counts, days, spec, now)
    walk = None
    for day, spec in PAST:
        activity = _load_past(counts, day, spec)
        if (spec.kommun, spec.title) == WALK:
            walk = activity
    _load_observations(counts, walk)
    return {label: count for label, count in counts.items() if count}
