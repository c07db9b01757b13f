"""A lägesbild's figures are counted once per change, and never shown out of date."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from dialogue.figures import CACHE_SECONDS, count_figures, situation_figures
from dialogue.models import DialogueActivity, PlaceReport, SituationPicture

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(vaggeryd):
    return SituationPicture.objects.create(
        municipality=vaggeryd,
        title="Lägesbild Vaggeryd 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        summary="Oron gäller trafiken.",
        is_published=True,
    )


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


def counted(picture, now=None):
    with CaptureQueriesContext(connection) as queries:
        figures = situation_figures(picture, now)
    return figures, len(queries.captured_queries)


def test_figures_are_counted_once_then_read_from_the_cache(picture):
    first, first_queries = counted(picture)
    again, again_queries = counted(picture)
    assert first_queries == 5 + 1  # the counts, and when time next changes them
    assert again_queries == 0
    assert again == first


def test_a_moderation_by_bulk_update_is_counted_at_once(picture, vaggeryd):
    report = PlaceReport.objects.create(
        municipality=vaggeryd, place_text="Torget", category="lighting",
        created_at=moment(datetime.date(2025, 3, 1)),
    )  # fmt: skip
    assert situation_figures(picture).reports.total == 0
    PlaceReport.objects.filter(pk=report.pk).update(status="read")  # no save(), no history
    assert situation_figures(picture).reports.total == 1


def test_figures_are_kept_per_language(picture, vaggeryd):
    PlaceReport.objects.create(
        municipality=vaggeryd, place_text="Torget", category="lighting", status="read",
        created_at=moment(datetime.date(2025, 3, 1)),
    )  # fmt: skip
    with override("sv"):
        swedish = situation_figures(picture).reports.by_category
    with override("en"):
        english = situation_figures(picture).reports.by_category
    assert swedish != english


def test_kept_figures_expire_when_an_activity_of_the_period_starts(picture, vaggeryd, monkeypatch):
    starts = moment(datetime.date(2025, 6, 1))
    DialogueActivity.objects.create(
        municipality=vaggeryd, kind=DialogueActivity.Kind.CITIZEN_DIALOGUE, title="Möte",
        starts_at=starts, participants=10, is_published=True,
    )  # fmt: skip
    timeouts = []
    keep = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: (timeouts.append(timeout), keep(key, value, timeout)),
    )
    an_hour_before = starts - datetime.timedelta(hours=1)
    assert situation_figures(picture, now=an_hour_before).activities["total"] == 0
    assert timeouts == [60 * 60]  # nothing is written meanwhile: time alone changes the count
    after = starts + datetime.timedelta(minutes=1)
    assert count_figures(picture, now=after).activities["total"] == 1


def test_figures_of_a_past_period_are_kept_a_day(picture, monkeypatch):
    timeouts = []
    keep = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout: (timeouts.append(timeout), keep(key, value, timeout)),
    )
    situation_figures(picture)
    assert timeouts == [CACHE_SECONDS]
