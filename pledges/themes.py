"""Themes residents filter pledges by, recognised from words in the focus areas' names.

Focus areas are free text per pledge (“Narkotikabrottslighet”, “Aktivitetsområdet Sanden”), so
the list of pledges offers a short fixed list of themes instead, each recognised by word stems.
A stem is matched anywhere in a focus area's name or description, lower-cased, so that Swedish
compounds are found too (“trafik” in “trafiksäkerhet”, “narkotika” in “narkotikabrottslighet”).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    slug: str  # in the address: ?tema=trafik
    label: str
    stems: tuple


THEMES = (
    Theme("narkotika", _("Drugs"), ("narkotika", "drog", "cannabis")),
    Theme("trafik", _("Traffic"), ("trafik", "hastighet", "rattfylleri", "moped", "epa-")),
    Theme("unga", _("Young people"), ("unga", "ungdom", "barn", "skola", "elev", "fritid")),
    Theme("centrum", _("Town centre"), ("centrum", "centralort", "torg", "stadskärna")),
    Theme("bostadsomrade", _("Residential areas"), ("bostadsområde", "området", "bostäder")),
    Theme("vald", _("Violence"), ("våld", "misshandel", "kvinnofrid")),
    Theme("brott", _("Crime and vandalism"), ("brott", "skadegörelse", "klotter", "inbrott")),
    Theme("trygghet", _("Feeling safe"), ("trygg", "otrygg", "belysning")),
)

BY_SLUG = {theme.slug: theme for theme in THEMES}


def themes_of(text: str) -> list[Theme]:
    """The themes whose stems occur in a text (a focus area's name and description)."""
    folded = text.lower()
    return [theme for theme in THEMES if any(stem in folded for stem in theme.stems)]
