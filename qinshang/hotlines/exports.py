"""The hotlines and the call log as xlsx workbooks (qinshang.core.spreadsheets)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qinshang.access import visible
from qinshang.core.spreadsheets import Column, workbook_response, write_table
from qinshang.figures.hotlines import latest_counts
from qinshang.hotlines.models import Call, Hotline, TestCall
from qinshang.hotlines.selectors import hours_summary

CHUNK = 2000


def _division(region) -> str:
    if region.parent_id and region.level == "county":
        return f"{region.parent.name} {region.name}"
    return region.name


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def hotlines_workbook_response(user, hotlines: QuerySet[Hotline]) -> FileResponse:
    latest = latest_counts(visible(user, TestCall).filter(hotline__in=hotlines.values("pk")))

    def band(line: Hotline) -> str:
        group = latest.get(line.pk)
        return group.counts.band.label if group else ""

    columns: list[Column] = [
        (_("Phone number"), lambda line: line.number),
        (_("Division"), lambda line: _division(line.region)),
        (_("Division code"), lambda line: line.region_id),
        (_("Answering office"), lambda line: line.office.name),
        (pgettext("hotline", "Purpose"), lambda line: line.purpose),
        (_("Hours"), hours_summary),
        (_("In service since"), lambda line: line.starts_on),
        (_("Status"), lambda line: line.get_status_display()),
        (_("Latest band"), band),
    ]
    return workbook_response(
        lambda handle: write_table(handle, _("Hotlines"), columns,
                                   hotlines.iterator(chunk_size=CHUNK)),
        "hotlines.xlsx")


def calls_workbook_response(calls: QuerySet[Call]) -> FileResponse:
    columns: list[Column] = [
        (_("Time"), lambda call: _local(call.received_at)),
        (_("Line"), lambda call: call.hotline.number),
        (_("Answering office"), lambda call: call.hotline.office.name),
        (_("Caller"), lambda call: call.caller_name),
        (_("Caller's number"), lambda call: call.caller_phone),
        (_("Enterprise"), lambda call: call.enterprise.name if call.enterprise else ""),
        (_("Person"), lambda call: call.person.name if call.person else ""),
        (_("Topic"), lambda call: call.topic),
        (_("What was said"), lambda call: call.summary),
        (_("Outcome"), lambda call: call.get_outcome_display()),
        (_("Appeal"), lambda call: call.appeal.reference if call.appeal else ""),
        (_("Taken by"), lambda call: str(call.taken_by)),
    ]
    return workbook_response(
        lambda handle: write_table(handle, _("Calls"), columns, calls.iterator(chunk_size=CHUNK)),
        "hotline-calls.xlsx")
