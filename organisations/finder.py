"""Finding a kommun from what a resident types: its name ("Vaggeryd", "Vaggeryds kommun"), a
postal town ("Skillingaryd"), a postcode ("568 31" or "56831") or the kommun code ("0665").

Case and Swedish diacritics are folded, so "vanersborg" finds Vänersborg.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.text import fold

from .models import Municipality, PostalCode

MAX_LENGTH = 100
MAX_RESULTS = 50
_SUFFIX = re.compile(r"\s+(kommun|stad)$")


@dataclass
class Match:
    municipality: Municipality
    reason: str


@dataclass
class Outcome:
    matches: list
    error: str = ""


def _bad_input(query):
    if len(query) > MAX_LENGTH:
        return _("The search text is too long: type at most %(limit)d characters.") % {
            "limit": MAX_LENGTH
        }
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in query):
        return _("The search text contains characters that cannot be searched for.")
    return ""


def find(query: str) -> Outcome:
    """Kommuner matching the query, each with why it matched (at most one row per kommun)."""
    query = " ".join(query.split())
    error = _bad_input(query)
    if error:
        return Outcome([], error)
    if not query:
        return Outcome([], _("Type the name of a municipality, a town or a postcode."))
    compact = query.replace(" ", "")
    if compact.isdigit():
        return Outcome(_by_number(compact))
    return Outcome(_by_text(query))


def _kommuner():
    return Municipality.objects.select_related("county")


def _by_number(digits):
    if len(digits) == 4:
        return [
            Match(
                m,
                _("Municipality code %(code)s is %(kommun)s.")
                % {"code": m.code, "kommun": m.full_name},
            )
            for m in _kommuner().filter(code=digits)
        ]
    if len(digits) == 5:
        postcode = PostalCode.objects.select_related("municipality__county").filter(code=digits)
        return [
            Match(
                p.municipality,
                _("Postcode %(code)s (%(town)s) is in %(kommun)s.")
                % {
                    "code": f"{p.code[:3]} {p.code[3:]}",
                    "town": p.locality,
                    "kommun": p.municipality.full_name,
                },
            )
            for p in postcode
        ]
    return []


def _by_text(query):
    folded = _SUFFIX.sub("", fold(query))
    if not folded:
        return []
    # "Vaggeryds" (from "Vaggeryds kommun") is the genitive of Vaggeryd.
    names = {folded}
    if folded.endswith("s") and len(folded) > 2:
        names.add(folded[:-1])
    matches = {}
    for m in _kommuner().filter(search_name__in=names):
        matches[m.pk] = Match(m, _("%(kommun)s has that name.") % {"kommun": m.full_name})
    towns = (
        PostalCode.objects.filter(search_locality__in=names)
        .values_list("locality", "municipality")
        .distinct()
        .order_by("locality")
    )
    town_kommuner = {}
    for locality, kommun_id in towns:
        town_kommuner.setdefault(kommun_id, locality)
    missing = [pk for pk in town_kommuner if pk not in matches]
    for m in _kommuner().filter(pk__in=missing):
        matches[m.pk] = Match(
            m,
            _("%(town)s is a town in %(kommun)s.")
            % {"town": town_kommuner[m.pk], "kommun": m.full_name},
        )
    if not matches:
        for m in _kommuner().filter(search_name__contains=folded)[:MAX_RESULTS]:
            matches[m.pk] = Match(
                m, _("The name %(name)s contains “%(query)s”.") % {"name": m.name, "query": query}
            )
    return sorted(
        matches.values(), key=lambda match: (match.municipality.name, match.municipality.pk)
    )
