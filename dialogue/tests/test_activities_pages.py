"""The public page of a dialogue activity, and the list of coming events on the overview pages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import DialogueActivity, Observation
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db
Kind = DialogueActivity.Kind
LOCAL = ZoneInfo("Europe/Stockholm")


def local_evening(days, hour=18):
    """A local time some days from today: what a coordinator types into the admin."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL)


def make_activity(municipality, title="Trygghetsmöte", days=10, **fields):
    fields.setdefault("kind", Kind.CITIZEN_DIALOGUE)
    fields.setdefault("open_to_public", fields["kind"] != Kind.STAFF_DIALOGUE)
    fields.setdefault("is_published", True)
    fields.setdefault("starts_at", local_evening(days))
    return DialogueActivity.objects.create(municipality=municipality, title=title, **fields)


def make_observation(walk, place_text="Gångtunneln", **fields):
    fields.setdefault("category", Observation.Category.LIGHTING)
    fields.setdefault("description", "Mörkt i tunneln.")
    return Observation.objects.create(activity=walk, place_text=place_text, **fields)


def english(activity):
    with translation.override("en"):
        return activity.get_absolute_url()


def test_open_activity_page_shows_local_time_place_and_calendar_links(
    client, vaggeryd, skillingaryd
):
    activity = make_activity(
        vaggeryd,
        "Trygghetsvandring i centrum",
        kind=Kind.SAFETY_WALK,
        place=skillingaryd,
        location="Samling vid stationen",
        description="Vi går genom centrum.",
        ends_at=local_evening(10, hour=20),
    )
    response = client.get(english(activity))
    assert response.status_code == 200
    content = response.content.decode()
    start = activity.starts_at.astimezone(LOCAL)
    assert f'<time datetime="{start.isoformat()}">' in content
    assert "18:00</time>–<time" in content and "20:00</time>" in content
    assert "Skillingaryd, Samling vid stationen" in content
    assert "Vi går genom centrum." in content
    assert "Open to everyone." in content
    feed = reverse("dialogue:calendar", args=["vaggeryd"])
    head = content.split("</head>")[0]
    assert f'<link rel="alternate" type="text/calendar" href="{feed}"' in head
    assert f'href="{english(activity)}?format=ics"' in content
    assert reverse("dialogue:municipality", args=["vaggeryd"]) in content


def test_time_is_shown_in_swedish_time_whatever_the_stored_zone(client, vaggeryd):
    # 16:00 UTC in July is 18:00 in Stockholm (summer time).
    utc = datetime.datetime(2030, 7, 1, 16, 0, tzinfo=datetime.UTC)
    activity = make_activity(vaggeryd, starts_at=utc)
    content = client.get(english(activity)).content.decode()
    assert '<time datetime="2030-07-01T18:00:00+02:00">' in content
    assert "18:00" in content


def test_page_is_semantic_and_has_no_inline_styles_or_scripts(client, vaggeryd):
    activity = make_activity(vaggeryd, description="Välkommen.")
    content = client.get(activity.get_absolute_url()).content.decode()
    assert 'aria-label="' in content and 'aria-current="page"' in content
    assert content.count("<h1>") == 1
    assert "style=" not in content and "<script" not in content and " onclick" not in content


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": Kind.STAFF_DIALOGUE, "title": "HEMLIG MEDARBETARDIALOG"},
        {"is_published": False},
    ],
)
def test_staff_dialogue_and_unpublished_activities_have_no_page(client, vaggeryd, fields):
    activity = make_activity(vaggeryd, **fields)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert client.get(activity.get_absolute_url() + "?format=ics").status_code == 404


def test_published_staff_dialogue_still_has_no_page(client, vaggeryd):
    # Even a wrongly ticked “published” never shows internal dialogue.
    activity = make_activity(vaggeryd, kind=Kind.STAFF_DIALOGUE, is_published=True)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_wrong_kommun_in_the_url_is_404(client, vaggeryd):
    activity = make_activity(vaggeryd)
    url = reverse("dialogue:activity_detail", args=["vanersborg", activity.pk])
    assert client.get(url).status_code == 404


def test_past_activity_shows_what_came_up_and_how_many_took_part(client, vaggeryd):
    activity = make_activity(
        vaggeryd,
        days=-20,
        participants=31,
        summary="Många vill ha bättre belysning vid stationen.",
    )
    content = client.get(english(activity)).content.decode()
    assert "This activity has taken place." in content
    assert "What came up" in content
    assert "31 people took part." in content
    assert "Många vill ha bättre belysning vid stationen." in content
    assert "Open to everyone." not in content
    assert "?format=ics" not in content  # nothing left to add to a calendar


def test_summary_and_participants_wait_until_the_event_is_over(client, vaggeryd):
    activity = make_activity(vaggeryd, participants=12, summary="SKRIVEN I FÖRVÄG")
    content = client.get(english(activity)).content.decode()
    assert "SKRIVEN I FÖRVÄG" not in content and "12 people" not in content


def test_safety_walk_shows_its_observations(client, vaggeryd, skillingaryd):
    walk = make_activity(vaggeryd, "Trygghetsvandring", days=-5, kind=Kind.SAFETY_WALK)
    make_observation(
        walk,
        place=skillingaryd,
        place_text="Gångtunneln",
        proposed_action="Byta armaturer.",
        responsible=Observation.Responsible.MUNICIPALITY,
        action_status=Observation.ActionStatus.DONE,
    )
    make_observation(
        walk,
        place_text="Vid skolan",
        category=Observation.Category.TRAFFIC,
        description="Bilar kör fort.",
        responsible=Observation.Responsible.POLICE,
    )
    content = client.get(english(walk)).content.decode()
    assert '<ol class="observations">' in content
    assert "Skillingaryd: Gångtunneln" in content and "Vid skolan" in content
    for text in ["Lighting", "Mörkt i tunneln.", "Byta armaturer.", "The municipality", "Done",
                 "Unsafe traffic", "Bilar kör fort.", "The police", "Proposed"]:  # fmt: skip
        assert text in content, text


def test_observation_links_only_to_a_published_pledge_and_shows_no_linkage_details(
    client, vaggeryd, lpo_varnamo
):
    published = make_pledge(lpo_varnamo, slug="vaggeryd-2022", status=Pledge.Status.PUBLISHED)
    draft = make_pledge(lpo_varnamo, slug="vaggeryd-utkast", title="HEMLIGT UTKAST")
    walk = make_activity(vaggeryd, days=-5, kind=Kind.SAFETY_WALK)
    taken_up = published.activities.first()
    taken_up.description = "INTERN AKTIVITETSTEXT"
    taken_up.save()
    make_observation(walk, "Tunneln", pledge_activity=taken_up)
    make_observation(walk, "Parken", pledge_activity=draft.activities.first())
    content = client.get(english(walk)).content.decode()
    assert f'href="{published.get_absolute_url()}"' in content
    assert "HEMLIGT UTKAST" not in content and draft.get_absolute_url() not in content
    assert "INTERN AKTIVITETSTEXT" not in content


def test_observations_of_other_kinds_are_not_shown(client, vaggeryd):
    # The database allows it; the page shows observations of safety walks only.
    meeting = make_activity(vaggeryd, days=-5)
    make_observation(meeting, "FEL RAD")
    assert "FEL RAD" not in client.get(meeting.get_absolute_url()).content.decode()


def test_page_query_count_does_not_grow_with_observations(
    client, vaggeryd, skillingaryd, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    walk = make_activity(vaggeryd, days=-5, kind=Kind.SAFETY_WALK, place=skillingaryd)
    make_observation(walk, place=skillingaryd, pledge_activity=pledge.activities.first())
    with CaptureQueriesContext(connection) as one:
        assert client.get(walk.get_absolute_url()).status_code == 200
    for number in range(29):
        make_observation(
            walk, f"Plats {number}", place=skillingaryd, pledge_activity=pledge.activities.last()
        )
    with CaptureQueriesContext(connection) as thirty:
        content = client.get(walk.get_absolute_url()).content.decode()
    assert "Plats 28" in content
    assert len(one.captured_queries) == len(thirty.captured_queries)


def test_single_activity_as_ics(client, vaggeryd):
    from icalendar import Calendar

    activity = make_activity(vaggeryd, "Medborgardialog i Vaggeryd")
    response = client.get(activity.get_absolute_url(), {"format": "ics"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="dialog-{activity.pk}.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Medborgardialog i Vaggeryd"
    assert str(event["URL"]) == "http://testserver" + activity.get_absolute_url()


def test_other_format_values_give_the_page(client, vaggeryd):
    activity = make_activity(vaggeryd)
    response = client.get(activity.get_absolute_url(), {"format": "<script>"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# The list of coming events, included by the overview pages ---------------------------------


def upcoming():
    return DialogueActivity.objects.upcoming_open().select_related("municipality", "place")


def test_event_list_links_each_event_with_time_place_and_kind(vaggeryd, skillingaryd):
    activity = make_activity(
        vaggeryd, "Trygghetsvandring", kind=Kind.SAFETY_WALK, place=skillingaryd, location="Torget"
    )
    with translation.override("en"):
        html = render_to_string("dialogue/includes/event_list.html", {"events": upcoming()})
        url = activity.get_absolute_url()
    # The title is staff's Swedish on an English page (portal/content_language.py).
    assert f'<a href="{url}" lang="sv">Trygghetsvandring</a>' in html
    start = activity.starts_at.astimezone(LOCAL)
    assert f'<time datetime="{start.isoformat()}">' in html and "18:00" in html
    assert "Skillingaryd" in html and "Torget" in html and "Safety walk" in html
    assert "No upcoming activities." not in html


def test_event_list_says_plainly_when_nothing_is_coming(vaggeryd):
    make_activity(vaggeryd, "HEMLIG MEDARBETARDIALOG", kind=Kind.STAFF_DIALOGUE)
    with translation.override("en"):
        html = render_to_string("dialogue/includes/event_list.html", {"events": upcoming()})
    assert "No upcoming activities." in html
    assert "<ul" not in html and "HEMLIG" not in html


def test_event_list_renders_in_one_query(vaggeryd, skillingaryd, django_assert_num_queries):
    for number in range(30):
        make_activity(vaggeryd, f"Möte {number}", days=number + 1, place=skillingaryd)
    with django_assert_num_queries(1):
        html = render_to_string("dialogue/includes/event_list.html", {"events": upcoming()})
    assert html.count('<li class="card event">') == 30
