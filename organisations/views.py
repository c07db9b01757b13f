"""Public pages of the kommuner: the list of all 290 and the search (the page of one kommun,
which combines several apps, is portal.municipality_page)."""

from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render

from pledges.models import Pledge

from .finder import MAX_LENGTH, find
from .models import Municipality


def find_municipality(request):
    """One search box for a kommun's name, a postal town, a postcode or a kommun code.

    A single match goes straight to the kommun's page; several are listed with why each matched.
    """
    query = request.GET.get("q", "")
    outcome = find(query) if "q" in request.GET else None
    if outcome and len(outcome.matches) == 1:
        return redirect(outcome.matches[0].municipality)
    return render(
        request,
        "organisations/find.html",
        {"query": query[:MAX_LENGTH], "outcome": outcome, "max_length": MAX_LENGTH},
        status=200,
    )


def municipality_list(request):
    has_pledge = Exists(Pledge.objects.published().filter(municipalities=OuterRef("pk")))
    municipalities = (
        Municipality.objects.select_related("county")
        .annotate(has_pledge=has_pledge)
        .order_by("county__code", "name")
    )
    return render(
        request, "organisations/municipality_list.html", {"municipalities": municipalities}
    )
