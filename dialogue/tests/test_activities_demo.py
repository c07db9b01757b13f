"""The demo dialogue activities: idempotent, and shown as residents should see them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dialogue.demo.activities import load_activity_demo
from dialogue.models import DialogueActivity, Observation
from pledges.demo import load_demo_data

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
def demo(db):
    load_demo_data(create_users=False)
    return load_activity_demo()


def test_loader_is_idempotent(demo):
    counts = row_counts()
    assert load_activity_demo() == {}
    assert row_counts() == counts
    assert demo == {
        "dialogue activities": DialogueActivity.objects.count(),
        "observations": Observation.objects.count(),
    }


def test_a_later_rerun_does_not_duplicate_coming_events(demo, monkeypatch):
    counts = row_counts()
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert load_activity_demo() == {}
    assert row_counts() == counts


@pytest.mark.parametrize("name", ["Vaggeryd", "Vänersborg"])
def test_each_kommun_has_coming_open_evening_events(demo, name):
    events = DialogueActivity.objects.upcoming_open().filter(municipality__name=name)
    assert 2 <= len(events) <= 3
    for event in events:
        local = event.starts_at.astimezone(ZoneInfo("Europe/Stockholm"))
        assert 17 <= local.hour <= 18 and local.minute == 0
        assert event.police_area is not None and event.place.municipality.name == name


def test_past_citizen_dialogue_tells_what_came_up(demo, client):
    meeting = DialogueActivity.objects.public().get(
        kind=Kind.CITIZEN_DIALOGUE, starts_at__lt=timezone.now(), summary__gt=""
    )
    assert meeting.participants
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
    assert 4 <= len(observations) <= 6
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
    assert len(calendar.walk("VEVENT")) == DialogueActivity.objects.upcoming_open().count()
