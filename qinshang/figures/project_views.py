"""The project funnel (DESIGN.md §5, issue #6 point 2): signed → funds arrived → construction →
production for a division, a signing event and a period of signing, by child division and by
event, with its chart, and the same as an xlsx workbook."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qinshang.access import office_staff_required
from qinshang.figures import project_exports
from qinshang.figures.project_forms import ProjectFunnelForm
from qinshang.figures.projects import HUNDREDTH, FunnelCounts, project_funnel

WAN = Decimal("10000")


def funnel_chart(counts: FunnelCounts) -> dict:
    """The chart's stages by amount (10,000 yuan, as text: Decimal never becomes a float
    here) with their rates of the contracted investment."""
    def amount(value: Decimal) -> str:
        return str((value / WAN).quantize(HUNDREDTH))

    def rate(value: Decimal | None) -> str:
        return "—" if value is None else f"{value}%"

    return {"unit": _("10,000 yuan"), "stages": [
        {"name": _("Contracted"), "value": amount(counts.contracted), "rate": "100.00%"
         if counts.contracted else "—"},
        {"name": _("Funds arrived"), "value": amount(counts.arrived),
         "rate": rate(counts.funds_rate)},
        {"name": _("Construction started"), "value": amount(counts.constructing_amount),
         "rate": rate(counts.construction_rate_by_amount)},
        {"name": _("Production started"), "value": amount(counts.producing_amount),
         "rate": rate(counts.production_rate_by_amount)},
    ]}


@office_staff_required
@require_GET
def project_funnel_page(request: HttpRequest) -> HttpResponse:
    form = ProjectFunnelForm(request.GET or None, user=request.user)
    funnel = project_funnel(request.user, form.query())
    keep = request.GET.copy()
    keep.pop("region", None)
    return render(request, "figures/project_funnel.html", {
        "form": form, "funnel": funnel, "query": funnel.query,
        "crumbs": form.crumbs(funnel.query.region), "keep": keep.urlencode(),
        "export_query": request.GET.urlencode(),
        "chart": funnel_chart(funnel.total) if funnel.total.counted else None})


@office_staff_required
@require_GET
def project_funnel_export(request: HttpRequest) -> HttpResponse:
    form = ProjectFunnelForm(request.GET or None, user=request.user)
    return project_exports.funnel_workbook_response(project_funnel(request.user, form.query()))
