"""Dialogue start pages: what residents can join or answer now, for all kommuner and per kommun."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from organisations.models import Municipality

from ..models import DialogueActivity, SituationPicture, Survey

UPCOMING_LIMIT = 20


def index(request):
    now = timezone.now()
    return render(
        request,
        "dialogue/overview/index.html",
        {
            "events": DialogueActivity.objects.upcoming_open(now).select_related(
                "municipality", "place"
            )[:UPCOMING_LIMIT],
            "open_surveys": Survey.objects.open(now).select_related("municipality"),
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
