"""Loads the reference data: 21 län, 290 kommuner, the 7 police regions and the postcodes with
their postal towns. Idempotent."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from portal.text import fold

from .models import County, Municipality, PoliceRegion, PostalCode

DATA_DIR = Path(__file__).resolve().parent / "data"

# Police regions and the counties (by county code) they cover.
POLICE_REGIONS = {
    "Nord": ["23", "25", "24", "22"],  # Jämtland, Norrbotten, Västerbotten, Västernorrland
    "Mitt": ["21", "03", "19"],  # Gävleborg, Uppsala, Västmanland
    "Stockholm": ["01", "09"],  # Stockholm, Gotland
    "Öst": ["06", "04", "05"],  # Jönköping, Södermanland, Östergötland
    "Väst": ["13", "14"],  # Halland, Västra Götaland
    "Syd": ["08", "10", "07", "12"],  # Kalmar, Blekinge, Kronoberg, Skåne
    "Bergslagen": ["20", "17", "18"],  # Dalarna, Värmland, Örebro
}


def read_csv(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data():
    """Create or update regions, counties and kommuner; returns counts of what was created.

    Display names an administrator corrected are kept: only new kommuner get the CSV's name.
    """
    created = {"police regions": 0, "counties": 0, "municipalities": 0, "postcodes": 0}
    region_of_county = {}
    for name, county_codes in POLICE_REGIONS.items():
        region, made = PoliceRegion.objects.get_or_create(name=name)
        created["police regions"] += made
        for code in county_codes:
            region_of_county[code] = region

    counties = {}
    for row in read_csv("counties.csv"):
        code = row["county_code"]
        county, made = County.objects.get_or_create(
            code=code,
            defaults={
                "name": row["county_name"],
                "short_name": row["county_name_short"],
                "police_region": region_of_county.get(code),
            },
        )
        if county.police_region_id is None and code in region_of_county:
            county.police_region = region_of_county[code]
            county.save(update_fields=["police_region"])
        created["counties"] += made
        counties[code] = county

    rows = read_csv("municipality_county.csv")
    # Names without å, ä, ö first, so that Habo gets "habo" and Håbo "habo-uppsala".
    rows.sort(
        key=lambda row: (
            fold(row["municipality_name_short"]) != row["municipality_name_short"].lower()
        )
    )
    taken = set(Municipality.objects.values_list("slug", flat=True))
    existing = set(Municipality.objects.values_list("code", flat=True))
    for row in rows:
        if row["municipality_code"] in existing:
            continue
        county = counties[row["county_code"]]
        slug = slugify(row["municipality_name_short"])
        if slug in taken:
            slug = slugify(f"{row['municipality_name_short']} {county.short_name}")
        Municipality.objects.create(
            code=row["municipality_code"],
            name=row["municipality_name_short"],
            official_name=row["municipality_name"],
            slug=slug,
            county=county,
        )
        taken.add(slug)
        created["municipalities"] += 1
    created["postcodes"] = load_postal_codes()
    return created


def load_postal_codes():
    """Create the postcodes not yet loaded (one bulk insert); returns how many were created."""
    existing = set(PostalCode.objects.values_list("code", flat=True))
    kommun_ids = dict(Municipality.objects.values_list("code", "pk"))
    new = [
        PostalCode(
            code=row["postal_code"],
            locality=row["locality"],
            search_locality=fold(row["locality"]),
            municipality_id=kommun_ids[row["municipality_code"]],
        )
        for row in read_csv("postal_to_municipality.csv")
        if row["postal_code"] not in existing and row["municipality_code"] in kommun_ids
    ]
    PostalCode.objects.bulk_create(new, batch_size=2000)
    return len(new)
