"""The enterprise list as an xlsx workbook, streamed row by row (openpyxl write-only mode)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import workbook_response, write_table
from qinshang.enterprises.models import Enterprise


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


def write_enterprise_workbook(enterprises: QuerySet[Enterprise], handle) -> int:
    return write_table(handle, _("Enterprises"), _columns(),
                       enterprises.iterator(chunk_size=2000))


def enterprise_workbook_response(enterprises: QuerySet[Enterprise]) -> FileResponse:
    return workbook_response(lambda handle: write_enterprise_workbook(enterprises, handle),
                             f"enterprises-{timezone.localdate():%Y%m%d}.xlsx")
