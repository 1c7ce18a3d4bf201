"""A campaign's target list and its visits as xlsx workbooks (qinshang.core.spreadsheets)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.campaigns.models import Campaign, Target, Visit
from qinshang.core.spreadsheets import Column, workbook_response, write_table

CHUNK = 2000


def _city(region) -> str:
    return region.parent.name if region.parent_id and region.level == "county" else ""


def _target_columns() -> list[Column]:
    return [
        (_("City"), lambda t: _city(t.region)),
        (_("County"), lambda t: t.region.name),
        (_("Division code"), lambda t: t.region_id),
        (_("Registered name"), lambda t: t.enterprise.name),
        (_("Trade name"), lambda t: t.enterprise.trade_name),
        (_("Unified social credit code"), lambda t: t.enterprise.credit_code),
        (_("Industry"), lambda t: t.enterprise.industry_label),
        (_("Visited"), lambda t: _("Yes") if t.last_visit else _("No")),
        (_("Last visit"), lambda t: t.last_visit),
    ]


def targets_workbook_response(campaign: Campaign, targets: QuerySet[Target]) -> FileResponse:
    return workbook_response(
        lambda handle: write_table(handle, _("Targets"), _target_columns(),
                                   targets.iterator(chunk_size=CHUNK)),
        f"targets-{campaign.pk}.xlsx")


def _visit_columns() -> list[Column]:
    return [
        (_("Date"), lambda v: v.visited_on),
        (_("City"), lambda v: _city(v.region)),
        (_("County"), lambda v: v.region.name),
        (_("Registered name"), lambda v: v.enterprise.name),
        (_("Unified social credit code"), lambda v: v.enterprise.credit_code),
        (_("Method"), lambda v: v.get_method_display()),
        (_("Visiting team"), lambda v: v.team.name if v.team else ""),
        (_("Visiting staff"), lambda v: "、".join(str(user) for user in v.staff.all())),
        (_("Taiwan business people met"), lambda v: v.people_met),
        (_("Appeals raised"), lambda v: v.appeals_raised),
        (_("Summary of the visit"), lambda v: v.summary),
    ]


def visits_workbook_response(campaign: Campaign, visits: QuerySet[Visit]) -> FileResponse:
    return workbook_response(
        lambda handle: write_table(handle, _("Visits"), _visit_columns(),
                                   visits.iterator(chunk_size=CHUNK)),
        f"visits-{campaign.pk}.xlsx")
