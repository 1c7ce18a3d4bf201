"""Policy push figures (issue #6 point 4), defined once for the figures page and its export.

Counted over the deliveries the user may see (an enterprise's delivery belongs to its county),
within a division subtree and the period the push was made in:

- pushed: deliveries made (one per enterprise and push), withdrawn pushes included;
- withdrawn: of those, deliveries of pushes later withdrawn;
- delivered: pushed − withdrawn, the deliveries standing in the enterprises' inboxes;
- emailed: delivered ones whose email copy went out;
- read: delivered ones opened by a portal user of the enterprise;
- read rate: read ÷ delivered.

Each table is one aggregate query (GROUP BY policy, or by child division through the code
prefix), never a loop over rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from qinshang.access import visible
from qinshang.policies.models import Delivery, Policy
from qinshang.regions.models import Region


@dataclass
class PushCounts:
    pushed: int = 0
    withdrawn: int = 0
    emailed: int = 0
    read: int = 0

    @property
    def delivered(self) -> int:
        return self.pushed - self.withdrawn

    @property
    def read_rate(self) -> float | None:
        return self.read / self.delivered if self.delivered else None

    def add(self, other: PushCounts) -> None:
        self.pushed += other.pushed
        self.withdrawn += other.withdrawn
        self.emailed += other.emailed
        self.read += other.read


@dataclass
class FigureRow:
    name: str
    counts: PushCounts
    region: Region | None = None     # a division row, to drill into
    policy: Policy | None = None     # a policy row


STANDING = Q(push__withdrawn_at__isnull=True)
AGGREGATES = {
    "pushed": Count("id"),
    "withdrawn": Count("id", filter=Q(push__withdrawn_at__isnull=False)),
    "emailed": Count("id", filter=STANDING & Q(emailed_at__isnull=False)),
    "read": Count("id", filter=STANDING & Q(read_at__isnull=False)),
}


def deliveries_in(user, *, region: Region | None, date_from: datetime.date | None,
                  date_to: datetime.date | None) -> QuerySet[Delivery]:
    deliveries = visible(user, Delivery)
    if region is not None:
        deliveries = deliveries.filter(region.subtree_q("region_id"))
    if date_from is not None:
        deliveries = deliveries.filter(push__pushed_at__date__gte=date_from)
    if date_to is not None:
        deliveries = deliveries.filter(push__pushed_at__date__lte=date_to)
    return deliveries


def _counts(row: dict) -> PushCounts:
    return PushCounts(**{name: row[name] for name in AGGREGATES})


def total(deliveries: QuerySet[Delivery]) -> PushCounts:
    return _counts(deliveries.order_by().aggregate(**AGGREGATES))


def by_policy(deliveries: QuerySet[Delivery]) -> list[FigureRow]:
    """One row per policy pushed, most deliveries first."""
    rows = list(deliveries.order_by().values("push__policy_id").annotate(**AGGREGATES))
    policies = Policy.objects.in_bulk([row["push__policy_id"] for row in rows])
    figures = [FigureRow(policies[row["push__policy_id"]].title, _counts(row),
                         policy=policies[row["push__policy_id"]]) for row in rows]
    return sorted(figures, key=lambda row: (-row.counts.pushed, row.name))


def child_prefix_length(region: Region | None) -> int:
    """How many code digits name the divisions one level below: the cities of a province
    (4), the counties of a city or of the whole country (6 or 2)."""
    if region is None:
        return 2
    return {Region.Level.PROVINCE: 4, Region.Level.CITY: 6}.get(region.level, 6)


def by_division(deliveries: QuerySet[Delivery], region: Region | None) -> list[FigureRow]:
    """One row per division one level below ``region`` (a county: itself)."""
    length = child_prefix_length(region)
    rows = list(deliveries.order_by().annotate(child=Substr("region_id", 1, length))
                .values("child").annotate(**AGGREGATES).order_by("child"))
    codes = {row["child"]: row["child"].ljust(6, "0") for row in rows}
    regions = Region.objects.in_bulk(list(codes.values()))
    figures = []
    for row in rows:
        child = regions.get(codes[row["child"]])
        figures.append(FigureRow(child.name if child else row["child"], _counts(row),
                                 region=child))
    return figures
