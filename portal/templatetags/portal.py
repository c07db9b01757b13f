"""Template helpers for the public pages, each a thin wrapper around tested Python."""

from django import template
from django.urls import translate_url

from portal.charts import format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page's address in another interface language."""
    return translate_url(context["request"].get_full_path(), language_code)


@register.filter
def number(value):
    """A figure in the page's language without trailing zeros: 66.50 → “66,5” in Swedish."""
    return format_number(value)
