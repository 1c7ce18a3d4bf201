"""The appeal inbox as an xlsx workbook, streamed row by row (openpyxl write-only mode), with
plain-text labels so that the sheet reads the same without the application."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.appeals.models import Appeal
from qinshang.core.spreadsheets import workbook_response, write_table


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Spreadsheets have no time zones: the office's local time, without one."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _party(appeal: Appeal) -> str:
    if appeal.enterprise_id:
        return appeal.enterprise.name
    return appeal.person.name if appeal.person_id else ""


def _lead(appeal: Appeal) -> str:
    lead = appeal.lead_assignment
    return lead.department.name if lead else ""


def _co_handlers(appeal: Appeal) -> str:
    return "、".join(a.department.name for a in appeal.assignments.all() if not a.lead)


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def _columns(now: datetime.datetime) -> list[tuple[str, object]]:
    return [
        (_("Reference"), lambda a: a.reference),
        (_("Subject"), lambda a: a.title),
        (_("Enterprise or person"), _party),
        (_("City"), lambda a: a.region.parent.name if a.region.parent_id else ""),
        (_("County"), lambda a: a.region.name),
        (_("Division code"), lambda a: a.region_id),
        (_("Category"), lambda a: a.category.label),
        (_("Kind"), lambda a: str(a.get_kind_display())),
        (_("Channel"), lambda a: str(a.get_channel_display())),
        (_("Priority"), lambda a: str(a.get_priority_display())),
        (_("State"), lambda a: str(a.get_state_display())),
        (_("Overdue"), lambda a: _yes(a.is_overdue(now))),
        (_("Supervised"), lambda a: _yes(a.supervised)),
        (_("Lead department"), _lead),
        (_("Co-handling departments"), _co_handlers),
        (_("Registered"), lambda a: _local(a.registered_at)),
        (_("Answer due"), lambda a: _local(a.answer_due)),
        (_("Answered"), lambda a: _local(a.answered_at)),
        (_("Description"), lambda a: a.description),
        (_("Outcome"), lambda a: str(a.get_outcome_display()) if a.outcome else ""),
        (_("Reply to the appellant"), lambda a: a.reply),
        (_("Rating"), lambda a: str(a.get_rating_display()) if a.rating else ""),
        (_("Handling time (working days)"), lambda a: a.handling_days),
    ]


def write_appeal_workbook(appeals: QuerySet[Appeal], handle) -> int:
    return write_table(handle, _("Appeals"), _columns(timezone.now()),
                       appeals.iterator(chunk_size=2000))


def appeal_workbook_response(appeals: QuerySet[Appeal]) -> FileResponse:
    return workbook_response(lambda handle: write_appeal_workbook(appeals, handle),
                             f"appeals-{timezone.localdate():%Y%m%d}.xlsx")
