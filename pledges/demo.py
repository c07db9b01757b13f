"""Demo content: organisations, people, the two seed pledges and the pledges in force today."""

# Facts (places, activities, focus areas, roles, periods) come from the seed pages in
# /work/shared/seeds; the prose is written for the demo, and every person is a placeholder with
# an example.se address. This module makes the pledges' working copies; followup.demo then
# publishes them, their follow-ups and changes in the order those things happened.

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organisations.models import (
    ContactPerson,
    Membership,
    Municipality,
    Place,
    PoliceArea,
    PoliceRegion,
)
from organisations.reference import load_reference_data
from pledges.models import Activity, FocusArea, Pledge, PledgeApproval, PledgeVersion, Signatory
from portal.holidays import add_working_days, is_working_day, working_day_on_or_before
from portal.tertials import Tertial

DEMO_PASSWORD = "medborgarlofte"

# Kommuner are looked up by kommunkod: an administrator may correct a display name.
KOMMUN_CODES = {
    "Värnamo": "0683", "Vaggeryd": "0665", "Gislaved": "0662", "Gnosjö": "0617",
    "Vänersborg": "1487", "Trollhättan": "1488", "Lilla Edet": "1462", "Grästorp": "1444",
}  # fmt: skip

# slug: (name, police region, kommuner). Which kommuner an LPO covers is demo seeding (no
# official list exists); administrators correct it in the admin.
POLICE_AREAS = {
    "varnamo": ("Värnamo", "Öst", ["Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"]),
    "ostra-fyrbodal": ("Östra Fyrbodal", "Väst", ["Vänersborg", "Trollhättan", "Lilla Edet",
                                                  "Grästorp"]),
}  # fmt: skip

# (kommun, name): (description, latitude, longitude). Coordinates are approximate town centres;
# the two Vänersborg places are left off the map rather than guessed.
PLACES = {
    ("Vaggeryd", "Skillingaryd"): ("Centrala Skillingaryd.", "57.431900", "14.092200"),
    ("Vaggeryd", "Vaggeryd"): ("Centrala Vaggeryd.", "57.498300", "14.147600"),
    ("Vänersborg", "Aktivitetsområdet Sanden"): (
        "Vänersborgs största område för evenemang och aktiviteter och kommunens största "
        "båthamn. Här ryms allt från festivaler och seglingstävlingar till aktiviteter för unga.",
        None,
        None,
    ),  # fmt: skip
    ("Vänersborg", "Bostadsområdet Torpa"): ("Bostadsområde i Vänersborg.", None, None),
}

# (kommun or None, police area slug or None, role, placeholder name, e-mail, phone). The roles
# are those the seed pages name; the people are placeholders.
CONTACTS = [
    ("Vaggeryd", None, "Trygghetssamordnare", "Kim Exempelsson",
     "trygghet@vaggeryd.example.se", "0370-00 00 00"),
    (None, "varnamo", "Kommunpolis", "Robin Provsson",
     "kommunpolis.varnamo@polisen.example.se", "010-000 00 01"),
    ("Vänersborg", None, "Beredskapssamordnare", "Alex Demosson",
     "beredskap@vanersborg.example.se", "0521-00 00 01"),
    ("Vänersborg", None, "Säkerhetssamordnare", "Sam Exempeldotter",
     "sakerhet@vanersborg.example.se", "0521-00 00 02"),
    (None, "ostra-fyrbodal", "Kommunpolis", "Charlie Testsson",
     "kommunpolis.ostrafyrbodal@polisen.example.se", "010-000 00 02"),
]  # fmt: skip

# username: (first name, last name, what the login is, membership role, kommun or police area)
DEMO_USERS = {
    "admin": ("Ada", "Administratör", "portaladministratör (superuser)", None, None),
    "samordnare.vaggeryd": ("Kim", "Exempelsson", "trygghetssamordnare, Vaggeryds kommun",
                            Membership.Role.COORDINATOR, "Vaggeryd"),
    "samordnare.vanersborg": ("Sam", "Exempeldotter", "säkerhetssamordnare, Vänersborgs kommun",
                              Membership.Role.COORDINATOR, "Vänersborg"),
    "polis.varnamo": ("Robin", "Provsson", "kommunpolis, lokalpolisområde Värnamo",
                      Membership.Role.POLICE, "varnamo"),
    "polis.ostrafyrbodal": ("Charlie", "Testsson", "kommunpolis, lokalpolisområde Östra Fyrbodal",
                            Membership.Role.POLICE, "ostra-fyrbodal"),
}  # fmt: skip

TOGETHER = Activity.Responsible.TOGETHER
POLICE = Activity.Responsible.POLICE
MUNICIPALITY = Activity.Responsible.MUNICIPALITY
THEME = FocusArea.Kind.THEME
PLACE = FocusArea.Kind.PLACE

TRYGGHET = "Ökad trygghet för kommuninvånarna"
NARKOTIKA = "Narkotikabrottslighet"
TRAFIK = "Förbättrad trafiksäkerhet"
SANDEN = "Aktivitetsområdet Sanden"
TORPA = "Bostadsområdet Torpa"
WALKS = "Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd"
INVOLVE = "Involvera dem som bor i och besöker kommunen i det brottsförebyggande arbetet."
TEXT_FIELDS = ("promise", "effect", "background", "situation_method", "follow_up_method")
FOLLOW_UP = (
    "Kommunen och polisen följer upp löftet varje tertial (januari–april, maj–augusti och "
    "september–december) och redovisar hur varje aktivitet går här på webbplatsen."
)


class DemoActivity(NamedTuple):
    description: str
    responsible: str
    focus: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    target_count: int | None = None
    target_unit: str = ""
    carried_over_from: tuple[str, str] | None = None  # (pledge slug, activity description)


VAGGERYD_SIGNATORIES = [
    ("Maria Exempelsson", "Kommunstyrelsens ordförande", "Vaggeryds kommun"),
    ("Johan Demosson", "Lokalpolisområdeschef", "Polisen, lokalpolisområde Värnamo"),
]
VANERSBORG_SIGNATORIES = [
    ("Eva Exempelsson", "Kommunalråd", "Vänersborgs kommun"),
    ("Lena Demosson", "Lokalpolisområdeschef", "Polisen, lokalpolisområde Östra Fyrbodal"),
]


# The seed pledges, in creation order: a pledge's previous pledge comes first. Signing dates are
# demo data: the seed pages do not give them.
PLEDGES = [
    {
        "slug": "vaggeryd-2021", "title": "Medborgarlöfte Vaggeryd 2021", "previous": None,
        "kommun": "Vaggeryd", "police_area": "varnamo",
        "period": (date(2021, 1, 1), date(2021, 12, 31)), "signed_on": date(2021, 2, 3),
        "page_owner": ("Vaggeryd", "Trygghetssamordnare"),
        "approvers": ("samordnare.vaggeryd", "polis.varnamo"),
        "promise": "Vaggeryds kommun och polisen lovar att tillsammans arbeta för att "
        "invånarna ska känna sig tryggare i hela kommunen.",
        "effect": "Fler invånare i Vaggeryds kommun känner sig trygga, och kommunen och polisen "
        "får en gemensam bild av var otryggheten finns.",
        "background": "Sedan 2020 har pandemin gjort det svårt att mötas fysiskt, och planerade "
        "dialogmöten och trygghetsvandringar har fått vänta. Löftet för 2021 håller fast vid "
        "trygghetsvandringarna i Skillingaryd och Vaggeryd, som genomförs så snart det går att "
        "samlas igen.",
        "situation_method": "Lägesbilden bygger på dialog med medarbetare i kommunen och hos "
        "polisen, tips från invånare och polisens statistik.",
        "follow_up_method": FOLLOW_UP,
        "focus_areas": [(TRYGGHET, THEME, "Fler invånare ska känna sig trygga i vardagen.", None)],
        "activities": [
            DemoActivity(WALKS, TOGETHER, (TRYGGHET,), ("Skillingaryd", "Vaggeryd"), 2,
                         "trygghetsvandringar"),
            DemoActivity("Arbeta enligt arbetsmetodiken Effektiv samordning för trygghet (EST).",
                         TOGETHER, (TRYGGHET,)),
        ],
        "signatories": VAGGERYD_SIGNATORIES,
    },
    {
        "slug": "vaggeryd-2022", "title": "Medborgarlöfte Vaggeryd 2022",
        "previous": "vaggeryd-2021", "kommun": "Vaggeryd", "police_area": "varnamo",
        "period": (date(2022, 1, 1), date(2022, 12, 31)), "signed_on": date(2022, 1, 26),
        "page_owner": ("Vaggeryd", "Trygghetssamordnare"),
        "approvers": ("samordnare.vaggeryd", "polis.varnamo"),
        "promise": "Vaggeryds kommun och polisen lovar att arbeta för en ökad trygghet bland "
        "kommunens invånare.",
        "effect": "Invånarna i Vaggeryds kommun ska känna sig tryggare. När kommunen och polisen "
        "syns mer på de platser som lägesbilden pekar ut blir det lättare att ingripa mot "
        "ordningsstörningar och narkotikabrott, och närvaron i sig förebygger brott.\n\n"
        "Säkrare trafik gör att fler känner sig trygga på kommunens gator och vägar.",
        "background": "Kommunen och polisen har arbetat tillsammans mot brott och för trygghet i "
        "några år. Löftet vilar på samverkansöverenskommelsen mellan Vaggeryds kommun och "
        "lokalpolisområde Värnamo och utgår från hur problemen ser ut lokalt. Vissa aktiviteter "
        "gör parterna var för sig, andra tillsammans.\n\n"
        "Under 2020 och 2021 gick det inte att mötas fysiskt så mycket som planerat, så de "
        "utlovade trygghetsvandringarna blev inte av. De finns därför med även i det här "
        "löftet.\n\n"
        "Lägesbilden pekar främst ut narkotikabrottsligheten och trafiksäkerheten. Kommunen och "
        "polisen prövar prioriteringarna löpande i det gemensamma brottsförebyggande arbetet.",
        "situation_method": "Kommunen och lokalpolisområde Värnamo tog fram lägesbilden "
        "tillsammans. Den bygger på dialoger med medarbetare, tips från invånarna, statistik och "
        "information från polisens underrättelsetjänst.",
        "follow_up_method": FOLLOW_UP,
        "focus_areas": [
            (TRYGGHET, THEME, "Fler invånare ska känna sig trygga i vardagen, i centrum och där "
             "de bor.", None),
            (NARKOTIKA, THEME, "Upptäcka unga som riskerar att hamna i missbruk i tid, och nå en "
             "jämnare könsfördelning bland dem som rapporteras för narkotikabrott.", None),
            (TRAFIK, THEME, "Komma åt problemen med motorburna ungdomar och höga hastigheter på "
             "kommunens vägar.", None),
        ],
        "activities": [
            DemoActivity(WALKS, TOGETHER, (TRYGGHET,), ("Skillingaryd", "Vaggeryd"), 2,
                         "trygghetsvandringar", ("vaggeryd-2021", WALKS)),
            DemoActivity("Fortsätta arbetet med arbetsmetodiken Effektiv samordning för "
                         "trygghet (EST).", TOGETHER, (TRYGGHET,)),
            DemoActivity("Genomföra trygghetsrundor på aktuella platser (hot spots) utifrån den "
                         "gemensamma lägesbilden.", POLICE, (NARKOTIKA, TRYGGHET)),
            DemoActivity("Genomföra trafikinsatser på platser där trafikproblem identifierats.",
                         POLICE, (TRAFIK,), (), 6, "trafikinsatser"),
        ],
        "signatories": VAGGERYD_SIGNATORIES,
    },
    {
        "slug": "vanersborg-2021", "title": "Medborgarlöfte Vänersborg 2021", "previous": None,
        "kommun": "Vänersborg", "police_area": "ostra-fyrbodal",
        "period": (date(2021, 1, 1), date(2021, 12, 31)), "signed_on": date(2021, 2, 10),
        "page_owner": ("Vänersborg", "Säkerhetssamordnare"),
        "approvers": ("samordnare.vanersborg", "polis.ostrafyrbodal"),
        "promise": "Vänersborgs kommun och polisen lovar att arbeta tillsammans för ökad trygghet "
        "och minskad brottslighet i aktivitetsområdet Sanden och bostadsområdet Torpa.",
        "effect": "Färre brott och fler som känner sig trygga på Sanden och i Torpa. På Sanden "
        "finns fler vuxna på plats när många samlas, och i Torpa märker de boende att det de "
        "berättar leder till åtgärder.",
        "background": "Vänersborgs kommun vill vara ett socialt hållbart samhälle där allas "
        "rättigheter respekteras, oavsett behov och förutsättningar. Trygghet är en "
        "förutsättning för det, och tryggheten hänger på ett brottsförebyggande arbete som "
        "fungerar.\n\n"
        "Brott kostar samhället mycket, så varje brott som förebyggs lönar sig också ekonomiskt. "
        "Kommunen och polisen ser samverkan som grunden för arbetet och har valt två platser som "
        "fokusområden för 2021.",
        "situation_method": "Kommunen och polisen analyserade den aktuella brottsstatistiken och "
        "förde dialog både med medarbetare och med invånare, bland annat genom enkäter. "
        "Tillsammans gav det en lägesbild av kommunens utmaningar, som styr det "
        "brottsförebyggande och trygghetsskapande arbetet under 2021.",
        "follow_up_method": FOLLOW_UP,
        "focus_areas": [
            (SANDEN, PLACE, "Arbetet ska minska brotten, öka tryggheten och ge förutsättningar "
             "för fler vuxna på plats i området.", "Aktivitetsområdet Sanden"),
            (TORPA, PLACE, "I medborgardialogen beskrev de boende en större otrygghet än i andra "
             "delar av kommunen. Orsakerna ska redas ut tillsammans med lokalsamhället.",
             "Bostadsområdet Torpa"),
        ],
        "activities": [
            DemoActivity("Skapa och ta tillvara engagemang i lokalsamhället.", TOGETHER,
                         (SANDEN, TORPA), (SANDEN, TORPA)),
            DemoActivity("Öka samverkan mellan polisen och kommunen.", TOGETHER, (SANDEN, TORPA)),
            DemoActivity("Kommunicera brottsförebyggande och trygghetsskapande aktiviteter till "
                         "allmänheten.", MUNICIPALITY, (SANDEN, TORPA)),
            DemoActivity("Öka polisens närvaro på Sanden under evenemang och säsong.", POLICE,
                         (SANDEN,), (SANDEN,)),
            DemoActivity("Verka för ökad vuxennärvaro på Sanden.", MUNICIPALITY, (SANDEN,),
                         (SANDEN,)),
            DemoActivity("Identifiera orsakerna till otryggheten i Torpa tillsammans med de "
                         "boende och genomföra åtgärder.", TOGETHER, (TORPA,), (TORPA,)),
            DemoActivity(INVOLVE, TOGETHER, (SANDEN, TORPA), (SANDEN, TORPA)),
        ],
        "signatories": VANERSBORG_SIGNATORIES,
    },
]  # fmt: skip

# The pledges in force today ------------------------------------------------------------------


class Change(NamedTuple):
    """Version 2 of a pledge in force: what the kommun and the police changed, and why."""

    reason: str
    add: DemoActivity | None = None
    # (description now, new description, target, unit) of an activity given a target
    retarget: tuple[str, str, int, str] | None = None


class CurrentPledge(NamedTuple):
    """A pledge that continues a seed pledge and is in force on the day the demo is loaded."""

    kommun: str
    seed: str  # the slug of the pledge it continues
    police_area: str
    page_owner: tuple[str, str]
    approvers: tuple[str, str]  # the kommun's and the police's demo login
    texts: dict
    focus_areas: list
    activities: list  # its own; the unfinished ones of the pledge it continues come on top
    signatories: list
    change: Change
    # An English version (see english_version), or None for a pledge only in Swedish.
    english: dict | None = None


VAGGERYD_WALKS = (
    "Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd, en på våren och en på hösten."
)
HOT_SPOTS = (
    "Genomföra trygghetsrundor på de platser (hot spots) som den gemensamma lägesbilden pekar ut."
)
YOUTH = (
    "Nå unga som riskerar att hamna i missbruk, och deras föräldrar, tillsammans med skolan och "
    "socialtjänsten."
)
POLICE_ON_SANDEN = "Öka polisens närvaro på Sanden under evenemang och säsong."

# Vaggeryd's pledge in force has an English version, Vänersborg's has none, so the demo shows
# both cases on the English pages. "title" is formatted with the period's years; "texts" gives
# the English of each focus area's name and description and of each activity, by its Swedish
# words, including the activities carried over from the 2022 pledge and the one added later.
VAGGERYD_ENGLISH = {
    "title": "Vaggeryd citizen pledge {start}–{end}",
    "promise": "Vaggeryd Municipality and the police promise to keep working so that everyone "
    "who lives in the municipality can feel safe: in the town centres, in traffic and where "
    "they live.",
    "effect": "More people feel safe in Skillingaryd and Vaggeryd, in the evenings too. Fewer "
    "young people are drawn into drugs, and reckless moped riding and speeding become less of a "
    "problem on the municipality's roads.",
    "texts": {
        TRYGGHET: "Greater safety for the municipality's residents",
        "Fler ska känna sig trygga i centrum, i trafiken och där de bor, också på kvällarna.":
            "More people should feel safe in the town centres, in traffic and where they live, "
            "in the evenings too.",
        NARKOTIKA: "Drug crime",
        "Upptäcka unga som riskerar att hamna i missbruk i tid och nå dem och deras föräldrar "
        "tillsammans med skolan och socialtjänsten.":
            "Spotting young people at risk of drug abuse early, and reaching them and their "
            "parents together with the schools and the social services.",
        TRAFIK: "Safer traffic",
        "Färre motorburna ungdomar som kör vårdslöst och lägre hastigheter på genomfartslederna "
        "och vid skolorna.":
            "Fewer young people riding mopeds or driving recklessly, and lower speeds on the "
            "through roads and near the schools.",
        VAGGERYD_WALKS:
            "Hold safety walks in Skillingaryd and Vaggeryd, one in the spring and one in the "
            "autumn.",
        HOT_SPOTS:
            "Patrol the places (hot spots) that the shared situation picture points out, to "
            "make them safer.",
        YOUTH:
            "Reach young people at risk of drug abuse, and their parents, together with the "
            "schools and the social services.",
        WALKS: "Hold safety walks in Skillingaryd and Vaggeryd.",
        "Fortsätta arbetet med arbetsmetodiken Effektiv samordning för trygghet (EST).":
            "Keep working with the method Effective Coordination for Safety (EST).",
        "Genomföra trygghetsrundor på aktuella platser (hot spots) utifrån den gemensamma "
        "lägesbilden.":
            "Patrol the places of concern (hot spots) that the shared situation picture points "
            "out.",
        "Genomföra trafikinsatser på platser där trafikproblem identifierats.":
            "Carry out traffic checks at places where traffic problems have been found.",
    },
}  # fmt: skip

CURRENT = [
    CurrentPledge(
        kommun="Vaggeryd", seed="vaggeryd-2022", police_area="varnamo",
        page_owner=("Vaggeryd", "Trygghetssamordnare"),
        approvers=("samordnare.vaggeryd", "polis.varnamo"),
        texts={
            "promise": "Vaggeryds kommun och polisen lovar att fortsätta arbeta för att alla som "
            "bor i kommunen ska kunna känna sig trygga: i centrum, i trafiken och där de bor.",
            "effect": "Fler känner sig trygga i Skillingaryd och Vaggeryd, också på kvällarna. "
            "Färre unga dras in i narkotika, och vårdslös körning med mopeder och höga "
            "hastigheter blir ett mindre problem på kommunens vägar.",
            "background": "Löftet bygger vidare på medborgarlöftet för 2022. Trygghetsvandringarna "
            "i Skillingaryd och Vaggeryd blev av och ledde till konkreta åtgärder, och "
            "trygghetsrundorna på aktuella platser fungerade väl. Arbetet enligt EST och "
            "trafikinsatserna var inte avslutade när året tog slut och förs därför över till det "
            "här löftet.\n\n"
            "Lägesbilden pekar fortfarande ut narkotikabrottsligheten bland unga och "
            "trafiksäkerheten, framför allt motorburna ungdomar och höga hastigheter. Löftet "
            "gäller i två år, så att arbetet hinner ge effekt.",
            "situation_method": "Lägesbilden bygger på kommunens trygghetsundersökning, "
            "invånarnas synpunkter om otrygga platser här på webbplatsen, en medborgardialog, en "
            "trygghetsvandring, dialoger med medarbetare och polisens statistik och "
            "underrättelser.",
            "follow_up_method": FOLLOW_UP,
        },
        focus_areas=[
            (TRYGGHET, THEME, "Fler ska känna sig trygga i centrum, i trafiken och där de bor, "
             "också på kvällarna.", None),
            (NARKOTIKA, THEME, "Upptäcka unga som riskerar att hamna i missbruk i tid och nå dem "
             "och deras föräldrar tillsammans med skolan och socialtjänsten.", None),
            (TRAFIK, THEME, "Färre motorburna ungdomar som kör vårdslöst och lägre hastigheter på "
             "genomfartslederna och vid skolorna.", None),
        ],
        activities=[
            DemoActivity(VAGGERYD_WALKS, TOGETHER, (TRYGGHET,), ("Skillingaryd", "Vaggeryd"), 4,
                         "trygghetsvandringar"),
            DemoActivity(HOT_SPOTS, POLICE, (NARKOTIKA, TRYGGHET)),
        ],
        signatories=VAGGERYD_SIGNATORIES,
        english=VAGGERYD_ENGLISH,
        change=Change(
            reason="Sedan löftet började har skolan, socialtjänsten och polisen sett att fler unga "
            "än tidigare kommer i kontakt med narkotika, och flera föräldrar har hört av sig. "
            "Kommunen och polisen lägger därför till en aktivitet som når unga i riskzonen och "
            "deras föräldrar tidigt, i stället för att vänta till nästa löfte.",
            add=DemoActivity(YOUTH, TOGETHER, (NARKOTIKA,)),
        ),
    ),
    CurrentPledge(
        kommun="Vänersborg", seed="vanersborg-2021", police_area="ostra-fyrbodal",
        page_owner=("Vänersborg", "Säkerhetssamordnare"),
        approvers=("samordnare.vanersborg", "polis.ostrafyrbodal"),
        texts={
            "promise": "Vänersborgs kommun och polisen lovar att fortsätta arbeta tillsammans för "
            "ökad trygghet och färre brott på aktivitetsområdet Sanden och i bostadsområdet "
            "Torpa, och att göra dem som bor i och besöker kommunen delaktiga i arbetet.",
            "effect": "Sanden är en trygg plats för evenemang, båtliv och unga, med fler vuxna på "
            "plats när många samlas. I Torpa märker de boende att tryggheten ökar och att det de "
            "berättar leder till åtgärder.",
            "background": "Arbetet med Sanden och Torpa började i medborgarlöftet 2021. "
            "Samverkan kom igång och sommaren på Sanden blev lugnare, men ingen av löftets "
            "aktiviteter var avslutad vid den senaste uppföljningen, och trygghetsvandringen i "
            "Torpa fick skjutas upp under pandemin. Aktiviteterna förs därför över till det här "
            "löftet, som gäller i två år.\n\n"
            "Vänersborgs kommun vill vara ett socialt hållbart samhälle där allas rättigheter "
            "respekteras, och trygghet är en förutsättning för det. Samverkan mellan kommunen och "
            "polisen är grunden för arbetet.",
            "situation_method": "Kommunen och polisen har analyserat brottsstatistiken och fört "
            "dialog med medarbetare och invånare: en enkät om Sanden och Torpa, en "
            "medborgardialog på Sanden, en trygghetsvandring i Torpa och invånarnas synpunkter om "
            "otrygga platser här på webbplatsen.",
            "follow_up_method": FOLLOW_UP,
        },
        focus_areas=[
            (SANDEN, PLACE, "Färre brott och fler som känner sig trygga på Sanden, med fler vuxna "
             "på plats under evenemang och sommarkvällar.", "Aktivitetsområdet Sanden"),
            (TORPA, PLACE, "De boende ska uppleva att otryggheten minskar och att det de berättar "
             "leder till åtgärder.", "Bostadsområdet Torpa"),
        ],
        activities=[],
        signatories=VANERSBORG_SIGNATORIES,
        change=Change(
            reason="Vid den första uppföljningen gick det inte att se om polisens närvaro på "
            "Sanden räckte, eftersom aktiviteten saknade ett mål. Kommunen och polisen har därför "
            "kommit överens om ett mål som går att följa: minst 200 närvarotimmar per år, 400 "
            "under löftets två år.",
            retarget=(POLICE_ON_SANDEN, "Öka polisens närvaro på Sanden under evenemang och "
                      "säsong, med minst 200 timmar per år.", 400, "närvarotimmar"),
        ),
    ),
]  # fmt: skip

# A pledge in force starts on the first day of the tertial that held the day ten months before
# the demo is loaded, and runs two years: so at least two of its tertials have ended (and have
# follow-ups), one change has been made, and it stays in force ten months or more after loading.
MONTHS_BACK = 10
YEARS_IN_FORCE = 2
SIGNED_DAYS_BEFORE_START = 21


def current_start(today: date, previous_end: date) -> date:
    """The start of a pledge in force on `today` that continues a pledge ending previous_end."""
    months = today.year * 12 + today.month - 1 - MONTHS_BACK
    wanted = Tertial.containing(date(months // 12, months % 12 + 1, 1)).start
    # Never overlapping the pledge it continues: it then starts when that one ended.
    return max(wanted, previous_end + timedelta(days=1))


def end_of_period(start: date) -> date:
    return date(start.year + YEARS_IN_FORCE, start.month, start.day) - timedelta(days=1)


def demo_title(spec: CurrentPledge, start: date, end: date) -> str:
    return f"Medborgarlöfte {spec.kommun} {start.year}–{end.year}"


def demo_successors(spec: CurrentPledge) -> list:
    """The pledges the demo made to continue a seed pledge, one after the other, oldest first.

    Known by their address and title: a pledge staff made to continue one of them is theirs,
    and the demo never fills it in, publishes it or follows it up.
    """
    prefix = spec.seed.rsplit("-", 1)[0] + "-"
    chain, pledge, seen = [], Pledge.objects.filter(slug=spec.seed).first(), set()
    while pledge is not None and pledge.pk not in seen:
        seen.add(pledge.pk)
        candidates = pledge.next_pledges.filter(slug__startswith=prefix).order_by("-start_date")
        pledge = next(
            (p for p in candidates if p.title == demo_title(spec, p.start_date, p.end_date)),
            None,
        )
        if pledge is not None:
            chain.append(pledge)
    return chain


def current_spec(pledge) -> CurrentPledge | None:
    """The spec a demo pledge in force was made from, by the kommun it belongs to."""
    names = {municipality.name for municipality in pledge.municipalities.all()}
    return next((spec for spec in CURRENT if spec.kommun in names), None)


# Moments ---------------------------------------------------------------------------------------


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of a day in Swedish local time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def demo_now(today: date) -> datetime:
    """The moment the demo is loaded: now, or midday when it is loaded as of another day."""
    now = timezone.now()
    return now if timezone.localdate(now) == today else at(today, 12)


def published_moment(planned: datetime, earliest: date, now: datetime) -> datetime:
    """When something planned for a working day was done, if it had to be done by now.

    A follow-up of a tertial that ended a few days ago is published although its planned day
    lies ahead: then on the latest working day since `earliest`, at ten or as late as the day
    allows; on a weekend or holiday only when no working day has passed since, and at `now`
    itself only when `earliest` is today and it is not yet nine in the morning.
    """
    if planned <= now:
        return planned
    today = timezone.localdate(now)
    days = (earliest + timedelta(days=n) for n in range((today - earliest).days + 1))
    slots = [(is_working_day(day), min(at(day, 10), now)) for day in days if at(day, 9) <= now]
    return max(slots)[1] if slots else now


# Loading ---------------------------------------------------------------------------------------


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


def _kommun(name):
    return Municipality.objects.get(code=KOMMUN_CODES[name])


def _load_users(counts, areas):
    users = {}
    for username, (first, last, _label, role, organisation) in DEMO_USERS.items():
        names = {"first_name": first, "last_name": last, "email": f"{username}@example.se"}
        flags = {"is_staff": True, "is_active": True, "is_superuser": role is None}
        user = _upsert(counts, "users", get_user_model(), {"username": username}, **names, **flags)
        # Checked first: a fresh hash on every run would be a change on every rerun.
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role:
            where = (
                {"municipality": _kommun(organisation)}
                if role == Membership.Role.COORDINATOR
                else {"police_area": areas[organisation]}
            )
            _, made = Membership.objects.get_or_create(user=user, **where, defaults={"role": role})
            counts["memberships"] += made
        users[username] = user
    return users


def demo_users(create_users: bool) -> dict:
    """The demo logins by username, or none when the demo is loaded without them."""
    if not create_users:
        return {}
    return {
        user.username: user for user in get_user_model().objects.filter(username__in=DEMO_USERS)
    }


def _add_activity(counts, pledge, order, item, focus_areas, places, carried_over_from=None):
    activity = _upsert(
        counts,
        "activities",
        Activity,
        {"pledge": pledge, "description": item.description},
        responsible=item.responsible,
        target_count=item.target_count,
        target_unit=item.target_unit,
        carried_over_from=carried_over_from,
        order=order,
    )
    activity.focus_areas.add(*(focus_areas[name] for name in item.focus))
    activity.places.add(*(places[name] for name in item.places))
    return activity


def _fill_working_copy(counts, pledge, spec, places, activities, **fields):
    """The focus areas, activities and signatories of a pledge that is still a draft."""
    focus_areas = {}
    for order, (name, kind, description, place) in enumerate(spec["focus_areas"]):
        values = {"kind": kind, "description": description, "place": places.get(place)}
        lookup = {"pledge": pledge, "name": name}
        focus_areas[name] = _upsert(counts, "focus areas", FocusArea, lookup, order=order, **values)
    for order, item in enumerate(spec["activities"]):
        source = activities.get(item.carried_over_from)
        activity = _add_activity(counts, pledge, order, item, focus_areas, places, source)
        activities[(pledge.slug, item.description)] = activity
    for order, (name, role, organisation) in enumerate(spec["signatories"]):
        lookup = {"pledge": pledge, "role": role, "organisation": organisation}
        _upsert(counts, "signatories", Signatory, lookup, name=name, order=order)


def _load_pledge(counts, spec, areas, contacts, places, activities):
    pledge = Pledge.objects.filter(slug=spec["slug"]).first()
    if pledge is not None and pledge.status != Pledge.Status.DRAFT:
        # Published (or withdrawn) content never changes silently: only by a new version.
        for activity in pledge.activities.all():
            activities[(pledge.slug, activity.description)] = activity
        return pledge
    previous = Pledge.objects.get(slug=spec["previous"]) if spec["previous"] else None
    pledge = _upsert(
        counts,
        "pledges",
        Pledge,
        {"slug": spec["slug"]},
        title=spec["title"],
        police_area=areas[spec["police_area"]],
        start_date=spec["period"][0],
        end_date=spec["period"][1],
        signed_on=spec["signed_on"],
        previous=previous,
        page_owner=contacts[spec["page_owner"]],
        **{field: spec[field] for field in TEXT_FIELDS},
    )
    pledge.municipalities.add(_kommun(spec["kommun"]))
    _fill_working_copy(counts, pledge, spec, places, activities)
    return pledge


def _load_current(counts, spec, today, areas, contacts, places):
    """The demo pledge in force today for a kommun: the one made on an earlier day while it is
    still in force, else a new one continuing the newest of them (or the seed pledge)."""
    chain = demo_successors(spec)
    latest = chain[-1] if chain else Pledge.objects.get(slug=spec.seed)
    if chain and latest.end_date >= today:
        if latest.status != Pledge.Status.DRAFT:
            return latest
        # A draft made on an earlier run that stopped before publishing: filled in again.
        slug, start, end, latest = latest.slug, latest.start_date, latest.end_date, latest.previous
    else:
        start = current_start(today, latest.end_date)
        end = end_of_period(start)
        slug = base = f"{spec.seed.rsplit('-', 1)[0]}-{start.year}"
        number = 1
        while Pledge.objects.filter(slug=slug).exists():  # the address is another pledge's
            number += 1
            slug = f"{base}-{number}"
    pledge = _upsert(
        counts,
        "pledges",
        Pledge,
        {"slug": slug},
        title=demo_title(spec, start, end),
        police_area=areas[spec.police_area],
        start_date=start,
        end_date=end,
        signed_on=working_day_on_or_before(start - timedelta(days=SIGNED_DAYS_BEFORE_START)),
        previous=latest,
        page_owner=contacts[spec.page_owner],
        **spec.texts,
    )
    pledge.municipalities.add(_kommun(spec.kommun))
    parts = {
        "focus_areas": spec.focus_areas,
        "activities": spec.activities,
        "signatories": spec.signatories,
    }
    _fill_working_copy(counts, pledge, parts, places, {})
    english_version(pledge, spec)
    return pledge


def english_version(pledge, spec: CurrentPledge) -> bool:
    """Give the working copy of a demo pledge in force its English version, where the spec has
    one; only what differs is saved, so a rerun changes nothing. Called while the pledge is a
    draft and when the demo changes it, so the English is part of the versions both approve.
    Returns whether anything changed."""
    english = spec.english
    if english is None:
        return False
    texts = english["texts"]
    wanted = {
        "title_en": english["title"].format(start=pledge.start_date.year, end=pledge.end_date.year),
        "promise_en": english["promise"],
        "effect_en": english["effect"],
    }
    changed = _set_changed(pledge, wanted)
    for area in pledge.focus_areas.all():
        wanted = {
            "name_en": texts.get(area.name, ""),
            "description_en": texts.get(area.description, ""),
        }
        changed |= _set_changed(area, wanted)
    for activity in pledge.activities.all():
        changed |= _set_changed(activity, {"description_en": texts.get(activity.description, "")})
    return changed


def _set_changed(obj, values) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def load_demo_data(create_users: bool, today: date | None = None) -> dict:
    """Create or update the demo organisations, people and pledges; returns how many rows of
    each kind it created.

    The pledges are drafts until followup.demo.load_follow_up_demo publishes them. With
    create_users, the demo logins (password DEMO_PASSWORD) are made, and they approve the
    pledges; without them (demo content on a production site, where no shared-password account
    may exist) the pledges are published without approval rows, for an approval needs a user.
    """
    today = today or timezone.localdate()
    load_reference_data()
    counts = Counter()
    areas = {}
    for slug, (name, region, kommuner) in POLICE_AREAS.items():
        region = PoliceRegion.objects.get(name=region)
        areas[slug] = _upsert(
            counts, "police areas", PoliceArea, {"slug": slug}, name=name, police_region=region
        )
        areas[slug].municipalities.add(*(_kommun(kommun) for kommun in kommuner))

    places = {}
    for (kommun, name), (about, lat, lon) in PLACES.items():
        lookup = {"municipality": _kommun(kommun), "name": name}
        values = {"latitude": lat and Decimal(lat), "longitude": lon and Decimal(lon)}
        places[name] = _upsert(counts, "places", Place, lookup, description=about, **values)

    contacts = {}
    for order, (kommun, area, role, name, email, phone) in enumerate(CONTACTS):
        organisation = {"municipality": kommun and _kommun(kommun), "police_area": areas.get(area)}
        values = {"name": name, "email": email, "phone": phone, "order": order}
        contacts[(kommun or area, role)] = _upsert(
            counts, "contacts", ContactPerson, {**organisation, "role": role}, **values
        )

    if create_users:
        _load_users(counts, areas)
    activities = {}
    for spec in PLEDGES:
        _load_pledge(counts, spec, areas, contacts, places, activities)
    for spec in CURRENT:
        _load_current(counts, spec, today, areas, contacts, places)
    return {label: count for label, count in counts.items() if count}


# Publishing and changing -----------------------------------------------------------------------

SIDES = (PledgeApproval.Side.MUNICIPALITY, PledgeApproval.Side.POLICE)


def _approve_both(pledge, approvers, users, moments):
    """Both sides approve the working copy, as the demo logins, dated at the two moments."""
    for side, username in zip(SIDES, approvers, strict=True):
        pledge.approve(users[username], side)
    version = pledge.published_version
    for side, moment in zip(SIDES, moments, strict=True):
        version.approvals.filter(side=side).update(approved_at=moment)
    return version


def _publish_version(pledge, approvers, users, moments):
    superseded = pledge.published_version
    if users:
        version = _approve_both(pledge, approvers, users, moments)
    else:
        version = pledge.publish_without_approvals(at=moments[1])
    # The domain methods stamp the time of loading; the demo dates them when they happened.
    PledgeVersion.objects.filter(pk=version.pk).update(
        created_at=moments[0], published_at=moments[1]
    )
    if superseded is not None:
        superseded.approvals.filter(retired_at__isnull=False).update(retired_at=moments[1])
    return version


def approval_moments(day: date) -> tuple[datetime, datetime]:
    """The kommun approves two working days before the police, who then publish at 14."""
    return at(add_working_days(day, -2), 10), at(day, 14)


def publish(pledge, approvers, users) -> bool:
    """Publish version 1 of a drafted demo pledge on the day it was signed.

    An administrator's withdrawal stands: only a draft is published.
    """
    if pledge.status != Pledge.Status.DRAFT:
        return False
    moments = approval_moments(pledge.signed_on)
    _publish_version(pledge, approvers, users, moments)
    Pledge.objects.filter(pk=pledge.pk).update(published_at=moments[1], updated_at=moments[1])
    pledge.refresh_from_db()
    return True


def _edit(pledge, change) -> bool:
    """Make the change to the working copy; False when there is nothing to change (a later
    pledge that already carries the activity, or no longer has it)."""
    if change.add is not None:
        if pledge.activities.filter(description=change.add.description).exists():
            return False
        focus_areas = {area.name: area for area in pledge.focus_areas.all()}
        places = {place.name: place for place in Place.objects.filter(name__in=change.add.places)}
        last = pledge.activities.order_by("-order").values_list("order", flat=True).first()
        _add_activity(Counter(), pledge, (last or 0) + 1, change.add, focus_areas, places)
        return True
    description, new_description, target, unit = change.retarget
    activity = pledge.activities.filter(description=description).first()
    if activity is None:
        return False
    activity.description, activity.target_count, activity.target_unit = (
        new_description,
        target,
        unit,
    )
    activity.save()
    return True


def make_change(pledge, spec, users, day: date) -> bool:
    """Version 2 of a published demo pledge, with its reason, approved on `day`.

    Nothing is done once the pledge has a second version (the demo's or anyone's).
    """
    if pledge.status != Pledge.Status.PUBLISHED or pledge.versions.filter(number__gte=2).exists():
        return False
    if not _edit(pledge, spec.change):
        return False
    english_version(pledge, spec)  # an added activity is given its English too
    pledge.change_reason = spec.change.reason
    pledge.save(update_fields=["change_reason", "updated_at"])
    moments = approval_moments(day)
    if users:
        pledge.record_edit(users[spec.approvers[0]])
    _publish_version(pledge, spec.approvers, users, moments)
    Pledge.objects.filter(pk=pledge.pk).update(updated_at=moments[1])
    pledge.refresh_from_db()
    return True
