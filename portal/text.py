"""Text normalisation shared by search and slugs: Swedish letters typed without diacritics match."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case text with diacritics removed, so "Vanersborg" and "vänersborg" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
