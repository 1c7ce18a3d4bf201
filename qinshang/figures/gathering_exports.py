"""Event counts by kind as an xlsx workbook; amounts stay Decimal (yuan)."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, workbook_response, write_table
from qinshang.figures.gathering_forms import CountsQuery
from qinshang.figures.gatherings import GatheringCounts


def _columns() -> list[Column]:
    return [
        (_("Kind"), lambda row: row.label or _("Total")),
        (_("Events"), lambda row: row.events),
        (_("Attendees"), lambda row: row.attendees),
        (_("Enterprises attending"), lambda row: row.enterprises),
        (_("Appeals raised"), lambda row: row.appeals),
        (_("Projects signed"), lambda row: row.projects),
        (_("Contracted investment (yuan)"), lambda row: row.contracted),
    ]


def counts_workbook_response(counts: GatheringCounts, query: CountsQuery) -> FileResponse:
    name = "-".join(part for part in (
        "event-counts", query.region.code if query.region else "",
        query.date_from.isoformat() if query.date_from else "",
        query.date_to.isoformat() if query.date_to else "") if part)
    return workbook_response(
        lambda handle: write_table(handle, _("Events by kind"), _columns(),
                                   [*counts.rows, counts.total]),
        f"{name}.xlsx")
