"""Placeholder while this feature is being built in parallel; replaced in the same session."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


calendar_feed = activity_detail = _not_yet
survey_detail = survey_thanks = survey_results = _not_yet
report_form = report_thanks = what_you_told_us = _not_yet
