"""What the API reads of the published record: querysets with their prefetches, and pledges
prepared from their published versions, a page at a time, in a fixed number of queries."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dialogue.models import DialogueActivity, Response, Survey
from followup.models import ActivityUpdate, FollowUpReport, Indicator, IndicatorValue
from followup.progress import attach_follow_up
from organisations.models import County, Municipality, PoliceArea
from pledges.models import Pledge, PledgeVersion
from pledges.versions import Content


def counties():
    return County.objects.all()


def municipalities():
    return Municipality.objects.select_related("county").prefetch_related(
        "police_areas",
        Prefetch(
            "pledges",
            queryset=Pledge.objects.current().select_related("published_version"),
            to_attr="current_pledges",
        ),
    )


def police_areas():
    return PoliceArea.objects.select_related("police_region").prefetch_related("municipalities")


def pledges():
    return (
        Pledge.objects.published()
        .select_related("published_version", "police_area", "previous__published_version")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PledgeVersion.objects.filter(published_at__isnull=False).order_by(
                    "number"
                ),
                to_attr="published_versions",
            )
        )
    )


def period_status(content, today):
    if content.start_date > today:
        return "coming"
    if content.end_date < today:
        return "earlier"
    return "in_force"


def prepare_pledges(pledges, versions=None, today=None):
    """Give each pledge what the serializers show: `shown` (the content of its published
    version, or of the given version), the activities' latest published statuses, and the
    kommuner and police area the version names, as linkable records."""
    today = today or timezone.localdate()
    versions = versions or {}
    activities = []
    for pledge in pledges:
        pledge.shown_version = versions.get(pledge.pk, pledge.published_version)
        pledge.shown = Content.of(pledge.shown_version.content)
        pledge.period_status = period_status(pledge.shown, today)
        for version in getattr(pledge, "published_versions", []):
            version.pledge_slug = pledge.slug
        activities += pledge.shown.activities
    attach_follow_up(activities)
    # A version names its kommuner and police area; link them to the records of those names.
    names = {name for pledge in pledges for name in pledge.shown.municipalities}
    by_name = {m.name: m for m in Municipality.objects.filter(name__in=names)}
    area_names = {pledge.shown.police_area for pledge in pledges}
    areas = {area.name: area for area in PoliceArea.objects.filter(name__in=area_names)}
    for pledge in pledges:
        pledge.shown_municipalities = [
            by_name[name] for name in pledge.shown.municipalities if name in by_name
        ]
        live_area = pledge.police_area
        pledge.shown_police_area = (
            live_area
            if live_area.name == pledge.shown.police_area
            else areas.get(pledge.shown.police_area)
        )
    return pledges


def follow_ups():
    return (
        FollowUpReport.objects.published()
        .select_related("pledge__published_version")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActivityUpdate.objects.order_by("activity_order", "activity_id"),
                to_attr="published_rows",
            ),
            Prefetch(
                "values",
                # A value not frozen yet names its key figure as it is now.
                queryset=IndicatorValue.objects.select_related("indicator").order_by(
                    "indicator__order", "id"
                ),
            ),
            "corrections",
        )
    )


def prepare_follow_ups(reports):
    """Each row shows its activity as the report published it (frozen on publication; a row
    from before freezing shows the pledge's published version)."""
    for report in reports:
        version = report.pledge.published_version.content
        shown = {entry["id"]: entry for entry in version.get("activities", [])}
        for update in report.published_rows:
            update.report = report
            if not update.is_frozen:
                entry = shown.get(update.activity_id)
                if entry is not None:
                    update.show_activity(entry)
        report.shown_updates = report.published_rows
    return reports


def key_figures():
    return (
        Indicator.objects.filter(pledge__in=Pledge.objects.published())
        .select_related("pledge__published_version")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(
                    report__in=FollowUpReport.objects.published()
                )
                .select_related("report")
                .order_by("report__year", "report__tertial"),
                to_attr="published_values",
            )
        )
    )


def dialogue_activities():
    return DialogueActivity.objects.public().select_related("municipality", "police_area", "place")


def surveys():
    return (
        Survey.objects.with_public_results()
        .select_related("municipality", "police_area")
        # A subquery, not a join: only the surveys of the page are counted, and the page count
        # leaves it out (a join counted every response of every survey for both).
        .annotate(
            response_count=Coalesce(
                Subquery(
                    Response.objects.filter(survey=OuterRef("pk"))
                    .order_by()
                    .values("survey")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )
        )
        .order_by("-closes_at", "id")
    )
