"""The summary report as a workbook (openpyxl): sheet 1 "总结" with the title, the facts, the
sentences, the table by division and a native bar chart drawn from that table; sheet 2 "分类"
the appeals by category; sheet 3 "阶段与走访组" the phases and the teams.

Text goes through ``safe_cell`` (a name starting with "=" must not run as a formula); rates are
numbers formatted as percentages, so that the sheet can compute with them.
"""

from __future__ import annotations

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from qinshang.core.spreadsheets import safe_cell
from qinshang.reports.summary import (
    NO_RATE,
    TARGETS_COLUMN,
    TARGETS_VISITED_COLUMN,
    Cell,
    Rate,
    SummaryReport,
    Table,
)

SUMMARY_SHEET, CATEGORY_SHEET, PHASE_TEAM_SHEET = "总结", "分类", "阶段与走访组"
PERCENT = "0.0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAPPED = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _value(cell: Cell):
    if isinstance(cell, int):
        return cell
    if isinstance(cell, Rate):
        return NO_RATE if cell.value is None else cell.value
    return safe_cell(str(cell))


def _write_row(sheet: Worksheet, row: int, cells: tuple[Cell, ...], *, bold: bool = False,
               header: bool = False) -> None:
    for column, cell in enumerate(cells, start=1):
        target = sheet.cell(row=row, column=column, value=_value(cell))
        if isinstance(cell, Rate) and cell.value is not None:
            target.number_format = PERCENT
        if bold or header:
            target.font = BOLD
        if header:
            target.fill = HEADER_FILL
            target.alignment = WRAPPED


def _write_table(sheet: Worksheet, row: int, table: Table, heading: str) -> tuple[int, int]:
    """The table from ``row`` down: its heading, header, rows and total. Returns the rows of
    the header and of the last body row."""
    sheet.cell(row=row, column=1, value=safe_cell(heading)).font = Font(bold=True, size=12)
    header_row = row + 1
    _write_row(sheet, header_row, table.headers, header=True)
    for offset, cells in enumerate(table.rows, start=1):
        _write_row(sheet, header_row + offset, cells)
    last_body = header_row + len(table.rows)
    if table.total is not None:
        _write_row(sheet, last_body + 1, table.total, bold=True)
    return header_row, last_body


def _column_widths(sheet: Worksheet, columns: int, first: float = 18, others: float = 12) -> None:
    sheet.column_dimensions["A"].width = first
    for column in range(2, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = others


def _chart(sheet: Worksheet, report: SummaryReport, header_row: int, last_body: int,
           anchor: str) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = report.chart.title
    chart.y_axis.title = "企业（家）"
    # openpyxl 3.1 hides the axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 24, 9
    data = Reference(sheet, min_col=TARGETS_COLUMN + 1, max_col=TARGETS_VISITED_COLUMN + 1,
                     min_row=header_row, max_row=last_body)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_body))
    sheet.add_chart(chart, anchor)


def _summary_sheet(sheet: Worksheet, report: SummaryReport) -> None:
    sheet.title = SUMMARY_SHEET
    sheet.cell(row=1, column=1, value=safe_cell(report.title)).font = Font(bold=True, size=14)
    row = 2
    for label, value in report.facts:
        sheet.cell(row=row, column=1, value=safe_cell(f"{label}：{value}"))
        row += 1
    row += 1
    for sentence in report.sentences:
        sheet.cell(row=row, column=1, value=safe_cell(sentence))
        row += 1
    header_row, last_body = _write_table(sheet, row + 1, report.divisions,
                                         f"一、{report.divisions.title}")
    _column_widths(sheet, len(report.divisions.headers))
    sheet.row_dimensions[header_row].height = 32
    end = last_body + (report.divisions.total is not None)
    _chart(sheet, report, header_row, last_body, f"A{end + 2}")


def _category_sheet(sheet: Worksheet, report: SummaryReport) -> None:
    _write_table(sheet, 1, report.appeals, f"二、{report.appeals.title}")
    _column_widths(sheet, len(report.appeals.headers))


def _phase_team_sheet(sheet: Worksheet, report: SummaryReport) -> None:
    tables = [table for table in (report.phases, report.teams) if table is not None]
    if not tables:
        sheet.cell(row=1, column=1, value="本活动未设阶段和走访组。")
    row = 1
    numerals = "三四"
    for numeral, table in zip(numerals, tables, strict=False):
        _header, last_body = _write_table(sheet, row, table, f"{numeral}、{table.title}")
        row = last_body + (table.total is not None) + 2
    _column_widths(sheet, max((len(table.headers) for table in tables), default=1), first=22)


def write_xlsx(report: SummaryReport, handle: BinaryIO) -> None:
    workbook = Workbook()
    _summary_sheet(workbook.active, report)
    _category_sheet(workbook.create_sheet(CATEGORY_SHEET), report)
    _phase_team_sheet(workbook.create_sheet(PHASE_TEAM_SHEET), report)
    workbook.properties.title = report.title
    workbook.properties.creator = report.office
    workbook.save(handle)
