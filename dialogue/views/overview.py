"""Dialogue start pages: what residents can join or answer now, for all kommuner and per kommun."""

from django.db.models import Count, Window
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from organisations.models import Municipality

from ..models import DialogueActivity, SituationPicture, Survey

UPCOMING_LIMIT = 20
# The country-wide page shows the soonest few of the coming activities in every kommun, and how
# many are coming: a resident's own kommun's page (and the calendar) has the rest.
NATIONAL_UPCOMING_LIMIT = 5
# The country-wide page lists the open surveys that close first, and says how many are open:
# every kommun's own page lists all of its surveys.
OPEN_SURVEYS_LIMIT = 8


def index(request):
    now = timezone.now()
    # COUNT(*) OVER () counts all rows before the LIMIT, in the same query.
    events = list(
        DialogueActivity.objects.upcoming_open(now)
        .select_related("municipality", "place")
        .annotate(total=Window(Count("pk")))[:NATIONAL_UPCOMING_LIMIT]
    )
    open_surveys = list(
        Survey.objects.open(now)
        .select_related("municipality")
        .annotate(total=Window(Count("pk")))
        .order_by("closes_at", "id")[:OPEN_SURVEYS_LIMIT]
    )
    return render(
        request,
        "dialogue/overview/index.html",
        {
            "events": events,
            "event_count": events[0].total if events else 0,
            "open_surveys": open_surveys,
            "open_survey_count": open_surveys[0].total if open_surveys else 0,
        },
    )


def municipality(request, municipality):
    kommun = get_object_or_404(Municipality.objects.with_report_intake(), slug=municipality)
    now = timezone.now()
    return render(
        request,
        "dialogue/overview/municipality.html",
        {
            "municipality": kommun,
            "events": DialogueActivity.objects.upcoming_open(now)
            .filter(municipality=kommun)
            .select_related("municipality", "place")[:UPCOMING_LIMIT],
            "past_events": DialogueActivity.objects.public()
            .filter(municipality=kommun, starts_at__lt=now)
            .select_related("municipality", "place")[:10],
            "open_surveys": Survey.objects.open(now)
            .filter(municipality=kommun)
            .select_related("municipality"),
            "closed_surveys": Survey.objects.with_public_results(now).filter(municipality=kommun),
            "situation_pictures": SituationPicture.objects.published().filter(municipality=kommun),
        },
    )
