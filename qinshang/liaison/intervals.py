"""When a liaison duty falls due (pure date arithmetic, no database).

A plan repeats from its last contact: a monthly plan last kept on 31 January is due again on the
last day of February (the 29th in a leap year), a yearly one kept on 29 February on 28 February
of the next year. Before the first contact the plan's start counts as the last one.
"""

from __future__ import annotations

import calendar
import datetime
import enum
from dataclasses import dataclass

MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
DAYS = {"weekly": 7}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def next_due(anchor: datetime.date, interval: str, every_days: int | None = None) -> datetime.date:
    if interval in MONTHS:
        return add_months(anchor, MONTHS[interval])
    if interval in DAYS:
        return anchor + datetime.timedelta(days=DAYS[interval])
    if interval == "days":
        if not every_days or every_days < 1:
            raise ValueError("a plan repeating every N days needs N ≥ 1")
        return anchor + datetime.timedelta(days=every_days)
    raise ValueError(f"unknown interval {interval!r}")


class Standing(enum.StrEnum):
    """Where a plan stands on a given day."""

    KEPT = "kept"            # the last contact is within the interval
    NOT_YET_DUE = "pending"  # no contact yet, and the first one is not yet due
    OVERDUE = "overdue"      # the due date has passed without a contact
    NOT_STARTED = "not_started"
    ENDED = "ended"

    @property
    def counts(self) -> bool:
        """Counted in the share of plans kept: the plans that have come due at least once."""
        return self in (Standing.KEPT, Standing.OVERDUE)


@dataclass(frozen=True)
class Schedule:
    """A plan's due date and standing on ``on``."""

    on: datetime.date
    standing: Standing
    due_on: datetime.date | None  # None: nothing more is due before the plan ends

    @property
    def days_left(self) -> int | None:
        return None if self.due_on is None else (self.due_on - self.on).days


def schedule(*, on: datetime.date, starts_on: datetime.date, ends_on: datetime.date | None,
             interval: str, every_days: int | None,
             last_contact: datetime.date | None) -> Schedule:
    """The standing of a plan on ``on``, given its last contact on or before that day (and on or
    after its start). A plan must be kept by its end date: a due date past the end is the end
    itself while no contact has been made, and nothing once one has."""
    if on < starts_on:
        return Schedule(on, Standing.NOT_STARTED, None)
    if ends_on is not None and on > ends_on:
        return Schedule(on, Standing.ENDED, None)
    due = next_due(last_contact or starts_on, interval, every_days)
    if ends_on is not None and due > ends_on:
        due = None if last_contact is not None else ends_on
    if due is not None and on > due:
        return Schedule(on, Standing.OVERDUE, due)
    return Schedule(on, Standing.KEPT if last_contact else Standing.NOT_YET_DUE, due)
