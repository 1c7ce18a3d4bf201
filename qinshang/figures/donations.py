"""Donation totals (捐款捐物, issue #6 point 7), defined once for the totals page and its export:
money, the value of the items and their sum, with the number of donations, for a division's
subtree and a period, by child division, by kind of donor, by month and by donor.

Each table is one GROUP BY over the donations (the items' value is kept on the donation by the
services, so no table joins the items); the total row is the sum of the division table's rows.
Amounts are Decimal throughout."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear, Substr

from qinshang.access import visible
from qinshang.donations.models import Donation, DonorKind
from qinshang.donations.selectors import cents
from qinshang.regions.models import Region

ZERO = Decimal("0")
TOP_DONORS = 20


@dataclass(frozen=True)
class DonationSums:
    donations: int = 0
    money: Decimal = ZERO
    items_value: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.money + self.items_value

    def __add__(self, other: DonationSums) -> DonationSums:
        return DonationSums(self.donations + other.donations, self.money + other.money,
                            self.items_value + other.items_value)


@dataclass
class SumRow:
    key: str
    name: str
    sums: DonationSums
    region: Region | None = None  # a division one can drill into


def _sums() -> dict:
    return {"n": Count("pk"), "money_sum": Sum("money"), "items_sum": Sum("items_value")}


def _of(row: dict) -> DonationSums:
    return DonationSums(row["n"], cents(row["money_sum"]), cents(row["items_sum"]))


def donations_in(user, *, region: Region | None = None, date_from: datetime.date | None = None,
                 date_to: datetime.date | None = None,
                 donor_kind: str = "") -> QuerySet[Donation]:
    donations = visible(user, Donation)
    if region is not None:
        donations = donations.filter(region.subtree_q("region_id"))
    if date_from is not None:
        donations = donations.filter(donated_on__gte=date_from)
    if date_to is not None:
        donations = donations.filter(donated_on__lte=date_to)
    if donor_kind:
        donations = donations.filter(donor_kind=donor_kind)
    return donations.order_by()


def _child_length(root: Region | None) -> int:
    """Code digits naming the divisions one level below ``root`` (a county: itself)."""
    if root is None:
        return 2
    return {Region.Level.PROVINCE: 4, Region.Level.CITY: 6}.get(root.level, 6)


def by_division(donations: QuerySet[Donation], root: Region | None) -> list[SumRow]:
    length = _child_length(root)
    rows = (donations.annotate(area=Substr("region_id", 1, length)).values("area")
            .annotate(**_sums()).order_by("area"))
    sums = {row["area"].ljust(6, "0"): _of(row) for row in rows}
    regions = Region.objects.filter(code__in=list(sums)).in_bulk()
    result = []
    for code, row_sums in sums.items():
        region = regions.get(code)
        own = root is not None and code == root.code
        result.append(SumRow(code, region.name if region else code, row_sums,
                             region=None if own else region))
    return result


def by_donor_kind(donations: QuerySet[Donation]) -> list[SumRow]:
    rows = {row["donor_kind"]: _of(row)
            for row in donations.values("donor_kind").annotate(**_sums())}
    return [SumRow(value, str(label), rows[value]) for value, label in DonorKind.choices
            if value in rows]


def by_month(donations: QuerySet[Donation]) -> list[SumRow]:
    rows = (donations.annotate(year=ExtractYear("donated_on"), month=ExtractMonth("donated_on"))
            .values("year", "month").annotate(**_sums()).order_by("year", "month"))
    return [SumRow(f"{row['year']}-{row['month']:02d}", f"{row['year']}-{row['month']:02d}",
                   _of(row)) for row in rows]


@dataclass(frozen=True)
class DonorRow:
    name: str
    kind: str
    enterprise_id: int | None
    person_id: int | None
    sums: DonationSums


def by_donor(donations: QuerySet[Donation], limit: int = TOP_DONORS) -> list[DonorRow]:
    """The largest donors by total value: an enterprise or person on file is one donor whatever
    name was written; associations by name."""
    rows = (donations.values("donor_kind", "enterprise_id", "person_id", "donor_name")
            .annotate(**_sums())
            .annotate(whole=F("money_sum") + F("items_sum"))
            .order_by("-whole", "donor_name")[:limit])
    labels = dict(DonorKind.choices)
    return [DonorRow(row["donor_name"], str(labels.get(row["donor_kind"], "")),
                     row["enterprise_id"], row["person_id"], _of(row)) for row in rows]


def total(rows: list[SumRow]) -> DonationSums:
    whole = DonationSums()
    for row in rows:
        whole = whole + row.sums
    return whole


@dataclass(frozen=True)
class DonationTotals:
    region: Region | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: DonationSums
    divisions: list[SumRow]   # empty for a county: nothing below it
    kinds: list[SumRow]
    months: list[SumRow]
    donors: list[DonorRow]


def donation_totals(user, *, region: Region | None, date_from: datetime.date | None = None,
                    date_to: datetime.date | None = None,
                    donor_kind: str = "") -> DonationTotals:
    donations = donations_in(user, region=region, date_from=date_from, date_to=date_to,
                             donor_kind=donor_kind)
    divisions = by_division(donations, region)
    drillable = region is None or region.level != Region.Level.COUNTY
    return DonationTotals(region=region, date_from=date_from, date_to=date_to,
                          total=total(divisions), divisions=divisions if drillable else [],
                          kinds=by_donor_kind(donations), months=by_month(donations),
                          donors=by_donor(donations))
