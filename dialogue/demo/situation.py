"""Demo lägesbilder: the situation pictures the demo pledges rest on, and a current one."""

import datetime

from django.db import transaction

from organisations.models import Municipality, PoliceArea
from pledges.models import Pledge

from ..models import SituationPicture

# (kommun code, police area slug, title, start, end, pledge slug or None, summary, statistics)
PICTURES = [
    (
        "0665",
        "varnamo",
        "Lägesbild Vaggeryd 2021",
        datetime.date(2021, 1, 1),
        datetime.date(2021, 12, 31),
        "vaggeryd-2022",
        "Medarbetare i kommunen och polisen, tips från invånare och polisens underrättelser pekar "
        "åt samma håll: oron gäller framför allt narkotika bland unga och trafiken, där "
        "motorburna ungdomar och höga hastigheter på vissa vägar återkommer.\n\n"
        "Trygghetsundersökningen visar att de flesta känner sig trygga i sitt bostadsområde, men "
        "att otryggheten ökar kvällstid i centrala Skillingaryd och Vaggeryd. Pandemin gjorde "
        "att de planerade trygghetsvandringarna inte blev av.",
        "Anmälda narkotikabrott har ökat något de senaste åren, främst ringa brott bland unga "
        "vuxna. Trafikbrotten är få men koncentrerade till ett par sträckor.",
    ),
    (
        "1487",
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
    (
        "1487",
        "ostra-fyrbodal",
        "Lägesbild Vänersborg 2026",
        datetime.date(2025, 12, 1),
        datetime.date(2026, 11, 30),
        None,
        "Ett första utkast inför nästa medborgarlöfte. Invånarnas synpunkter om otrygga platser "
        "handlar mest om belysning och om Sanden kvällstid. Enkäten om Sanden och Torpa pågår "
        "och räknas in när den har stängt.",
        "",
    ),
]


@transaction.atomic
def load_situation_demo():
    created = 0
    for code, area, title, start, end, pledge_slug, summary, statistics in PICTURES:
        municipality = Municipality.objects.get(code=code)
        picture, made = SituationPicture.objects.get_or_create(
            municipality=municipality,
            title=title,
            defaults={
                "police_area": PoliceArea.objects.get(slug=area),
                "period_start": start,
                "period_end": end,
                "summary": summary,
                "crime_statistics": statistics,
                "is_published": True,
            },
        )
        created += made
        if pledge_slug:
            Pledge.objects.filter(slug=pledge_slug, situation_picture__isnull=True).update(
                situation_picture=picture
            )
    return {"situation pictures": created}
