"""Staff's text inside a translated sentence, wrapped in a span that carries its language."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.content_language import lang_attribute, wants_translation

register = template.Library()


@register.filter
def lang_span(text):
    """On an English page, the text in ``<span lang="sv">`` (or "en"), so that it can sit inside
    a ``{% blocktranslate %}`` sentence; on a Swedish page the text as it is."""
    if not wants_translation():
        return text
    return format_html("<span{}>{}</span>", mark_safe(lang_attribute(text)), text)
