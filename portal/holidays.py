"""Swedish public holidays and working days, computed for any year (Easter included)."""

import datetime
from functools import lru_cache

ONE_DAY = datetime.timedelta(days=1)
SATURDAY, SUNDAY = 5, 6


def easter_sunday(year: int) -> datetime.date:
    """Påskdagen: the first Sunday after the church's full moon on or after 21 March.

    The church does not use the astronomical moon but a table kept by the epact (the age of
    the moon on 1 January), which the Gregorian calendar corrects once per century for the
    leap days it drops and for the drift of the 19-year lunar cycle.
    """
    if year < 1583:
        raise ValueError("The Gregorian Easter is only defined from 1583.")
    cycle = year % 19 + 1  # the golden number: where the year falls in the 19-year lunar cycle
    century = year // 100 + 1
    dropped_leap_days = 3 * century // 4 - 12
    moon_drift = (8 * century + 5) // 25 - 5
    epact = (11 * cycle + 20 + moon_drift - dropped_leap_days) % 30
    # Two epacts would put the full moon a day too late; the rule moves them back by one.
    if epact == 24 or (epact == 25 and cycle > 11):
        epact += 1
    full_moon = 44 - epact  # a day of March, counting on into April
    if full_moon < 21:
        full_moon += 30
    moon = datetime.date(year, 3, 1) + datetime.timedelta(days=full_moon - 1)
    # Strictly after: a full moon on a Sunday puts Easter a week later.
    return moon + datetime.timedelta(days=7 - (moon.weekday() + 1) % 7)


def _saturday_between(year: int, month: int, first_day: int) -> datetime.date:
    """The Saturday in the seven days from first_day (midsommardagen, alla helgons dag)."""
    start = datetime.date(year, month, first_day)
    return start + datetime.timedelta(days=(SATURDAY - start.weekday()) % 7)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[datetime.date, str]:
    """The allmänna helgdagar of the year (lag 1989:253), by date; ordinary Sundays left out."""
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1): "Nyårsdagen",
        datetime.date(year, 1, 6): "Trettondedag jul",
        easter - 2 * ONE_DAY: "Långfredagen",
        easter: "Påskdagen",
        easter + ONE_DAY: "Annandag påsk",
        datetime.date(year, 5, 1): "Första maj",
        easter + 39 * ONE_DAY: "Kristi himmelsfärdsdag",
        easter + 49 * ONE_DAY: "Pingstdagen",
        datetime.date(year, 6, 6): "Sveriges nationaldag",
        _saturday_between(year, 6, 20): "Midsommardagen",
        _saturday_between(year, 10, 31): "Alla helgons dag",
        datetime.date(year, 12, 25): "Juldagen",
        datetime.date(year, 12, 26): "Annandag jul",
    }
    return dict(sorted(days.items()))


@lru_cache(maxsize=64)
def eves_off(year: int) -> dict[datetime.date, str]:
    """Eves that are not public holidays but count as Sundays in Swedish working-time and
    holiday law, so offices are closed: midsommarafton, julafton and nyårsafton."""
    return {
        _saturday_between(year, 6, 20) - ONE_DAY: "Midsommarafton",
        datetime.date(year, 12, 24): "Julafton",
        datetime.date(year, 12, 31): "Nyårsafton",
    }


def is_public_holiday(day: datetime.date) -> bool:
    return day in public_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    """A weekday that is neither a public holiday nor an eve that counts as a Sunday."""
    return (
        day.weekday() < SATURDAY
        and day not in public_holidays(day.year)
        and day not in eves_off(day.year)
    )


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += ONE_DAY
    return day


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (before it when count is negative)."""
    step = ONE_DAY if count >= 0 else -ONE_DAY
    for _ in range(abs(count)):
        day += step
        while not is_working_day(day):
            day += step
    return day
