"""The demo dialogue activities: coming ones at sensible times on any day, idempotent, public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dialogue.demo.activities import load_activity_demo
from dialogue.models import DialogueActivity, Observation
from pledges.models import Pledge
from pledges.tests.test_demo_data import DAYS, freeze, load_demo_on
from portal.holidays import is_working_day

Kind = DialogueActivity.Kind
COUNTED_MODELS = [
    DialogueActivity,
    Observation,
    # A rerun that saved unchanged rows would still add history.
    DialogueActivity.history.model,
    Observation.history.model,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


@pytest.fixture
def demo(db, monkeypatch):
    return load_demo_on(monkeypatch, DAYS[0])


def test_loader_is_idempotent(demo):
    counts = row_counts()
    assert load_activity_demo(DAYS[0]) == {}
    assert row_counts() == counts
    assert demo["dialogue activities"] == DialogueActivity.objects.count()
    assert demo["observations"] == Observation.objects.count()


def test_a_later_rerun_does_not_duplicate_coming_events(demo, monkeypatch):
    counts = row_counts()
    later = DAYS[0] + datetime.timedelta(days=3)
    freeze(monkeypatch, later)
    assert load_activity_demo(later) == {}
    assert row_counts() == counts


@pytest.mark.parametrize("day", DAYS)
def test_each_kommun_has_coming_open_evening_events_on_working_days(db, monkeypatch, day):
    load_demo_on(monkeypatch, day)
    now = timezone.now()

    for name in ("Vaggeryd", "Vänersborg"):
        events = DialogueActivity.objects.upcoming_open(now).filter(municipality__name=name)
        assert len(events) == 2
        for event in events:
            local = timezone.localtime(event.starts_at)
            assert local > now
            assert (local.hour, local.minute) in {(17, 0), (18, 0)}
            assert local.weekday() in {1, 2, 3}  # Tuesday to Thursday
            assert is_working_day(local.date())
            assert not ((local.month, local.day) >= (12, 23) or (local.month, local.day) <= (1, 6))
            assert event.police_area is not None and event.place.municipality.name == name


@pytest.mark.parametrize("day", DAYS)
def test_the_walks_behind_the_pledge_in_force_went_into_it(db, monkeypatch, day):
    load_demo_on(monkeypatch, day)

    for name, place in [("Vaggeryd", "Vaggeryd"), ("Vänersborg", "Bostadsområdet Torpa")]:
        pledge = Pledge.objects.current(day).get(municipalities__name=name)
        picture = pledge.situation_picture
        walk = DialogueActivity.objects.public().get(
            municipality__name=name,
            kind=Kind.SAFETY_WALK,
            starts_at__date__gte=picture.period_start,
            starts_at__date__lte=picture.period_end,
        )
        local = timezone.localtime(walk.starts_at)
        assert local.hour == 18 and is_working_day(local.date())
        assert walk.place.name == place and walk.participants and walk.summary
        linked = {o.pledge_activity.pledge for o in walk.observations.exclude(pledge_activity=None)}
        assert linked == {pledge}


def test_past_citizen_dialogues_tell_what_came_up(demo, client):
    meetings = DialogueActivity.objects.public().filter(
        kind=Kind.CITIZEN_DIALOGUE, starts_at__lt=timezone.now()
    )
    assert meetings.count() == 3
    for meeting in meetings:
        assert meeting.participants and meeting.summary
        content = client.get(meeting.get_absolute_url()).content.decode()
        assert meeting.summary[:40] in content


def test_staff_dialogue_is_internal(demo, client):
    internal = DialogueActivity.objects.get(kind=Kind.STAFF_DIALOGUE)
    assert not internal.open_to_public
    assert not DialogueActivity.objects.public().filter(pk=internal.pk).exists()
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert internal.title.encode() not in client.get(reverse("dialogue:calendar_all")).content


def test_safety_walk_in_skillingaryd_2022_has_observations_linked_to_the_pledge(demo, client):
    walk = DialogueActivity.objects.public().get(kind=Kind.SAFETY_WALK, starts_at__year=2022)
    assert walk.place.name == "Skillingaryd" and walk.municipality.name == "Vaggeryd"
    observations = list(walk.observations.select_related("pledge_activity__pledge"))
    assert len(observations) == 5
    linked = [o.pledge_activity for o in observations if o.pledge_activity]
    walks_activity = [
        a for a in linked if a.description.startswith("Genomföra trygghetsvandringar")
    ]
    assert walks_activity and {a.pledge.slug for a in linked} == {"vaggeryd-2022"}
    content = client.get(walk.get_absolute_url()).content.decode()
    assert reverse("pledges:pledge_detail", args=["vaggeryd-2022"]) in content


def test_every_public_demo_page_and_the_calendar_work(demo, client):
    for activity in DialogueActivity.objects.public():
        assert client.get(activity.get_absolute_url()).status_code == 200
    calendar = Calendar.from_ical(client.get(reverse("dialogue:calendar_all")).content)
    assert len(calendar.walk("VEVENT")) == DialogueActivity.objects.upcoming_open().count() == 4
