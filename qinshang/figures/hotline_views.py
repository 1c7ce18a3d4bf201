"""The hotline ranking (DESIGN.md §5, issue #5 point 6): test-call figures for a division, a
round and a period, by child division and by office, the ranking of the lines, and the same as
an xlsx workbook."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qinshang.access import office_staff_required, visible
from qinshang.figures import hotline_exports
from qinshang.figures.hotline_forms import HotlineRankingForm, RankingQuery
from qinshang.figures.hotlines import (
    AreaRow,
    Band,
    LineFigures,
    by_division,
    by_office,
    line_figures,
    ranked,
    test_calls_in,
    total,
)
from qinshang.hotlines.models import Hotline, HotlineStatus


@dataclass(frozen=True)
class Ranking:
    query: RankingQuery
    total: AreaRow
    divisions: list[AreaRow]     # empty when the division has none below it
    offices: list[AreaRow]
    lines: list[LineFigures]     # best first; untested lines last


def ranking_of(user, query: RankingQuery) -> Ranking:
    """The lines counted are the round's (with a round), else those not withdrawn, within the
    division and the user's jurisdiction; untested ones too."""
    if query.test_round is not None:
        lines = visible(user, Hotline, query.test_round.hotlines.all())
    else:
        lines = visible(user, Hotline).exclude(status=HotlineStatus.WITHDRAWN)
    if query.region is not None:
        lines = lines.filter(query.region.subtree_q("region_id"))
    calls = test_calls_in(user, region=query.region, test_round=query.test_round,
                          date_from=query.date_from, date_to=query.date_to)
    rows = line_figures(calls, lines.order_by("region_id", "number"))
    divisions = by_division(rows, query.region)
    if all(area.region is None for area in divisions):
        divisions = []  # a county: nothing to drill into
    return Ranking(query=query, total=total(rows), divisions=divisions, offices=by_office(rows),
                   lines=ranked(rows))


@office_staff_required
@require_GET
def hotline_ranking(request: HttpRequest) -> HttpResponse:
    form = HotlineRankingForm(request.GET or None, user=request.user)
    ranking = ranking_of(request.user, form.query())
    query = request.GET.copy()
    query.pop("region", None)
    return render(request, "figures/hotline_ranking.html", {
        "form": form, "ranking": ranking, "query": ranking.query,
        "crumbs": form.crumbs(ranking.query.region), "bands": list(Band),
        "keep": query.urlencode(), "export_query": request.GET.urlencode()})


@office_staff_required
@require_GET
def hotline_ranking_export(request: HttpRequest) -> HttpResponse:
    form = HotlineRankingForm(request.GET or None, user=request.user)
    return hotline_exports.ranking_workbook_response(ranking_of(request.user, form.query()))
