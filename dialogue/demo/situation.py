"""Demo lägesbilder: those the demo pledges rest on, and one for the next pledge."""

# A lägesbild's text names the inputs it rests on (surveys, residents' reports, dialogue
# meetings, safety walks), and its page counts the portal's own inputs of its period: the other
# loaders of this package put demo inputs inside each period, so that text and figures agree.

import datetime

from django.db import transaction
from django.utils import timezone

from organisations.models import Municipality, PoliceArea
from pledges.demo import CURRENT, KOMMUN_CODES, at, current_spec, demo_successors
from pledges.models import Pledge
from portal.holidays import add_working_days
from portal.tertials import Tertial

from ..models import SituationPicture

MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")  # fmt: skip

# (kommun, police area slug, title, start, end, pledge slug, summary, statistics)
SEED_PICTURES = [
    (
        "Vaggeryd",
        "varnamo",
        "Lägesbild Vaggeryd 2021",
        datetime.date(2021, 1, 1),
        datetime.date(2021, 12, 31),
        "vaggeryd-2022",
        "Medarbetare i kommunen och polisen, tips från invånare och polisens underrättelser pekar "
        "åt samma håll: oron gäller framför allt narkotika bland unga och trafiken, där "
        "motorburna ungdomar och höga hastigheter på vissa vägar återkommer.\n\n"
        "Trygghetsundersökningen visar att de flesta känner sig trygga i sitt bostadsområde, men "
        "att otryggheten ökar kvällstid i centrala Skillingaryd och Vaggeryd. Under pandemin gick "
        "det inte att samla invånarna till några vandringar i centrum.",
        "Anmälda narkotikabrott har ökat något de senaste åren, främst ringa brott bland unga "
        "vuxna. Trafikbrotten är få men koncentrerade till ett par sträckor.",
    ),
    (
        "Vänersborg",
        "ostra-fyrbodal",
        "Lägesbild Vänersborg 2020",
        datetime.date(2020, 1, 1),
        datetime.date(2020, 12, 31),
        "vanersborg-2021",
        "Brottsstatistiken, medarbetardialogen och medborgardialogen lyfter fram två platser. "
        "Sanden är kommunens största evenemangs- och aktivitetsområde och båthamn, där många "
        "unga samlas sommartid och vuxennärvaron är låg. I bostadsområdet Torpa beskriver de "
        "boende en större otrygghet än i andra delar av kommunen.",
        "",
    ),
]

# kommun: (summary, statistics) of the lägesbild a pledge in force rests on.
CURRENT_PICTURES = {
    "Vaggeryd": (
        "Trygghetsundersökningen visar att de flesta i kommunen känner sig trygga där de bor, men "
        "att många undviker centrum och stationsområdena på kvällarna. Invånarnas synpunkter om "
        "otrygga platser handlar mest om belysning, mopeder på gång- och cykelvägar och höga "
        "hastigheter vid skolorna.\n\n"
        "På medborgardialogen och trygghetsvandringen i Vaggeryds centrum kom samma platser upp. "
        "Medarbetarna i skolan och socialtjänsten beskriver att fler unga än tidigare kommer i "
        "kontakt med narkotika.",
        "Anmälda narkotikabrott ligger på ungefär samma nivå som tidigare år, men andelen unga "
        "bland de misstänkta har ökat. Trafikbrotten är koncentrerade till genomfartslederna och "
        "vägarna vid skolorna.",
    ),
    "Vänersborg": (
        "Enkäten om Sanden och Torpa visar att de flesta känner sig trygga på Sanden på dagen, "
        "men att otryggheten ökar sommarkvällar när många unga samlas vid vattnet. I Torpa är "
        "otryggheten fortfarande större än i andra delar av kommunen.\n\n"
        "Invånarnas synpunkter om otrygga platser, medborgardialogen på Sanden och "
        "trygghetsvandringen i Torpa pekar på samma saker: belysningen, nedskräpningen och att "
        "det behövs fler vuxna ute på kvällarna.",
        "Anmälda brott på Sanden är flest under sommarmånaderna och gäller mest ordningsstörningar "
        "och skadegörelse. I Torpa har de anmälda brotten minskat något, men skadegörelsen ligger "
        "kvar på samma nivå.",
    ),
}

# The lägesbild being put together for the next pledge, over the last year up to today.
NEXT_PICTURE = (
    "Vänersborg",
    "ostra-fyrbodal",
    "Lägesbild Vänersborg inför nästa medborgarlöfte",
    "Ett första utkast inför nästa medborgarlöfte, som fylls på under året. Invånarnas "
    "synpunkter om otrygga platser handlar mest om belysning och om Sanden på kvällarna.",
)


def _kommun(name):
    return Municipality.objects.get(code=KOMMUN_CODES[name])


def _months_before(day: datetime.date, months: int) -> datetime.date:
    count = day.year * 12 + day.month - 1 - months
    return datetime.date(count // 12, count % 12 + 1, 1)


def period_before(pledge) -> tuple[datetime.date, datetime.date]:
    """The year a pledge's lägesbild covers: the three tertials before the one in which the
    pledge was drafted, which is the tertial before it starts."""
    drafted = _months_before(pledge.start_date, 4)
    return _months_before(drafted, 12), drafted - datetime.timedelta(days=1)


def _title(kommun, start, end):
    return (
        f"Lägesbild {kommun} {MONTH_NAMES[start.month - 1]} {start.year}–"
        f"{MONTH_NAMES[end.month - 1]} {end.year}"
    )


def _written_after(picture, created):
    """A lägesbild of a past period was last updated when it was written, a few weeks after
    its period ended, not when the demo was loaded."""
    if created:
        written = at(add_working_days(picture.period_end, 15), 10)
        SituationPicture.objects.filter(pk=picture.pk).update(updated_at=written)


def _link(pledge, picture):
    # The lägesbild is part of the version both sides approve: only a draft gets it.
    if pledge.status == Pledge.Status.DRAFT and pledge.situation_picture_id is None:
        pledge.situation_picture = picture
        pledge.save(update_fields=["situation_picture", "updated_at"])


def picture_for(pledge) -> tuple[SituationPicture, bool]:
    """The lägesbild a demo pledge in force rests on, made once and linked while it is a draft;
    and whether it was made now."""
    spec = current_spec(pledge)
    start, end = period_before(pledge)
    summary, statistics = CURRENT_PICTURES[spec.kommun]
    picture, created = SituationPicture.objects.get_or_create(
        municipality=_kommun(spec.kommun),
        title=_title(spec.kommun, start, end),
        defaults={
            "police_area": pledge.police_area,
            "period_start": start,
            "period_end": end,
            "summary": summary,
            "crime_statistics": statistics,
            "is_published": True,
        },
    )
    _written_after(picture, created)
    _link(pledge, picture)
    return picture, created


def link_seed_pictures() -> int:
    """The lägesbilder of the seed pledges, linked to those still drafts; returns how many
    were made."""
    made = 0
    for kommun, area, title, start, end, slug, summary, statistics in SEED_PICTURES:
        picture, created = SituationPicture.objects.get_or_create(
            municipality=_kommun(kommun),
            title=title,
            defaults={
                "police_area": PoliceArea.objects.filter(slug=area).first(),
                "period_start": start,
                "period_end": end,
                "summary": summary,
                "crime_statistics": statistics,
                "is_published": True,
            },
        )
        made += created
        _written_after(picture, created)
        pledge = Pledge.objects.filter(slug=slug).first()
        if pledge is not None:
            _link(pledge, picture)
    return made


def current_pictures() -> list[tuple[str, SituationPicture, Pledge]]:
    """(kommun, lägesbild, pledge) for every demo pledge in force and the lägesbild it rests on
    (pledges made on earlier days included)."""
    return [
        (spec.kommun, pledge.situation_picture, pledge)
        for spec in CURRENT
        for pledge in demo_successors(spec)
        if pledge.situation_picture_id
    ]


def earlier_pictures() -> list[tuple[str, SituationPicture]]:
    """(kommun, lägesbild) of every demo lägesbild of a past period whose text names residents'
    reports: the Vaggeryd 2021 one and those of the pledges in force."""
    seed = [
        ("Vaggeryd", picture)
        for picture in SituationPicture.objects.filter(
            municipality=_kommun("Vaggeryd"), title="Lägesbild Vaggeryd 2021"
        )
    ]
    return seed + [(kommun, picture) for kommun, picture, _pledge in current_pictures()]


@transaction.atomic
def load_situation_demo(today: datetime.date | None = None) -> dict:
    """The demo lägesbilder, linked to the demo pledges that are still drafts; safe to rerun."""
    today = today or timezone.localdate()
    made = link_seed_pictures()
    for spec in CURRENT:
        for pledge in demo_successors(spec):
            if pledge.situation_picture_id is None and pledge.status == Pledge.Status.DRAFT:
                made += picture_for(pledge)[1]
    kommun, area, title, summary = NEXT_PICTURE
    current = Tertial.containing(today)
    period = {"period_start": _months_before(current.start, 8), "period_end": current.end}
    picture, created = SituationPicture.objects.get_or_create(
        municipality=_kommun(kommun),
        title=title,
        defaults={
            "police_area": PoliceArea.objects.filter(slug=area).first(),
            "summary": summary,
            "is_published": True,
            **period,
        },
    )
    made += created
    # It covers the last year up to today: on a later day it moves on.
    if any(getattr(picture, name) != value for name, value in period.items()):
        for name, value in period.items():
            setattr(picture, name, value)
        picture.save(update_fields=[*period, "updated_at"])
    return {"situation pictures": made} if made else {}
