"""The figures of DESIGN.md §5 for a division and a period, as the figures pages show them: the
same forms choose the division (one in reach) and the period, the same functions of
``qinshang.figures`` count. Nothing is counted here. Rates are numbers from 0 to 1, except the
project funnel's, which are percentages with two decimals as strings, like its amounts."""

# No "from __future__ import annotations": ninja reads the parameters' types from the
# annotations, and behind the access decorators it would resolve their names in the wrong module.

import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from qinshang.access import get_for_user, office_staff_required, staff_required
from qinshang.api.errors import COMMON_ERRORS, errors
from qinshang.api.schemas import Day, Ref, RegionRef, amount, checked, form_data, ref, region_ref
from qinshang.campaigns.models import Campaign
from qinshang.figures import liaison
from qinshang.figures.appeals import AppealFigures, appeal_breakdown
from qinshang.figures.campaign_forms import CampaignCoverageForm
from qinshang.figures.campaigns import CoverageCounts, coverage
from qinshang.figures.donation_forms import DonationTotalsForm
from qinshang.figures.donations import DonationSums, donation_totals
from qinshang.figures.forms import AppealFiguresForm
from qinshang.figures.gathering_forms import GatheringCountsForm
from qinshang.figures.gathering_views import counts_of
from qinshang.figures.hotline_forms import HotlineRankingForm
from qinshang.figures.hotline_views import ranking_of
from qinshang.figures.hotlines import CallCounts
from qinshang.figures.liaison_forms import ComplianceForm
from qinshang.figures.policy_forms import PolicyPushFigureForm
from qinshang.figures.policy_views import push_figures_of
from qinshang.figures.project_forms import ProjectFunnelForm
from qinshang.figures.projects import FunnelCounts, project_funnel

router = Router(tags=["figures"])

# The figures pages' forms read the period as ?from=&to=, names a schema cannot declare.
PERIOD = {"date_from": "from", "date_to": "to"}


def _region(region) -> dict | None:
    return region_ref(region) if region is not None else None


class PeriodQuery(Schema):
    region: str | None = None
    date_from: Day | None = None
    date_to: Day | None = None


def _rows(found, convert, field: str = "counts") -> list[dict]:
    """Rows of a breakdown (by division, office, event …): their key, name and figures."""
    return [{"key": row.key, "name": row.name, field: convert(getattr(row, field))}
            for row in found]


def _period_form(form_class, query: Schema, user, **kwargs):
    return checked(form_class(form_data(query, exclude=(), renamed=PERIOD), user=user,
                              **kwargs))


# --- appeals ------------------------------------------------------------------------------------

class AppealFiguresOut(Schema):
    registered: int
    open: int
    answered: int
    resolved: int
    answered_on_time: int
    rated: int
    satisfied: int
    overdue: int
    supervised: int
    closed: int
    rejected: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    on_time_rate: float | None
    mean_handling_days: float | None


class AppealFiguresRow(Schema):
    key: str | None
    name: str
    figures: AppealFiguresOut


class AppealFiguresAnswer(Schema):
    region: RegionRef | None
    date_from: datetime.date
    date_to: datetime.date
    total: AppealFiguresOut
    rows_by: str
    rows: list[AppealFiguresRow]
    categories: list[AppealFiguresRow]


def appeal_figures_of(figures: AppealFigures) -> dict:
    names = ("registered", "open", "answered", "resolved", "answered_on_time", "rated",
             "satisfied", "overdue", "supervised", "closed", "rejected", "response_rate",
             "resolution_rate", "satisfaction_rate", "on_time_rate", "mean_handling_days")
    return {name: getattr(figures, name) for name in names}


@router.get("/figures/appeals", response={200: AppealFiguresAnswer, **errors(*COMMON_ERRORS)},
            summary="Appeal figures: response, resolution, satisfaction and on-time rates")
@staff_required
def appeal_figures(request: HttpRequest, query: Query[PeriodQuery]):
    """For a division in reach (default: all) and the days of registration (default: this
    year to today); rows by child division, or by category below a county."""
    now = timezone.now()
    form = checked(AppealFiguresForm(form_data(query, exclude=()), user=request.user,
                                     today=timezone.localdate(now)))
    chosen = form.query()
    breakdown = appeal_breakdown(request.user, region=chosen.region,
                                 date_from=chosen.date_from, date_to=chosen.date_to, now=now)
    return {"region": _region(breakdown.root), "date_from": chosen.date_from,
            "date_to": chosen.date_to, "total": appeal_figures_of(breakdown.total),
            "rows_by": "division" if breakdown.by_area else "category",
            "rows": [{"key": row.code, "name": row.name, "figures": appeal_figures_of(
                row.figures)} for row in breakdown.rows],
            "categories": [{"key": row.code, "name": row.name, "figures": appeal_figures_of(
                row.figures)} for row in breakdown.categories]}


# --- a campaign's coverage ----------------------------------------------------------------------

class CoverageQuery(Schema):
    region: str | None = None
    cutoff: Day | None = None


class CoverageOut(Schema):
    targets: int
    targets_visited: int
    enterprises_visited: int
    visits: int
    people_met: int
    distributed: int
    returned: int
    appeals_raised: int
    appeals_resolved: int
    symposiums: int
    coverage_rate: float | None
    return_rate: float | None
    resolution_rate: float | None


class CoverageRowOut(Schema):
    region: RegionRef
    own: bool
    counts: CoverageOut


class CoverageAnswer(Schema):
    campaign: Ref
    region: RegionRef
    cutoff: datetime.date
    first_day: datetime.date
    last_day: datetime.date
    total: CoverageOut
    rows: list[CoverageRowOut]


def coverage_of(counts: CoverageCounts) -> dict:
    names = ("targets", "targets_visited", "enterprises_visited", "visits", "people_met",
             "distributed", "returned", "appeals_raised", "appeals_resolved", "symposiums",
             "coverage_rate", "return_rate", "resolution_rate")
    return {name: getattr(counts, name) for name in names}


@router.get("/figures/campaigns/{campaign_id}/coverage",
            response={200: CoverageAnswer, **errors(*COMMON_ERRORS)},
            summary="A campaign's visit coverage, survey returns and appeals")
@staff_required
def campaign_coverage(request: HttpRequest, campaign_id: int, query: Query[CoverageQuery]):
    """For one of the campaign's divisions in reach (default: the highest) at a cut-off day
    (default: today, or the campaign's last day)."""
    campaign = get_for_user(request.user, Campaign, campaign_id,
                            queryset=Campaign.objects.select_related("scope"))
    form = checked(CampaignCoverageForm(form_data(query, exclude=()), user=request.user,
                                        campaign=campaign, today=timezone.localdate()))
    chosen = form.query()
    if chosen is None:  # sees the campaign, yet none of its divisions: nothing to count
        raise Http404
    figures = coverage(campaign, chosen.region, chosen.cutoff)
    return {"campaign": ref(campaign, campaign.name), "region": region_ref(figures.region),
            "cutoff": figures.cutoff, "first_day": figures.first_day,
            "last_day": figures.last_day, "total": coverage_of(figures.total),
            "rows": [{"region": region_ref(row.region), "own": row.own,
                      "counts": coverage_of(row.counts)} for row in figures.rows]}


# --- the project funnel -------------------------------------------------------------------------

class FunnelQuery(PeriodQuery):
    event: int | None = None


class FunnelOut(Schema):
    signed: int
    signed_amount: str
    cancelled: int
    cancelled_amount: str
    counted: int
    contracted: str
    arrived: str
    constructing: int
    constructing_amount: str
    producing: int
    producing_amount: str
    funds_rate: str | None
    construction_rate: str | None
    construction_rate_by_amount: str | None
    production_rate: str | None
    production_rate_by_amount: str | None


class FunnelRowOut(Schema):
    key: str
    name: str
    counts: FunnelOut


class FunnelAnswer(Schema):
    region: RegionRef | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: FunnelOut
    divisions: list[FunnelRowOut]
    events: list[FunnelRowOut]


def funnel_of(counts: FunnelCounts) -> dict:
    amounts = ("signed_amount", "cancelled_amount", "contracted", "arrived",
               "constructing_amount", "producing_amount", "funds_rate", "construction_rate",
               "construction_rate_by_amount", "production_rate", "production_rate_by_amount")
    return {"signed": counts.signed, "cancelled": counts.cancelled, "counted": counts.counted,
            "constructing": counts.constructing, "producing": counts.producing,
            **{name: amount(getattr(counts, name)) for name in amounts}}


@router.get("/figures/projects", response={200: FunnelAnswer, **errors(*COMMON_ERRORS)},
            summary="The project funnel: funds-arrival, construction-start and production rates")
@office_staff_required
def project_figures(request: HttpRequest, query: Query[FunnelQuery]):
    """Projects signed in the period (days of signing), at a signing `event` (an event's id)
    or any; rates in percent of the projects not cancelled, by count and by amount (yuan)."""
    funnel = project_funnel(request.user,
                            _period_form(ProjectFunnelForm, query, request.user).query())
    return {"region": _region(funnel.query.region), "date_from": funnel.query.signed_from,
            "date_to": funnel.query.signed_to, "total": funnel_of(funnel.total),
            "divisions": _rows(funnel.divisions, funnel_of),
            "events": _rows(funnel.events, funnel_of)}


# --- policy pushes ------------------------------------------------------------------------------

class PushOut(Schema):
    pushed: int
    withdrawn: int
    delivered: int
    emailed: int
    read: int
    read_rate: float | None


class PushRowOut(Schema):
    key: str
    name: str
    counts: PushOut


class PushAnswer(Schema):
    region: RegionRef | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: PushOut
    policies: list[PushRowOut]
    divisions: list[PushRowOut]


def push_of(counts) -> dict:
    return {name: getattr(counts, name) for name in ("pushed", "withdrawn", "delivered",
                                                     "emailed", "read", "read_rate")}


@router.get("/figures/policies", response={200: PushAnswer, **errors(*COMMON_ERRORS)},
            summary="Policy pushes: delivered, emailed, read and the read rate")
@office_staff_required
def policy_figures(request: HttpRequest, query: Query[PeriodQuery]):
    figures = push_figures_of(request.user,
                              _period_form(PolicyPushFigureForm, query, request.user).query())
    return {"region": _region(figures.query.region), "date_from": figures.query.date_from,
            "date_to": figures.query.date_to, "total": push_of(figures.total),
            "policies": [{"key": str(row.policy.pk), "name": row.name,
                          "counts": push_of(row.counts)} for row in figures.policies],
            "divisions": [{"key": row.region.code if row.region else "", "name": row.name,
                           "counts": push_of(row.counts)} for row in figures.divisions]}


# --- donations ----------------------------------------------------------------------------------

class DonationQuery(PeriodQuery):
    donor_kind: str | None = None


class DonationOut(Schema):
    donations: int
    money: str
    items_value: str
    total: str


class DonationRowOut(Schema):
    key: str
    name: str
    sums: DonationOut


class DonationAnswer(Schema):
    region: RegionRef | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: DonationOut
    divisions: list[DonationRowOut]
    kinds: list[DonationRowOut]
    months: list[DonationRowOut]


def donation_of(sums: DonationSums) -> dict:
    return {"donations": sums.donations, "money": amount(sums.money),
            "items_value": amount(sums.items_value), "total": amount(sums.total)}


@router.get("/figures/donations", response={200: DonationAnswer, **errors(*COMMON_ERRORS)},
            summary="Donations in money and kind (yuan)")
@office_staff_required
def donation_figures(request: HttpRequest, query: Query[DonationQuery]):
    chosen = _period_form(DonationTotalsForm, query, request.user).query()
    totals = donation_totals(request.user, region=chosen.region, date_from=chosen.date_from,
                             date_to=chosen.date_to, donor_kind=chosen.donor_kind)
    return {"region": _region(totals.region), "date_from": totals.date_from,
            "date_to": totals.date_to, "total": donation_of(totals.total),
            "divisions": _rows(totals.divisions, donation_of, "sums"),
            "kinds": _rows(totals.kinds, donation_of, "sums"),
            "months": _rows(totals.months, donation_of, "sums")}


# --- liaison compliance -------------------------------------------------------------------------

class ComplianceQuery(Schema):
    region: str | None = None
    on: Day | None = None


class ComplianceOut(Schema):
    plans: int
    kept: int
    overdue: int
    not_yet_due: int
    share_kept: float | None


class ComplianceRowOut(Schema):
    key: str
    name: str
    counts: ComplianceOut


class ComplianceAnswer(Schema):
    region: RegionRef | None
    on: datetime.date
    total: ComplianceOut
    divisions: list[ComplianceRowOut]
    offices: list[ComplianceRowOut]


def compliance_of(counts) -> dict:
    return {name: getattr(counts, name) for name in ("plans", "kept", "overdue", "not_yet_due",
                                                     "share_kept")}


@router.get("/figures/liaison", response={200: ComplianceAnswer, **errors(*COMMON_ERRORS)},
            summary="Liaison compliance: plans whose latest contact is within their interval")
@office_staff_required
def liaison_figures(request: HttpRequest, query: Query[ComplianceQuery]):
    form = checked(ComplianceForm(form_data(query, exclude=()), user=request.user,
                                  today=timezone.localdate()))
    chosen = form.query()
    cells = liaison.plan_cells(request.user, region=chosen.region, on=chosen.on)
    return {"region": _region(chosen.region), "on": chosen.on,
            "total": compliance_of(liaison.total(cells)),
            "divisions": _rows(liaison.by_division(cells, chosen.region), compliance_of),
            "offices": _rows(liaison.by_office(cells), compliance_of)}


# --- hotlines -----------------------------------------------------------------------------------

class HotlineQuery(PeriodQuery):
    round: int | None = None


class CallsOut(Schema):
    made: int
    answered: int
    outside_hours: int
    connection_rate: float | None
    mean_seconds: float | None
    mean_overall: float | None
    meets_standard: bool | None


class CallsRowOut(Schema):
    key: str
    name: str
    counts: CallsOut


class LineOut(Schema):
    id: int
    number: str
    office: Ref
    rank: int | None
    counts: CallsOut


class HotlineAnswer(Schema):
    region: RegionRef | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: CallsOut
    divisions: list[CallsRowOut]
    offices: list[CallsRowOut]
    lines: list[LineOut]


def calls_of(counts: CallCounts) -> dict:
    return {name: getattr(counts, name) for name in (
        "made", "answered", "outside_hours", "connection_rate", "mean_seconds", "mean_overall",
        "meets_standard")}


@router.get("/figures/hotlines", response={200: HotlineAnswer, **errors(*COMMON_ERRORS)},
            summary="Hotline test calls: connection rate (GB/T 33358 asks at least 95%) "
                    "and the ranking")
@office_staff_required
def hotline_figures(request: HttpRequest, query: Query[HotlineQuery]):
    ranking = ranking_of(request.user,
                         _period_form(HotlineRankingForm, query, request.user).query())
    return {"region": _region(ranking.query.region), "date_from": ranking.query.date_from,
            "date_to": ranking.query.date_to, "total": calls_of(ranking.total.counts),
            "divisions": _rows(ranking.divisions, calls_of),
            "offices": _rows(ranking.offices, calls_of),
            "lines": [{"id": line.hotline.pk, "number": line.hotline.number,
                       "office": ref(line.hotline.office), "rank": line.rank,
                       "counts": calls_of(line.counts)} for line in ranking.lines]}


# --- events -------------------------------------------------------------------------------------

class KindOut(Schema):
    kind: str
    events: int
    attendees: int
    enterprises: int
    appeals: int
    projects: int
    contracted: str


class EventAnswer(Schema):
    region: RegionRef | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: KindOut
    kinds: list[KindOut]


def kind_of(counts) -> dict:
    return {"kind": counts.kind, "events": counts.events, "attendees": counts.attendees,
            "enterprises": counts.enterprises, "appeals": counts.appeals,
            "projects": counts.projects, "contracted": amount(counts.contracted)}


@router.get("/figures/events", response={200: EventAnswer, **errors(*COMMON_ERRORS)},
            summary="Events (symposiums, forums, fairs …) by kind")
@office_staff_required
def event_figures(request: HttpRequest, query: Query[PeriodQuery]):
    chosen = _period_form(GatheringCountsForm, query, request.user).query()
    counts = counts_of(request.user, chosen)
    return {"region": _region(chosen.region), "date_from": chosen.date_from,
            "date_to": chosen.date_to, "total": kind_of(counts.total),
            "kinds": [kind_of(row) for row in counts.rows]}
