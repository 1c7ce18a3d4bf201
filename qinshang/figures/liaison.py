"""Liaison compliance (DESIGN.md §5), defined once for the home page, the compliance page, the
quarterly table and its export.

A plan is *kept* on a day when its latest contact (logged, or a visit by the same member of staff
to the same counterpart) is within its interval, *overdue* when its due date has passed, and *not
yet due* while its first contact is still ahead. The share of plans kept is kept ÷ (kept +
overdue): a plan whose first contact is not yet due has not had the chance to be kept or missed,
so it is shown but left out of the share. Plans that have not started or have ended on the day
are not counted at all.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from qinshang.access import visible
from qinshang.accounts.models import User
from qinshang.liaison.intervals import Standing
from qinshang.liaison.models import LiaisonPlan
from qinshang.liaison.selectors import (
    PlanStanding,
    StandingCell,
    plans_visible,
    standing_cells,
    standings,
    with_contacts_between,
)
from qinshang.offices.models import Office
from qinshang.regions.models import Region


@dataclass
class ComplianceCounts:
    kept: int = 0
    overdue: int = 0
    not_yet_due: int = 0

    @property
    def plans(self) -> int:
        return self.kept + self.overdue + self.not_yet_due

    @property
    def counted(self) -> int:
        return self.kept + self.overdue

    @property
    def share_kept(self) -> float | None:
        return self.kept / self.counted if self.counted else None

    def add(self, standing: Standing) -> None:
        if standing == Standing.KEPT:
            self.kept += 1
        elif standing == Standing.OVERDUE:
            self.overdue += 1
        elif standing == Standing.NOT_YET_DUE:
            self.not_yet_due += 1


@dataclass
class ComplianceRow:
    key: str
    name: str
    counts: ComplianceCounts = field(default_factory=ComplianceCounts)
    region: Region | None = None  # a division one can drill into
    own: bool = False             # the plans of the office at the division shown itself


def running_on(plans: QuerySet[LiaisonPlan], on: datetime.date) -> QuerySet[LiaisonPlan]:
    return plans.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def plan_cells(user, *, region: Region | None, on: datetime.date) -> list[StandingCell]:
    """Where each plan the user sees in ``region``'s subtree stands on ``on``."""
    plans = visible(user, LiaisonPlan)
    if region is not None:
        plans = plans.filter(region.subtree_q("region_id"))
    return standing_cells(running_on(plans, on), on)


def _summed(cells: Iterable[StandingCell], key: Callable[[StandingCell], Any]) -> dict:
    sums: dict = defaultdict(ComplianceCounts)
    for cell in cells:
        sums[key(cell)].add(cell.standing)
    return sums


def total(cells: Iterable[StandingCell]) -> ComplianceCounts:
    counts = ComplianceCounts()
    for cell in cells:
        counts.add(cell.standing)
    return counts


def child_code(code: str, root: Region | None) -> str:
    """The division one level below ``root`` that holds ``code`` (``root``'s own code for
    what is filed at the division itself)."""
    if root is None:
        return code[:2] + "0000"
    length = {Region.Level.PROVINCE: 4, Region.Level.CITY: 6}.get(root.level, 6)
    return code[:length].ljust(6, "0")


def by_division(cells: list[StandingCell], root: Region | None) -> list[ComplianceRow]:
    sums = _summed(cells, lambda cell: child_code(cell.region_id, root))
    names = Region.objects.filter(code__in=list(sums)).in_bulk()
    result = []
    for code in sorted(sums):
        region = names.get(code)
        own = root is not None and code == root.code
        result.append(ComplianceRow(code, region.name if region else code, sums[code],
                                    region=None if own else region, own=own))
    return result


def by_office(cells: list[StandingCell]) -> list[ComplianceRow]:
    sums = _summed(cells, lambda cell: cell.office_id)
    offices = Office.objects.in_bulk(list(sums))
    return [ComplianceRow(str(pk), offices[pk].name, sums[pk])
            for pk in sorted(sums, key=lambda pk: offices[pk].region_id)]


def by_person(cells: list[StandingCell]) -> list[ComplianceRow]:
    sums = _summed(cells, lambda cell: cell.staff_id)
    people = User.objects.in_bulk(list(sums))
    return sorted((ComplianceRow(str(pk), str(people[pk]), sums[pk]) for pk in sums),
                  key=lambda row: (row.counts.share_kept is None,
                                   row.counts.share_kept or 0, row.name))


# --- the quarterly table ------------------------------------------------------------------------

def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1 to 4")
    first = datetime.date(year, 3 * quarter - 2, 1)
    last = (datetime.date(year + 1, 1, 1) if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1)) - datetime.timedelta(days=1)
    return first, last


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class QuarterRow:
    standing: PlanStanding
    contacts: int  # contacts and visits that kept the plan within the quarter


@dataclass
class QuarterTable:
    office: Office
    year: int
    quarter: int
    first_day: datetime.date
    last_day: datetime.date
    on: datetime.date  # the day the standings are taken: the quarter's end, or today
    rows: list[QuarterRow]
    people: list[ComplianceRow]
    total: ComplianceCounts

    @property
    def finished(self) -> bool:
        return self.on == self.last_day


def quarterly_table(user, *, office: Office, year: int, quarter: int,
                    today: datetime.date) -> QuarterTable:
    """The office's plans that ran during the quarter, where each stood at its end (or today,
    for the quarter under way), with the contacts made in it."""
    first, last = quarter_bounds(year, quarter)
    on = min(last, today)
    plans = plans_visible(user).filter(office=office, starts_on__lte=on) \
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    plans = with_contacts_between(plans, first, on)
    rows = [QuarterRow(row, row.plan.contacts_in_period) for row in standings(plans, on)]
    rows.sort(key=lambda row: (str(row.standing.plan.staff), row.standing.plan.pk))
    counted = [StandingCell.of(row.standing) for row in rows]
    return QuarterTable(office=office, year=year, quarter=quarter, first_day=first,
                        last_day=last, on=on, rows=rows, people=by_person(counted),
                        total=total(counted))
