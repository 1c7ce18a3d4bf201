"""The policy push figures as an xlsx workbook: by policy, by division; rates as numbers in %
format."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Table, workbook_response, write_tables
from qinshang.figures.policies import FigureRow, PushCounts

PERCENT = "0.0%"


def _columns(first: str) -> list:
    return [
        (first, lambda row: row.name),
        (_("Pushed"), lambda row: row.counts.pushed),
        (_("Withdrawn"), lambda row: row.counts.withdrawn),
        (_("Delivered"), lambda row: row.counts.delivered),
        (_("Emailed"), lambda row: row.counts.emailed),
        (_("Read"), lambda row: row.counts.read),
        (_("Read rate"), lambda row: row.counts.read_rate),
    ]


def push_figures_workbook_response(figures) -> FileResponse:
    whole = FigureRow(_("Total"), PushCounts())
    whole.counts.add(figures.total)
    formats = {_("Read rate"): PERCENT}
    tables = [
        Table(_("By policy"), _columns(_("Policy")), [*figures.policies, whole], formats),
        Table(_("By division"), _columns(_("Division")), [*figures.divisions, whole], formats),
    ]
    code = figures.query.region.code if figures.query.region is not None else "all"
    return workbook_response(lambda handle: write_tables(handle, tables),
                             f"policy-pushes-{code}.xlsx")
