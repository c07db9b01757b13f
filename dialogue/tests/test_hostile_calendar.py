"""Line breaks and control characters typed into an activity do not break its calendar."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from dialogue.tests.test_activities_pages import make_activity

pytestmark = pytest.mark.django_db


def test_title_with_a_line_break_and_control_characters_gives_a_parsable_calendar(client, vaggeryd):
    activity = make_activity(
        vaggeryd,
        # No NUL: forms refuse it and PostgreSQL cannot store it.
        "Trygghetsmöte\r\nBEGIN:VEVENT\x1b",
        location="Stationen\nPerrong 2",
        description="Rad ett\nrad två\x07",
    )
    for url in [
        activity.get_absolute_url() + "?format=ics",
        reverse("dialogue:calendar", args=["vaggeryd"]),
        reverse("dialogue:calendar_all"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Trygghetsmöte BEGIN:VEVENT", url
        assert str(event["LOCATION"]) == "Stationen Perrong 2", url
        assert str(event["DESCRIPTION"]).startswith("Rad ett\nrad två\n\n"), url
