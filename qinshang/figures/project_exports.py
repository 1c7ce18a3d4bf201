"""The project funnel as an xlsx workbook: by division and by signing event, with the whole;
amounts as Decimal yuan, rates as the percentages shown on the page (two decimals)."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Table, workbook_response, write_tables
from qinshang.figures.projects import Funnel, FunnelCounts, FunnelRow

MONEY = "#,##0.00"
RATE = "0.00"


def _columns() -> list:
    return [
        (_("Name"), lambda row: row.name),
        (_("Projects signed"), lambda row: row.counts.signed),
        (_("Cancelled"), lambda row: row.counts.cancelled),
        (_("Cancelled amount (yuan)"), lambda row: row.counts.cancelled_amount),
        (_("Projects counted"), lambda row: row.counts.counted),
        (_("Contracted investment (yuan)"), lambda row: row.counts.contracted),
        (_("Funds arrived (yuan)"), lambda row: row.counts.arrived),
        (_("Funds-arrival rate % (amount)"), lambda row: row.counts.funds_rate),
        (_("Construction started"), lambda row: row.counts.constructing),
        (_("Construction-start rate % (count)"), lambda row: row.counts.construction_rate),
        (_("Construction-start rate % (amount)"),
         lambda row: row.counts.construction_rate_by_amount),
        (_("Production started"), lambda row: row.counts.producing),
        (_("Production rate % (count)"), lambda row: row.counts.production_rate),
        (_("Production rate % (amount)"), lambda row: row.counts.production_rate_by_amount),
    ]


def _formats() -> dict[str, str]:
    return {_("Cancelled amount (yuan)"): MONEY, _("Contracted investment (yuan)"): MONEY,
            _("Funds arrived (yuan)"): MONEY, _("Funds-arrival rate % (amount)"): RATE,
            _("Construction-start rate % (count)"): RATE,
            _("Construction-start rate % (amount)"): RATE,
            _("Production rate % (count)"): RATE, _("Production rate % (amount)"): RATE}


def _whole(counts: FunnelCounts) -> FunnelRow:
    return FunnelRow(key="", name=_("Total"), counts=counts)


def _event_name(row: FunnelRow) -> FunnelRow:
    return row if row.name else FunnelRow(key="", name=_("Not at an event"), counts=row.counts)


def funnel_workbook_response(funnel: Funnel) -> FileResponse:
    whole = _whole(funnel.total)
    tables = [
        Table(_("By division"), _columns(), [*funnel.divisions, whole], _formats()),
        Table(_("By signing event"), _columns(),
              [*map(_event_name, funnel.events), whole], _formats()),
    ]
    code = funnel.query.region.code if funnel.query.region is not None else "all"
    return workbook_response(lambda handle: write_tables(handle, tables),
                             f"project-funnel-{code}.xlsx")
