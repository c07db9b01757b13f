"""iCal (RFC 5545) calendars of the dialogue activities residents may join."""

import datetime
import re

from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import DialogueActivity

# Subscribers keep the recent past, so a meeting does not vanish from their calendar the
# moment it ends.
HISTORY = datetime.timedelta(days=90)
# RFC 5545 needs an end (or duration) to show an event as a block; meetings last about an hour.
DEFAULT_LENGTH = datetime.timedelta(hours=1)
PRODID = "-//Medborgarlöften//Dialogue calendar//SV"
TIME_ZONE = "Europe/Stockholm"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# RFC 5545 TEXT allows no control character but the tab; line breaks are handled apart.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def calendar_activities(municipality=None, now=None):
    """Open public activities that have not ended, plus those that started in the last 90 days."""
    now = now or timezone.now()
    recent = DialogueActivity.objects.public().filter(
        open_to_public=True, starts_at__gte=now - HISTORY
    )
    activities = DialogueActivity.objects.upcoming_open(now) | recent
    if municipality is not None:
        activities = activities.filter(municipality=municipality)
    return activities.select_related("municipality", "place").order_by("starts_at", "id")


def build_calendar(activities, name, request) -> bytes:
    """A VCALENDAR with one VEVENT per activity; every event links back to its public page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _line(name))
    calendar.add("x-wr-timezone", TIME_ZONE)
    # The UID must not change when the site is reached on another port.
    host = split_domain_port(request.get_host())[0] or request.get_host()
    for activity in activities:
        calendar.add_component(_event(activity, host, request))
    return calendar.to_ical()


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def _event(activity, host, request):
    url = request.build_absolute_uri(activity.get_absolute_url())
    event = Event()
    event.add("uid", f"dialogue-activity-{activity.pk}@{host}")
    # The last change, not the time of the request: an unchanged event stays byte-identical.
    event.add("dtstamp", _utc(activity.updated_at))
    event.add("last-modified", _utc(activity.updated_at))
    event.add("created", _utc(activity.created_at))
    event.add("dtstart", _utc(activity.starts_at))
    event.add("dtend", _utc(activity.ends_at or activity.starts_at + DEFAULT_LENGTH))
    event.add("summary", _line(activity.title))
    event.add("description", _description(activity, url))
    location = _location(activity)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("categories", [str(activity.get_kind_display())])
    return event


def _text(value):
    """Multi-line text icalendar can escape: plain line breaks, no control characters."""
    return CONTROL.sub("", "\n".join(value.splitlines()))


def _line(value):
    """A one-line property (a title, a place): a line break typed by staff becomes a space."""
    return " ".join(part.strip() for part in _text(value).split("\n") if part.strip())


def _location(activity):
    parts = [activity.place.name if activity.place else "", activity.location]
    return _line(", ".join(part for part in parts if part))


def _description(activity, url):
    """Plain text: many calendar apps show neither the URL property nor HTML."""
    parts = [activity.description.strip()]
    if activity.summary.strip():
        parts.append(_("What came up:") + "\n" + activity.summary.strip())
    parts.append(_("More information: %(url)s") % {"url": url})
    return _text("\n\n".join(part for part in parts if part))
