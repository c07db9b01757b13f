"""Site-wide pages: the start page, the national overview, accessibility, privacy, errors."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Window
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from organisations.models import Municipality
from pledges.models import Pledge

from .forms import MunicipalitySearchForm
from .kommun_map import legend_swatch, national_map
from .overview import national_overview

# The start page is bounded, whatever the size of the country: at most this many pledges, those
# in force that started last first, then (while there is room) the latest that ended or are to
# come, with the number in force and a link to the list of pledges, which has them all.
START_PAGE_PLEDGES = 6
# Kommuner with a pledge are named up to this many; past that (a national roll-out) the finder
# above and the list of all kommuner reach them.
LISTED_MUNICIPALITIES = 30


def home(request):
    form = MunicipalitySearchForm(request.GET or None)
    matches = None
    if form.is_valid():
        matches = list(
            Municipality.objects.search(form.cleaned_data["q"]).select_related("county")[:30]
        )
    published = Pledge.objects.published().select_related("police_area", "published_version")
    # COUNT(*) OVER () counts every row before the LIMIT: the number of all in the same query.
    total = Window(Count("pk"))
    current = list(
        published.current()
        .annotate(total=total)
        .prefetch_related("municipalities")[:START_PAGE_PLEDGES]
    )
    room = START_PAGE_PLEDGES - len(current)
    recent = []
    if room:
        recent = list(
            published.exclude(pk__in=Pledge.objects.current().values("pk"))
            .order_by("-end_date", "title")
            .prefetch_related("municipalities")[:room]
        )
    with_pledges = list(
        Municipality.objects.filter(
            Exists(Pledge.objects.published().filter(municipalities=OuterRef("pk")))
        ).annotate(total=total)[:LISTED_MUNICIPALITIES]
    )
    return render(
        request,
        "home.html",
        {
            "form": form,
            "matches": matches,
            "current_pledges": current,
            "current_count": current[0].total if current else 0,
            "recent_pledges": recent,
            "municipalities_with_pledges": with_pledges,
            "municipality_count": with_pledges[0].total if with_pledges else 0,
        },
    )


def overview(request):
    """How many kommuner have a pledge in force and how their activities stand, nationwide."""
    context = national_overview()
    context["kommun_map"] = national_map(
        context["municipalities"], context["national"], context["day"]
    )
    context["legend_in_force"] = legend_swatch(in_force=True)
    context["legend_not_in_force"] = legend_swatch(in_force=False)
    return render(request, "overview.html", context)


def accessibility(request):
    return render(
        request,
        "accessibility.html",
        {"owner": settings.PORTAL_OWNER, "contact_email": settings.PORTAL_CONTACT_EMAIL},
    )


def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "owner": settings.PORTAL_OWNER,
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
            "retention_days": settings.DIALOGUE_RETENTION_DAYS,
            "confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"title": _("Page not found"), "noindex": True}, status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the database or request context processors' queries that might fail.
    return render(request, "500.html", status=500)
