"""Template side of portal/content_language.py: mark the language of staff-written content."""

from django import template
from django.utils.safestring import mark_safe

from portal.content_language import lang_attribute

register = template.Library()


@register.simple_tag
def lang_of(text=None):
    """` lang="sv"` or ` lang="en"` on an English page, for the element that holds the text;
    nothing on a Swedish page. Without an argument the content is staff's Swedish."""
    return mark_safe(lang_attribute(text))
