"""The national data generator (portal/national_data.py, manage.py load_national_data)."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from dialogue.models import (
    Answer,
    DialogueActivity,
    Observation,
    PlaceReport,
    Question,
    Response,
    Survey,
)
from followup.models import ActivityUpdate, FollowUpReport, IndicatorValue
from organisations.models import Municipality, Place, PoliceArea
from pledges.models import Pledge
from portal.national_data import PREFIX, AlreadyGenerated, Options, generate
from portal.tertials import Tertial

# A fixed day, so that which tertials have ended does not depend on when the tests run.
TODAY = datetime.date(2026, 6, 15)
TINY = Options(seed=2026, years=2, kommuner=3, answers=2000, today=TODAY)

pytestmark = pytest.mark.django_db


def national_pledges():
    return Pledge.objects.filter(slug__startswith=PREFIX)


def test_tiny_run_makes_every_kind_of_row():
    counts = generate(TINY)

    kommuner = Municipality.objects.filter(pledges__slug__startswith=PREFIX).distinct()
    assert kommuner.count() == 3
    pledges = list(national_pledges().prefetch_related("focus_areas", "activities"))
    for pledge in pledges:
        assert 3 <= len(pledge.focus_areas.all()) <= 5
        assert 10 <= len(pledge.activities.all()) <= 25
        assert pledge.signatories.count() == 2
        assert pledge.indicators.count() >= 2
    # Both years are covered for every kommun, the later pledge following the earlier one.
    for kommun in kommuner:
        own = national_pledges().filter(municipalities=kommun).order_by("start_date")
        assert own.first().start_date == datetime.date(2025, 1, 1)
        assert own.last().end_date == datetime.date(2026, 12, 31)
        assert own.first().previous is None
        if own.count() == 2:
            assert own.last().previous == own.first()
    assert Place.objects.filter(municipality__in=kommuner).count() >= 3
    assert DialogueActivity.objects.filter(municipality__in=kommuner).count() == 3 * 2 * 4
    assert Observation.objects.filter(activity__municipality__in=kommuner).exists()
    assert Survey.objects.filter(municipality__in=kommuner).count() == 3 * 2
    assert Question.objects.filter(survey__municipality__in=kommuner).count() == 6 * 8
    answers = Answer.objects.filter(survey__municipality__in=kommuner).count()
    assert 1950 <= answers <= 2050
    assert counts["answers"] == answers
    assert counts["responses"] == Response.objects.count()
    reports = PlaceReport.objects.filter(municipality__in=kommuner)
    assert reports.exists()
    assert reports.exclude(status=PlaceReport.Status.NEW).exists()  # some were moderated


def test_every_kommun_has_a_police_area_of_two_to_six():
    generate(TINY)

    areas = PoliceArea.objects.filter(slug__startswith=PREFIX)
    assert not Municipality.objects.exclude(police_areas__in=areas).exists()
    for area in areas.prefetch_related("municipalities"):
        members = list(area.municipalities.all())
        counties = {kommun.county_id for kommun in members}
        assert len(counties) == 1
        alone = Municipality.objects.filter(county__in=counties).count() == 1
        assert 2 <= len(members) <= 6 or (alone and len(members) == 1)
        assert area.name == f"Lokalpolisområde {min(members, key=lambda k: k.code).name}"


def test_pledges_are_published_with_versions_and_followed_up_for_ended_tertials_only():
    generate(TINY)

    for pledge in national_pledges().prefetch_related("activities", "indicators"):
        assert pledge.is_published
        version = pledge.published_version
        assert version.number == 1 and version.published_at is not None
        assert version.content == pledge.snapshot()
        assert pledge.municipalities.get().name in version.facets
        assert pledge.published_at == version.published_at
        ended = {
            (tertial.year, tertial.number)
            for tertial in [Tertial(year, n) for year in (2025, 2026) for n in (1, 2, 3)]
            if tertial.has_ended(TODAY) and tertial.overlaps(pledge.start_date, pledge.end_date)
        }
        reports = FollowUpReport.objects.filter(pledge=pledge)
        assert set(reports.values_list("year", "tertial")) == ended
        assert (2026, 2) not in ended  # under way on TODAY: no follow-up yet
        assert not reports.exclude(status=FollowUpReport.Status.PUBLISHED).exists()
        for report in reports:
            updates = ActivityUpdate.objects.filter(report=report)
            assert updates.count() == len(pledge.activities.all())
            assert not updates.filter(activity_description="").exists()  # frozen
            assert IndicatorValue.objects.filter(report=report).count() == len(
                pledge.indicators.all()
            )
    statuses = set(ActivityUpdate.objects.values_list("status", flat=True))
    assert len(statuses) >= 4


def digest():
    """Key fields of what a run made, without database ids or timestamps Django stamps."""
    rows = [
        *PoliceArea.objects.filter(slug__startswith=PREFIX).values_list(
            "slug", "name", "municipalities__code"
        ),
        *Place.objects.order_by("municipality__code", "name").values_list(
            "name", "latitude", "longitude"
        ),
        *national_pledges().values_list(
            "slug",
            "title",
            "start_date",
            "end_date",
            "previous__slug",
            "published_version__search_document",
            "published_version__facets",
        ),  # fmt: skip
        *national_pledges().values_list(
            "slug",
            "activities__order",
            "activities__description",
            "activities__responsible",
            "activities__target_count",
            "activities__focus_areas__name",
        ),  # fmt: skip
        *ActivityUpdate.objects.values_list(
            "report__pledge__slug",
            "report__year",
            "report__tertial",
            "activity__order",
            "status",
            "achieved",
            "narrative",
        ),  # fmt: skip
        *IndicatorValue.objects.values_list("report__pledge__slug", "indicator__name", "value"),
        *DialogueActivity.objects.values_list("municipality__code", "kind", "starts_at"),
        *Response.objects.values_list("survey__slug", "survey__municipality__code", "submitted_at"),
        *Answer.objects.values_list(
            "survey__municipality__code",
            "survey__slug",
            "question__order",
            "option__order",
            "scale",
            "place__name",
            "text",
        ),  # fmt: skip
        *PlaceReport.objects.values_list(
            "municipality__code", "created_at", "category", "status", "place__name"
        ),
    ]
    text = "\n".join(sorted(repr(row) for row in rows))
    return hashlib.sha256(text.encode()).hexdigest()


class RolledBack(Exception):
    pass


def digest_of_run(options):
    """Generate, take the digest, and undo the run, so that the next one starts afresh."""
    try:
        with transaction.atomic():
            generate(options)
            made = digest()
            raise RolledBack
    except RolledBack:
        return made


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = digest_of_run(TINY)
    assert not national_pledges().exists()
    assert digest_of_run(TINY) == first
    other = Options(seed=7, years=2, kommuner=3, answers=2000, today=TODAY)
    assert digest_of_run(other) != first


def test_a_second_run_is_refused_with_how_to_start_afresh():
    call_command("load_national_data", "--kommuner=1", "--years=1", "--answers=100",
                 stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="empty database"):
        call_command("load_national_data", "--kommuner=1", "--years=1", stdout=StringIO())
    with pytest.raises(AlreadyGenerated):
        generate(TINY)


def test_the_command_shows_a_line_per_stage_and_the_counts():
    out = StringIO()
    call_command("load_national_data", "--kommuner=1", "--years=1", "--answers=100", stdout=out)
    text = out.getvalue()
    for stage in ["police areas", "publishing pledges", "follow-ups", "survey answers"]:
        assert f"\n{stage} " in "\n" + text
    assert "Made " in text and "seed 2026" in text


def test_public_pages_of_a_generated_kommun_answer(client):
    generate(TINY)

    pledge = national_pledges().order_by("start_date", "slug").first()
    kommun = pledge.municipalities.get()
    assert client.get(reverse("pledges:pledge_detail", args=[pledge.slug])).status_code == 200
    page = client.get(reverse("organisations:municipality_detail", args=[kommun.slug]))
    assert page.status_code == 200
    assert pledge.title in page.content.decode()
    report = FollowUpReport.objects.filter(pledge=pledge).first()
    url = reverse("followup:report_detail", args=[pledge.slug, report.period.slug])
    assert client.get(url).status_code == 200
