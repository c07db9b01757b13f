"""The national overview: which kommuner have a pledge in force, how its activities stand.

Everything is computed in a fixed number of queries, whatever the number of kommuner, pledges or
reports: coverage per län and per police area by Count/Exists in the database, the latest
published status of every activity by one window function, and the rest from those rows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from followup.models import ActivityUpdate, FollowUpReport
from followup.progress import OVERVIEW_ORDER, current_status
from organisations.models import County, Municipality, PoliceArea
from pledges.models import Activity, Pledge, PledgeMunicipality
from pledges.versions import Content

LATEST_REPORTS = 10


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


def municipalities_with_status(day=None):
    """Every kommun with `in_force` (a pledge in force covers it), by län and name."""
    covering = Pledge.objects.current(day).filter(municipalities=OuterRef("pk"))
    return (
        Municipality.objects.annotate(in_force=Exists(covering))
        .select_related("county")
        .order_by("county__code", "name", "id")
    )


def _covered(day):
    return Municipality.objects.filter(pledges__in=Pledge.objects.current(day))


def county_coverage(day=None):
    """Every län with `total` kommuner and `in_force`, how many of them have a pledge in force."""
    return County.objects.annotate(
        total=Count("municipalities", distinct=True),
        in_force=Count("municipalities", filter=Q(municipalities__in=_covered(day)), distinct=True),
    ).order_by("code")


def police_area_coverage(day=None):
    """Every local police area with the same two counts, by region and name."""
    return (
        PoliceArea.objects.select_related("police_region")
        .annotate(
            total=Count("municipalities", distinct=True),
            in_force=Count(
                "municipalities", filter=Q(municipalities__in=_covered(day)), distinct=True
            ),
        )
        .order_by("police_region__name", "name", "id")
    )


def shown_activities(pledges):
    """The activities of each pledge's published version, with the follow-up that the pledge
    page shows of them: latest published status and published continuations. Three queries."""
    by_pledge = {
        pledge.pk: Content.of(pledge.published_version.content).activities for pledge in pledges
    }
    ids = [activity.id for activities in by_pledge.values() for activity in activities]
    latest = {
        update.activity_id: update
        for update in ActivityUpdate.objects.published()
        .filter(activity__in=ids)
        .latest_of_each_activity()
        .only("activity", "status")
    }
    # A continuation counts once the next pledge has published the activity that continues
    # (as on the pledge page): its id must be in that pledge's published version.
    continued = defaultdict(list)
    for pk, source, content in Activity.objects.filter(
        carried_over_from__in=ids, pledge__in=Pledge.objects.published()
    ).values_list("pk", "carried_over_from", "pledge__published_version__content"):
        if any(entry["id"] == pk for entry in (content or {}).get("activities", [])):
            continued[source].append(pk)
    for activities in by_pledge.values():
        for activity in activities:
            activity.latest_update = latest.get(activity.id)
            activity.all_continuations = continued.get(activity.id, [])
            activity.status = current_status(activity)
    return by_pledge


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
    pledges = list(Pledge.objects.current(day).select_related("published_version"))
    activities = shown_activities(pledges)

    # Which län each pledge covers: a joint pledge across län counts in each of them.
    counties_of = defaultdict(set)
    for pledge_id, county_id in PledgeMunicipality.objects.filter(
        pledge__in=[pledge.pk for pledge in pledges]
    ).values_list("pledge_id", "municipality__county_id"):
        counties_of[pledge_id].add(county_id)

    national_statuses = StatusTally()
    county_statuses = defaultdict(StatusTally)
    for pledge_id, shown in activities.items():
        statuses = Counter(activity.status for activity in shown)
        national_statuses.counts.update(statuses)
        for county_id in counties_of[pledge_id]:
            county_statuses[county_id].counts.update(statuses)

    municipalities = defaultdict(list)
    for municipality in municipalities_with_status(day):
        municipalities[municipality.county_id].append(municipality)

    counties = [
        CountyRow(
            county=county,
            coverage=Coverage(county.total, county.in_force),
            municipalities=municipalities[county.pk],
            statuses=county_statuses[county.pk],
        )
        for county in county_coverage(day)
    ]
    police_areas = [
        (area, Coverage(area.total, area.in_force)) for area in police_area_coverage(day)
    ]
    return {
        "day": day,
        "national": Coverage(
            sum(row.coverage.total for row in counties),
            sum(row.coverage.in_force for row in counties),
        ),
        "pledge_count": len(pledges),
        "counties": counties,
        "police_areas": police_areas,
        "statuses": national_statuses,
        "status_order": OVERVIEW_ORDER,
        "latest_reports": list(latest_reports()),
        "municipalities": [m for row in counties for m in row.municipalities],
    }
