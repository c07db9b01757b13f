"""Public follow-up pages: one tertial report, its evidence files."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from pledges.models import Pledge
from portal.tertials import Tertial

from .models import ActivityUpdate, FollowUpReport, version_activities


def _get_report(request, slug, period):
    """The report a visitor may see: published, or a draft previewed by staff who may edit it."""
    try:
        tertial = Tertial.from_slug(period)
    except ValueError:
        raise Http404 from None
    pledge = get_object_or_404(
        Pledge.objects.viewable_by(request.user).select_related("police_area", "published_version"),
        slug=slug,
    )
    return pledge, get_object_or_404(
        FollowUpReport.objects.viewable_by(request.user).select_related("published_by"),
        pledge=pledge,
        year=tertial.year,
        tertial=tertial.number,
    )


def report_detail(request, slug, period):
    pledge, report = _get_report(request, slug, period)
    return render(request, "followup/report_detail.html", report_context(pledge, report))


def report_context(pledge, report):
    """What the report page shows; also the admin's preview before publishing."""
    updates = list(report.updates.select_related("activity"))
    # A published report shows each activity as it stood when it was published; a draft shows
    # the pledge's published version as it is now.
    shown = version_activities(pledge)
    for update in updates:
        if not (report.is_published and update.is_frozen):
            update.show_activity(shown.get(update.activity_id))
    updates.sort(key=lambda update: (update.activity_order, update.activity_id))
    previous = (
        FollowUpReport.objects.published()
        .filter(pledge=pledge)
        .filter_before(report.period)
        .first()
    )
    # One query whether or not there is a previous report, so the page's cost stays the same.
    before = {u.activity_id: u for u in ActivityUpdate.objects.filter(report=previous)}
    for update in updates:
        update.previous = before.get(update.activity_id)
        update.changed = update.previous is not None and (
            update.previous.status != update.status or update.previous.achieved != update.achieved
        )
    return {
        "pledge": pledge,
        "report": report,
        "updates": updates,
        "previous": previous,
        "values": report.values.select_related("indicator").order_by("indicator__order"),
        "corrections": report.corrections.all(),
        "municipalities": pledge.municipalities.all(),
    }


def evidence(request, slug, period, update_id):
    """An evidence file, served only to those who may see its report."""
    _pledge, report = _get_report(request, slug, period)
    update = get_object_or_404(ActivityUpdate, pk=update_id, report=report)
    if not update.evidence_file:
        raise Http404
    name = update.evidence_file.name.rsplit("/", 1)[-1]
    inline = name.lower().endswith((".pdf", ".png", ".jpg", ".jpeg", ".txt"))
    return FileResponse(update.evidence_file.open("rb"), as_attachment=not inline, filename=name)
