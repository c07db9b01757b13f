"""Counts of safety-walk observations and public dialogue for the lägesbild."""

import datetime

import pytest
from django.utils import timezone, translation

from dialogue.models import DialogueActivity, Observation
from dialogue.tests.test_activities_pages import LOCAL, make_activity, make_observation
from dialogue.walks import activity_counts, observation_counts

pytestmark = pytest.mark.django_db
Kind = DialogueActivity.Kind
Category = Observation.Category
Responsible = Observation.Responsible
Status = Observation.ActionStatus
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


def at(day, hour=18):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL)


def walk(municipality, day=datetime.date(2024, 5, 14), **fields):
    return make_activity(
        municipality, "Vandring", kind=Kind.SAFETY_WALK, starts_at=at(day), **fields
    )


def test_observations_are_counted_by_category_responsible_and_status(vaggeryd):
    first, second = walk(vaggeryd), walk(vaggeryd, datetime.date(2024, 9, 3))
    make_observation(first, category=Category.LIGHTING, action_status=Status.DONE)
    make_observation(first, category=Category.VEGETATION, responsible=Responsible.PROPERTY_OWNER)
    make_observation(second, category=Category.VEGETATION, action_status=Status.IN_PROGRESS)
    make_observation(second, category=Category.TRAFFIC, responsible=Responsible.POLICE)
    with translation.override("en"):
        counts = observation_counts(vaggeryd, START, END)
        assert counts["total"] == 4
        # Most common problem first; ties keep the order of the choices.
        assert [(str(label), n) for label, n in counts["by_category"]] == [
            ("Vegetation blocking the view", 2),
            ("Lighting", 1),
            ("Unsafe traffic", 1),
        ]
        assert [(str(label), n) for label, n in counts["by_responsible"]] == [
            ("The municipality", 2),
            ("The police", 1),
            ("Property owner", 1),
        ]
        assert [(str(label), n) for label, n in counts["by_action_status"]] == [
            ("Proposed", 2),
            ("Under way", 1),
            ("Done", 1),
        ]


def test_only_published_walks_of_the_kommun_in_the_period_count(vaggeryd, vanersborg):
    make_observation(walk(vaggeryd))
    make_observation(walk(vaggeryd, is_published=False))
    make_observation(walk(vaggeryd, datetime.date(2023, 12, 31)))
    make_observation(walk(vaggeryd, datetime.date(2025, 1, 1)))
    make_observation(walk(vanersborg))
    # The database allows it; only safety walks have observations that count.
    meeting = make_activity(vaggeryd, "Möte", starts_at=at(datetime.date(2024, 3, 1)))
    make_observation(meeting)
    assert observation_counts(vaggeryd, START, END)["total"] == 1


def test_period_days_are_whole_swedish_days(vaggeryd):
    # 00:30 on 1 January in Stockholm is still 31 December in UTC.
    make_observation(walk(vaggeryd))
    early = make_activity(
        vaggeryd,
        "Nyårsvandring",
        kind=Kind.SAFETY_WALK,
        starts_at=datetime.datetime(2024, 1, 1, 0, 30, tzinfo=LOCAL),
    )
    make_observation(early)
    late = make_activity(
        vaggeryd,
        "Sen vandring",
        kind=Kind.SAFETY_WALK,
        starts_at=datetime.datetime(2024, 12, 31, 23, 30, tzinfo=LOCAL),
    )
    make_observation(late)
    assert observation_counts(vaggeryd, START, END)["total"] == 3


def test_datetimes_are_accepted_as_bounds(vaggeryd):
    make_observation(walk(vaggeryd))
    assert observation_counts(vaggeryd, at(START, 0), at(END, 23))["total"] == 1
    assert observation_counts(vaggeryd, at(datetime.date(2024, 5, 14), 19), at(END))["total"] == 0


def test_empty_period_gives_zero_and_empty_lists(vaggeryd):
    assert observation_counts(vaggeryd, START, END) == {
        "total": 0,
        "by_category": [],
        "by_responsible": [],
        "by_action_status": [],
    }
    assert activity_counts(vaggeryd, START, END) == {"total": 0, "by_kind": [], "participants": 0}


def test_observation_counts_are_one_query(vaggeryd, django_assert_num_queries):
    for number in range(30):
        make_observation(walk(vaggeryd), category=list(Category)[number % len(Category)])
    with django_assert_num_queries(1):
        counts = observation_counts(vaggeryd, START, END)
    assert counts["total"] == 30


def test_activities_held_are_counted_by_kind_with_participants(vaggeryd, vanersborg):
    day = datetime.date(2024, 4, 10)
    make_activity(vaggeryd, "Möte", starts_at=at(day), participants=20)
    make_activity(vaggeryd, "Möte 2", starts_at=at(day), participants=None)
    make_activity(vaggeryd, "Vandring", kind=Kind.SAFETY_WALK, starts_at=at(day), participants=12)
    make_activity(
        vaggeryd, "Medarbetardialog", kind=Kind.STAFF_DIALOGUE, starts_at=at(day), participants=99
    )
    make_activity(vaggeryd, "Opublicerat", starts_at=at(day), is_published=False, participants=7)
    make_activity(vaggeryd, "För tidigt", starts_at=at(datetime.date(2023, 6, 1)), participants=5)
    make_activity(vanersborg, "Annan kommun", starts_at=at(day), participants=40)
    with translation.override("en"):
        counts = activity_counts(vaggeryd, START, END)
        assert counts["total"] == 3
        assert counts["participants"] == 32
        assert [(str(label), n) for label, n in counts["by_kind"]] == [
            ("Citizen dialogue meeting", 2),
            ("Safety walk", 1),
        ]


def test_activities_not_yet_held_do_not_count(vaggeryd):
    make_activity(vaggeryd, "Kommande", days=5, participants=10)
    make_activity(vaggeryd, "Hållet", days=-5, participants=10)
    today = timezone.localdate()
    year = datetime.timedelta(days=365)
    counts = activity_counts(vaggeryd, today - year, today + year)
    assert (counts["total"], counts["participants"]) == (1, 10)


def test_activity_counts_are_one_query(vaggeryd, django_assert_num_queries):
    for number in range(30):
        make_activity(vaggeryd, f"Möte {number}", starts_at=at(START), participants=number)
    with django_assert_num_queries(1):
        counts = activity_counts(vaggeryd, START, END)
    assert counts["total"] == 30
