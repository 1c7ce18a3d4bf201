"""The project funnel (DESIGN.md §5): of the projects signed in a division subtree, at an event,
in a period — contracted investment, funds arrived and the funds-arrival rate (by amount); the
construction-start and production rates, by count and by amount.

Cancelled projects are left out of every rate, numerator and denominator alike, and counted on
a line of their own: a cancelled project neither lowers the rates of those still on their way
nor counts for what it did before it was cancelled. Rates are Decimal percentages with two
decimals (53.80), None when there is nothing to divide by.

One aggregate query per breakdown (GROUP BY the child division's code prefix, or by event); the
whole is the sum of the division rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from qinshang.access import visible
from qinshang.gatherings.models import Gathering
from qinshang.projects.models import Project
from qinshang.regions.models import Region

ZERO = Decimal("0")
HUNDREDTH = Decimal("0.01")
LIVE = Q(cancelled_on__isnull=True)
CONSTRUCTING = LIVE & Q(construction_started_on__isnull=False)
PRODUCING = LIVE & Q(production_started_on__isnull=False)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole as a percentage with two decimals (half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass
class FunnelCounts:
    signed: int = 0                      # every project signed, the cancelled included
    signed_amount: Decimal = ZERO
    cancelled: int = 0
    cancelled_amount: Decimal = ZERO
    contracted: Decimal = ZERO           # the projects not cancelled: the rates' base
    arrived: Decimal = ZERO
    constructing: int = 0
    constructing_amount: Decimal = ZERO
    producing: int = 0
    producing_amount: Decimal = ZERO

    @property
    def counted(self) -> int:
        """The projects the rates count: signed and not cancelled."""
        return self.signed - self.cancelled

    @property
    def funds_rate(self) -> Decimal | None:
        return percent(self.arrived, self.contracted)

    @property
    def construction_rate(self) -> Decimal | None:
        return percent(self.constructing, self.counted)

    @property
    def construction_rate_by_amount(self) -> Decimal | None:
        return percent(self.constructing_amount, self.contracted)

    @property
    def production_rate(self) -> Decimal | None:
        return percent(self.producing, self.counted)

    @property
    def production_rate_by_amount(self) -> Decimal | None:
        return percent(self.producing_amount, self.contracted)

    def add(self, other: FunnelCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


AGGREGATES = {
    "signed": Count("id"),
    "signed_amount": Sum("contracted_investment"),
    "cancelled": Count("id", filter=~LIVE),
    "cancelled_amount": Sum("contracted_investment", filter=~LIVE),
    "contracted": Sum("contracted_investment", filter=LIVE),
    "arrived": Sum("funds_arrived", filter=LIVE),
    "constructing": Count("id", filter=CONSTRUCTING),
    "constructing_amount": Sum("contracted_investment", filter=CONSTRUCTING),
    "producing": Count("id", filter=PRODUCING),
    "producing_amount": Sum("contracted_investment", filter=PRODUCING),
}


def _counts(row: dict) -> FunnelCounts:
    return FunnelCounts(**{name: row[name] if row[name] is not None else
                           (ZERO if name.endswith("amount") or name in ("contracted", "arrived")
                            else 0) for name in AGGREGATES})


@dataclass(frozen=True)
class FunnelQuery:
    region: Region | None = None             # None: all in the user's jurisdiction
    signing_event: Gathering | None = None
    signed_from: datetime.date | None = None
    signed_to: datetime.date | None = None


def projects_in(user, query: FunnelQuery) -> QuerySet[Project]:
    projects = visible(user, Project)
    if query.region is not None:
        projects = projects.filter(query.region.subtree_q("region_id"))
    if query.signing_event is not None:
        projects = projects.filter(signing_event=query.signing_event)
    if query.signed_from is not None:
        projects = projects.filter(signed_on__gte=query.signed_from)
    if query.signed_to is not None:
        projects = projects.filter(signed_on__lte=query.signed_to)
    return projects


@dataclass
class FunnelRow:
    key: str                         # the division's code, or the event's id ("" for none)
    name: str
    counts: FunnelCounts
    region: Region | None = None     # the division, to drill into
    event: Gathering | None = None


@dataclass
class Funnel:
    query: FunnelQuery
    total: FunnelCounts
    divisions: list[FunnelRow] = field(default_factory=list)   # empty for a county
    events: list[FunnelRow] = field(default_factory=list)


def child_prefix_length(region: Region | None) -> int:
    """How many code digits name the divisions one level below ``region``."""
    if region is None:
        return 2
    return {Region.Level.PROVINCE: 4, Region.Level.CITY: 6}.get(region.level, 6)


def _division_rows(projects: QuerySet[Project], region: Region | None) -> list[FunnelRow]:
    length = child_prefix_length(region)
    grouped = list(projects.order_by().annotate(key=Substr("region_id", 1, length))
                   .values("key").annotate(**AGGREGATES).order_by("key"))
    codes = {row["key"].ljust(6, "0") for row in grouped}
    regions = Region.objects.in_bulk(codes)
    rows = []
    for row in grouped:
        division = regions.get(row["key"].ljust(6, "0"))
        rows.append(FunnelRow(key=row["key"].ljust(6, "0"),
                              name=division.name if division else row["key"],
                              counts=_counts(row), region=division))
    return rows


def _event_rows(projects: QuerySet[Project]) -> list[FunnelRow]:
    grouped = list(projects.order_by().values("signing_event_id").annotate(**AGGREGATES))
    events = Gathering.objects.in_bulk([row["signing_event_id"] for row in grouped
                                        if row["signing_event_id"] is not None])
    rows = []
    for row in grouped:
        event = events.get(row["signing_event_id"])
        rows.append(FunnelRow(key=str(row["signing_event_id"] or ""),
                              name=f"{event.held_on:%Y-%m-%d} {event.title}" if event else "",
                              counts=_counts(row), event=event))
    # Latest event first; projects signed outside any event last.
    return sorted(rows, key=lambda row: (row.event is None,
                                         -(row.event.held_on.toordinal() if row.event else 0)))


def project_funnel(user, query: FunnelQuery) -> Funnel:
    projects = projects_in(user, query)
    divisions = _division_rows(projects, query.region)
    total = FunnelCounts()
    for row in divisions:
        total.add(row.counts)
    if query.region is not None and query.region.level == Region.Level.COUNTY:
        divisions = []  # nothing below a county to drill into
    return Funnel(query=query, total=total, divisions=divisions,
                  events=_event_rows(projects) if total.signed else [])


def funnel_counts(user, query: FunnelQuery) -> FunnelCounts:
    """The funnel's whole only, in one query (the demo's and the dashboard's figures)."""
    return _counts(projects_in(user, query).order_by().aggregate(**AGGREGATES))
