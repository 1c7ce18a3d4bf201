"""Event figures (DESIGN.md §5, issue #6 point 6), defined once for the counts page and its
export: for a region subtree and a period, by kind of event,

- events held (by their first day) and the attendees they counted;
- enterprises attending: distinct enterprises per kind; the total counts each enterprise once
  even when it came to events of several kinds;
- appeals raised at them (channel symposium, whatever became of them);
- projects signed at them and the contracted amount (Decimal, yuan), cancelled ones included:
  signing is the event's outcome, what became of the project is the funnel's business.

Each group is one aggregate query (GROUP BY kind) over the events the user may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from qinshang.access import visible
from qinshang.gatherings.models import Gathering, Kind
from qinshang.regions.models import Region


@dataclass
class KindCounts:
    kind: str
    events: int = 0
    attendees: int = 0
    enterprises: int = 0
    appeals: int = 0
    projects: int = 0
    contracted: Decimal = field(default_factory=lambda: Decimal("0"))

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind


@dataclass(frozen=True)
class GatheringCounts:
    rows: list[KindCounts]           # every kind, in the order of Kind
    total: KindCounts

    @property
    def any(self) -> bool:
        return self.total.events > 0


def gatherings_in(user, *, region: Region | None = None, date_from: datetime.date | None = None,
                  date_to: datetime.date | None = None) -> QuerySet[Gathering]:
    """The events the user may see, held in the subtree and the period (by their first day)."""
    gatherings = visible(user, Gathering)
    if region is not None:
        gatherings = gatherings.filter(region.subtree_q("region_id"))
    if date_from is not None:
        gatherings = gatherings.filter(held_on__gte=date_from)
    if date_to is not None:
        gatherings = gatherings.filter(held_on__lte=date_to)
    return gatherings


def counts_by_kind(gatherings: QuerySet[Gathering]) -> GatheringCounts:
    from qinshang.projects.models import Project

    rows = {kind: KindCounts(kind) for kind in Kind.values}
    total = KindCounts("")
    ids = gatherings.values("pk")
    for row in (gatherings.order_by().values("kind")
                .annotate(events=Count("pk"), attendees=Sum("attendees"))):
        rows[row["kind"]].events = row["events"]
        rows[row["kind"]].attendees = row["attendees"] or 0
    attending = Gathering.enterprises.through.objects.filter(gathering_id__in=ids)
    for row in (attending.order_by().values("gathering__kind")
                .annotate(n=Count("enterprise_id", distinct=True))):
        rows[row["gathering__kind"]].enterprises = row["n"]
    total.enterprises = attending.aggregate(n=Count("enterprise_id", distinct=True))["n"]
    raised = Gathering.appeals.through.objects.filter(gathering_id__in=ids)
    for row in (raised.order_by().values("gathering__kind")
                .annotate(n=Count("appeal_id", distinct=True))):
        rows[row["gathering__kind"]].appeals = row["n"]
    for row in (Project.objects.filter(signing_event__in=ids).order_by()
                .values("signing_event__kind")
                .annotate(n=Count("pk"), amount=Sum("contracted_investment"))):
        rows[row["signing_event__kind"]].projects = row["n"]
        rows[row["signing_event__kind"]].contracted = row["amount"] or Decimal("0")
    for row in rows.values():
        total.events += row.events
        total.attendees += row.attendees
        total.appeals += row.appeals
        total.projects += row.projects
        total.contracted += row.contracted
    return GatheringCounts(rows=list(rows.values()), total=total)
