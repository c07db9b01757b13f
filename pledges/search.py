"""Finding published pledges: what a published version is searched and filtered by, and search.

Every version stores, derived from its frozen content when it is saved, a search document (the
text residents read), its facets (kommuner, län, police area, who carries out the activities)
and its focus areas' text (for themes). Filters and search read these, never the working copy.
Full-text search also covers the narratives of published follow-ups, looked up when searching
(a follow-up is published long after the version, so it is not part of the version's document).

On PostgreSQL the search is full text with the Swedish configuration, each word matched as a
prefix so that compounds are found from their first part (“narkotika” finds
“narkotikabrottslighet”), ranked by how well the pledge's own text matches. Elsewhere (SQLite
in development) every word must occur in the text, ignoring case.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
CONFIG = "swedish"

# Letters and digits only: nothing a user types can reach the tsquery syntax.
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words searched for, lower-cased, at most MAX_WORDS."""
    return _WORD.findall(text.lower())[:MAX_WORDS]


def facet(kind: str, value: str) -> str:
    """One facet as stored between bars: "|kommun:Vaggeryd|" is found with `contains`."""
    return f"|{kind}:{value}|"


def document(content: dict) -> str:
    """The text of a version that full-text search reads: what its public pages show, in
    Swedish and, where the version has one, in English (a reader of the English pages searches
    in English)."""
    parts = [
        content.get(name) or ""
        for name in ("title", "promise", "effect", "background", "title_en", "promise_en",
                     "effect_en")
    ]  # fmt: skip
    parts += content.get("municipalities", [])
    parts.append(content.get("police_area") or "")
    for area in content.get("focus_areas", []):
        parts += [area.get(key) or "" for key in ("name", "description", "place", "name_en",
                                                  "description_en")]  # fmt: skip
    for activity in content.get("activities", []):
        parts += [activity.get("description") or "", activity.get("description_en") or ""]
        parts += activity.get("places", [])
    return "\n".join(part for part in parts if part)


def facets(content: dict, county_codes) -> str:
    """The version's kommuner, län, police area and who carries out its activities."""
    keys = [facet("kommun", name) for name in content.get("municipalities", [])]
    keys += [facet("lan", code) for code in sorted(set(county_codes))]
    if content.get("police_area"):
        keys.append(facet("polisomrade", content["police_area"]))
    responsible = {a.get("responsible") for a in content.get("activities", [])}
    keys += [facet("utfors", value) for value in sorted(r for r in responsible if r)]
    return "".join(keys)


def focus_text(content: dict) -> str:
    """The focus areas' names and descriptions, lower-cased, that themes are recognised in."""
    parts = []
    for area in content.get("focus_areas", []):
        parts += [area.get("name") or "", area.get("description") or ""]
    return "\n".join(part for part in parts if part).lower()


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search(queryset, text: str):
    """Published pledges of the queryset whose published text or published follow-ups match.

    On PostgreSQL the result is annotated with `search_rank` (higher is better).
    """
    terms = words(text)
    if not terms:
        return queryset
    # Follow-up builds on pledges; it is imported here, when searching, not when pledges load.
    from followup.models import ActivityUpdate, FollowUpReport

    updates = ActivityUpdate.objects.filter(report__in=FollowUpReport.objects.published())
    if uses_full_text():
        return _full_text(queryset, updates, terms)
    for term in terms:
        # iregex: SQLite's own LIKE folds the case of ASCII letters only (not Å, Ä, Ö).
        pattern = re.escape(term)
        in_updates = updates.filter(narrative__iregex=pattern).values("report__pledge")
        queryset = queryset.filter(
            Q(published_version__search_document__iregex=pattern) | Q(pk__in=in_updates)
        )
    return queryset


def _full_text(queryset, updates, terms):
    from .models import PledgeVersion

    query = SearchQuery(" & ".join(f"{term}:*" for term in terms), config=CONFIG, search_type="raw")
    versions = PledgeVersion.objects.alias(found=version_vector()).filter(found=query)
    in_updates = (
        updates.alias(found=SearchVector("narrative", config=CONFIG))
        .filter(found=query)
        .values("report__pledge")
    )
    return queryset.filter(Q(published_version__in=versions) | Q(pk__in=in_updates)).annotate(
        search_rank=SearchRank(version_vector("published_version__"), query)
    )


def version_vector(prefix=""):
    """The tsvector of a version's document: the same expression as the GIN index on it."""
    return SearchVector(f"{prefix}search_document", config=CONFIG)
