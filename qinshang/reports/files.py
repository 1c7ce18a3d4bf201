"""The report as a file: written by the docx or xlsx writer, sent as a download (the page) or
saved (the ``report`` command)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import BinaryIO

from django.http import FileResponse

from qinshang.core.spreadsheets import XLSX, workbook_response
from qinshang.reports.docx_writer import DOCX, write_docx
from qinshang.reports.summary import SummaryReport
from qinshang.reports.xlsx_writer import write_xlsx

WRITERS: dict[str, Callable[[SummaryReport, BinaryIO], None]] = {
    "docx": write_docx,
    "xlsx": write_xlsx,
}
CONTENT_TYPES = {"docx": DOCX, "xlsx": XLSX}
FORMATS = tuple(WRITERS)


def filename(report: SummaryReport, file_format: str) -> str:
    return f"{report.filename_stem}.{file_format}"


def write_report(report: SummaryReport, file_format: str, handle: BinaryIO) -> None:
    WRITERS[file_format](report, handle)


def report_response(report: SummaryReport, file_format: str) -> FileResponse:
    """The download, its name in the Content-Disposition header (UTF-8, RFC 6266)."""
    if file_format == "xlsx":
        return workbook_response(lambda handle: write_xlsx(report, handle),
                                 filename(report, file_format))
    # FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_report(report, file_format, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename(report, file_format),
                        content_type=CONTENT_TYPES[file_format])
