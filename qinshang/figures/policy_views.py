"""Policy push figures (issue #6 point 4): pushed, delivered, emailed, read and the read rate
for a division and a period, by policy and by child division, and the same as xlsx."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qinshang.access import office_staff_required
from qinshang.figures import policy_exports
from qinshang.figures.policies import (
    FigureRow,
    PushCounts,
    by_division,
    by_policy,
    deliveries_in,
    total,
)
from qinshang.figures.policy_forms import PolicyPushFigureForm, PushFigureQuery


@dataclass(frozen=True)
class PushFigures:
    query: PushFigureQuery
    total: PushCounts
    policies: list[FigureRow]
    divisions: list[FigureRow]   # empty for a county: nothing to drill into


def push_figures_of(user, query: PushFigureQuery) -> PushFigures:
    deliveries = deliveries_in(user, region=query.region, date_from=query.date_from,
                               date_to=query.date_to)
    county = query.region is not None and query.region.level == query.region.Level.COUNTY
    return PushFigures(query=query, total=total(deliveries), policies=by_policy(deliveries),
                       divisions=[] if county else by_division(deliveries, query.region))


@office_staff_required
@require_GET
def policy_pushes(request: HttpRequest) -> HttpResponse:
    form = PolicyPushFigureForm(request.GET or None, user=request.user)
    figures = push_figures_of(request.user, form.query())
    keep = request.GET.copy()
    keep.pop("region", None)
    return render(request, "figures/policy_pushes.html", {
        "form": form, "figures": figures, "query": figures.query,
        "crumbs": form.crumbs(figures.query.region), "keep": keep.urlencode(),
        "export_query": request.GET.urlencode()})


@office_staff_required
@require_GET
def policy_pushes_export(request: HttpRequest) -> HttpResponse:
    form = PolicyPushFigureForm(request.GET or None, user=request.user)
    return policy_exports.push_figures_workbook_response(
        push_figures_of(request.user, form.query()))
