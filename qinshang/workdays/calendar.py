"""Working days and office hours on the Chinese calendar (调休 included), for time limits.

Every function reads the tables afresh: the administrator edits them and a cached copy would
keep computing deadlines on last year's arrangement. One call costs two queries (the covered
years, then the special days of the years the call is expected to reach), plus one more each
time a long count runs past that window.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext

from qinshang.workdays.models import SATURDAY, CalendarYear, SpecialDay

OFFICE_OPENS = datetime.time(9, 0)
OFFICE_CLOSES = datetime.time(17, 0)

ONE_DAY = datetime.timedelta(days=1)
# Calendar days to read ahead per working day counted: 7/5 for weekends, with room for the
# longest holiday stretch (Spring Festival, 8-9 days) even on short counts.
READ_AHEAD_FACTOR = 2
READ_AHEAD_MARGIN = datetime.timedelta(days=21)
OFFICE_HOURS_PER_DAY = 8


class CalendarNotCovered(Exception):
    """A count reached a year the administrator has not entered."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    @property
    def message(self) -> str:
        # Translated when read, so it is in the language of whoever is shown it.
        return gettext(
            "The working-day calendar has no entry for %(year)s. Ask the administrator to "
            "enter that year's holidays and working weekends.") % {"year": self.year}

    def __str__(self) -> str:
        return self.message


class _Calendar:
    """The entered years and the special days of the years one call touches."""

    def __init__(self, first: datetime.date, last: datetime.date) -> None:
        # The whole year table is a few dozen rows; reading it all is one small query.
        self._covered = frozenset(CalendarYear.objects.values_list("year", flat=True))
        self._loaded: set[int] = set()
        self._holidays: set[datetime.date] = set()
        self._workdays: set[datetime.date] = set()
        self._require(first.year)
        self._load(range(first.year, last.year + 1))

    def _require(self, year: int) -> None:
        if year not in self._covered:
            raise CalendarNotCovered(year)

    def _load(self, years: Iterable[int]) -> None:
        # An uncovered year is never read: reaching it raises instead.
        wanted = [year for year in years if year in self._covered and year not in self._loaded]
        if not wanted:
            return
        first, last = min(wanted), max(wanted)
        rows = SpecialDay.objects.filter(
            date__range=(datetime.date(first, 1, 1), datetime.date(last, 12, 31)),
        ).values_list("date", "kind")
        for day, kind in rows:
            (self._holidays if kind == SpecialDay.Kind.HOLIDAY else self._workdays).add(day)
        self._loaded.update(range(first, last + 1))

    def is_working_day(self, day: datetime.date) -> bool:
        self._require(day.year)
        if day.year not in self._loaded:
            self._load([day.year])
        if day in self._holidays:
            return False
        if day in self._workdays:
            return True
        return day.weekday() < SATURDAY

    def working_days_after(self, day: datetime.date) -> Iterator[datetime.date]:
        while True:
            day += ONE_DAY
            if self.is_working_day(day):
                yield day


def _local_date(value: datetime.date) -> datetime.date:
    # A datetime is a date too; compared with stored dates it would never match.
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def is_working_day(day: datetime.date) -> bool:
    day = _local_date(day)
    return _Calendar(day, day).is_working_day(day)


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The end (23:59:59.999999 local) of the ``days``-th working day after start's local date;
    ``days=0`` is the end of start's own day."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = timezone.localdate(start)
    calendar = _Calendar(day, day + READ_AHEAD_FACTOR * days * ONE_DAY + READ_AHEAD_MARGIN)
    working = calendar.working_days_after(day)
    for _ in range(days):
        day = next(working)
    return _end_of(day)


def add_working_hours(start: datetime.datetime, hours: int) -> datetime.datetime:
    """``hours`` office hours (09:00-17:00 local on working days) after start; a start outside
    office hours counts from the next opening."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    moment = timezone.localtime(start).replace(tzinfo=None)
    days_ahead = READ_AHEAD_FACTOR * (hours // OFFICE_HOURS_PER_DAY + 1) * ONE_DAY
    calendar = _Calendar(moment.date(), moment.date() + days_ahead + READ_AHEAD_MARGIN)
    moment = _first_office_moment(calendar, moment)
    remaining = datetime.timedelta(hours=hours)
    while True:
        closing = datetime.datetime.combine(moment.date(), OFFICE_CLOSES)
        if moment + remaining <= closing:
            return timezone.make_aware(moment + remaining)
        remaining -= closing - moment
        moment = datetime.datetime.combine(next(calendar.working_days_after(moment.date())),
                                           OFFICE_OPENS)


def _first_office_moment(calendar: _Calendar, moment: datetime.datetime) -> datetime.datetime:
    """``moment`` itself if the office is open then, else the next opening (naive local)."""
    if calendar.is_working_day(moment.date()) and moment.time() < OFFICE_CLOSES:
        return max(moment, datetime.datetime.combine(moment.date(), OFFICE_OPENS))
    return datetime.datetime.combine(next(calendar.working_days_after(moment.date())),
                                     OFFICE_OPENS)


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Working days in (start's local date, end's local date]: 0 when answered the same day."""
    if end < start:
        raise ValueError("end is before start")
    first, last = timezone.localdate(start), timezone.localdate(end)
    calendar = _Calendar(first, last)
    return sum(1 for day in _days_after(first, last) if calendar.is_working_day(day))


def _days_after(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    day = first
    while day < last:
        day += ONE_DAY
        yield day
