"""The figures of a lägesbild that the portal computes from its own inputs in the period."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from portal.page_cache import current_version

from .models import DialogueActivity, Survey
from .place_reports import report_counts
from .walks import activity_counts, observation_counts

# Kept at most this long; any write to the database makes a new key at once.
CACHE_SECONDS = 24 * 60 * 60


@dataclass
class SituationFigures:
    surveys: list  # surveys with public results that closed in the period, with response_count
    reports: object  # counts of residents' reports by category and place
    observations: dict  # safety-walk observations by category, responsible and status
    activities: dict  # public dialogue activities and their participants

    @property
    def survey_responses(self):
        return sum(survey.response_count for survey in self.surveys)


def situation_figures(picture, now=None):
    """Everything the portal knows about the kommun in the lägesbild's period.

    Counted once per change (5 queries), then read from the cache: the key holds the content
    version (portal.page_cache), which every write to the database moves on, so a new report,
    a moderation or a new activity is counted at once. One small query tells when the passage
    of time alone next changes the figures (a survey closes or publishes its results, an
    activity starts): the kept figures expire at that moment.
    """
    now = now or timezone.now()
    # The version is read before counting: figures counted while a write lands are kept under
    # the version before it, which nobody asks for again.
    key = f"situation-figures:{picture.pk}:{get_language()}:{current_version()}"
    figures = cache.get(key)
    if figures is None:
        figures = count_figures(picture, now)
        timeout = CACHE_SECONDS
        next_change = _next_change(picture, now)
        if next_change is not None:
            timeout = max(1, min(timeout, int((next_change - now).total_seconds())))
        cache.set(key, figures, timeout)
    return figures


def _next_change(picture, now):
    """The next moment at which time alone changes the figures, or None, in one query.

    Looked for a day beyond each end of the period, which can only make the kept figures
    expire early, never late."""
    start = _midnight(picture.period_start - datetime.timedelta(days=1))
    end = _midnight(picture.period_end + datetime.timedelta(days=2))
    survey, activity = Survey._meta.db_table, DialogueActivity._meta.db_table
    sql = f"""SELECT
        (SELECT MIN(closes_at) FROM {survey} WHERE municipality_id = %s
            AND closes_at >= %s AND closes_at < %s AND closes_at > %s),
        (SELECT MIN(results_published_at) FROM {survey} WHERE municipality_id = %s
            AND closes_at >= %s AND closes_at < %s AND results_published_at > %s),
        (SELECT MIN(starts_at) FROM {activity} WHERE municipality_id = %s
            AND starts_at > %s AND starts_at < %s)"""
    adapt = connection.ops.adapt_datetimefield_value
    kommun, start, end, at = picture.municipality_id, adapt(start), adapt(end), adapt(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [kommun, start, end, at, kommun, start, end, at, kommun, at, end])
        moments = [_moment(value) for value in cursor.fetchone()]
    return min((moment for moment in moments if moment is not None), default=None)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _moment(value):
    """A datetime read by raw SQL: SQLite gives text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
    return value


def count_figures(picture, now=None):
    """The figures counted from the inputs, in 5 queries (situation_figures keeps them)."""
    municipality, start, end = picture.municipality, picture.period_start, picture.period_end
    surveys = (
        Survey.objects.with_public_results(now)
        .filter(municipality=municipality, closes_at__date__gte=start, closes_at__date__lte=end)
        .select_related("municipality")
        .annotate(response_count=Count("responses"))
    )
    return SituationFigures(
        surveys=list(surveys),
        reports=report_counts(municipality, start, end),
        observations=observation_counts(municipality, start, end),
        activities=activity_counts(municipality, start, end, now),
    )
