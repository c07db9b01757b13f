"""Template tags of the follow-up: a status with its shape, rendered once per status."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from followup.models import ActivityUpdate

register = template.Library()


@register.simple_tag
def status_badge(status):
    """followup/includes/status.html for a status; a page lists dozens of the eight there are."""
    if settings.DEBUG:  # a changed template shows at once while developing
        return _rendered.__wrapped__(str(status), get_language())
    return _rendered(str(status), get_language())


@functools.cache
def _rendered(value, language):
    status = ActivityUpdate.Status(value)
    return mark_safe(render_to_string("followup/includes/status.html", {"status": status}))
