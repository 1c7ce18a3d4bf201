"""The dashboard's table as an xlsx workbook: plain numbers, rates as numbers in % format."""

from __future__ import annotations

from collections.abc import Callable

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from qinshang.core.spreadsheets import safe_cell, workbook_response
from qinshang.figures.appeals import AppealFigures, Breakdown
from qinshang.figures.forms import FiguresQuery

PERCENT = "0.0%"
ONE_DECIMAL = "0.0"


def _columns() -> list[tuple[str, Callable[[AppealFigures], object], str | None]]:
    """(title, value, number format) of each figure column."""
    return [
        (_("Registered"), lambda f: f.registered, None),
        (_("Open"), lambda f: f.open, None),
        (_("Overdue"), lambda f: f.overdue, None),
        (_("Answered"), lambda f: f.answered, None),
        (_("Resolved"), lambda f: f.resolved, None),
        (_("Answered on time"), lambda f: f.answered_on_time, None),
        (_("Rated"), lambda f: f.rated, None),
        (_("Satisfied"), lambda f: f.satisfied, None),
        (_("Supervised"), lambda f: f.supervised, None),
        (pgettext("appeal state", "Closed"), lambda f: f.closed, None),
        (_("Not accepted"), lambda f: f.rejected, None),
        (_("Response rate"), lambda f: f.response_rate, PERCENT),
        (_("Resolution rate"), lambda f: f.resolution_rate, PERCENT),
        (_("Satisfaction rate"), lambda f: f.satisfaction_rate, PERCENT),
        (_("On-time rate"), lambda f: f.on_time_rate, PERCENT),
        (_("Mean handling time (working days)"), lambda f: f.mean_handling_days, ONE_DECIMAL),
    ]


def _scope_name(breakdown: Breakdown) -> str:
    return breakdown.root.name if breakdown.root is not None else _("All in my jurisdiction")


def write_appeal_figures(breakdown: Breakdown, query: FiguresQuery, handle) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Appeal figures")
    columns = _columns()
    first = _("Division") if breakdown.by_area else _("Category")
    sheet.append([first, _("Code"), *(title for title, _value, _format in columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in breakdown.rows:
        _append(sheet, [row.name, row.code], row.figures, columns)
    _append(sheet, [_("Total"), ""], breakdown.total, columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.freeze_panes = "C2"
    about = workbook.create_sheet(_("About"))
    for label, value in [
        (_("Division"), _scope_name(breakdown)),
        (_("Registered from"), query.date_from),
        (_("Registered to"), query.date_to),
        (_("Computed at"), timezone.localtime().replace(tzinfo=None, microsecond=0)),
        (_("Note"), _("Merged duplicates are not counted. Rates are empty when nothing is "
                      "counted in them.")),
    ]:
        about.append([label, value])
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 24
    workbook.save(handle)


def _append(sheet, first: list, figures: AppealFigures, columns) -> None:
    sheet.append([*(safe_cell(text) for text in first),
                  *(value(figures) for _title, value, _format in columns)])
    for offset, (_title, _value, number_format) in enumerate(columns):
        if number_format:
            sheet.cell(row=sheet.max_row, column=len(first) + offset + 1).number_format = \
                number_format


def appeal_figures_workbook_response(breakdown: Breakdown, query: FiguresQuery) -> FileResponse:
    code = breakdown.root.code if breakdown.root is not None else "all"
    return workbook_response(
        lambda handle: write_appeal_figures(breakdown, query, handle),
        f"appeal-figures-{code}-{query.date_from:%Y%m%d}-{query.date_to:%Y%m%d}.xlsx")
