"""Due dates and standings for each kind of interval, across month ends and leap years."""

import datetime

import pytest

from qinshang.liaison.intervals import Standing, add_months, next_due, schedule

D = datetime.date
LEAP_JANUARY_END = D(2028, 1, 31)


@pytest.mark.parametrize(("anchor", "interval", "every", "due"), [
    (D(2027, 1, 31), "monthly", None, D(2027, 2, 28)),     # a short month: its last day
    (D(2028, 1, 31), "monthly", None, D(2028, 2, 29)),     # a leap February
    (D(2028, 2, 29), "monthly", None, D(2028, 3, 29)),
    (D(2026, 12, 31), "monthly", None, D(2027, 1, 31)),    # across the year's end
    (D(2027, 11, 30), "quarterly", None, D(2028, 2, 29)),
    (D(2026, 11, 30), "quarterly", None, D(2027, 2, 28)),
    (D(2026, 8, 31), "quarterly", None, D(2026, 11, 30)),
    (D(2028, 2, 29), "yearly", None, D(2029, 2, 28)),
    (D(2027, 2, 28), "yearly", None, D(2028, 2, 28)),
    (D(2026, 12, 28), "weekly", None, D(2027, 1, 4)),
    (D(2028, 2, 26), "weekly", None, D(2028, 3, 4)),       # through 29 February
    (D(2027, 2, 26), "weekly", None, D(2027, 3, 5)),
    (D(2028, 2, 20), "days", 10, D(2028, 3, 1)),
    (D(2027, 2, 20), "days", 10, D(2027, 3, 2)),
    (D(2026, 1, 1), "days", 1, D(2026, 1, 2)),
])
def test_next_due(anchor, interval, every, due):
    assert next_due(anchor, interval, every) == due


def test_add_months_keeps_the_day_where_the_month_has_it():
    assert add_months(D(2026, 3, 15), 1) == D(2026, 4, 15)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 5, 31), 1) == D(2026, 6, 30)


def _standing(on, last=None, interval="monthly", every=None, starts=LEAP_JANUARY_END, ends=None):
    return schedule(on=on, starts_on=starts, ends_on=ends, interval=interval, every_days=every,
                    last_contact=last)


def test_a_plan_without_contact_is_not_yet_due_until_its_first_due_date_then_overdue():
    assert _standing(D(2028, 2, 29)).standing == Standing.NOT_YET_DUE
    assert _standing(D(2028, 2, 29)).due_on == D(2028, 2, 29)
    assert _standing(D(2028, 2, 29)).days_left == 0
    assert _standing(D(2028, 3, 1)).standing == Standing.OVERDUE


def test_the_last_contact_moves_the_due_date():
    kept = _standing(D(2028, 3, 20), last=D(2028, 2, 29))
    assert (kept.standing, kept.due_on, kept.days_left) == (Standing.KEPT, D(2028, 3, 29), 9)
    late = _standing(D(2028, 3, 30), last=D(2028, 2, 29))
    assert (late.standing, late.due_on) == (Standing.OVERDUE, D(2028, 3, 29))


@pytest.mark.parametrize(("interval", "every", "last", "on_time", "late"), [
    ("days", 45, D(2027, 1, 15), D(2027, 3, 1), D(2027, 3, 2)),
    ("weekly", None, D(2028, 2, 25), D(2028, 3, 3), D(2028, 3, 4)),
    ("monthly", None, D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 1)),
    ("quarterly", None, D(2027, 11, 30), D(2028, 2, 29), D(2028, 3, 1)),
    ("yearly", None, D(2028, 2, 29), D(2029, 2, 28), D(2029, 3, 1)),
])
def test_each_interval_is_kept_on_its_due_date_and_overdue_the_day_after(
        interval, every, last, on_time, late):
    plan = {"interval": interval, "every": every, "starts": D(2026, 1, 1)}
    assert _standing(on_time, last=last, **plan).standing == Standing.KEPT
    assert _standing(late, last=last, **plan).standing == Standing.OVERDUE


def test_a_plan_must_be_kept_by_its_end_and_is_not_counted_outside_its_period():
    year = {"interval": "yearly", "starts": D(2027, 1, 1), "ends": D(2027, 12, 31)}
    assert _standing(D(2027, 12, 31), **year).due_on == D(2027, 12, 31)
    assert _standing(D(2027, 6, 1), last=D(2027, 5, 20), **year).due_on is None
    assert _standing(D(2027, 6, 1), last=D(2027, 5, 20), **year).standing == Standing.KEPT
    assert _standing(D(2026, 12, 31), **year).standing == Standing.NOT_STARTED
    assert _standing(D(2028, 1, 1), **year).standing == Standing.ENDED
    assert not Standing.ENDED.counts and Standing.OVERDUE.counts and Standing.KEPT.counts
