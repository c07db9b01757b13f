"""Demo content from the two seed pledges (Vaggeryd, Vänersborg), with placeholder people.

Facts (places, activities, focus areas, roles, periods) come from the seed pages; the prose is
written for the demo, and every person is a placeholder with an example.se address.
"""

from collections import Counter
from datetime import date, datetime, time
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
from pledges.models import Activity, FocusArea, Pledge, PledgeApproval, Signatory

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

# (kommun or None, police area slug or None, role, placeholder name, e-mail, phone)
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


# In creation order: a pledge's previous pledge comes first. Signing dates are demo data: the
# seed pages do not give them.
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
        ],
        "signatories": [
            ("Eva Exempelsson", "Kommunalråd", "Vänersborgs kommun"),
            ("Lena Demosson", "Lokalpolisområdeschef", "Polisen, lokalpolisområde Östra Fyrbodal"),
        ],
    },
]  # fmt: skip


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


def _approve(counts, pledge, approvers, users):
    """Both sides' approvals, made directly: Pledge.approve() refuses a published pledge."""
    sides = (PledgeApproval.Side.MUNICIPALITY, PledgeApproval.Side.POLICE)
    for side, username in zip(sides, approvers, strict=True):
        if not pledge.approvals.filter(side=side, is_active=True).exists():
            PledgeApproval.objects.create(
                pledge=pledge, side=side, user=users[username], approved_at=pledge.published_at
            )
            counts["approvals"] += 1


def _load_pledge(counts, spec, areas, contacts, places, activities, users):
    published_at = timezone.make_aware(datetime.combine(spec["signed_on"], time(10)))
    previous = Pledge.objects.get(slug=spec["previous"]) if spec["previous"] else None
    pledge = _upsert(
        counts,
        "pledges",
        Pledge,
        {"slug": spec["slug"]},
        create_only={"status": Pledge.Status.PUBLISHED, "published_at": published_at},
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
    # An administrator's withdrawal stands: only a draft is (re)published by the demo.
    if pledge.status == Pledge.Status.DRAFT:
        pledge.status, pledge.published_at = Pledge.Status.PUBLISHED, published_at
        pledge.save(update_fields=["status", "published_at", "updated_at"])
    if users and pledge.status == Pledge.Status.PUBLISHED:
        _approve(counts, pledge, spec["approvers"], users)

    focus_areas = {}
    for order, (name, kind, description, place) in enumerate(spec["focus_areas"]):
        values = {"kind": kind, "description": description, "place": places.get(place)}
        lookup = {"pledge": pledge, "name": name}
        focus_areas[name] = _upsert(counts, "focus areas", FocusArea, lookup, order=order, **values)
    for order, item in enumerate(spec["activities"]):
        activity = _upsert(
            counts,
            "activities",
            Activity,
            {"pledge": pledge, "description": item.description},
            responsible=item.responsible,
            target_count=item.target_count,
            target_unit=item.target_unit,
            carried_over_from=activities.get(item.carried_over_from),
            order=order,
        )
        activity.focus_areas.add(*(focus_areas[name] for name in item.focus))
        activity.places.add(*(places[name] for name in item.places))
        activities[(spec["slug"], item.description)] = activity
    for order, (name, role, organisation) in enumerate(spec["signatories"]):
        lookup = {"pledge": pledge, "role": role, "organisation": organisation}
        _upsert(counts, "signatories", Signatory, lookup, name=name, order=order)


@transaction.atomic
def load_demo_data(create_users: bool) -> dict:
    """Create or update the demo content; returns how many rows of each kind it created.

    With create_users, the demo logins (password DEMO_PASSWORD) are made and record both
    approvals of each published pledge. Without them (demo content on a production site, where
    no shared-password account may exist) the pledges are still published, but carry no
    approval rows: an approval needs a user.
    """
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

    users = _load_users(counts, areas) if create_users else {}
    activities = {}
    for spec in PLEDGES:
        _load_pledge(counts, spec, areas, contacts, places, activities, users)
    return {label: count for label, count in counts.items() if count}
