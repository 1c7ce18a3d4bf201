"""Every xlsx the system hands out: a table streamed row by row (openpyxl write-only mode) into
a temporary file, sent as a download."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[str, Callable[[Any], object]]


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_table(handle: BinaryIO, title: str, columns: Sequence[Column],
                records: Iterable) -> int:
    """One sheet: a bold header of the columns' titles, then one row per record."""
    workbook = Workbook(write_only=True)
    rows = _write_sheet(workbook, Table(title, columns, records))
    workbook.save(handle)
    return rows


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook. ``formats`` gives a number format by column heading (rates as
    "0.0%", so that they stay numbers a spreadsheet can compute with)."""

    title: str
    columns: Sequence[Column]
    records: Iterable
    formats: Mapping[str, str] = field(default_factory=dict)


def write_tables(handle: BinaryIO, tables: Sequence[Table]) -> None:
    """Several sheets, each like write_table's."""
    workbook = Workbook(write_only=True)
    for table in tables:
        _write_sheet(workbook, table)
    workbook.save(handle)


def _write_sheet(workbook: Workbook, table: Table) -> int:
    sheet = workbook.create_sheet(table.title)
    header = []
    for heading, _value in table.columns:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    formats = [table.formats.get(heading) for heading, _value in table.columns]
    rows = 0
    for record in table.records:
        sheet.append([_cell(sheet, safe_cell(value(record)), number_format)
                      for (_heading, value), number_format in zip(table.columns, formats,
                                                                  strict=True)])
        rows += 1
    return rows


def _cell(sheet, value, number_format: str | None):
    if number_format is None or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def workbook_response(write: Callable[[BinaryIO], object], filename: str) -> FileResponse:
    # FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
