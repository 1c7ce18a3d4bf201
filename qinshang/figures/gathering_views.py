"""Event counts by kind (issue #6 point 6) for a division and a period, and the same as an
xlsx workbook."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qinshang.access import office_staff_required
from qinshang.figures import gathering_exports
from qinshang.figures.gathering_forms import CountsQuery, GatheringCountsForm
from qinshang.figures.gatherings import GatheringCounts, counts_by_kind, gatherings_in


def counts_of(user, query: CountsQuery) -> GatheringCounts:
    return counts_by_kind(gatherings_in(user, region=query.region, date_from=query.date_from,
                                        date_to=query.date_to))


@office_staff_required
@require_GET
def gathering_counts(request: HttpRequest) -> HttpResponse:
    form = GatheringCountsForm(request.GET or None, user=request.user)
    query = form.query()
    keep = request.GET.copy()
    keep.pop("region", None)
    return render(request, "figures/gathering_counts.html", {
        "form": form, "query": query, "counts": counts_of(request.user, query),
        "crumbs": form.crumbs(query.region), "keep": keep.urlencode(),
        "export_query": request.GET.urlencode()})


@office_staff_required
@require_GET
def gathering_counts_export(request: HttpRequest) -> HttpResponse:
    form = GatheringCountsForm(request.GET or None, user=request.user)
    query = form.query()
    return gathering_exports.counts_workbook_response(counts_of(request.user, query), query)
