"""The kommun finder (the kommun pages, which combine apps, are portal.municipality_page)."""

from django.shortcuts import redirect, render

from .finder import MAX_LENGTH, find


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
