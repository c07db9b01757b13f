"""Tertials: the four-month periods of follow-up (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec)."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MONTHS = {
    1: (_("January–April"), 1, 4),
    2: (_("May–August"), 5, 8),
    3: (_("September–December"), 9, 12),
}
# ASCII digits only, and no trailing newline (which `$` would allow): "٢٠٢٢-t1" must not be a
# second address of the same page.
SLUG = re.compile(r"(?P<year>[0-9]{4})-t(?P<number>[123])")


@dataclass(frozen=True, order=True)
class Tertial:
    year: int
    number: int

    def __post_init__(self):
        if self.number not in MONTHS:
            raise ValueError(f"A tertial is 1, 2 or 3, not {self.number}.")
        if not 1900 <= self.year <= 9999:
            raise ValueError(f"Year {self.year} is out of range.")

    @classmethod
    def containing(cls, day: datetime.date) -> "Tertial":
        return cls(day.year, (day.month - 1) // 4 + 1)

    @classmethod
    def from_slug(cls, slug: str) -> "Tertial":
        """Parse "2022-t3"; raises ValueError for anything else."""
        match = SLUG.fullmatch(slug)
        if not match:
            raise ValueError(f"Not a tertial: {slug!r}")
        return cls(int(match["year"]), int(match["number"]))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, MONTHS[self.number][1], 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    @property
    def slug(self) -> str:
        return f"{self.year}-t{self.number}"

    @property
    def months(self):
        return MONTHS[self.number][0]

    def __str__(self):
        return f"T{self.number} {self.year}"

    def next(self) -> "Tertial":
        return (
            Tertial(self.year + 1, 1) if self.number == 3 else Tertial(self.year, self.number + 1)
        )

    def previous(self) -> "Tertial":
        return (
            Tertial(self.year - 1, 3) if self.number == 1 else Tertial(self.year, self.number - 1)
        )

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= end and start <= self.end

    def has_ended(self, today: datetime.date) -> bool:
        """Whether the tertial is over on `today` (its last day is still under way)."""
        return self.end < today

    def due_date(self, days: int) -> datetime.date:
        """The day the follow-up of this tertial is due: `days` after the tertial ends."""
        return self.end + datetime.timedelta(days=days)


def tertials_between(start: datetime.date, end: datetime.date) -> list[Tertial]:
    """Every tertial that overlaps the period from start to end, in order."""
    tertials, current = [], Tertial.containing(start)
    while current.start <= end:
        tertials.append(current)
        current = current.next()
    return tertials
