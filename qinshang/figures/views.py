from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import staff_required
from qinshang.figures import exports
from qinshang.figures.appeals import Breakdown, appeal_breakdown
from qinshang.figures.forms import AppealFiguresForm, FiguresQuery


def _breakdown(request: HttpRequest) -> tuple[AppealFiguresForm, FiguresQuery, Breakdown]:
    now = timezone.now()
    form = AppealFiguresForm(request.GET or None, user=request.user,
                             today=timezone.localdate(now))
    query = form.query()
    breakdown = appeal_breakdown(request.user, region=query.region, date_from=query.date_from,
                                 date_to=query.date_to, now=now)
    return form, query, breakdown


@staff_required
def appeal_dashboard(request: HttpRequest) -> HttpResponse:
    form, query, breakdown = _breakdown(request)
    return render(request, "figures/appeals.html", {
        "form": form, "query": query, "breakdown": breakdown,
        "crumbs": _crumbs(form, query),
        "area_chart": _chart(breakdown.rows) if breakdown.by_area else None,
        "category_chart": _chart(breakdown.categories),
        "export_query": request.GET.urlencode(),
        "period": urlencode({"date_from": query.date_from.isoformat(),
                             "date_to": query.date_to.isoformat()}),
    })


@staff_required
def appeal_figures_export(request: HttpRequest) -> HttpResponse:
    _form, query, breakdown = _breakdown(request)
    return exports.appeal_figures_workbook_response(breakdown, query)


def _crumbs(form: AppealFiguresForm, query: FiguresQuery) -> list[tuple[str, str]]:
    """The divisions above the one shown that the user may open, top first: (code, name)."""
    crumbs = []
    region = query.region.parent if query.region is not None else None
    while region is not None and region.code in form.regions:
        crumbs.append((region.code, region.name))
        region = region.parent if region.parent_id else None
    return list(reversed(crumbs))


def _chart(rows: list) -> dict:
    """Registered and resolved appeals as bars, the satisfaction rate as a line (in %)."""
    return {
        "names": [row.name for row in rows],
        "registered": [row.figures.registered for row in rows],
        "resolved": [row.figures.resolved for row in rows],
        "satisfaction": [None if row.figures.satisfaction_rate is None
                         else round(row.figures.satisfaction_rate * 100, 1) for row in rows],
        "labels": {"registered": _("Registered"), "resolved": _("Resolved"),
                   "satisfaction": _("Satisfaction rate (%)")},
    }
