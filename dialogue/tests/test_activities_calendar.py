"""The iCal calendars: what residents can join, parsed as a calendar app would."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from dialogue.models import DialogueActivity
from dialogue.tests.test_activities_pages import local_evening, make_activity
from organisations.models import Place

pytestmark = pytest.mark.django_db
Kind = DialogueActivity.Kind
ALL = reverse("dialogue:calendar_all")


def feed(slug):
    return reverse("dialogue:calendar", args=[slug])


def parse(response):
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def events_by_title(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_kommun_calendar_is_valid_ical_with_everything_a_calendar_app_needs(client, vaggeryd):
    place = Place.objects.create(municipality=vaggeryd, name="Skillingaryd")
    activity = make_activity(
        vaggeryd,
        "Trygghetsvandring; med komma, och å",
        kind=Kind.SAFETY_WALK,
        place=place,
        location="Samling vid stationen",
        description="Vi går genom centrum.",
        ends_at=local_evening(10, hour=20),
    )
    response = client.get(feed("vaggeryd"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="dialog-vaggeryd.ics"'
    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Medborgarlöften" in str(calendar["PRODID"])
    assert "Vaggeryd" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Trygghetsvandring; med komma, och å"
    assert str(event["UID"]) == f"dialogue-activity-{activity.pk}@testserver"
    assert event["DTSTART"].dt == activity.starts_at
    assert event["DTEND"].dt == activity.ends_at
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(0)
    assert str(event["LOCATION"]) == "Skillingaryd, Samling vid stationen"
    assert "Vi går genom centrum." in str(event["DESCRIPTION"])
    assert "<" not in str(event["DESCRIPTION"])
    assert event["LAST-MODIFIED"].dt == activity.updated_at.replace(microsecond=0)
    assert "DTSTAMP" in event
    url = str(event["URL"])
    assert url == "http://testserver" + activity.get_absolute_url()
    assert url in str(event["DESCRIPTION"])


def test_every_event_links_back_to_its_page(client, vaggeryd, vanersborg):
    make_activity(vaggeryd, "Möte i Vaggeryd")
    make_activity(vanersborg, "Möte i Vänersborg", days=20)
    make_activity(vanersborg, "Gammalt möte", days=-30)
    events = parse(client.get(ALL)).walk("VEVENT")
    assert len(events) == 3
    for event in events:
        page = client.get(str(event["URL"]))
        assert page.status_code == 200
        assert str(event["SUMMARY"]) in page.content.decode()


def test_event_without_an_end_lasts_an_hour(client, vaggeryd):
    activity = make_activity(vaggeryd)
    (event,) = parse(client.get(feed("vaggeryd"))).walk("VEVENT")
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(hours=1)
    assert event["DTSTART"].dt == activity.starts_at


@pytest.mark.parametrize("url", [ALL, feed("vaggeryd")])
def test_staff_dialogue_unpublished_and_closed_activities_never_appear(client, vaggeryd, url):
    make_activity(vaggeryd, "Öppet möte")
    make_activity(vaggeryd, "HEMLIG MEDARBETARDIALOG", kind=Kind.STAFF_DIALOGUE)
    make_activity(vaggeryd, "HEMLIG PUBLICERAD MEDARBETARDIALOG", kind=Kind.STAFF_DIALOGUE, days=-3)
    make_activity(vaggeryd, "Opublicerat möte", is_published=False)
    make_activity(vaggeryd, "Slutet möte", open_to_public=False)
    response = client.get(url)
    assert b"HEMLIG" not in response.content
    assert set(events_by_title(parse(response))) == {"Öppet möte"}


def test_recent_past_stays_for_subscribers_but_older_events_drop_off(client, vaggeryd):
    make_activity(vaggeryd, "Kommande")
    make_activity(vaggeryd, "Förra månaden", days=-30, summary="Det kom fram mycket.")
    make_activity(vaggeryd, "I fjol", days=-120)
    events = events_by_title(parse(client.get(feed("vaggeryd"))))
    assert set(events) == {"Kommande", "Förra månaden"}
    assert "Det kom fram mycket." in str(events["Förra månaden"]["DESCRIPTION"])


def test_long_event_that_has_not_ended_is_kept(client, vaggeryd):
    # A survey round that started half a year ago and is still running.
    make_activity(
        vaggeryd,
        "Enkätomgång",
        kind=Kind.SURVEY_ROUND,
        days=-180,
        ends_at=timezone.now() + datetime.timedelta(days=5),
    )
    assert set(events_by_title(parse(client.get(feed("vaggeryd"))))) == {"Enkätomgång"}


def test_kommun_calendar_shows_only_its_kommun_and_the_national_one_all(
    client, vaggeryd, vanersborg
):
    make_activity(vaggeryd, "Möte i Vaggeryd")
    make_activity(vanersborg, "Möte i Vänersborg")
    assert set(events_by_title(parse(client.get(feed("vaggeryd"))))) == {"Möte i Vaggeryd"}
    assert set(events_by_title(parse(client.get(ALL)))) == {"Möte i Vaggeryd", "Möte i Vänersborg"}


def test_empty_calendar_is_still_valid(client, vaggeryd):
    calendar = parse(client.get(feed("vaggeryd")))
    assert calendar.walk("VEVENT") == []


def test_unknown_kommun_is_404(client):
    assert client.get(feed("finns-inte")).status_code == 404


def test_uid_and_stamp_stay_the_same_between_requests(client, vaggeryd):
    make_activity(vaggeryd)
    first = client.get(feed("vaggeryd")).content
    second = client.get(feed("vaggeryd")).content
    assert first == second


def test_uid_does_not_depend_on_the_port(client, vaggeryd, settings):
    settings.ALLOWED_HOSTS = ["portal.example.se"]
    activity = make_activity(vaggeryd)
    response = client.get(feed("vaggeryd"), headers={"host": "portal.example.se:8443"})
    (event,) = parse(response).walk("VEVENT")
    assert str(event["UID"]) == f"dialogue-activity-{activity.pk}@portal.example.se"
    assert str(event["URL"]).startswith("http://portal.example.se:8443/")


def test_english_calendar_links_to_english_pages(client, vaggeryd):
    activity = make_activity(vaggeryd)
    with translation.override("en"):
        url, page = feed("vaggeryd"), activity.get_absolute_url()
    (event,) = parse(client.get(url)).walk("VEVENT")
    assert str(event["URL"]) == "http://testserver" + page
    assert page.startswith("/en/")


@pytest.mark.parametrize("url", [ALL, feed("vaggeryd")])
def test_query_count_does_not_grow_with_the_number_of_events(client, vaggeryd, url):
    place = Place.objects.create(municipality=vaggeryd, name="Vaggeryd")
    make_activity(vaggeryd, "Möte 0", place=place)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(1, 30):
        make_activity(vaggeryd, f"Möte {number}", days=number, place=place)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url)
    assert len(parse(response).walk("VEVENT")) == 30
    assert len(one.captured_queries) == len(thirty.captured_queries)
