"""Every xlsx the system hands out: a table streamed row by row (openpyxl write-only mode) into
a temporary file, sent as a download."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
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
    sheet = workbook.create_sheet(title)
    header = []
    for heading, _value in columns:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    rows = 0
    for record in records:
        sheet.append([safe_cell(value(record)) for _heading, value in columns])
        rows += 1
    workbook.save(handle)
    return rows


def workbook_response(write: Callable[[BinaryIO], object], filename: str) -> FileResponse:
    # FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
