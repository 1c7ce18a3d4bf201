"""The donation totals as an xlsx workbook: by division (with the total), by kind of donor, by
month and by donor. Amounts are Decimal cells in a thousands format."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, Table, workbook_response, write_tables
from qinshang.figures.donations import DonationTotals, SumRow

AMOUNT = "#,##0.00"


def _sum_columns() -> list[Column]:
    return [
        (_("Donations"), lambda row: row.sums.donations),
        (_("Money (yuan)"), lambda row: row.sums.money),
        (_("Value of items (yuan)"), lambda row: row.sums.items_value),
        (_("Total (yuan)"), lambda row: row.sums.total),
    ]


def _formats() -> dict[str, str]:
    return {_("Money (yuan)"): AMOUNT, _("Value of items (yuan)"): AMOUNT,
            _("Total (yuan)"): AMOUNT}


def _with_total(rows: list[SumRow], totals: DonationTotals) -> Iterator[SumRow]:
    yield from rows
    yield SumRow("", _("Total"), totals.total)


def _table(title: str, heading: str, rows, key: bool = False) -> Table:
    columns: list[Column] = [(heading, lambda row: row.name)]
    if key:
        columns.append((_("Division code"), lambda row: row.key))
    return Table(title, columns + _sum_columns(), rows, formats=_formats())


def totals_workbook_response(totals: DonationTotals) -> FileResponse:
    divisions = totals.divisions or [SumRow(totals.region.code if totals.region else "",
                                            totals.region.name if totals.region else "",
                                            totals.total)]
    tables = [
        _table(_("By division"), _("Division"), _with_total(divisions, totals), key=True),
        _table(_("By kind of donor"), _("Kind of donor"), _with_total(totals.kinds, totals)),
        _table(_("By month"), _("Month"), _with_total(totals.months, totals)),
        Table(_("By donor"), [(_("Donor"), lambda row: row.name),
                              (_("Kind of donor"), lambda row: row.kind), *_sum_columns()],
              totals.donors, formats=_formats()),
    ]
    code = totals.region.code if totals.region else "all"
    return workbook_response(lambda handle: write_tables(handle, tables),
                             f"donations-{code}.xlsx")
