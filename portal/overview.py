"""The national overview: which kommuner have a pledge in force, how its activities stand.

Everything is computed in a fixed number of queries, whatever the number of kommuner, pledges or
reports: coverage per län and per police area by Count/Exists in the database, the latest
published status of every activity by one window function, and the rest from those rows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Func, JSONField, OuterRef, Q
from django.utils import timezone
from django.utils.html import format_html_join

from followup.models import ActivityUpdate, FollowUpReport
from followup.progress import OVERVIEW_ORDER
from organisations.models import County, Municipality, PoliceArea
from pledges.models import Activity, Pledge, PledgeMunicipality

LATEST_REPORTS = 10
Status = ActivityUpdate.Status
NOT_REPORTED = Status.NOT_REPORTED.value


@dataclass
class Coverage:
    """How many of a group of kommuner have a pledge in force."""

    total: int
    in_force: int

    @property
    def share(self):
        """Per cent, rounded to a whole number; None for a group without kommuner."""
        return round(100 * self.in_force / self.total) if self.total else None


@dataclass
class StatusTally:
    """Activities of the pledges in force, counted by their latest published status."""

    counts: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return sum(self.counts.values())

    def rows(self):
        """(status, count, per cent) for every status, in the order the pledge page uses."""
        total = self.total
        return [
            (status, self.counts[status], round(100 * self.counts[status] / total) if total else 0)
            for status in OVERVIEW_ORDER
        ]

    def counts_in_order(self):
        return [self.counts[status] for status in OVERVIEW_ORDER]


@dataclass
class CountyRow:
    county: County
    coverage: Coverage
    municipalities: list  # kommuner with .in_force, by name
    statuses: StatusTally

    @property
    def in_force_municipalities(self):
        return [municipality for municipality in self.municipalities if municipality.in_force]

    def in_force_links(self):
        """Links to the kommuner in force, comma-separated: up to 290 links nationally, built
        here rather than by a template loop (each link's address from `url`)."""
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((kommun.url, kommun.name) for kommun in self.in_force_municipalities),
        )


def _current(day, pledges):
    """The pledges in force: `pledges` (their ids) where the caller has them already."""
    return Pledge.objects.current(day) if pledges is None else pledges


def municipalities_with_status(day=None, pledges=None):
    """Every kommun with `in_force` (a pledge in force covers it), by län and name."""
    covering = PledgeMunicipality.objects.filter(
        pledge__in=_current(day, pledges), municipality=OuterRef("pk")
    )
    return (
        Municipality.objects.annotate(in_force=Exists(covering))
        .select_related("county")
        .order_by("county__code", "name", "id")
    )


def _covered(day, pledges):
    return PledgeMunicipality.objects.filter(pledge__in=_current(day, pledges)).values(
        "municipality"
    )


def county_coverage(day=None, pledges=None):
    """Every län with `total` kommuner and `in_force`, how many of them have a pledge in force."""
    return County.objects.annotate(
        total=Count("municipalities", distinct=True),
        in_force=Count(
            "municipalities", filter=Q(municipalities__in=_covered(day, pledges)), distinct=True
        ),
    ).order_by("code")


def police_area_coverage(day=None, pledges=None):
    """Every local police area with the same two counts, by region and name."""
    return (
        PoliceArea.objects.select_related("police_region")
        .annotate(
            total=Count("municipalities", distinct=True),
            in_force=Count(
                "municipalities", filter=Q(municipalities__in=_covered(day, pledges)), distinct=True
            ),
        )
        .order_by("police_region__name", "name", "id")
    )


class ActivityIds(Func):
    """The ids of the activities a version's content lists, as a JSON array, computed in the
    database: only the ids are sent, not each activity's texts."""

    output_field = JSONField()

    def as_sql(self, compiler, connection, **extra_context):  # SQLite
        content, params = compiler.compile(self.source_expressions[0])
        return (
            "(SELECT json_group_array(json_extract(value, '$.id')) "
            f"FROM json_each({content}, '$.activities'))",
            params,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        content, params = compiler.compile(self.source_expressions[0])
        return f"jsonb_path_query_array({content}, '$.activities[*].id')", params


def _activity_ids(ids):
    """The ids as a list (None for a version without activities)."""
    return ids or []


def status_counts(day):
    """{pledge id: Counter of statuses} for the activities of each pledge in force, as its
    published version lists them, by the status the pledge page shows. Three queries.

    Only ids and statuses are read: the activities each published version lists (not the rest
    of its content), the latest published status of the activities of the pledges in force
    (ranked in the database), and the activities that continue them in a published pledge.
    """
    shown = {
        pledge_id: _activity_ids(activities)
        for pledge_id, activities in Pledge.objects.current(day)
        .order_by()
        .values_list("pk", ActivityIds("published_version__content"))
    }
    current = list(shown)  # a few hundred ids nationally: cheaper than the subquery again
    # The updates in published reports of the pledges in force (published pledges, so these are
    # ActivityUpdate.objects.published()): an update's activity and report belong to the same
    # pledge (ActivityUpdate.clean), so these are the published updates of their activities,
    # found from the pledges' few reports rather than from every activity.
    latest = dict(
        ActivityUpdate.objects.frozen()
        .filter(report__pledge__in=current)
        .latest_of_each_activity()
        .order_by()
        .values_list("activity_id", "status")
    )
    # A continuation counts once the next pledge has published the activity that continues
    # (as on the pledge page): its id must be in that pledge's published version.
    carried_over = set()
    for pk, source, activities in (
        Activity.objects.filter(
            carried_over_from__pledge__in=current, pledge__in=Pledge.objects.published()
        )
        .order_by()
        .values_list("pk", "carried_over_from", ActivityIds("pledge__published_version__content"))
    ):
        if pk in _activity_ids(activities):
            carried_over.add(source)
    for activity_id in carried_over:
        latest[activity_id] = Status.CARRIED_OVER
    return {
        pledge_id: _statuses(Counter(latest.get(activity_id, NOT_REPORTED) for activity_id in ids))
        for pledge_id, ids in shown.items()
    }


def _statuses(counts):
    """The Counter of status values as a Counter of Status members."""
    return Counter({Status(value): count for value, count in counts.items()})


def latest_reports(limit=LATEST_REPORTS):
    """The newest published follow-ups nationwide, as the national feed orders them."""
    return (
        FollowUpReport.objects.published()
        .select_related("pledge__published_version")
        .order_by("-published_at", "-id")[:limit]
    )


def national_overview(day=None):
    """Everything the overview page shows, in a fixed number of queries."""
    day = day or timezone.localdate()
    statuses_of = status_counts(day)

    # Which län each pledge covers: a joint pledge across län counts in each of them.
    counties_of = defaultdict(set)
    for pledge_id, county_id in PledgeMunicipality.objects.filter(
        pledge__in=list(statuses_of)
    ).values_list("pledge_id", "municipality__county_id"):
        counties_of[pledge_id].add(county_id)

    national_statuses = StatusTally()
    county_statuses = defaultdict(StatusTally)
    for pledge_id, statuses in statuses_of.items():
        national_statuses.counts.update(statuses)
        for county_id in counties_of[pledge_id]:
            county_statuses[county_id].counts.update(statuses)

    municipalities = defaultdict(list)
    # The ids of the pledges in force, read once, stand for the subquery in the counts below.
    current = list(statuses_of)
    for municipality in municipalities_with_status(day, current):
        # Linked from the map and, if in force, the table: the address is worked out once.
        municipality.url = municipality.get_absolute_url()
        municipalities[municipality.county_id].append(municipality)

    counties = [
        CountyRow(
            county=county,
            coverage=Coverage(county.total, county.in_force),
            municipalities=municipalities[county.pk],
            statuses=county_statuses[county.pk],
        )
        for county in county_coverage(day, current)
    ]
    police_areas = [
        (area, Coverage(area.total, area.in_force)) for area in police_area_coverage(day, current)
    ]
    return {
        "day": day,
        "national": Coverage(
            sum(row.coverage.total for row in counties),
            sum(row.coverage.in_force for row in counties),
        ),
        "pledge_count": len(statuses_of),
        "counties": counties,
        "police_areas": police_areas,
        "statuses": national_statuses,
        "status_order": OVERVIEW_ORDER,
        "latest_reports": list(latest_reports()),
        "municipalities": [m for row in counties for m in row.municipalities],
    }
