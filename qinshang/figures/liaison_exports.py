"""The quarterly liaison compliance table of an office as an xlsx workbook: every plan with the
contacts made in the quarter and where it stood at the quarter's end, then the summary by person
with the office's total."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, Table, workbook_response, write_tables
from qinshang.figures.liaison import ComplianceRow, QuarterTable
from qinshang.liaison.exports import plan_columns, standing_columns

PERCENT = "0.0%"


def _plan_table(table: QuarterTable) -> Table:
    def standing(column: Column) -> Column:
        heading, value = column
        return heading, lambda row: value(row.standing)

    columns = [standing(column) for column in plan_columns()[1:]]  # the office is the sheet's
    columns.insert(6, (_("Contacts in the quarter"), lambda row: row.contacts))
    columns += [standing(column) for column in standing_columns()]
    return Table(_("Plans"), columns, table.rows)


def _people_lines(table: QuarterTable) -> Iterator[ComplianceRow]:
    yield from table.people
    yield ComplianceRow("", _("Total"), table.total)


def _people_table(table: QuarterTable) -> Table:
    columns: list[Column] = [
        (_("Who"), lambda row: row.name),
        (_("Plans"), lambda row: row.counts.plans),
        (_("Kept"), lambda row: row.counts.kept),
        (_("Overdue"), lambda row: row.counts.overdue),
        (_("Not yet due"), lambda row: row.counts.not_yet_due),
        (_("Share kept"), lambda row: row.counts.share_kept),
    ]
    return Table(_("By person"), columns, _people_lines(table),
                 formats={_("Share kept"): PERCENT})


def _about(table: QuarterTable) -> Table:
    lines = [
        (_("Office"), table.office.name),
        (_("Quarter"), f"{table.year} Q{table.quarter}"),
        (_("Period"), f"{table.first_day.isoformat()} – {table.last_day.isoformat()}"),
        (_("Standing on"), table.on.isoformat()),
        (_("Share kept"), _("Plans kept ÷ (plans kept + plans overdue); plans whose first "
                            "contact is not yet due are shown but not counted.")),
    ]
    return Table(_("About"), [(_("Item"), lambda line: line[0]),
                                  (_("Value"), lambda line: line[1])], lines)


def quarter_workbook_response(table: QuarterTable) -> FileResponse:
    return workbook_response(
        lambda handle: write_tables(handle, [_plan_table(table), _people_table(table),
                                             _about(table)]),
        f"liaison-{table.office.region_id}-{table.year}Q{table.quarter}.xlsx")

