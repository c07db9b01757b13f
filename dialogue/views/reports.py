"""Residents report unsafe places, and see what everyone's reports add up to."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from organisations.models import Municipality, Place
from portal import charts as bar_charts
from portal.ratelimit import is_rate_limited

from ..forms.reports import PeriodForm, PlaceReportForm
from ..models import PlaceReport
from ..place_reports import Period, report_counts

MESSAGE_TAG = "place-report"
OLDEST_YEAR_OFFERED = 20


def _municipality(slug):
    """The kommun of the address, knowing whether it takes reports (no extra query to ask)."""
    return get_object_or_404(Municipality.objects.with_report_intake(), slug=slug)


def _not_taking_reports(request, municipality):
    """Where a report would reach nobody: say so, and where to turn instead (404, nothing saved)."""
    return render(
        request,
        "dialogue/reports/not_taking_reports.html",
        {"municipality": municipality},
        status=404,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request, municipality):
    municipality = _municipality(municipality)
    # Refused before the form is read or the rate limit counts: nothing of a post is kept.
    if not municipality.takes_reports():
        return _not_taking_reports(request, municipality)
    places = list(Place.objects.filter(municipality=municipality).order_by("name", "id"))
    options = {"municipality": municipality, "places": places}
    if request.method != "POST":
        return _render_form(request, PlaceReportForm(**options))

    form = PlaceReportForm(request.POST, **options)
    if is_rate_limited(
        request, "place-report", settings.PUBLIC_FORM_RATE_LIMIT, settings.PUBLIC_FORM_RATE_PERIOD
    ):
        # Shown again unchecked, so that nothing the resident wrote is lost while they wait.
        kept = PlaceReportForm(initial=form.submitted_values(), **options)
        return _render_form(request, kept, status=429, rate_limited=True)
    thanks = reverse("dialogue:report_thanks", args=[municipality.slug])
    if form.is_spam():
        return redirect(thanks)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    report = form.save()
    if report.has_contact:
        messages.info(
            request,
            _(
                "We use your contact details only to answer you about this report. "
                "They are removed after %(days)s days."
            )
            % {"days": settings.DIALOGUE_RETENTION_DAYS},
            MESSAGE_TAG,
        )
    return redirect(thanks)


def _render_form(request, form, status=200, rate_limited=False):
    return render(
        request,
        "dialogue/reports/report_form.html",
        {
            "municipality": form.instance.municipality,
            "form": form,
            "rate_limited": rate_limited,
            "retention_days": settings.DIALOGUE_RETENTION_DAYS,
        },
        status=status,
    )


@require_safe
def report_thanks(request, municipality):
    municipality = _municipality(municipality)
    # The page promises that staff read the report: not where nobody does.
    if not municipality.takes_reports():
        return _not_taking_reports(request, municipality)
    return render(
        request,
        "dialogue/reports/report_thanks.html",
        {
            "municipality": municipality,
            "message_tag": MESSAGE_TAG,
            "retention_days": settings.DIALOGUE_RETENTION_DAYS,
        },
    )


@require_safe
def what_you_told_us(request, municipality):
    municipality = _municipality(municipality)
    today = timezone.localdate()
    counted = PlaceReport.objects.countable().filter(municipality=municipality)
    first = counted.aggregate(first=Min("created_at"))
    first_year = timezone.localtime(first["first"]).year if first["first"] else today.year
    first_year = max(min(first_year, today.year), today.year - OLDEST_YEAR_OFFERED)
    form = PeriodForm(request.GET or None, years=range(today.year, first_year - 1, -1))

    period = Period.last_twelve_months(today)
    if form.is_bound and form.is_valid() and form.cleaned_data["year"]:
        period = Period.of_year(form.cleaned_data["year"], form.cleaned_data["tertial"])
    counts = report_counts(municipality, period.start, period.end)
    charts = {}
    if counts.total:
        charts = {
            "category": _chart(_("Reports by kind of problem"), counts.by_category, "per-typ"),
            "place": _chart(_("Reports by place"), counts.by_place, "per-plats"),
        }
    return render(
        request,
        "dialogue/reports/what_you_told_us.html",
        {
            "municipality": municipality,
            "form": form,
            "period": period,
            "counts": counts,
            "charts": charts,
        },
    )


def _chart(title, rows, chart_id):
    return bar_charts.bar_chart(title, rows, chart_id=chart_id)
