"""A map of Sweden's kommuner as inline SVG: each kommun a link, those with a pledge in force
hatched as well as darker, so that colour is not the only sign.

The outlines come from portal/data/kommun_paths.json, built once by tools/build_kommun_map.py
from open boundary data (see portal/data/README.md); nothing is read outside the project.
"""

import functools
import json
from pathlib import Path

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PATHS_FILE = Path(__file__).resolve().parent / "data" / "kommun_paths.json"
HATCH_ID = "kommun-karta-skraffering"


@functools.cache
def outlines():
    """{"viewBox": [x, y, w, h], "paths": {kommun code: SVG path data}}, read once."""
    return json.loads(PATHS_FILE.read_text(encoding="utf-8"))


def national_map(municipalities, national, day) -> SafeString:
    """The overview's map: every kommun, with a title and a description in words."""
    return kommun_map(
        municipalities,
        map_id="karta",
        title=_("Map of Sweden's municipalities: which have a citizen pledge in force"),
        description=_(
            "%(in_force)s of %(total)s municipalities have a pledge in force on %(day)s; they "
            "are dark and hatched. Each municipality links to its page. The table of counties "
            "below the map lists the same."
        )
        % {"in_force": national.in_force, "total": national.total, "day": date_format(day)},
    )


def kommun_map(municipalities, *, map_id: str, title: str, description: str) -> SafeString:
    """SVG of every kommun in `municipalities` (with .code, .name, .in_force and a page),
    labelled by the title and description; a kommun without an outline is left out."""
    data = outlines()
    mid = escape(map_id)
    in_force_text, not_in_force_text = _("pledge in force"), _("no pledge in force")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kommun-map" '
        f'viewBox="{" ".join(str(n) for n in data["viewBox"])}" '
        f'aria-labelledby="{mid}-title" aria-describedby="{mid}-desc">',
        f'<title id="{mid}-title">{escape(title)}</title>',
        f'<desc id="{mid}-desc">{escape(description)}</desc>',
        hatch_pattern(),
    ]
    for municipality in municipalities:
        outline = data["paths"].get(municipality.code)
        if outline is None:
            continue
        status = in_force_text if municipality.in_force else not_in_force_text
        css = "kommun in-force" if municipality.in_force else "kommun"
        parts.append(
            f'<a href="{escape(_url(municipality))}" class="{css}">'
            f"<title>{escape(municipality.name)}: {escape(status)}</title>"
            f'<path d="{outline}"/></a>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _url(municipality) -> str:
    """The kommun's page: `url` where the caller has worked it out already (the overview)."""
    return getattr(municipality, "url", None) or municipality.get_absolute_url()


def hatch_pattern() -> str:
    """The diagonal lines that mark a kommun with a pledge in force (CSS gives the colours)."""
    return (
        f'<defs><pattern id="{HATCH_ID}" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="hatch-ground" width="4" height="4"/>'
        '<rect class="hatch-line" width="1.5" height="4"/></pattern></defs>'
    )


def legend_swatch(in_force: bool) -> SafeString:
    """A small square drawn like a kommun on the map (with the map's pattern), for the legend."""
    css = "kommun in-force" if in_force else "kommun"
    return mark_safe(
        '<svg class="legend-swatch" viewBox="0 0 20 20" aria-hidden="true" focusable="false">'
        f'<g class="{css}"><path d="M1 1h18v18H1z"/></g></svg>'
    )
