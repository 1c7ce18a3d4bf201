"""Liaison compliance (DESIGN.md §5): the share of plans kept for a division on a day, by child
division, office and person; and the quarterly compliance table of one office, with its xlsx."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qinshang.access import office_staff_required
from qinshang.figures import liaison, liaison_exports
from qinshang.figures.liaison_forms import ComplianceForm, QuarterForm


@office_staff_required
@require_GET
def liaison_compliance(request: HttpRequest) -> HttpResponse:
    form = ComplianceForm(request.GET or None, user=request.user, today=timezone.localdate())
    query = form.query()
    rows = liaison.plan_cells(request.user, region=query.region, on=query.on)
    divisions = liaison.by_division(rows, query.region)
    for row in divisions:  # drill down only into divisions the user may open
        if row.region is not None and row.region.code not in form.regions:
            row.region = None
    return render(request, "figures/liaison_compliance.html", {
        "form": form, "query": query, "crumbs": form.crumbs(query.region),
        "total": liaison.total(rows), "divisions": divisions,
        "offices": liaison.by_office(rows), "people": liaison.by_person(rows),
        "on_param": f"on={query.on.isoformat()}"})


def _quarter(request: HttpRequest) -> tuple[QuarterForm, liaison.QuarterTable]:
    today = timezone.localdate()
    form = QuarterForm(request.GET or None, user=request.user, today=today)
    query = form.query()
    if query is None:
        raise Http404
    return form, liaison.quarterly_table(request.user, office=query.office, year=query.year,
                                         quarter=query.quarter, today=today)


@office_staff_required
@require_GET
def liaison_quarter(request: HttpRequest) -> HttpResponse:
    form, table = _quarter(request)
    return render(request, "figures/liaison_quarter.html", {
        "form": form, "table": table,
        "export_query": f"office={table.office.pk}&year={table.year}&quarter={table.quarter}"})


@office_staff_required
@require_GET
def liaison_quarter_export(request: HttpRequest) -> HttpResponse:
    _form, table = _quarter(request)
    return liaison_exports.quarter_workbook_response(table)
