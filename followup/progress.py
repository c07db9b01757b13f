"""What residents see of a pledge's follow-up: each activity's status, totals and the schedule."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q

from pledges.models import Activity
from portal.tertials import Tertial, tertials_between

from .models import ActivityUpdate, Correction, FollowUpReport, IndicatorValue

Status = ActivityUpdate.Status

# The order of the overview; "not reported" is its own honest group, never "no progress".
OVERVIEW_ORDER = [
    Status.DONE,
    Status.PARTLY_DONE,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
    Status.DELAYED,
    Status.NOT_DONE,
    Status.CARRIED_OVER,
    Status.NOT_REPORTED,
]


def current_status(activity):
    """Överförd once carried over; otherwise the latest published status, or not reported.

    Reads `all_continuations` and `latest_update` (see attach_follow_up)."""
    if activity.all_continuations:
        return Status.CARRIED_OVER
    update = activity.latest_update
    return Status(update.status) if update else Status.NOT_REPORTED


def status_overview(activities):
    """(status, count) for every status that occurs, in overview order."""
    counts = Counter(current_status(activity) for activity in activities)
    return [(status, counts[status]) for status in OVERVIEW_ORDER if counts[status]]


@dataclass
class Schedule:
    """Which follow-ups of a pledge are expected, and when; each list holds (tertial, due date).

    A tertial's follow-up can be published once the tertial has ended. It is due a number of
    days later (FOLLOWUP_DUE_DAYS) and late after that, until the pledge has ended and a grace
    period (FOLLOWUP_GRACE_DAYS) has passed: then it is no longer expected, and shown as never
    published rather than late forever.
    """

    overdue: list = field(default_factory=list)  # ended, late and still expected
    due: list = field(default_factory=list)  # ended, still within time
    never_published: list = field(default_factory=list)  # no longer expected
    next_due: tuple | None = None  # the earliest tertial still expected, ended or not

    @property
    def next_is_late(self):
        return self.next_due in self.overdue

    @property
    def later_overdue(self):
        """The late follow-ups other than the next one, which the page names on its own."""
        return [row for row in self.overdue if row != self.next_due]

    @property
    def later_due(self):
        return [row for row in self.due if row != self.next_due]


def schedule(pledge, published_periods, today=None):
    """When the follow-ups of a pledge are due, which are late and which were never published."""
    today = today or datetime.date.today()
    days = settings.FOLLOWUP_DUE_DAYS
    # The period residents see: a change waiting for approval does not move the schedule.
    start, end = pledge.public.start_date, pledge.public.end_date
    given_up = today > end + datetime.timedelta(days=settings.FOLLOWUP_GRACE_DAYS)
    result = Schedule()
    for tertial in tertials_between(start, end):
        if tertial in published_periods:
            continue
        row = (tertial, tertial.due_date(days))
        if not tertial.has_ended(today):
            result.next_due = result.next_due or row
        elif given_up and row[1] < today:
            result.never_published.append(row)
        else:
            result.next_due = result.next_due or row
            (result.overdue if row[1] < today else result.due).append(row)
    return result


def periods_of(reports):
    return {Tertial(report.year, report.tertial) for report in reports}


@dataclass
class KeyFigure:
    indicator: object
    rows: list  # (tertial, value or None)
    chart: str


def key_figures(pledge, indicators, reports, today=None):
    """Each key figure's value per tertial so far, as a table and an SVG chart."""
    from portal.charts import bar_chart

    today = today or datetime.date.today()
    period = tertials_between(pledge.public.start_date, pledge.public.end_date)
    tertials = [t for t in period if t.start <= today]
    values = {
        (Tertial(report.year, report.tertial), value.indicator_id): value.value
        for report in reports
        for value in report.values.all()
    }
    figures = []
    for indicator in indicators:
        rows = [(tertial, values.get((tertial, indicator.pk))) for tertial in tertials]
        chart = bar_chart(
            indicator.name,
            [(str(tertial), value) for tertial, value in rows],
            target=indicator.target,
            unit=indicator.unit_label,
            chart_id=f"nyckeltal-{indicator.pk}",
        )
        figures.append(KeyFigure(indicator, rows, chart))
    return figures


def pledge_follow_up(pledge, activities, today=None):
    """Everything the pledge page shows of the follow-up, in a constant number of queries."""
    corrected = Correction.objects.filter(report=OuterRef("pk"))
    reports = list(
        FollowUpReport.objects.published()
        .filter(pledge=pledge)
        .only("pledge", "year", "tertial", "published_at")
        .annotate(corrected=Exists(corrected))
        .prefetch_related(
            Prefetch(
                "values", IndicatorValue.objects.only("report", "indicator", "value").order_by()
            )
        )
        .order_by("-year", "-tertial")
    )
    for report in reports:
        report.pledge = pledge  # for its address, without fetching the pledge again
    return {
        "overview": status_overview(activities),
        "reports": reports,
        "schedule": schedule(pledge, periods_of(reports), today),
        "key_figures": key_figures(pledge, pledge.indicators.all(), reports, today),
    }


def attach_follow_up(shown_activities):
    """Give each shown activity its live follow-up, in two queries: its latest published update
    (`latest_update`), the published activities that continue it (`all_continuations`), the
    pledge it was carried over from (`carried_over_from_pledge`), and its `status`.

    A continuation counts only once the next pledge has published the activity that continues.
    """
    ids = [activity.id for activity in shown_activities]
    latest = {
        update.activity_id: update
        for update in ActivityUpdate.objects.published()
        .filter(activity__in=ids)
        .latest_of_each_activity()
        .select_related("report")
        .only(*LATEST_UPDATE_FIELDS)
        .order_by()
    }
    # In one query: the activities that continue the shown ones, and the shown ones that
    # continue another, each with the pledge (and its published version) that says whether
    # the link is public. The links are the live ones, not those of the version shown.
    linked = [
        *(f"pledge__{name}" for name in LINKED_PLEDGE_FIELDS),
        *(f"carried_over_from__pledge__{name}" for name in LINKED_PLEDGE_FIELDS),
    ]
    related = list(
        Activity.objects.filter(
            Q(carried_over_from__in=ids) | Q(pk__in=ids, carried_over_from__isnull=False)
        )
        .select_related("pledge__published_version", "carried_over_from__pledge__published_version")
        .only("pledge", "carried_over_from", *linked)
        .order_by()
    )
    shown_ids = set(ids)
    sources = {a.pk: a.carried_over_from for a in related if a.pk in shown_ids}
    continuations = {}
    for activity in related:
        continuations.setdefault(activity.carried_over_from_id, []).append(activity)
    for shown in shown_activities:
        shown.latest_update = latest.get(shown.id)
        shown.all_continuations = [
            later
            for later in continuations.get(shown.id, [])
            if _is_published_in(later, later.pledge)
        ]
        source = sources.get(shown.id)
        if source is not None and source.pledge.is_published:
            shown.carried_over_from_pledge = source.pledge
        shown.status = current_status(shown)


# What the pledge page shows of an activity's latest update and its report.
LATEST_UPDATE_FIELDS = [
    "activity",
    "report",
    "status",
    "achieved",
    "narrative",
    "activity_target_count",
    "report__year",
    "report__tertial",
]
# What a link to another pledge needs: its address, title and whether it is published.
LINKED_PLEDGE_FIELDS = [
    "slug",
    "title",
    "status",
    "published_version",
    "published_version__content",
]


def _is_published_in(activity, pledge):
    version = pledge.published_version if pledge.is_published else None
    return version is not None and any(
        a["id"] == activity.pk for a in version.content["activities"]
    )
