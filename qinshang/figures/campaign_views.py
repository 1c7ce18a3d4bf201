"""A campaign's coverage (DESIGN.md §5): its figures for a division at a cut-off day, by child
division, phase and team, the targets still to visit, and the same as an xlsx workbook."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import get_for_user, staff_required
from qinshang.campaigns.models import Campaign, Target
from qinshang.core.forms import query_without_page
from qinshang.figures import campaign_exports
from qinshang.figures.campaign_exports import row_name
from qinshang.figures.campaign_forms import CampaignCoverageForm, CoverageQuery
from qinshang.figures.campaigns import (
    QUOTA_COUNTIES,
    QUOTA_ENTERPRISES,
    QUOTA_SYMPOSIUMS,
    Coverage,
    TeamCounts,
    coverage,
    phase_counts,
    targets_not_visited,
    team_counts,
)

NOT_VISITED_TARGET = "#not-visited"


@dataclass(frozen=True)
class CoveragePage:
    campaign: Campaign
    form: CampaignCoverageForm
    query: CoverageQuery


def _open(request: HttpRequest, pk: int) -> CoveragePage:
    campaign = get_for_user(request.user, Campaign, pk,
                            queryset=Campaign.objects.select_related("scope"))
    form = CampaignCoverageForm(request.GET or None, user=request.user, campaign=campaign,
                                today=timezone.localdate())
    query = form.query()
    if query is None:  # sees the campaign, yet none of its divisions: nothing to count
        raise Http404
    return CoveragePage(campaign, form, query)


@staff_required
def campaign_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    page = _open(request, pk)
    campaign, query = page.campaign, page.query
    if request.headers.get("HX-Request"):
        return render(request, "figures/partials/campaign_not_visited.html", {
            "page": _not_visited_page(request, page, count=None),
            "pager_query": query_without_page(request), "target": NOT_VISITED_TARGET})
    figures = coverage(campaign, query.region, query.cutoff)
    return render(request, "figures/campaign_coverage.html", {
        "campaign": campaign, "form": page.form, "query": query, "figures": figures,
        "crumbs": page.form.crumbs(query.region),
        "phases": phase_counts(campaign, query.region, query.cutoff),
        "teams": _labelled(team_counts(campaign, query.region, query.cutoff), campaign),
        "quota_columns": quota_columns(campaign),
        "chart": _chart(figures) if figures.rows else None,
        "page": _not_visited_page(request, page, count=figures.total.targets_not_visited),
        "pager_query": query_without_page(request), "target": NOT_VISITED_TARGET,
        "cutoff_param": f"cutoff={query.cutoff.isoformat()}",
    })


@staff_required
def campaign_coverage_export(request: HttpRequest, pk: int) -> HttpResponse:
    page = _open(request, pk)
    campaign, query = page.campaign, page.query
    return campaign_exports.coverage_workbook_response(campaign_exports.CoverageSheets(
        figures=coverage(campaign, query.region, query.cutoff),
        phases=phase_counts(campaign, query.region, query.cutoff),
        teams=team_counts(campaign, query.region, query.cutoff),
        quotas=quota_columns(campaign),
        not_visited=_not_visited(page).iterator(chunk_size=2000)))


def _not_visited(page: CoveragePage) -> QuerySet[Target]:
    return (targets_not_visited(page.campaign, page.query.region, page.query.cutoff)
            .select_related("enterprise__liaison_officer", "region__parent"))


def _not_visited_page(request: HttpRequest, page: CoveragePage, *, count: int | None) -> Page:
    paginator = Paginator(_not_visited(page), settings.QINSHANG_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known from the figures: no second COUNT query
    return paginator.get_page(request.GET.get("page"))


def quota_columns(campaign: Campaign) -> list[tuple[str, str, int]]:
    """The campaign's team quotas ("1+2+6"): (key, label, needed), in the rule's order."""
    labels = {QUOTA_SYMPOSIUMS: _("Symposiums"), QUOTA_COUNTIES: _("Counties"),
              QUOTA_ENTERPRISES: _("Enterprises")}
    needed = {QUOTA_SYMPOSIUMS: campaign.quota_symposiums,
              QUOTA_COUNTIES: campaign.quota_counties,
              QUOTA_ENTERPRISES: campaign.quota_enterprises}
    return [(key, labels[key], needed[key]) for key in labels if needed[key] is not None]


def _labelled(teams: list[TeamCounts], campaign: Campaign
              ) -> list[tuple[TeamCounts, list[tuple[str, int, int, bool]]]]:
    """Each team with its quotas as (label, needed, done, met)."""
    labels = {key: label for key, label, _needed in quota_columns(campaign)}
    return [(team, [(labels[key], needed, done, met) for key, needed, done, met in team.quotas])
            for team in teams]


def _chart(figures: Coverage) -> dict:
    """Targets and targets visited as bars, the coverage rate as a line (in %)."""
    rows = figures.rows
    return {
        "names": [row_name(row) for row in rows],
        "bars": [{"name": _("Targets"), "data": [row.counts.targets for row in rows]},
                 {"name": _("Targets visited"),
                  "data": [row.counts.targets_visited for row in rows]}],
        "line": {"name": _("Coverage rate (%)"),
                 "data": [None if row.counts.coverage_rate is None
                          else round(row.counts.coverage_rate * 100, 1) for row in rows]},
    }
