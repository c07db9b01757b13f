"""Swedish public holidays: Easter and the days that move with it, and working days."""

import datetime

import pytest

from portal.holidays import (
    add_working_days,
    easter_sunday,
    is_public_holiday,
    is_working_day,
    public_holidays,
    working_day_on_or_after,
    working_day_on_or_before,
)

d = datetime.date


@pytest.mark.parametrize(
    "year, expected",
    [(2024, d(2024, 3, 31)), (2025, d(2025, 4, 20)), (2026, d(2026, 4, 5)),
     (2027, d(2027, 3, 28)), (2019, d(2019, 4, 21)), (2011, d(2011, 4, 24)),
     (2000, d(2000, 4, 23)), (2100, d(2100, 3, 28)),
     # The earliest and latest possible Easter.
     (1818, d(1818, 3, 22)), (2285, d(2285, 3, 22)), (1943, d(1943, 4, 25)),
     (2038, d(2038, 4, 25)),
     # Years where the exception for epacts 24 and 25 moves Easter a week earlier.
     (1954, d(1954, 4, 18)), (1981, d(1981, 4, 19)), (2049, d(2049, 4, 18)),
     (2076, d(2076, 4, 19))],
)  # fmt: skip
def test_easter_sunday(year, expected):
    assert easter_sunday(year) == expected


def test_easter_is_always_a_sunday_between_22_march_and_25_april():
    for year in range(1900, 2300):
        easter = easter_sunday(year)
        assert easter.weekday() == 6
        assert d(year, 3, 22) <= easter <= d(year, 4, 25)


def test_easter_before_the_gregorian_calendar_is_refused():
    with pytest.raises(ValueError):
        easter_sunday(1582)


def test_the_holidays_of_2027():
    assert public_holidays(2027) == {
        d(2027, 1, 1): "Nyårsdagen",
        d(2027, 1, 6): "Trettondedag jul",
        d(2027, 3, 26): "Långfredagen",
        d(2027, 3, 28): "Påskdagen",
        d(2027, 3, 29): "Annandag påsk",
        d(2027, 5, 1): "Första maj",
        d(2027, 5, 6): "Kristi himmelsfärdsdag",
        d(2027, 5, 16): "Pingstdagen",
        d(2027, 6, 6): "Sveriges nationaldag",
        d(2027, 6, 26): "Midsommardagen",
        d(2027, 11, 6): "Alla helgons dag",
        d(2027, 12, 25): "Juldagen",
        d(2027, 12, 26): "Annandag jul",
    }


@pytest.mark.parametrize(
    "year, midsummer, all_saints",
    [(2026, d(2026, 6, 20), d(2026, 10, 31)), (2027, d(2027, 6, 26), d(2027, 11, 6)),
     (2031, d(2031, 6, 21), d(2031, 11, 1))],
)  # fmt: skip
def test_midsummer_and_all_saints_fall_on_the_saturday_of_their_week(year, midsummer, all_saints):
    holidays = public_holidays(year)
    assert holidays[midsummer] == "Midsommardagen"
    assert holidays[all_saints] == "Alla helgons dag"


def test_holidays_that_move_with_easter_2026():
    assert is_public_holiday(d(2026, 4, 3))  # Långfredagen
    assert is_public_holiday(d(2026, 4, 6))  # Annandag påsk
    assert is_public_holiday(d(2026, 5, 14))  # Kristi himmelsfärdsdag
    assert not is_public_holiday(d(2026, 4, 2))  # Skärtorsdagen is a working day
    assert is_working_day(d(2026, 4, 2))
    assert not is_public_holiday(d(2026, 3, 27))  # a week before Easter


def test_weekends_holidays_and_eves_are_not_working_days():
    assert is_working_day(d(2026, 11, 30))  # a Monday
    assert not is_working_day(d(2026, 11, 28))  # a Saturday
    assert not is_working_day(d(2026, 6, 19))  # midsommarafton, a Friday
    assert not is_working_day(d(2026, 12, 24))  # julafton, a Thursday
    assert not is_working_day(d(2025, 12, 31))  # nyårsafton, a Wednesday
    assert not is_working_day(d(2027, 1, 6))  # trettondedag jul, a Wednesday
    assert not is_public_holiday(d(2026, 12, 24))  # an eve off, not a public holiday


def test_moving_to_a_working_day():
    # New Year 2027: Friday 1 January is a holiday and the weekend follows.
    assert working_day_on_or_after(d(2027, 1, 1)) == d(2027, 1, 4)
    assert working_day_on_or_before(d(2027, 1, 3)) == d(2026, 12, 30)
    assert working_day_on_or_after(d(2026, 11, 30)) == d(2026, 11, 30)
    # Easter 2027: from Thursday over Långfredagen and Annandag påsk to Tuesday.
    assert add_working_days(d(2027, 3, 25), 1) == d(2027, 3, 30)
    assert add_working_days(d(2027, 3, 30), -1) == d(2027, 3, 25)
    assert add_working_days(d(2027, 3, 30), 0) == d(2027, 3, 30)
