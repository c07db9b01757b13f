"""Public pages and iCal calendars of dialogue activities (meetings, safety walks)."""

from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Municipality

from ..calendar import TIME_ZONE, build_calendar, calendar_activities, calendar_response
from ..models import DialogueActivity, Observation

LOCAL = ZoneInfo(TIME_ZONE)


def calendar_feed(request, municipality=None):
    """All kommuner's calendar, or one kommun's when its slug is in the URL."""
    if municipality is None:
        kommun = None
        name = _("Dialogue with the municipalities and the police")
        filename = "dialog.ics"
    else:
        kommun = get_object_or_404(Municipality, slug=municipality)
        name = _("Dialogue in %(name)s") % {"name": kommun.name}
        filename = f"dialog-{kommun.slug}.ics"
    content = build_calendar(calendar_activities(kommun), name, request)
    return calendar_response(content, filename)


def _get_public_activity(municipality, pk):
    """An activity the public may see; staff dialogue and unpublished ones do not exist here."""
    return get_object_or_404(
        DialogueActivity.objects.public().select_related("municipality", "place"),
        pk=pk,
        municipality__slug=municipality,
    )


def activity_detail(request, municipality, pk):
    """One activity; with ?format=ics the same activity as a one-event calendar file."""
    activity = _get_public_activity(municipality, pk)
    if request.GET.get("format") == "ics":
        content = build_calendar([activity], activity.title, request)
        return calendar_response(content, f"dialog-{activity.pk}.ics")

    if activity.kind == DialogueActivity.Kind.SAFETY_WALK:
        observations = activity.observations.select_related(
            "place", "pledge_activity__pledge__published_version"
        )
    else:
        observations = Observation.objects.none()
    starts = timezone.localtime(activity.starts_at, LOCAL)
    ends = timezone.localtime(activity.ends_at, LOCAL) if activity.ends_at else None
    return render(
        request,
        "dialogue/activities/detail.html",
        {
            "activity": activity,
            "municipality": activity.municipality,
            "observations": observations,
            "starts": starts,
            "ends": ends,
            "ends_same_day": ends is not None and ends.date() == starts.date(),
            "has_ended": (activity.ends_at or activity.starts_at) < timezone.now(),
        },
    )
