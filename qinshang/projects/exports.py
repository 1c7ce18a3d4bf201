"""The project list as an xlsx workbook (qinshang.core.spreadsheets); amounts stay Decimal."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, workbook_response, write_table
from qinshang.projects.models import Project

CHUNK = 2000


def _division(region) -> str:
    if region.parent_id and region.level == "county":
        return f"{region.parent.name} {region.name}"
    return region.name


def projects_workbook_response(projects: QuerySet[Project]) -> FileResponse:
    columns: list[Column] = [
        (_("Project number"), lambda project: project.pk),
        (_("Project"), lambda project: project.name),
        (_("Investor"), lambda project: project.investor),
        (_("Investor's origin"), lambda project: project.get_investor_origin_display()),
        (_("Division"), lambda project: _division(project.region)),
        (_("Division code"), lambda project: project.region_id),
        (_("Industry"), lambda project: project.get_industry_display()),
        (_("Signed on"), lambda project: project.signed_on),
        (_("Signed at"), lambda project: project.signing_event.title
         if project.signing_event else ""),
        (_("Contracted investment (yuan)"), lambda project: project.contracted_investment),
        (_("Funds arrived (yuan)"), lambda project: project.funds_arrived),
        (_("Local enterprise"), lambda project: project.enterprise.name
         if project.enterprise else ""),
        (_("Enterprise registered"), lambda project: project.registered_on),
        (_("Construction started"), lambda project: project.construction_started_on),
        (_("Production started"), lambda project: project.production_started_on),
        (_("Stalled since"), lambda project: project.stalled_since),
        (_("Cancelled on"), lambda project: project.cancelled_on),
        (_("Office following it"), lambda project: project.office.name),
    ]
    return workbook_response(
        lambda handle: write_table(handle, _("Investment projects"), columns,
                                   projects.iterator(chunk_size=CHUNK)),
        "projects.xlsx")
