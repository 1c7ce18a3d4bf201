"""The list of events as an xlsx workbook (qinshang.core.spreadsheets)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, workbook_response, write_table
from qinshang.gatherings.models import Gathering

CHUNK = 2000


def division_name(region) -> str:
    if region.level == "county" and region.parent_id:
        return f"{region.parent.name} {region.name}"
    return region.name


def _columns() -> list[Column]:
    return [
        (_("Date"), lambda g: g.held_on),
        (_("Last day"), lambda g: g.ends_on),
        (_("Kind"), lambda g: g.get_kind_display()),
        (_("Title"), lambda g: g.title),
        (_("Organising office"), lambda g: g.office.name),
        (_("Division"), lambda g: division_name(g.region)),
        (_("Place"), lambda g: g.place),
        (_("Campaign"), lambda g: g.campaign.name if g.campaign else ""),
        (_("Visiting team"), lambda g: g.team.name if g.team else ""),
        (_("Number of attendees"), lambda g: g.attendees),
        (_("Enterprises attending"), lambda g: g.enterprise_count),
        (_("Appeals raised"), lambda g: g.appeal_count),
        (_("Projects signed"), lambda g: g.project_count),
    ]


def gatherings_workbook_response(gatherings: QuerySet[Gathering]) -> FileResponse:
    return workbook_response(
        lambda handle: write_table(handle, _("Events"), _columns(),
                                   gatherings.iterator(chunk_size=CHUNK)),
        "events.xlsx")
