"""Every read of the donation pages, already limited to what the user may see: the list with its
filters and the totals of the filtered set (one aggregate query), one donation with its items,
and the choices of the forms."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Sum

from qinshang.access import get_for_user, principal_of, visible, writable
from qinshang.core.money import CENT, WAN
from qinshang.donations.models import Donation
from qinshang.enterprises.models import Enterprise, Person
from qinshang.offices.models import Office
from qinshang.regions.models import Region
from qinshang.search.query import matching

ZERO = Decimal("0")


# --- choices for filters and forms -------------------------------------------------------------

def divisions_in_reach(user) -> QuerySet[Region]:
    return (visible(user, Region, Region.objects.current())
            .select_related("parent").order_by("code"))


def offices_in_reach(user, *, write: bool = False) -> QuerySet[Office]:
    return (Office.objects.filter(principal_of(user).region_q("region_id", write=write))
            .select_related("region").order_by("region_id"))


def donors_to_pick(user) -> tuple[QuerySet[Enterprise], QuerySet[Person]]:
    """The enterprises and persons the user may file a donation under."""
    return (writable(user, Enterprise).order_by("region_id", "name", "id"),
            writable(user, Person).order_by("region_id", "name", "id"))


# --- the list ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DonationFilter:
    donor_kind: str = ""
    region: Region | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    search: str = ""


def donation_list(user, criteria: DonationFilter) -> QuerySet[Donation]:
    donations = visible(user, Donation)
    if criteria.donor_kind:
        donations = donations.filter(donor_kind=criteria.donor_kind)
    if criteria.region is not None:
        donations = donations.filter(criteria.region.subtree_q("region_id"))
    if criteria.date_from is not None:
        donations = donations.filter(donated_on__gte=criteria.date_from)
    if criteria.date_to is not None:
        donations = donations.filter(donated_on__lte=criteria.date_to)
    donations = matching(donations, criteria.search)
    return donations.order_by("-donated_on", "-id")


@dataclass(frozen=True)
class DonationTotals:
    """The money, the items' value and the donations of a set of donations."""

    donations: int = 0
    money: Decimal = ZERO
    items_value: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.money + self.items_value

    @property
    def total_in_wan(self) -> str:
        """The total as a report writes it: "18.7" (万元, one decimal)."""
        return wan_rounded(self.total)


def wan_rounded(amount: Decimal) -> str:
    """187000 → "18.7", 20000000 → "2,000": 万元 with at most one decimal, as the offices'
    reports write a total ("总价值约18.7万元")."""
    tenths = (Decimal(amount) / WAN).quantize(Decimal("0.1"))
    text = f"{tenths:,}"
    return text[:-2] if text.endswith(".0") else text


def totals_of(donations: QuerySet[Donation]) -> DonationTotals:
    """One aggregate query over the (filtered) donations."""
    row = donations.order_by().aggregate(count=Count("pk"), money=Sum("money"),
                                         items=Sum("items_value"))
    return DonationTotals(donations=row["count"], money=cents(row["money"]),
                          items_value=cents(row["items"]))


def cents(amount: Decimal | None) -> Decimal:
    """A sum as the database returns it (SQLite adds digits: 187000.200000000) to the cent."""
    return (amount or ZERO).quantize(CENT)


def donation_page(donations: QuerySet[Donation], number) -> Page:
    rows = (donations.select_related("region__parent", "office", "enterprise", "person")
            .prefetch_related("items"))
    return Paginator(rows, settings.QINSHANG_PAGE_SIZE).get_page(number)


def donations_for_export(donations: QuerySet[Donation]) -> QuerySet[Donation]:
    return donations.select_related("region__parent", "office").prefetch_related("items")


# --- one donation ------------------------------------------------------------------------------

def donation_detail(user, pk, *, write: bool = False) -> Donation:
    queryset = (Donation.objects.select_related("region__parent", "office", "enterprise",
                                                "person", "recorded_by")
                .prefetch_related("items"))
    return get_for_user(user, Donation, pk, write=write, queryset=queryset)

