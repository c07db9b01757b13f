"""The language of what staff wrote, as distinct from the language of the page around it.

The interface is in Swedish or English; what kommuner and the police write (pledges, surveys,
follow-ups, dialogue) is Swedish, and some of it also has an English version. A screen reader
reads each piece in the voice of its ``lang`` (WCAG 3.1.2), so on an English page every piece of
Swedish content is marked ``lang="sv"`` and every English version ``lang="en"``.

In Python, ``in_page_language(swedish, english)`` picks the text to show and remembers its
language; in templates, ``{% load content_language %}`` and

    <h1{% lang_of pledge_title %}>{{ pledge_title }}</h1>

adds the attribute where the page needs it. Text that is not a ``ContentText`` is staff's
Swedish.
"""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGE = settings.LANGUAGE_CODE  # "sv": what staff write in


class ContentText(str):
    """A piece of staff-written text that knows its language."""

    lang = CONTENT_LANGUAGE

    def __new__(cls, value, lang=CONTENT_LANGUAGE):
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def page_language() -> str:
    return (get_language() or CONTENT_LANGUAGE).split("-")[0]


def wants_translation() -> bool:
    """Whether the page is in another language than staff write in."""
    return page_language() != CONTENT_LANGUAGE


def in_page_language(swedish, english="") -> ContentText:
    """The English version on an English page where one is given, else the Swedish text."""
    if english and page_language() == "en":
        return ContentText(english, "en")
    return ContentText(swedish or "", CONTENT_LANGUAGE)


def language_of(text) -> str:
    return getattr(text, "lang", CONTENT_LANGUAGE)


def lang_attribute(text) -> str:
    """` lang="sv"` (or "en") for content on a page in another language than Swedish; nothing
    on Swedish pages, where all content is Swedish and the page already says so."""
    if not wants_translation():
        return ""
    return f' lang="{language_of(text)}"'


# In the admin, the English versions are optional and most records have none: their fields stay
# folded away under this heading until someone opens it.
IN_ENGLISH = _("In English (optional)")


def english_fieldset(fields, description=None):
    """An admin fieldset of English versions, folded away."""
    options = {"classes": ["collapse"], "fields": list(fields)}
    if description:
        options["description"] = description
    return (IN_ENGLISH, options)
