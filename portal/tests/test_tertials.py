"""Tertials: the periods every follow-up is about."""

import datetime

import pytest

from portal.tertials import Tertial, tertials_between

d = datetime.date


@pytest.mark.parametrize(
    "day, expected",
    [(d(2022, 1, 1), Tertial(2022, 1)), (d(2022, 4, 30), Tertial(2022, 1)),
     (d(2022, 5, 1), Tertial(2022, 2)), (d(2022, 8, 31), Tertial(2022, 2)),
     (d(2022, 9, 1), Tertial(2022, 3)), (d(2022, 12, 31), Tertial(2022, 3))],
)  # fmt: skip
def test_a_day_belongs_to_its_tertial(day, expected):
    assert Tertial.containing(day) == expected


def test_start_end_and_due_date():
    t2 = Tertial(2024, 2)
    assert (t2.start, t2.end) == (d(2024, 5, 1), d(2024, 8, 31))
    assert Tertial(2024, 3).end == d(2024, 12, 31)
    assert Tertial(2024, 1).end == d(2024, 4, 30)
    assert t2.due_date(30) == d(2024, 9, 30)


def test_next_and_previous_cross_years():
    assert Tertial(2022, 3).next() == Tertial(2023, 1)
    assert Tertial(2023, 1).previous() == Tertial(2022, 3)


def test_slug_round_trip_and_bad_slugs():
    assert Tertial.from_slug("2022-t3") == Tertial(2022, 3)
    assert Tertial(2022, 3).slug == "2022-t3"
    for bad in ["2022-t4", "2022-t0", "22-t1", "2022t1", "2022-T1", "", "2022-t1x"]:
        with pytest.raises(ValueError):
            Tertial.from_slug(bad)


def test_tertials_of_a_period():
    assert tertials_between(d(2022, 1, 1), d(2022, 12, 31)) == [
        Tertial(2022, 1), Tertial(2022, 2), Tertial(2022, 3)
    ]  # fmt: skip
    # A mid-year two-year pledge.
    period = tertials_between(d(2022, 7, 1), d(2024, 6, 30))
    assert period[0] == Tertial(2022, 2) and period[-1] == Tertial(2024, 2)
    assert len(period) == 7


def test_overlap():
    assert Tertial(2022, 2).overlaps(d(2022, 8, 31), d(2023, 1, 1))
    assert not Tertial(2022, 1).overlaps(d(2022, 5, 1), d(2022, 12, 31))
