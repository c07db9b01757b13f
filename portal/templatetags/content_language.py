"""Template side of portal/content_language.py: mark the language of staff-written content."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.content_language import lang_attribute, wants_translation

register = template.Library()


@register.simple_tag
def lang_of(text=None):
    """` lang="sv"` or ` lang="en"` on an English page, for the element that holds the text;
    nothing on a Swedish page. Without an argument the content is staff's Swedish."""
    return mark_safe(lang_attribute(text))


@register.filter
def lang_span(text):
    """On an English page, the text in ``<span lang="sv">`` (or "en"), so that it can sit inside
    a ``{% blocktranslate %}`` sentence; on a Swedish page the text as it is."""
    if not wants_translation():
        return text
    return format_html("<span{}>{}</span>", mark_safe(lang_attribute(text)), text)


@register.simple_tag
def swedish_only_note(note):
    """On an English page whose content staff write only in Swedish (a follow-up, a dialogue
    activity, a lägesbild), a note saying so; nothing on a Swedish page."""
    if not wants_translation():
        return ""
    return format_html('<p class="language-note">{}</p>', note)
