"""Placeholder while this feature is being built; replaced in the same session."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


index = municipality = situation_detail = _not_yet
