"""The donations as an xlsx workbook (qinshang.core.spreadsheets): one sheet of donations with
their totals, one of the items given. Amounts stay Decimal, so the cells are exact numbers."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, Table, workbook_response, write_tables
from qinshang.donations.models import Donation, DonationItem
from qinshang.donations.selectors import donations_for_export

CHUNK = 2000
AMOUNT = "#,##0.00"


def _division(region) -> str:
    if region.parent_id and region.level == "county":
        return f"{region.parent.name} {region.name}"
    return region.name


def _donation_table(donations: QuerySet[Donation]) -> Table:
    columns: list[Column] = [
        (_("Date"), lambda row: row.donated_on),
        (_("Donor"), lambda row: row.donor_name),
        (_("Kind of donor"), lambda row: row.get_donor_kind_display()),
        (_("Recipient"), lambda row: row.recipient),
        (_("Money (yuan)"), lambda row: row.money),
        (_("Value of items (yuan)"), lambda row: row.items_value),
        (_("Total (yuan)"), lambda row: row.total_value),
        (_("Items"), lambda row: "；".join(str(item) for item in row.items.all())),
        (_("Purpose"), lambda row: row.purpose),
        (_("Division"), lambda row: _division(row.region)),
        (_("Division code"), lambda row: row.region_id),
        (_("Recording office"), lambda row: row.office.name),
    ]
    formats = dict.fromkeys((_("Money (yuan)"), _("Value of items (yuan)"),
                             _("Total (yuan)")), AMOUNT)
    return Table(_("Donations"), columns, donations.iterator(chunk_size=CHUNK), formats=formats)


def _item_rows(donations: QuerySet[Donation]) -> Iterator[DonationItem]:
    items = (DonationItem.objects.filter(donation__in=donations.values("pk"))
             .select_related("donation").order_by("-donation__donated_on", "donation_id", "id"))
    yield from items.iterator(chunk_size=CHUNK)


def _items_table(donations: QuerySet[Donation]) -> Table:
    columns: list[Column] = [
        (_("Date"), lambda item: item.donation.donated_on),
        (_("Donor"), lambda item: item.donation.donor_name),
        (_("Recipient"), lambda item: item.donation.recipient),
        (_("Item"), lambda item: item.name),
        (_("Quantity"), lambda item: item.quantity),
        (_("Unit"), lambda item: item.unit),
        (_("Value (yuan)"), lambda item: item.value),
    ]
    return Table(_("Items"), columns, _item_rows(donations),
                 formats={_("Value (yuan)"): AMOUNT})


def donations_workbook_response(donations: QuerySet[Donation]) -> FileResponse:
    rows = donations_for_export(donations)
    return workbook_response(
        lambda handle: write_tables(handle, [_donation_table(rows), _items_table(donations)]),
        "donations.xlsx")
