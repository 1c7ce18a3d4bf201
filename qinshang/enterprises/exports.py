"""The enterprise list as an xlsx workbook, streamed row by row (openpyxl write-only mode)."""

from __future__ import annotations

import tempfile

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from qinshang.enterprises.models import Enterprise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns() -> list[tuple[str, object]]:
    return [
        (_("Registered name"), lambda e: e.name),
        (_("Trade name"), lambda e: e.trade_name),
        (_("Unified social credit code"), lambda e: e.credit_code),
        (_("City"), lambda e: e.region.parent.name if e.region.parent_id else ""),
        (_("County"), lambda e: e.region.name),
        (_("Division code"), lambda e: e.region_id),
        (_("Address"), lambda e: e.address),
        (_("Industry"), lambda e: e.industry_label),
        (_("Origin"), lambda e: e.origin_label),
        (_("Registered capital (CNY 10,000)"), lambda e: e.registered_capital),
        (_("Total investment (CNY 10,000)"), lambda e: e.total_investment),
        (_("Employees"), lambda e: e.employees),
        (_("Status"), lambda e: e.status_label),
        (_("Tags"), lambda e: "、".join(tag.name for tag in e.tags.all())),
        (_("Liaison officer"), lambda e: str(e.liaison_officer or "")),
    ]


def _safe(value):
    """Text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_enterprise_workbook(enterprises: QuerySet[Enterprise], handle) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Enterprises"))
    columns = _columns()
    header = []
    for title, _value in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    rows = 0
    for enterprise in enterprises.iterator(chunk_size=2000):
        sheet.append([_safe(value(enterprise)) for _title, value in columns])
        rows += 1
    workbook.save(handle)
    return rows


def enterprise_workbook_response(enterprises: QuerySet[Enterprise]) -> FileResponse:
    # FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_enterprise_workbook(enterprises, handle)
    handle.seek(0)
    filename = f"enterprises-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
