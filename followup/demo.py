"""Demo follow-ups of the seed pledges: tertial reports, key figures and one correction.

Runs after pledges.demo.load_demo_data. The facts (safety walks in Skillingaryd and Vaggeryd,
EST, hot-spot rounds, traffic operations; Sanden and Torpa in Vänersborg) come from the seed
pledges; the narratives and figures are written for the demo.

Vaggeryd 2021 has only its T3 report, and Vänersborg 2021 leaves T3 as a draft: the public pages
then show those tertials as overdue, which is what the demo is meant to show.
"""

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pledges.models import Pledge

from .models import ActivityUpdate, Correction, FollowUpReport, Indicator, IndicatorValue

S = ActivityUpdate.Status
PUBLISHED = FollowUpReport.Status.PUBLISHED
DRAFT = FollowUpReport.Status.DRAFT


class Update(NamedTuple):
    status: str
    narrative: str
    achieved: int | None = None


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


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
        "torpa": "Torpa",
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
    "changes": "Trafikinsatser: uppnått antal ändrat från 2 till 3, både för aktiviteten och "
    "för nyckeltalet.",
    "made_at": _at(date(2022, 10, 12), 14),
}

# Each report: the pledge, the tertial, status, when it was published, summary, the updates by
# activity key, and key figure values by indicator name. A draft fills only some updates: the
# rest keep what add_missing_updates prefilled.
REPORTS = [
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
    """The pledge's activities by key, each found by a substring of its description."""
    activities = list(pledge.activities.all())
    found = {}
    for key, text in keys.items():
        matches = [a for a in activities if text.casefold() in a.description.casefold()]
        if len(matches) != 1:
            raise LookupError(
                f"{pledge.slug}: expected one activity containing {text!r}, found {len(matches)}."
            )
        found[key] = matches[0]
    return found


def _load_report(counts, spec, pledge, activities, indicators, publisher):
    lookup = {"pledge": pledge, "year": spec["year"], "tertial": spec["tertial"]}
    report, created = FollowUpReport.objects.get_or_create(**lookup)
    counts["follow-up reports"] += created
    changed = set()
    if report.summary != spec["summary"]:
        report.summary = spec["summary"]
        changed.add("summary")
    # The demo publishes its published reports but never withdraws one that was published.
    if spec["status"] == PUBLISHED and not report.is_published:
        report.status, report.published_at = PUBLISHED, spec["published_at"]
        changed |= {"status", "published_at"}
    if publisher and report.is_published and report.published_by_id != publisher.pk:
        report.published_by = publisher
        changed.add("published_by")
    if changed:
        report.save()

    counts["activity updates"] += report.add_missing_updates()
    for key, update in spec["updates"].items():
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
    return report


@transaction.atomic
def load_follow_up_demo(create_users: bool) -> dict:
    """Create or update the demo follow-ups; returns how many rows of each kind it created.

    Needs the demo pledges of pledges.demo.load_demo_data. With create_users, the reports are
    published by the demo police logins and the correction is recorded (it needs a user);
    without, published_by stays empty and no correction is made.
    """
    counts = Counter()
    users = get_user_model().objects.filter(username__in=set(POLICE_USERS.values()))
    publishers = {user.username: user for user in users} if create_users else {}

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
    for spec in REPORTS:
        slug = spec["pledge"]
        by_name = {name: indicators[(slug, name)] for name, *_ in INDICATORS.get(slug, [])}
        publisher = publishers.get(POLICE_USERS[slug])
        reports[(slug, spec["year"], spec["tertial"])] = _load_report(
            counts, spec, pledges[slug], activities[slug], by_name, publisher
        )

    if create_users:
        slug, *_ = CORRECTION["report"]
        _, made = Correction.objects.get_or_create(
            report=reports[CORRECTION["report"]],
            reason=CORRECTION["reason"],
            defaults={
                "changes": CORRECTION["changes"],
                "made_by": publishers[POLICE_USERS[slug]],
                "made_at": CORRECTION["made_at"],
            },
        )
        counts["corrections"] += made
    return {label: count for label, count in counts.items() if count}
