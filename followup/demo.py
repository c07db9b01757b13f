"""The demo's history in date order: pledges published, follow-ups, changes and a correction."""

# Runs after pledges.demo.load_demo_data, which makes the pledges' working copies. Publication
# happens here, not there, because it must follow what it depends on: a pledge in force carries
# over the activities its predecessor left unfinished (known only from that pledge's
# follow-ups), and its lägesbild (dialogue.demo.situation) is part of the version both sides
# approve. The facts come from the seed pledges; narratives and figures are written for the demo.
#
# The seed pledges have fixed reports: Vaggeryd 2021 only its T3, and Vänersborg 2021 leaves T3
# as a draft, so the public pages show those tertials as missing, as the demo means to show.
# The pledges in force get a published report for every tertial that has ended on the day the
# demo is loaded, and their version 2 once its day has passed.

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from dialogue.demo.situation import link_seed_pictures, picture_for
from pledges.demo import (
    CURRENT,
    PLEDGES,
    approval_moments,
    at,
    demo_now,
    demo_successors,
    demo_users,
    english_version,
    make_change,
    publish,
    published_moment,
)
from pledges.models import Pledge
from portal.holidays import add_working_days, working_day_on_or_after
from portal.tertials import tertials_between

from .models import (
    ActivityUpdate,
    Correction,
    FollowUpReport,
    Indicator,
    IndicatorValue,
    latest_published_updates,
)
from .services import continue_activities, unfinished_activities

S = ActivityUpdate.Status
PUBLISHED = FollowUpReport.Status.PUBLISHED
DRAFT = FollowUpReport.Status.DRAFT

# The police publish a follow-up about three weeks after its tertial has ended (it is due
# within FOLLOWUP_DUE_DAYS), and the change of a pledge in force comes after its first report.
PUBLISHED_WORKING_DAYS_AFTER = 14
CHANGE_DAYS_AFTER_START = 170


class Update(NamedTuple):
    status: str
    narrative: str
    achieved: int | None = None


def _at(day: date, hour: int = 10):
    return at(day, hour)


# pledge slug: {key: a substring that names exactly one of the pledge's activities}
ACTIVITIES = {
    "vaggeryd-2021": {"walks": "trygghetsvandringar", "est": "(EST)"},
    "vaggeryd-2022": {
        "walks": "trygghetsvandringar",
        "est": "(EST)",
        "hot_spots": "hot spots",
        "traffic": "trafikinsatser",
    },
    "vanersborg-2021": {
        "engagement": "engagemang i lokalsamhället",
        "cooperation": "samverkan mellan polisen och kommunen",
        "communication": "Kommunicera",
        "police_presence": "polisens närvaro på Sanden",
        "adult_presence": "vuxennärvaro på Sanden",
        "torpa": "otryggheten i Torpa",
        "involve": "Involvera",
    },
}

# pledge slug: [(name, unit, target)], in display order.
INDICATORS = {
    "vaggeryd-2022": [
        ("Genomförda trygghetsvandringar", "st", Decimal(2)),
        ("Trafikinsatser", "st", Decimal(6)),
        ("Andel som känner sig trygga i centrum", "%", None),
    ],
    "vanersborg-2021": [
        ("Polisiära närvarotimmar på Sanden", "timmar", Decimal(200)),
        ("Trygghetsvandringar i Torpa", "st", Decimal(2)),
    ],
}

POLICE_USERS = {"vaggeryd-2021": "polis.varnamo", "vaggeryd-2022": "polis.varnamo",
                "vanersborg-2021": "polis.ostrafyrbodal"}  # fmt: skip

CORRECTION = {
    "report": ("vaggeryd-2022", 2022, 2),
    "reason": "Antalet trafikinsatser var fel i den först publicerade versionen "
    "(2 i stället för 3).",
    # Shown after "Ändrat:" on the report page, so it does not say "ändrat" again.
    "changes": "Trafikinsatser: uppnått antal från 2 till 3, både för aktiviteten och "
    "för nyckeltalet.",
    "made_at": _at(date(2022, 10, 12), 14),
}

# The seed pledges' reports: the pledge, the tertial, status, when it was published, summary,
# the updates by activity key, and key figure values by indicator name. A draft fills only some
# updates: the rest keep what add_missing_updates prefilled.
SEED_REPORTS = [
    {
        "pledge": "vaggeryd-2021", "year": 2021, "tertial": 3, "status": PUBLISHED,
        "published_at": _at(date(2022, 1, 27)),
        "summary": "Året präglades av pandemin. Arbetet enligt EST har fungerat som tänkt och "
        "gett kommunen och polisen en gemensam bild av var otryggheten finns. "
        "Trygghetsvandringarna gick däremot inte att genomföra, och de förs därför över till "
        "löftet för 2022.",
        "updates": {
            "walks": Update(
                S.NOT_DONE,
                "Restriktionerna under pandemin gjorde att vi inte kunde samla boende, "
                "föreningar och fastighetsägare till några vandringar under året. Båda "
                "vandringarna, i Skillingaryd och i Vaggeryd, finns med i medborgarlöftet för "
                "2022.",
                0,
            ),
            "est": Update(
                S.DONE,
                "Medarbetare i kommunen och hos polisen har rapporterat händelser och "
                "iakttagelser varje vecka under hela året. Rapporterna har gåtts igenom på "
                "gemensamma möten och styrt var insatserna gjorts. Arbetssättet fortsätter "
                "under 2022.",
            ),
        },
        "values": {},
    },
    {
        "pledge": "vaggeryd-2022", "year": 2022, "tertial": 1, "status": PUBLISHED,
        "published_at": _at(date(2022, 5, 24)),
        "summary": "Arbetet med årets löfte har kommit igång. Veckorapporteringen enligt EST "
        "pekar ut var polisen gör sina trygghetsrundor, och två trafikinsatser är redan "
        "genomförda. Trygghetsvandringarna planeras tillsammans med bostadsbolaget.",
        "updates": {
            "walks": Update(
                S.NOT_STARTED,
                "Kommunen och polisen planerar vandringarna tillsammans med det kommunala "
                "bostadsbolaget. Den första vandringen blir i Skillingaryd i början av sommaren, "
                "och inbjudan till boende och föreningar skickas ut i maj.",
                0,
            ),
            "est": Update(
                S.IN_PROGRESS,
                "Medarbetare i kommunen, i bostadsbolaget och hos polisen rapporterar varje "
                "vecka vad de sett och varit med om på olika platser. Rapporterna sammanställs "
                "till en lägesbild som vi går igenom tillsammans varannan vecka.",
            ),
            "hot_spots": Update(
                S.IN_PROGRESS,
                "Polisen har gjort trygghetsrundor i centrala Vaggeryd och Skillingaryd, "
                "framför allt fredags- och lördagskvällar. Platserna väljs utifrån de senaste "
                "veckornas EST-rapporter.",
            ),
            "traffic": Update(
                S.IN_PROGRESS,
                "Två trafikinsatser är genomförda: en hastighetskontroll på en av "
                "genomfartslederna och en kontroll av mopeder och EPA-traktorer en helgkväll.",
                2,
            ),
        },
        "values": {
            "Genomförda trygghetsvandringar": Decimal(0),
            "Trafikinsatser": Decimal(2),
            "Andel som känner sig trygga i centrum": Decimal(64),
        },
    },
    {
        "pledge": "vaggeryd-2022", "year": 2022, "tertial": 2, "status": PUBLISHED,
        "published_at": _at(date(2022, 9, 22)),
        "summary": "Den första trygghetsvandringen är genomförd i Skillingaryd. EST och "
        "trygghetsrundorna har fortsatt under sommaren. Trafikinsatserna ligger efter plan "
        "eftersom det saknades personal under semesterperioden; de tas igen under hösten.",
        "updates": {
            "walks": Update(
                S.IN_PROGRESS,
                "Den första vandringen gick i centrala Skillingaryd i början av juni, med boende, "
                "bostadsbolaget, kommunen och polisen. Deltagarna pekade bland annat ut dålig "
                "belysning längs gång- och cykelvägar och buskage som skymmer sikten. Vad som "
                "görs åt det redovisas på ett återkopplingsmöte i höst.",
                1,
            ),
            "est": Update(
                S.IN_PROGRESS,
                "Rapporteringen har fortsatt hela sommaren, även om färre rapporter kom in under "
                "semesterveckorna. Sommarens rapporter handlade mest om badplatser och "
                "skolgårdar sena kvällar.",
            ),
            "hot_spots": Update(
                S.IN_PROGRESS,
                "Polisen har gjort fler rundor kring skolavslutningen och midsommar, bland annat "
                "på skolgårdar och i centrum där unga samlas på kvällarna.",
            ),
            "traffic": Update(
                S.DELAYED,
                "En tredje insats genomfördes i maj. De insatser som var planerade till sommaren "
                "fick skjutas upp eftersom det saknades personal under semesterperioden. De "
                "genomförs i stället under hösten.",
                3,
            ),
        },
        "values": {
            "Genomförda trygghetsvandringar": Decimal(1),
            "Trafikinsatser": Decimal(3),
            "Andel som känner sig trygga i centrum": Decimal("66.5"),
        },
    },
    {
        "pledge": "vaggeryd-2022", "year": 2022, "tertial": 3, "status": PUBLISHED,
        "published_at": _at(date(2023, 1, 25)),
        "summary": "Båda trygghetsvandringarna är nu genomförda, och trygghetsrundorna har gått "
        "enligt plan hela året. Fem av sex trafikinsatser blev av. EST fortsätter och förs in "
        "i nästa års löfte.",
        "updates": {
            "walks": Update(
                S.DONE,
                "Den andra vandringen gick i Vaggeryds centrum i oktober. På "
                "återkopplingsmötet berättade kommunen vad som gjorts efter vandringen i "
                "Skillingaryd: ny belysning längs en gångväg och röjda buskage. Därmed är båda "
                "vandringarna som fördes över från 2021 genomförda.",
                2,
            ),
            "est": Update(
                S.IN_PROGRESS,
                "EST är nu en del av det vanliga samarbetet mellan kommunen och polisen. Under "
                "hösten började ytterligare några av kommunens verksamheter rapportera varje "
                "vecka.",
            ),
            "hot_spots": Update(
                S.DONE,
                "Polisen har gjort trygghetsrundor på de platser som lägesbilden pekat ut under "
                "hela året, med extra rundor under höstlovet och kring halloween.",
            ),
            "traffic": Update(
                S.PARTLY_DONE,
                "Under hösten genomfördes två insatser till, med inriktning på hastigheter och "
                "trimmade mopeder. Fem av de sex planerade insatserna blev av; den sista hann "
                "inte genomföras före årsskiftet.",
                5,
            ),
        },
        "values": {
            "Genomförda trygghetsvandringar": Decimal(2),
            "Trafikinsatser": Decimal(5),
            "Andel som känner sig trygga i centrum": Decimal(71),
        },
    },
    {
        "pledge": "vanersborg-2021", "year": 2021, "tertial": 1, "status": PUBLISHED,
        "published_at": _at(date(2021, 5, 21)),
        "summary": "Under våren har kommunen och polisen lagt grunden för samarbetet kring "
        "Sanden och Torpa. Ett nätverk med föreningar och bostadsbolaget har startats, och "
        "sommarens närvaro på Sanden är planerad. Kommunens del om vuxennärvaro hann inte "
        "rapporteras till den här uppföljningen.",
        "updates": {
            "engagement": Update(
                S.IN_PROGRESS,
                "Kommunen har bjudit in föreningar, bostadsbolaget och trossamfund i Torpa och "
                "kring Sanden att vara med i arbetet. Det första nätverksmötet hölls digitalt i "
                "mars.",
            ),
            "cooperation": Update(
                S.IN_PROGRESS,
                "Säkerhetssamordnaren och kommunpolisen stämmer av lägesbilden för Sanden och "
                "Torpa varannan vecka.",
            ),
            "communication": Update(
                S.NOT_STARTED,
                "Kommunikationen börjar inför sommarsäsongen, när aktiviteterna på Sanden kommer "
                "igång.",
            ),
            "police_presence": Update(
                S.IN_PROGRESS,
                "Polisen har planerat närvaron under sommarens evenemang och varit på Sanden "
                "några kvällar under påsklovet.",
            ),
            "adult_presence": Update(S.NOT_REPORTED, ""),
            "torpa": Update(
                S.IN_PROGRESS,
                "En enkät till de boende i Torpa har tagits fram tillsammans med bostadsbolaget. "
                "Den skickas ut i maj, och svaren ligger till grund för vilka åtgärder som "
                "prioriteras.",
            ),
            "involve": Update(
                S.IN_PROGRESS,
                "Kommunen har frågat boende i Torpa och besökare på Sanden vad som känns "
                "otryggt, bland annat när enkäten till de boende togs fram.",
            ),
        },
        "values": {
            "Polisiära närvarotimmar på Sanden": Decimal(12),
            "Trygghetsvandringar i Torpa": Decimal(0),
        },
    },
    {
        "pledge": "vanersborg-2021", "year": 2021, "tertial": 2, "status": PUBLISHED,
        "published_at": _at(date(2021, 9, 28)),
        "summary": "Sommaren på Sanden gick lugnare än förra året, med både polis och andra "
        "vuxna på plats under evenemangen och i hamnen. Trygghetsvandringen i Torpa fick "
        "skjutas upp på grund av pandemin, men enkäten till de boende är genomförd.",
        "updates": {
            "engagement": Update(
                S.IN_PROGRESS,
                "Föreningar och nattvandrare var med på flera kvällsaktiviteter på Sanden under "
                "sommaren. I Torpa har flera boende anmält att de vill gå med på en "
                "trygghetsvandring.",
            ),
            "cooperation": Update(
                S.IN_PROGRESS,
                "Inför sommarens evenemang på Sanden planerade kommunen, polisen och "
                "arrangörerna tillsammans i en gemensam grupp.",
            ),
            "communication": Update(
                S.IN_PROGRESS,
                "Kommunen har berättat om sommarens trygghetsarbete på Sanden på webben, i "
                "sociala medier och på skyltar i området.",
            ),
            "police_presence": Update(
                S.IN_PROGRESS,
                "Polisen var på plats under sommarens evenemang och under helgkvällar vid "
                "båthamnen, sammanlagt drygt 150 timmar under tertialen.",
            ),
            "adult_presence": Update(
                S.IN_PROGRESS,
                "Feriearbetande ungdomar och fältassistenter fanns på Sanden under sommarlovet, "
                "och kommunen stöttade nattvandrarna under helgerna.",
            ),
            "torpa": Update(
                S.DELAYED,
                "Trygghetsvandringen som var planerad till maj sköts upp på grund av "
                "restriktionerna under pandemin. Enkäten har skickats ut till de boende och "
                "svaren analyseras nu.",
            ),
            "involve": Update(
                S.IN_PROGRESS,
                "De boende i Torpa har svarat på enkäten, och på Sanden har kommunen och polisen "
                "pratat med besökare under sommarens evenemang om vad som känns otryggt.",
            ),
        },
        "values": {
            "Polisiära närvarotimmar på Sanden": Decimal(168),
            "Trygghetsvandringar i Torpa": Decimal(0),
        },
    },
    {
        "pledge": "vanersborg-2021", "year": 2021, "tertial": 3, "status": DRAFT,
        "published_at": None,
        "summary": "Utkast. Målet för polisens närvaro på Sanden är nått, och den första "
        "trygghetsvandringen i Torpa är genomförd. Kommunens delar ska kompletteras innan "
        "uppföljningen publiceras.",
        "updates": {
            "cooperation": Update(
                S.DONE,
                "De gemensamma avstämningarna har hållits varannan vecka hela året och "
                "fortsätter i nästa löfte.",
            ),
            "police_presence": Update(
                S.DONE,
                "Polisen har nått målet på 200 närvarotimmar. Under hösten var närvaron störst "
                "i samband med evenemang i området.",
            ),
            "torpa": Update(
                S.IN_PROGRESS,
                "Den första trygghetsvandringen i Torpa genomfördes i oktober med boende och "
                "bostadsbolaget. Åtgärderna redovisas på ett återkopplingsmöte.",
            ),
        },
        "values": {
            "Polisiära närvarotimmar på Sanden": Decimal(231),
            "Trygghetsvandringar i Torpa": Decimal(1),
        },
    },
]  # fmt: skip

# The pledges in force ----------------------------------------------------------------------------


class Progress(NamedTuple):
    """How an activity went in one tertial of a two-year pledge in force.

    Cells are keyed by (year of the pledge, tertial number), which pins the season (T2 is the
    summer on Sanden, T3 the dark autumn evenings of the safety walks) whichever tertial the
    pledge starts in; so a narrative never assumes which tertial came before it in its year.
    """

    narrative: str
    status: str | None = None  # None: from the target and what is achieved, else under way
    increment: int | None = None  # added to what the activity achieved, when counted
    final: str | None = None  # the status when this is the pledge's last tertial


# kommun: {key: a substring that names one activity of a pledge in force}
CURRENT_ACTIVITIES = {
    "Vaggeryd": {
        "walks": "en på våren och en på hösten",
        "est": "(EST)",
        "hot_spots": "hot spots",
        "traffic": "trafikinsatser",
        "youth": "riskerar att hamna i missbruk",
    },
    "Vänersborg": ACTIVITIES["vanersborg-2021"],
}

P = Progress
CURRENT_PROGRESS = {
    "Vaggeryd": {
        "walks": {
            (1, 1): P("Vårens trygghetsvandring gick i centrala Skillingaryd, med boende, "
                      "bostadsbolaget, kommunen och polisen. Deltagarna pekade ut mörka gångvägar "
                      "och en busskur som behöver lagas.", increment=1),
            (1, 2): P("Vandringarna görs på våren och hösten, när det är mörkt på kvällarna, så "
                      "ingen vandring hölls under sommaren. Kommunen har arbetat vidare med "
                      "åtgärder som tidigare vandringar pekat ut, bland annat belysning längs "
                      "gångvägarna.", increment=0),
            (1, 3): P("Höstens vandring gick i Vaggeryds centrum en kväll i oktober. Det som kom "
                      "upp mest var skymd sikt vid övergångsställen och dålig belysning vid "
                      "stationen.", increment=1),
            (2, 1): P("Vårens vandring gick i Skillingaryd. Flera som var med förra gången kom "
                      "tillbaka och kunde se att belysningen längs gångvägarna blivit bättre.",
                      increment=1),
            (2, 2): P("Ingen vandring under sommaren. Kommunen redovisade på ett "
                      "återkopplingsmöte i juni vad som gjorts efter vandringarna.", increment=0),
            (2, 3): P("Höstens vandring gick i Vaggeryds centrum i oktober, med fler unga "
                      "deltagare än tidigare efter en inbjudan via skolorna.", increment=1),
        },
        "est": {
            (1, 1): P("Medarbetare i kommunen, i bostadsbolaget och hos polisen rapporterar "
                      "iakttagelser varje vecka. Under vintern handlade rapporterna mest om "
                      "skadegörelse och om unga som samlas i centrum på kvällarna."),
            (1, 2): P("Rapporteringen har fortsatt under sommaren, även om färre rapporter kom in "
                      "under semesterveckorna. Badplatserna och skolgårdarna sena kvällar "
                      "återkommer i rapporterna."),
            (1, 3): P("Fritidsgårdarna och fältassistenterna rapporterar nu också varje vecka. "
                      "Rapporterna gås igenom varannan vecka och styr var polisen gör sina "
                      "trygghetsrundor."),
            (2, 1): P("Arbetssättet är en fast del av samarbetet. Under våren har rapporterna "
                      "pekat ut två nya platser där unga samlas, och rundorna har flyttats dit."),
            (2, 2): P("Rapporterna har gåtts igenom varje vecka även under semestern, med en "
                      "ansvarig i taget från kommunen och en från polisen."),
            (2, 3): P("Under hösten har kommunen och polisen sett över vilka verksamheter som "
                      "rapporterar och lagt till skolornas kuratorer. EST fortsätter som "
                      "arbetssätt."),
        },
        "hot_spots": {
            (1, 1): P("Polisen har gjort trygghetsrundor i centrala Vaggeryd och Skillingaryd på "
                      "fredags- och lördagskvällar, på de platser som veckorapporterna pekat ut."),
            (1, 2): P("Fler rundor kring skolavslutningen och midsommar, bland annat vid "
                      "badplatserna och på skolgårdarna där unga samlas sent."),
            (1, 3): P("Under hösten har rundorna koncentrerats till centrum och stationsområdet, "
                      "med extra närvaro under höstlovet och kring halloween."),
            (2, 1): P("Rundor varje helg under vintern. Vid två tillfällen har polisen tagit hand "
                      "om narkotika och kontaktat föräldrar och socialtjänsten."),
            (2, 2): P("Sommarens rundor har gått enligt plan, och polisen har också funnits på "
                      "sommarens evenemang i båda orterna."),
            (2, 3): P("Rundorna har fortsatt på de platser som lägesbilden pekar ut. "
                      "Ordningsstörningarna i centrum var färre än året innan."),
        },
        "traffic": {
            (1, 1): P("En hastighetskontroll på genomfartsleden i Vaggeryd. Fler insatser "
                      "planeras när mopedsäsongen börjar.", increment=1),
            (1, 2): P("Två insatser under sommaren: en kontroll av mopeder och EPA-traktorer en "
                      "helgkväll och en hastighetskontroll vid infarten till Skillingaryd.",
                      increment=2),
            (1, 3): P("En hastighetskontroll vid skolorna de första veckorna efter skolstarten.",
                      increment=1),
            (2, 1): P("En kontroll av trimmade mopeder i centrum, efter flera synpunkter från "
                      "invånare.", increment=1),
            (2, 2): P("En helgkväll med kontroller av mopeder och EPA-traktorer på vägarna kring "
                      "centrum.", increment=1),
            (2, 3): P("En hastighetskontroll vid skolorna i samband med skolstarten.",
                      increment=1),
        },
        "youth": {
            (1, 1): P("Skolan, socialtjänsten och polisen har tagit fram ett gemensamt sätt att "
                      "uppmärksamma unga i riskzonen, och de första samtalen med föräldrar har "
                      "hållits."),
            (1, 2): P("Fältassistenterna och polisen har varit ute på kvällarna under sommarlovet "
                      "och pratat med unga där de samlas. Flera föräldrar har kontaktats."),
            (1, 3): P("Elevhälsan, socialtjänsten och polisen har träffats varannan vecka om unga "
                      "som oroar. En föräldraträff om narkotika hölls i Skillingaryd."),
            (2, 1): P("En föräldraträff i Vaggeryd samlade ett sjuttiotal föräldrar. Samtalen "
                      "med unga och deras föräldrar fortsätter."),
            (2, 2): P("Fältassistenterna och polisen har varit ute tillsammans på kvällarna under "
                      "sommarlovet. Arbetet med skolan tas upp igen vid skolstarten."),
            (2, 3): P("Samarbetet med skolan och socialtjänsten fungerar och fortsätter. Under "
                      "hösten nåddes fler unga tidigt, innan de hunnit hamna i missbruk."),
        },
    },
    "Vänersborg": {
        "engagement": {
            (1, 1): P("Nätverket med föreningar, bostadsbolaget och trossamfund i Torpa och kring "
                      "Sanden har träffats två gånger och planerar sommaren tillsammans."),
            (1, 2): P("Föreningar och nattvandrare var med på kvällsaktiviteter på Sanden under "
                      "sommaren, och flera idrottsföreningar har haft öppna träningar i "
                      "området."),
            (1, 3): P("Ett tjugotal boende i Torpa vill vara med i ett trygghetsråd, som hade sitt "
                      "första möte i november."),
            (2, 1): P("Trygghetsrådet i Torpa träffas en gång i månaden. Nätverket för Sanden har "
                      "fått med två nya föreningar inför säsongen."),
            (2, 2): P("Föreningarna stod för aktiviteter på Sanden flera kvällar i veckan under "
                      "sommarlovet, med stöd av kommunen."),
            (2, 3): P("Trygghetsrådet i Torpa ordnade själva en höstaktivitet på gården. "
                      "Nätverken fortsätter."),
        },
        "cooperation": {
            (1, 1): P("Säkerhetssamordnaren och kommunpolisen stämmer av lägesbilden för Sanden "
                      "och Torpa varannan vecka."),
            (1, 2): P("En grupp med kommunen, polisen och arrangörerna planerade sommarens "
                      "evenemang på Sanden och stämde av efter varje helg."),
            (1, 3): P("Avstämningarna varannan vecka fortsätter. Under hösten har "
                      "räddningstjänsten och bostadsbolaget varit med en gång i månaden."),
            (2, 1): P("Kommunen och polisen har tagit fram en gemensam rutin för hur de delar "
                      "information om händelser på Sanden och i Torpa."),
            (2, 2): P("Samverkan under sommarsäsongen följde den nya rutinen, och arrangörerna är "
                      "nöjda med hur den fungerade.", final=S.DONE),
            (2, 3): P("Samverkan är en fast del av arbetet, med avstämningar varannan vecka och "
                      "en gemensam rutin för information.", final=S.DONE),
        },
        "communication": {
            (1, 1): P("Kommunen har berättat om medborgarlöftet på webben och i sociala medier och "
                      "bjudit in till trygghetsvandringen i Torpa."),
            (1, 2): P("Kommunen har informerat om trygghetsarbetet på Sanden på webben, i sociala "
                      "medier och på skyltar i området."),
            (1, 3): P("Vad trygghetsvandringen ledde till har publicerats här på webbplatsen, och "
                      "information har delats ut i Torpa på flera språk."),
            (2, 1): P("Ett nyhetsbrev har gått ut till alla hushåll i Torpa om vad som gjorts "
                      "efter de boendes synpunkter."),
            (2, 2): P("Sommarens information om Sanden fanns på webben, i sociala medier och på "
                      "plats vid hamnen."),
            (2, 3): P("Kommunen har berättat om vad löftet har lett till på webben och i "
                      "lokaltidningen."),
        },
        "police_presence": {
            (1, 1): P("Få evenemang under vintern och våren. Polisen har varit på Sanden några "
                      "kvällar under sportlovet och påsklovet.", increment=18),
            (1, 2): P("Polisen var på plats under sommarens evenemang och under helgkvällar vid "
                      "båthamnen.", increment=162),
            (1, 3): P("Polisen har funnits på plats under höstens evenemang och vid hamnen när "
                      "båtarna tas upp.", increment=35),
            (2, 1): P("Några kvällar under sportlovet och påsklovet, och planering av sommarens "
                      "närvaro tillsammans med arrangörerna.", increment=22),
            (2, 2): P("Polisen var på plats under alla större evenemang och de flesta helgkvällar "
                      "under sommarlovet.", increment=171),
            (2, 3): P("Närvaro under höstens evenemang och helgkvällarna i början av hösten, när "
                      "många unga fortfarande samlas vid vattnet.", increment=41),
        },
        "adult_presence": {
            (1, 1): P("Kommunen har anställt feriearbetande ungdomar och fältassistenter till "
                      "sommaren och bjudit in nattvandrarna till ett planeringsmöte."),
            (1, 2): P("Feriearbetande ungdomar, fältassistenter och nattvandrare fanns på Sanden "
                      "under sommarlovet, framför allt på kvällarna."),
            (1, 3): P("Nattvandrarna har fortsatt under helgerna i början av hösten, och kommunen "
                      "har gått igenom sommaren tillsammans med dem."),
            (2, 1): P("Färre än väntat sökte feriearbete på Sanden, så rekryteringen är "
                      "försenad. Kommunen har gjort en ny utlysning.", status=S.DELAYED),
            (2, 2): P("Fältassistenter och nattvandrare fanns på Sanden under sommarlovet, men "
                      "färre feriearbetande ungdomar än året innan."),
            (2, 3): P("Nattvandrarna var på Sanden under höstlovet, och kommunen har utvärderat "
                      "sommarens vuxennärvaro tillsammans med föreningarna."),
        },
        "torpa": {
            (1, 1): P("En trygghetsvandring i Torpa med boende och bostadsbolaget. Belysningen "
                      "vid gångvägen mot hållplatsen och en mörk passage mellan husen kom upp "
                      "som det viktigaste."),
            (1, 2): P("Efter trygghetsvandringen och de boendes synpunkter har bostadsbolaget "
                      "bytt belysning vid gångvägen mot hållplatsen och röjt buskaget vid "
                      "lekplatsen."),
            (1, 3): P("En höstvandring i Torpa med ett trettiotal deltagare. Nedskräpning och unga "
                      "som samlas sent utan vuxna i närheten kom upp mest."),
            (2, 1): P("Kommunen och bostadsbolaget har gått igenom förslagen från vandringarna "
                      "med trygghetsrådet. De flesta åtgärderna är gjorda eller planerade."),
            (2, 2): P("Den mörka passagen mellan husen har fått ny belysning och en ny gångväg, "
                      "och gårdarna städas oftare under sommaren.", final=S.DONE),
            (2, 3): P("En trygghetsvandring i Torpa under hösten. Flera boende som var med "
                      "beskrev området som tryggare än för ett år sedan.", final=S.DONE),
        },
        "involve": {
            (1, 1): P("Invånarna har kunnat lämna synpunkter om otrygga platser här på "
                      "webbplatsen, och synpunkterna gås igenom varje vecka."),
            (1, 2): P("Kommunen och polisen hade ett tält på Sanden under två evenemang, där "
                      "besökare kunde berätta vad som känns otryggt."),
            (1, 3): P("Boende i Torpa och besökare på Sanden har bjudits in till "
                      "trygghetsvandringar och till trygghetsrådet i Torpa."),
            (2, 1): P("Kommunen och polisen har besökt skolorna och berättat om medborgarlöftet "
                      "och om hur unga kan lämna synpunkter."),
            (2, 2): P("Tältet på Sanden fanns på plats under sommarens största evenemang. Många "
                      "besökare tog upp belysningen längs vattnet."),
            (2, 3): P("Invånarnas synpunkter och det som kom fram i dialogerna sammanställs nu "
                      "till lägesbilden inför nästa löfte."),
        },
    },
}  # fmt: skip

CURRENT_SUMMARIES = {
    "Vaggeryd": {
        (1, 1): "Vårens trygghetsvandring är genomförd i Skillingaryd, rapporteringen enligt EST "
        "fungerar och polisen har gjort trygghetsrundor varje helg.",
        (1, 2): "Under sommaren har polisen gjort extra trygghetsrundor och två trafikinsatser "
        "mot mopeder och höga hastigheter. Trygghetsvandringarna tar paus tills kvällarna blir "
        "mörka igen.",
        (1, 3): "Höstens trygghetsvandring gick i Vaggeryds centrum. Fler verksamheter "
        "rapporterar nu enligt EST, och polisen har synts mer under höstlovet.",
        (2, 1): "Under löftets andra år har vårens trygghetsvandring gått i Skillingaryd, och två "
        "nya platser där unga samlas har lagts till i trygghetsrundorna.",
        (2, 2): "Sommaren följde samma upplägg som förra året, med extra rundor och "
        "trafikinsatser. Kommunen har redovisat åtgärderna efter vandringarna på ett "
        "återkopplingsmöte.",
        (2, 3): "Hösten har gått enligt plan: en trygghetsvandring i Vaggeryds centrum, en "
        "trafikinsats vid skolorna och fortsatt arbete enligt EST.",
    },
    "Vänersborg": {
        (1, 1): "En trygghetsvandring i Torpa är genomförd, och sommarens närvaro på Sanden är "
        "planerad tillsammans med arrangörerna.",
        (1, 2): "Sommaren på Sanden blev lugnare än tidigare år, med polis, fältassistenter och "
        "nattvandrare på plats under evenemangen och på kvällarna.",
        (1, 3): "Under hösten har en trygghetsvandring gjorts i Torpa, och boende har börjat "
        "träffas i ett trygghetsråd. Polisen fanns på Sanden under höstens evenemang.",
        (2, 1): "Trygghetsrådet i Torpa träffas varje månad, och kommunen och polisen har en "
        "gemensam rutin för att dela information. Rekryteringen av vuxna till Sanden är "
        "försenad.",
        (2, 2): "Polisen var på plats under alla större evenemang på Sanden, och föreningarna "
        "stod för aktiviteter flera kvällar i veckan. Åtgärderna i Torpa har fortsatt.",
        (2, 3): "En trygghetsvandring i Torpa visade att de boende upplever området som "
        "tryggare. Arbetet med Sanden och Torpa sammanfattas nu inför nästa löfte.",
    },
}

# kommun: [(name, unit, target, source)]. A source is ("achieved", activity key): what that
# activity has achieved so far; ("increment", key): what it added this tertial; ("each",
# {cell: number}): a count of the tertial; or ("sum", {cell: number}): the running total of one.
CURRENT_INDICATORS = {
    "Vaggeryd": [
        ("Genomförda trygghetsvandringar", "st", Decimal(4), ("achieved", "walks")),
        ("Trafikinsatser", "st", Decimal(6), ("achieved", "traffic")),
        ("Rapporter enligt EST", "st", None,
         ("each", {(1, 1): 46, (1, 2): 31, (1, 3): 58, (2, 1): 52, (2, 2): 37, (2, 3): 64})),
    ],
    "Vänersborg": [
        ("Polisiära närvarotimmar på Sanden", "timmar", None, ("increment", "police_presence")),
        ("Trygghetsvandringar i Torpa", "st", Decimal(2),
         ("sum", {(1, 1): 1, (1, 3): 1, (2, 3): 1})),
    ],
}  # fmt: skip


# Loading -----------------------------------------------------------------------------------------


def _upsert(counts, label, model, lookup, create_only=None, **values):
    """get_or_create, then save only fields that differ, so a rerun writes no history rows."""
    obj, created = model.objects.get_or_create(**lookup, defaults={**values, **(create_only or {})})
    counts[label] += created
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed and not created:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj


def _activities(pledge, keys):
    """The pledge's activities by key, each found by a substring of its description.

    A key that names no activity is left out (a pledge published before the demo gained that
    activity keeps what it was published with); one that names several is a mistake here.
    """
    activities = list(pledge.activities.all())
    found = {}
    for key, text in keys.items():
        matches = [a for a in activities if text.casefold() in a.description.casefold()]
        if len(matches) > 1:
            raise LookupError(f"{pledge.slug}: {text!r} names {len(matches)} activities.")
        if matches:
            found[key] = matches[0]
    return found


def _publish_report(report, publisher, moment):
    """Publish as the police login does (which freezes what the report shows), or, without
    demo users, by setting the fields; then date it when it happened."""
    if publisher is not None:
        report.publish(publisher)
    else:
        report.status, report.published_at = PUBLISHED, moment
        report.save(update_fields=["status", "published_at", "updated_at"])
        report.freeze_content()
    FollowUpReport.objects.filter(pk=report.pk).update(published_at=moment, updated_at=moment)


def _load_seed_report(counts, spec, pledge, activities, indicators, publisher):
    lookup = {"pledge": pledge, "year": spec["year"], "tertial": spec["tertial"]}
    report, created = FollowUpReport.objects.get_or_create(**lookup)
    counts["follow-up reports"] += created
    if report.is_published:
        return report  # a published report is a record: it changes only by a correction
    if report.summary != spec["summary"]:
        report.summary = spec["summary"]
        report.save(update_fields=["summary", "updated_at"])
    counts["activity updates"] += report.add_missing_updates()
    for key, update in spec["updates"].items():
        if key not in activities:
            continue
        _upsert(
            counts,
            "activity updates",
            ActivityUpdate,
            {"report": report, "activity": activities[key]},
            status=update.status,
            achieved=update.achieved,
            narrative=update.narrative,
        )
    for name, value in spec["values"].items():
        lookup = {"report": report, "indicator": indicators[name]}
        _upsert(counts, "key figure values", IndicatorValue, lookup, value=value)
    if spec["status"] == PUBLISHED:
        _publish_report(report, publisher, spec["published_at"])
    return report


def _load_seed_follow_ups(counts, users):
    pledges = {slug: Pledge.objects.get(slug=slug) for slug in ACTIVITIES}
    activities = {slug: _activities(pledges[slug], keys) for slug, keys in ACTIVITIES.items()}
    indicators = {}
    for slug, specs in INDICATORS.items():
        for order, (name, unit, target) in enumerate(specs):
            lookup = {"pledge": pledges[slug], "name": name}
            indicators[(slug, name)] = _upsert(
                counts, "key figures", Indicator, lookup, unit=unit, target=target, order=order
            )
    reports = {}
    for spec in SEED_REPORTS:
        slug = spec["pledge"]
        if not pledges[slug].is_published:
            continue  # withdrawn by an administrator: its follow-ups wait
        by_name = {name: indicators[(slug, name)] for name, *_ in INDICATORS.get(slug, [])}
        reports[(slug, spec["year"], spec["tertial"])] = _load_seed_report(
            counts, spec, pledges[slug], activities[slug], by_name, users.get(POLICE_USERS[slug])
        )
    corrected = reports.get(CORRECTION["report"])
    if users and corrected is not None:
        slug, *_ = CORRECTION["report"]
        _, made = Correction.objects.get_or_create(
            report=corrected,
            reason=CORRECTION["reason"],
            defaults={
                "changes": CORRECTION["changes"],
                "made_by": users[POLICE_USERS[slug]],
                "made_at": CORRECTION["made_at"],
            },
        )
        counts["corrections"] += made


def _carry_over(source, target) -> int:
    """Continue the unfinished activities of `source` in `target`, each linked back.

    As followup.services.carry_over_unfinished does (which needs a user allowed to edit, so
    it cannot serve the demo without logins), with one difference: an activity the new pledge
    already has in the same words is linked instead of copied.
    """
    own = {a.description: a for a in target.activities.filter(carried_over_from__isnull=True)}
    to_copy = []
    for activity in unfinished_activities(source):
        if activity.description in own:
            own[activity.description].carried_over_from = activity
            own[activity.description].save(update_fields=["carried_over_from"])
        else:
            to_copy.append(activity)
    return len(continue_activities(to_copy, target))


def _status(progress, activity, achieved, index, last):
    """The status of an update: written out, or from the target and what is achieved so far."""
    if index == last and progress.final:
        return progress.final
    if progress.status:
        return progress.status
    if activity.target_count is None or achieved is None:
        return S.IN_PROGRESS
    if achieved >= activity.target_count:
        return S.DONE
    if index == last:
        return S.PARTLY_DONE if achieved else S.NOT_DONE
    if achieved:
        return S.IN_PROGRESS
    return S.NOT_STARTED if index < 3 else S.DELAYED


def _value(source, cell, cells_so_far, achieved, increments):
    kind, detail = source
    if kind == "achieved":
        return achieved.get(detail)
    if kind == "increment":
        return increments.get(detail)
    if kind == "each":
        return detail.get(cell)
    return sum(detail.get(earlier, 0) for earlier in cells_so_far)


def _load_current_report(counts, spec, pledge, tertials, index, moment, publisher):
    tertial = tertials[index]
    lookup = {"pledge": pledge, "year": tertial.year, "tertial": tertial.number}
    report, created = FollowUpReport.objects.get_or_create(**lookup)
    counts["follow-up reports"] += created
    if report.is_published:
        return
    cells = [(number // 3 + 1, t.number) for number, t in enumerate(tertials[: index + 1])]
    cell = cells[-1]
    report.summary = CURRENT_SUMMARIES[spec.kommun][cell]
    report.save(update_fields=["summary", "updated_at"])
    counts["activity updates"] += report.add_missing_updates()

    before = latest_published_updates(pledge, before=tertial)
    progress = CURRENT_PROGRESS[spec.kommun]
    achieved, increments = {}, {}
    for key, activity in _activities(pledge, CURRENT_ACTIVITIES[spec.kommun]).items():
        step = progress[key].get(cell)
        if step is None:
            continue
        total = None
        if step.increment is not None:
            earlier = before.get(activity.pk)
            total = ((earlier.achieved or 0) if earlier else 0) + step.increment
            achieved[key], increments[key] = total, step.increment
        _upsert(
            counts,
            "activity updates",
            ActivityUpdate,
            {"report": report, "activity": activity},
            status=_status(step, activity, total, index, len(tertials) - 1),
            achieved=total,
            narrative=step.narrative,
        )
    for order, (name, unit, target, source) in enumerate(CURRENT_INDICATORS[spec.kommun]):
        value = _value(source, cell, cells, achieved, increments)
        if value is None:
            continue
        lookup = {"pledge": pledge, "name": name}
        indicator = _upsert(
            counts, "key figures", Indicator, lookup, unit=unit, target=target, order=order
        )
        lookup = {"report": report, "indicator": indicator}
        _upsert(counts, "key figure values", IndicatorValue, lookup, value=Decimal(value))
    _publish_report(report, publisher, moment)


def change_day(pledge) -> date:
    """The day version 2 is approved: after the first follow-up, before the second tertial ends."""
    return working_day_on_or_after(pledge.start_date + timedelta(days=CHANGE_DAYS_AFTER_START))


def report_moment(tertial, now):
    """When the follow-up of an ended tertial was published (see published_moment)."""
    planned = at(add_working_days(tertial.end, PUBLISHED_WORKING_DAYS_AFTER), 10)
    return published_moment(planned, tertial.end + timedelta(days=1), now)


def _load_current_pledge(counts, spec, pledge, users, today, now):
    if pledge.status == Pledge.Status.DRAFT:
        counts["carried-over activities"] += _carry_over(pledge.previous, pledge)
        english_version(pledge, spec)  # the carried-over activities too
        counts["situation pictures"] += picture_for(pledge)[1]
        counts["published pledges"] += publish(pledge, spec.approvers, users)
    if not pledge.is_published:
        return  # withdrawn by an administrator: the demo leaves it
    publisher = users.get(spec.approvers[1])
    tertials = tertials_between(pledge.start_date, pledge.end_date)
    events = [
        (report_moment(tertial, now), index)
        for index, tertial in enumerate(tertials)
        if tertial.has_ended(today)
    ]
    day = change_day(pledge)
    if approval_moments(day)[1] <= now:
        events.append((approval_moments(day)[1], None))
    # In date order, so that a report published before the change shows the pledge as it was.
    for moment, index in sorted(events, key=lambda event: event[0]):
        if index is None:
            counts["pledge changes"] += make_change(pledge, spec, users, day)
        else:
            _load_current_report(counts, spec, pledge, tertials, index, moment, publisher)


@transaction.atomic
def load_follow_up_demo(create_users: bool, today: date | None = None) -> dict:
    """Publish the demo pledges and their follow-ups as of `today`; returns how many rows of each
    kind it created or published.

    Needs pledges.demo.load_demo_data first. With create_users, the demo logins approve the
    pledges and publish the reports, and the correction is recorded (it needs a user); without,
    everything is published without approvals or publisher, and no correction is made.

    The domain methods read the clock (a follow-up is refused before its tertial has ended):
    loading with the demo logins as of another day than today needs the clock set to that day.
    """
    today = today or timezone.localdate()
    now = demo_now(today)
    counts = Counter()
    users = demo_users(create_users)
    counts["situation pictures"] += link_seed_pictures()
    for spec in PLEDGES:
        pledge = Pledge.objects.get(slug=spec["slug"])
        counts["published pledges"] += publish(pledge, spec["approvers"], users)
    _load_seed_follow_ups(counts, users)
    for spec in CURRENT:
        for pledge in demo_successors(spec):
            _load_current_pledge(counts, spec, pledge, users, today, now)
    return {label: count for label, count in counts.items() if count}
