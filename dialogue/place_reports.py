"""Counting reports of unsafe places: the anonymous figures residents and the lägesbild see.

Only categories and the names of listed places are counted; free text and contact details never
leave the moderation queue.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.tertials import Tertial

from .models import PlaceReport

# Places residents described in their own words are counted together, so that no one's words,
# nor a spot only they would name, appear on a public page.
OTHER_PLACES = gettext_lazy("Other places (described in words)")


class ReportCounts(NamedTuple):
    total: int
    by_category: list[tuple[str, int]]
    by_place: list[tuple[str, int]]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def report_counts(municipality, start: datetime.date, end: datetime.date) -> ReportCounts:
    """Countable reports received from start to end (both days included), in two queries.

    by_category lists the kinds of problem that were reported, most reported first; by_place
    lists the kommun's named places the same way, with the places described in words as one
    row at the end. Labels are in the active language.
    """
    reports = PlaceReport.objects.countable().filter(
        municipality=municipality,
        created_at__gte=_day_start(start),
        created_at__lt=_day_start(end + datetime.timedelta(days=1)),
    )
    labels = dict(PlaceReport.Category.choices)
    categories = (
        reports.order_by()
        .values("category")
        .annotate(count=Count("id"))
        .values_list("category", "count")
    )
    by_category = sorted(
        ((str(labels.get(key, key)), count) for key, count in categories),
        key=lambda row: (-row[1], row[0]),
    )
    places = list(reports.order_by().values("place__name").annotate(count=Count("id")))
    named = sorted(
        ((row["place__name"], row["count"]) for row in places if row["place__name"]),
        key=lambda row: (-row[1], row[0]),
    )
    described = sum(row["count"] for row in places if not row["place__name"])
    by_place = named + ([(str(OTHER_PLACES), described)] if described else [])
    return ReportCounts(
        total=sum(count for _label, count in by_category),
        by_category=by_category,
        by_place=by_place,
    )


@dataclass(frozen=True)
class Period:
    """A span of days that residents choose to see the counts for."""

    start: datetime.date
    end: datetime.date
    tertial: Tertial | None = None
    is_default: bool = False

    @classmethod
    def last_twelve_months(cls, today: datetime.date) -> "Period":
        try:
            year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            year_ago = today.replace(year=today.year - 1, day=28)
        return cls(year_ago + datetime.timedelta(days=1), today, is_default=True)

    @classmethod
    def of_year(cls, year: int, tertial: int | None = None) -> "Period":
        if tertial:
            chosen = Tertial(year, tertial)
            return cls(chosen.start, chosen.end, tertial=chosen)
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def __str__(self):
        span = {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }
        if self.is_default:
            return _("the last 12 months (%(start)s – %(end)s)") % span
        if self.tertial:
            return _("%(tertial)s (%(start)s – %(end)s)") % {**span, "tertial": self.tertial}
        return _("%(year)s (%(start)s – %(end)s)") % {**span, "year": self.start.year}
