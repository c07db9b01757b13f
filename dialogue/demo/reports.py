"""Demo reports of unsafe places in Vaggeryd and Vänersborg, so the queue and the counts have data.

Runs after pledges.demo.load_demo_data, which makes the places. The reports are written for the
demo in Swedish, name no one, and the few contact details are placeholders at example.se.

load_report_demo makes the last year's reports, the newest waiting for moderation;
load_earlier_report_demo those of the past periods whose lägesbild names residents' reports,
all moderated (only moderated reports count) and with their details removed, as the retention
rule would have done. A kommun that already has reports in a period, demo or real, is left alone
there: demo input never mixes with what residents sent, and a rerun adds nothing.
"""

import datetime
import random
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality, Place
from pledges.demo import KOMMUN_CODES, demo_now

from ..models import PlaceReport
from .situation import earlier_pictures

C = PlaceReport.Category
T = PlaceReport.TimeOfDay
S = PlaceReport.Status
SEED = 20240601
NEW_PER_KOMMUN = 4
EARLIER_PER_PERIOD = 8


class DemoReport(NamedTuple):
    category: str
    place: str | None  # the name of a Place of the kommun, or None for a place in words
    place_text: str
    description: str
    time_of_day: str


REPORTS = {
    "Vaggeryd": [
        DemoReport(C.LIGHTING, "Skillingaryd", "Gångvägen mot idrottsplatsen",
                   "Flera gatlampor är trasiga längs gångvägen, det är helt mörkt på kvällen.",
                   T.EVENING),
        DemoReport(C.UNSAFE, "Skillingaryd", "",
                   "Stora grupper samlas vid busshållplatsen sent på kvällarna och det känns "
                   "obehagligt att gå förbi.", T.NIGHT),
        DemoReport(C.VEGETATION, "Skillingaryd", "",
                   "Buskarna vid parkeringen har vuxit så att man inte ser vem som står där.",
                   T.ALWAYS),
        DemoReport(C.VANDALISM, "Skillingaryd", "Vid återvinningsstationen",
                   "Klotter och krossat glas vid återvinningsstationen.", T.MORNING),
        DemoReport(C.TRAFFIC, "Skillingaryd", "",
                   "Bilar kör fort förbi skolan på morgonen, barnen har svårt att korsa gatan.",
                   T.MORNING),
        DemoReport(C.LITTER, "Skillingaryd", "",
                   "Mycket skräp och fimpar kvar efter helgerna i parken.", T.MORNING),
        DemoReport(C.LIGHTING, "Vaggeryd", "",
                   "Belysningen i gångtunneln under vägen fungerar inte.", T.EVENING),
        DemoReport(C.UNSAFE, "Vaggeryd", "",
                   "Det känns otryggt att vänta på tåget när det är mörkt, ingen annan är där.",
                   T.EVENING),
        DemoReport(C.TRAFFIC, "Vaggeryd", "",
                   "Mopeder kör på gång- och cykelvägen genom centrum.", T.EVENING),
        DemoReport(C.VANDALISM, "Vaggeryd", "",
                   "Sönderslagna bänkar och klotter på lekplatsen.", T.NIGHT),
        DemoReport(C.VEGETATION, "Vaggeryd", "",
                   "Träd och buskar skymmer sikten vid övergångsstället.", T.ALWAYS),
        DemoReport(C.LITTER, "Vaggeryd", "",
                   "Nedskräpat bakom affärerna, det lockar till sig folk på nätterna.", T.NIGHT),
        DemoReport(C.LIGHTING, None, "Cykelvägen mellan Vaggeryd och Skillingaryd",
                   "Ingen belysning alls på en lång sträcka, man ser inte vägen.", T.EVENING),
        DemoReport(C.UNSAFE, None, "Skogsstigen bakom sporthallen",
                   "Stigen är ensam och mörk och det finns ingen annan väg hem.", T.EVENING),
        DemoReport(C.OTHER, None, "Parkeringen vid badplatsen",
                   "Bilar står med motorn igång och spelar hög musik sent på natten.", T.NIGHT),
        DemoReport(C.TRAFFIC, "Vaggeryd", "",
                   "Lastbilar backar ut över trottoaren vid lastkajen.", T.DAYTIME),
    ],
    "Vänersborg": [
        DemoReport(C.UNSAFE, "Aktivitetsområdet Sanden", "",
                   "Många unga samlas vid hamnen på fredagskvällar och det blir stökigt.",
                   T.EVENING),
        DemoReport(C.LIGHTING, "Aktivitetsområdet Sanden", "",
                   "Det är mörkt mellan parkeringen och bryggorna, lamporna räcker inte.",
                   T.EVENING),
        DemoReport(C.LITTER, "Aktivitetsområdet Sanden", "",
                   "Efter evenemangen ligger glas och skräp kvar i flera dagar.", T.MORNING),
        DemoReport(C.VANDALISM, "Aktivitetsområdet Sanden", "",
                   "Klotter på toaletterna och en trasig papperskorg.", T.DAYTIME),
        DemoReport(C.TRAFFIC, "Aktivitetsområdet Sanden", "",
                   "Bilar kör in på gångstråket vid stora arrangemang.", T.EVENING),
        DemoReport(C.UNSAFE, "Aktivitetsområdet Sanden", "",
                   "Det är otryggt att gå hem från evenemang sent, få vuxna är ute.", T.NIGHT),
        DemoReport(C.UNSAFE, "Bostadsområdet Torpa", "",
                   "Det känns otryggt i trapphusen, dörrarna går inte i lås.", T.ALWAYS),
        DemoReport(C.LIGHTING, "Bostadsområdet Torpa", "",
                   "Belysningen på gången mellan husen är trasig sedan länge.", T.EVENING),
        DemoReport(C.VEGETATION, "Bostadsområdet Torpa", "",
                   "Häcken vid lekplatsen är så hög att man inte ser barnen.", T.DAYTIME),
        DemoReport(C.VANDALISM, "Bostadsområdet Torpa", "",
                   "Brända containrar och klotter vid miljöstugan.", T.NIGHT),
        DemoReport(C.LITTER, "Bostadsområdet Torpa", "",
                   "Grovsopor ställs i skogskanten bakom husen.", T.UNKNOWN),
        DemoReport(C.TRAFFIC, None, "Korsningen vid skolan",
                   "Dålig sikt och höga hastigheter när barnen ska till skolan.", T.MORNING),
        DemoReport(C.LIGHTING, None, "Gångbron över kanalen",
                   "Flera lampor är släckta på bron, det är mörkt och halt.", T.EVENING),
        DemoReport(C.OTHER, None, "Busstationen",
                   "Hög ljudnivå och bråk på kvällarna, det känns otryggt att vänta.", T.EVENING),
    ],
}  # fmt: skip

CONTACTS = [
    ("Boende i området", "boende@example.se", ""),
    ("", "trygg.granne@example.se", ""),
    ("Förälder", "", "070-000 00 00"),
]
HANDLERS = {"Vaggeryd": "samordnare.vaggeryd", "Vänersborg": "samordnare.vanersborg"}


def _places(municipality, kommun, specs):
    places = {place.name: place for place in Place.objects.filter(municipality=municipality)}
    missing = {spec.place for spec in specs if spec.place} - set(places)
    if missing:
        raise Place.DoesNotExist(
            f"{kommun} lacks the places {sorted(missing)}: run pledges.demo.load_demo_data first."
        )
    return places


def _report(municipality, places, spec, status, handler, created_at, contact=("", "", "")):
    name, email, phone = contact
    return PlaceReport(
        municipality=municipality,
        place=places[spec.place] if spec.place else None,
        place_text=spec.place_text,
        category=spec.category,
        description=spec.description,
        time_of_day=spec.time_of_day,
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
        status=status,
        handled_by=None if status == S.NEW else handler,
        created_at=created_at,
    )


def _load_kommun(kommun, specs, rng, now):
    municipality = Municipality.objects.get(code=KOMMUN_CODES[kommun])
    year_ago = now - datetime.timedelta(days=365)
    if PlaceReport.objects.filter(municipality=municipality, created_at__gte=year_ago).exists():
        return 0
    places = _places(municipality, kommun, specs)
    specs = rng.sample(specs, len(specs))
    handler = get_user_model().objects.filter(username=HANDLERS[kommun]).first()
    # Spread over the last year; the newest few wait in the moderation queue.
    ages = sorted(rng.sample(range(2, 360), len(specs)))
    reports = []
    for number, (spec, age) in enumerate(zip(specs, ages, strict=True)):
        status = (
            S.NEW if number < NEW_PER_KOMMUN else rng.choice([S.READ, S.READ, S.USED, S.DISMISSED])
        )
        contact = rng.choice(CONTACTS) if rng.random() < 0.3 else ("", "", "")
        created_at = now - datetime.timedelta(days=age, hours=rng.randrange(24))
        reports.append(_report(municipality, places, spec, status, handler, created_at, contact))
    PlaceReport.objects.bulk_create(reports)
    return len(reports)


@transaction.atomic
def load_report_demo(today: datetime.date | None = None) -> dict:
    """Create the last year's demo reports; returns how many were made ({} when none)."""
    rng = random.Random(SEED)
    now = demo_now(today or timezone.localdate())
    made = sum(_load_kommun(kommun, specs, rng, now) for kommun, specs in REPORTS.items())
    return {"place reports": made} if made else {}


def _load_period(kommun, picture, now):
    municipality = picture.municipality
    start = timezone.make_aware(datetime.datetime.combine(picture.period_start, datetime.time()))
    end = start + datetime.timedelta(days=(picture.period_end - picture.period_start).days + 1)
    received = PlaceReport.objects.filter(
        municipality=municipality, created_at__gte=start, created_at__lt=end
    )
    if received.exists():
        return 0
    rng = random.Random(f"{SEED}-{picture.title}")
    specs = rng.sample(REPORTS[kommun], EARLIER_PER_PERIOD)
    places = _places(municipality, kommun, specs)
    handler = get_user_model().objects.filter(username=HANDLERS[kommun]).first()
    days = sorted(rng.sample(range((end - start).days), len(specs)))
    # Moderated long ago: read or used in the lägesbild, one dismissed (it does not count).
    statuses = [S.DISMISSED] + [S.USED, S.READ] * len(specs)
    reports = [
        _report(
            municipality,
            places,
            spec,
            status,
            handler,
            start
            + datetime.timedelta(days=day, hours=rng.randrange(7, 23), minutes=rng.randrange(60)),
        )
        for spec, day, status in zip(specs, days, statuses, strict=False)
    ]
    PlaceReport.objects.bulk_create(reports)
    retention = datetime.timedelta(days=settings.DIALOGUE_RETENTION_DAYS)
    for report in reports:
        if report.created_at + retention < now:
            # Their details removed, as the purge does once the retention period has passed.
            report.purge(now=report.created_at + retention + datetime.timedelta(hours=3))
    return len(reports)


@transaction.atomic
def load_earlier_report_demo(today: datetime.date | None = None) -> dict:
    """Create the reports of the past periods that demo lägesbilder count; returns how many."""
    now = demo_now(today or timezone.localdate())
    made = sum(_load_period(kommun, picture, now) for kommun, picture in earlier_pictures())
    return {"place reports": made} if made else {}
