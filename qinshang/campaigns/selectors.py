"""Every read of the campaign pages (campaigns, targets, teams, visits, symposiums), already
limited to what the user may see. A county officer sees a city or province campaign, but only the
targets and visits of their own county: "the viewer's part" below is that share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import get_for_user, principal_of, visible, writable
from qinshang.access.principal import READING_ROLES, WRITING_ROLES
from qinshang.accounts.models import Membership, User
from qinshang.appeals.models import Category
from qinshang.campaigns.models import (
    Campaign,
    CampaignState,
    Phase,
    RaisedAppeal,
    Survey,
    Target,
    Team,
    Visit,
)
from qinshang.enterprises.industries import SECTIONS
from qinshang.enterprises.models import Enterprise, Person
from qinshang.enterprises.selectors import EnterpriseFilter, enterprise_list
from qinshang.figures.campaigns import Coverage, TeamCounts, counted_visits, coverage, team_counts
from qinshang.offices.models import Office
from qinshang.questionnaires.answers import readable_answers
from qinshang.questionnaires.models import FormTemplate, Purpose, Question
from qinshang.regions.models import Origin, Region
from qinshang.search.query import matching

RECENT_VISITS = 10
CHOOSER_ROWS = 20
ENTERPRISE_VISITS = 10


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- whose part of a campaign ------------------------------------------------------------------

def _office_codes(user) -> list[str]:
    """The divisions of the user's offices (a range of reach starts at its office's code)."""
    return [low for low, _high in principal_of(user).read_ranges]


def viewer_region(user, campaign: Campaign) -> Region:
    """The part of the campaign the viewer's figures are for: the deeper of the campaign's scope
    and the viewer's own office division. An office at or above the scope sees the whole scope;
    several offices inside it see the smallest division holding them all."""
    scope = campaign.scope
    codes = _office_codes(user)
    if any(scope.code.startswith(_prefix(code)) for code in codes):
        return scope
    inside = sorted(code for code in codes if scope.contains(code))
    if not inside:
        return scope
    common = inside[0]
    if len(inside) > 1:
        city = inside[0][:4] + "00"
        same_city = all(code[:4] == inside[0][:4] for code in inside)
        common = city if same_city and scope.contains(city) else scope.code
    if common == scope.code:
        return scope
    return Region.objects.select_related("parent").get(code=common)


def _prefix(code: str) -> str:
    """The digits shared by a division's subtree: 37 for 370000, 3701 for 370100."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def may_record_in(user, campaign: Campaign) -> bool:
    """Whether the user may record visits or symposiums somewhere within the campaign's scope
    (a county officer does, for a city campaign, in their own county)."""
    low, high = campaign.scope.subtree_bounds()
    return campaign.state == CampaignState.LAUNCHED and any(
        start <= high and end >= low for start, end in principal_of(user).write_ranges)


# --- the list ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    targets: int      # the viewer's part of the frozen list
    visited: int

    @property
    def coverage_rate(self) -> float | None:
        return _ratio(self.visited, self.targets)


def campaign_page(user, number) -> Page:
    """One page of the campaigns the user sees, newest first, each with the viewer's targets
    and how many of them were visited (one grouped query for the whole page)."""
    campaigns = (visible(user, Campaign).select_related("scope__parent__parent")
                 .order_by("-starts_on", "-id"))
    page = Paginator(campaigns, settings.QINSHANG_PAGE_SIZE).get_page(number)
    shown = list(page.object_list)
    counts = _target_counts(user, [campaign.pk for campaign in shown])
    page.object_list = [CampaignRow(campaign, *counts.get(campaign.pk, (0, 0)))
                        for campaign in shown]
    return page


def _target_counts(user, campaign_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Targets and targets visited per campaign. A target counts as visited when its enterprise
    was visited within the campaign's days up to today, as the coverage figures count it."""
    if not campaign_ids:
        return {}
    visited = Exists(Visit.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), visited_on__gte=OuterRef("campaign__starts_on"),
        visited_on__lte=OuterRef("campaign__ends_on")).filter(
        visited_on__lte=timezone.localdate()))
    rows = (visible(user, Target).filter(campaign_id__in=campaign_ids).order_by()
            .values("campaign_id")
            .annotate(targets=Count("id"), visited=Count("id", filter=Q(visited))))
    return {row["campaign_id"]: (row["targets"], row["visited"]) for row in rows}


# --- one campaign ------------------------------------------------------------------------------

def campaign_of(user, pk, *, write: bool = False) -> Campaign:
    """The campaign alone (for the pages that only need its own fields)."""
    queryset = Campaign.objects.select_related("scope__parent__parent", "visit_form")
    return get_for_user(user, Campaign, pk, write=write, queryset=queryset)


def campaign_detail(user, pk, *, write: bool = False) -> Campaign:
    queryset = (Campaign.objects
                .select_related("scope__parent__parent", "visit_form", "created_by")
                .prefetch_related("phases", Prefetch("offices", queryset=Office.objects.order_by(
                    "region_id"))))
    return get_for_user(user, Campaign, pk, write=write, queryset=queryset)


@dataclass(frozen=True)
class CampaignOverview:
    campaign: Campaign
    region: Region                 # the viewer's part of the scope
    coverage: Coverage
    teams: list[TeamCounts]
    visits: list[Visit]            # the latest in the viewer's reach
    surveys: list[Survey]
    current_phase: Phase | None
    may_change: bool               # edit, targets, launch, close, teams
    may_record: bool               # visits and symposiums in the user's own part

    @property
    def part_of_scope(self) -> bool:
        return self.region.code != self.campaign.scope_id


def campaign_overview(user, campaign: Campaign, *, may_change: bool) -> CampaignOverview:
    region = viewer_region(user, campaign)
    today = timezone.localdate()
    return CampaignOverview(
        campaign=campaign, region=region, coverage=coverage(campaign, region),
        teams=team_counts(campaign, region),
        visits=list(campaign_visits(user, campaign, VisitFilter())[:RECENT_VISITS]),
        surveys=list(visible(user, Survey).filter(campaign=campaign)
                     .select_related("form").order_by("-created_at")),
        current_phase=next((phase for phase in campaign.phases.all()
                            if phase.starts_on <= today <= phase.ends_on), None),
        may_change=may_change and campaign.state != CampaignState.CLOSED,
        may_record=may_record_in(user, campaign))


def visit_report_forms() -> QuerySet[FormTemplate]:
    return FormTemplate.objects.filter(purpose=Purpose.VISIT_REPORT, active=True)


def offices_to_pick(user, scope: Region | None = None) -> QuerySet[Office]:
    """Offices the user may name as running a campaign or a team: those in their reach and
    those above it; with a scope, only offices within it or above it."""
    principal = principal_of(user)
    offices = Office.objects.filter(principal.region_q("region_id")
                                    | Q(region_id__in=principal.offices_above()))
    if scope is not None:
        above = {scope.code[:2] + "0000", scope.code[:4] + "00", scope.code}
        offices = offices.filter(scope.subtree_q("region_id") | Q(region_id__in=above))
    return offices.select_related("region").order_by("region_id")


def own_offices(user) -> QuerySet[Office]:
    return Office.objects.filter(memberships__user=user, memberships__active=True,
                                 memberships__role__in=WRITING_ROLES).distinct()


def scopes_to_pick(user) -> QuerySet[Region]:
    """Provinces, cities and counties the user may run a campaign for."""
    return (writable(user, Region, Region.objects.current()).select_related("parent")
            .order_by("code"))


def divisions_within(user, campaign: Campaign, *, write: bool = False) -> QuerySet[Region]:
    """Current divisions of the campaign's scope (the scope itself included) in the user's
    reach: for filters (read) or for placing a symposium (write)."""
    reach = writable if write else visible
    return (reach(user, Region, Region.objects.current())
            .filter(campaign.scope.subtree_q("code")).select_related("parent").order_by("code"))


# --- targets -----------------------------------------------------------------------------------

def target_candidates(user, campaign: Campaign, criteria: EnterpriseFilter
                      ) -> QuerySet[Enterprise]:
    """A draft campaign's would-be targets: the enterprises of the list's filters within the
    scope that still operate in some way (closed ones are left out)."""
    return enterprise_list(user, criteria).filter(campaign.scope.subtree_q("region_id")).active()


def chosen_enterprises(user, campaign: Campaign, criteria: EnterpriseFilter
                       ) -> QuerySet[Enterprise]:
    """The same enterprises, read lean for freezing the list."""
    return (target_candidates(user, campaign, criteria).select_related(None)
            .prefetch_related(None).only("id", "name", "region_id"))


def criteria_lines(criteria: dict) -> list[tuple[str, str]]:
    """The filters a target list was drawn by, as (label, value) lines for the page."""
    readers = {
        "region": (_("Division"), lambda code: getattr(
            Region.objects.filter(code=code).first(), "full_name", code)),
        "section": (_("Industry"), lambda letter: " ".join(
            (letter, str(SECTIONS.get(letter, ("", ()))[0])))),
        "origin": (_("Origin"), lambda value: _choice_label(Origin.choices, value)),
        "status": (_("Status"), lambda value: _choice_label(Enterprise.Status.choices, value)),
        "tag": (_("Tag"), str),
    }
    return [(str(readers[key][0]), readers[key][1](value)) for key, value in criteria.items()
            if key in readers and value]


def _choice_label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


@dataclass(frozen=True)
class TargetFilter:
    region: Region | None = None
    visited: str = ""   # "", "yes" or "no"


def campaign_targets(user, campaign: Campaign, criteria: TargetFilter) -> QuerySet[Target]:
    """The frozen list in the viewer's reach, each with the last day its enterprise was
    visited within the campaign's days (counted as the coverage figures count)."""
    cutoff = min(timezone.localdate(), campaign.ends_on)
    last_visit = (counted_visits(campaign, campaign.scope, cutoff)
                  .filter(enterprise_id=OuterRef("enterprise_id"))
                  .order_by("-visited_on").values("visited_on")[:1])
    targets = (visible(user, Target).filter(campaign=campaign)
               .annotate(last_visit=Subquery(last_visit)))
    if criteria.region is not None:
        targets = targets.filter(criteria.region.subtree_q("region_id"))
    if criteria.visited == "yes":
        targets = targets.filter(last_visit__isnull=False)
    elif criteria.visited == "no":
        targets = targets.filter(last_visit__isnull=True)
    return (targets.select_related("enterprise", "region__parent")
            .order_by("region_id", "enterprise__name", "id"))


def page_of(queryset: QuerySet, number) -> Page:
    return Paginator(queryset, settings.QINSHANG_PAGE_SIZE).get_page(number)


# --- teams -------------------------------------------------------------------------------------

def team_members_to_pick(user) -> QuerySet[User]:
    """Office staff whose office lies in the user's reach or above it."""
    principal = principal_of(user)
    memberships = Membership.objects.filter(
        principal.region_q("office__region_id")
        | Q(office__region_id__in=principal.offices_above()),
        active=True, role__in=READING_ROLES)
    return (User.objects.filter(pk__in=memberships.values("user_id"), is_active=True)
            .order_by("full_name", "username"))


def teams_of(campaign: Campaign) -> QuerySet[Team]:
    return campaign.teams.select_related("area").order_by("area_id", "name")


# --- visits ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VisitFilter:
    region: Region | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    team: Team | None = None
    method: str = ""


def campaign_visits(user, campaign: Campaign, criteria: VisitFilter) -> QuerySet[Visit]:
    """The visits recorded under the campaign, in the viewer's reach, newest first."""
    visits = visible(user, Visit).filter(campaign=campaign)
    if criteria.region is not None:
        visits = visits.filter(criteria.region.subtree_q("region_id"))
    if criteria.date_from:
        visits = visits.filter(visited_on__gte=criteria.date_from)
    if criteria.date_to:
        visits = visits.filter(visited_on__lte=criteria.date_to)
    if criteria.team is not None:
        visits = visits.filter(team=criteria.team)
    if criteria.method:
        visits = visits.filter(method=criteria.method)
    return (visits.select_related("enterprise", "region__parent", "team")
            .prefetch_related("staff")
            .annotate(appeals_raised=Count("raised_appeals"))
            .order_by("-visited_on", "-id"))


def visit_detail(user, pk) -> Visit:
    queryset = (Visit.objects
                .select_related("enterprise", "region__parent", "campaign", "team",
                                "report__template", "recorded_by")
                .prefetch_related("staff", "persons_met", Prefetch(
                    "raised_appeals",
                    queryset=RaisedAppeal.objects.select_related("appeal__category")
                    .order_by("appeal_id"))))
    return get_for_user(user, Visit, pk, queryset=queryset)


def visit_answers(visit: Visit) -> list[tuple[Question, str]]:
    if visit.report is None:
        return []
    return readable_answers(visit.report.template, visit.report.answers)


@dataclass(frozen=True)
class Candidate:
    enterprise: Enterprise
    is_target: bool
    visited: bool       # already visited under this campaign


def enterprises_to_visit(user, campaign: Campaign) -> QuerySet[Enterprise]:
    """Enterprises of the scope the user may record a visit to."""
    return (writable(user, Enterprise).filter(campaign.scope.subtree_q("region_id"))
            .active())


def visit_candidates(user, campaign: Campaign, text: str = "") -> list[Candidate]:
    """Enterprises of the scope the user may record a visit to: targets first, those not yet
    visited under the campaign before those that were; a name narrows them."""
    enterprises = matching(enterprises_to_visit(user, campaign), text)
    enterprises = (enterprises
                   .annotate(is_target=Exists(Target.objects.filter(
                       campaign=campaign, enterprise_id=OuterRef("pk"))),
                             visited=Exists(Visit.objects.filter(
                                 campaign=campaign, enterprise_id=OuterRef("pk"))))
                   .select_related("region__parent")
                   .order_by("-is_target", "visited", "region_id", "name", "id"))
    return [Candidate(enterprise, enterprise.is_target, enterprise.visited)
            for enterprise in enterprises[:CHOOSER_ROWS]]


def visiting_staff_to_pick(user) -> QuerySet[User]:
    """Staff of the offices the user writes for: their own office and those below it (a city
    officer records a visit made by county colleagues)."""
    colleagues = Membership.objects.filter(principal_of(user).region_q("office__region_id",
                                                                       write=True),
                                           active=True, role__in=READING_ROLES)
    return (User.objects.filter(pk__in=colleagues.values("user_id"), is_active=True)
            .order_by("full_name", "username"))


def persons_of(enterprise: Enterprise) -> QuerySet[Person]:
    return Person.objects.filter(affiliations__enterprise=enterprise).distinct().order_by("name")


def problem_categories() -> list[Category]:
    return list(Category.objects.filter(active=True))


def report_questions(campaign: Campaign) -> list[Question]:
    if campaign.visit_form is None:
        return []
    return list(campaign.visit_form.questions.all())


# --- symposiums --------------------------------------------------------------------------------

def symposium_enterprises(user, campaign: Campaign) -> QuerySet[Enterprise]:
    """The campaign's targets in the user's reach, by name."""
    targets = visible(user, Target).filter(campaign=campaign).values("enterprise_id")
    return Enterprise.objects.filter(pk__in=targets).order_by("name", "id")


# --- the enterprise page -----------------------------------------------------------------------

def running_campaigns_for(user, enterprise: Enterprise) -> QuerySet[Campaign]:
    """Launched campaigns the user sees whose scope holds the enterprise (its county, city or
    province): one query."""
    code = enterprise.region_id
    return (visible(user, Campaign)
            .filter(state=CampaignState.LAUNCHED,
                    scope_id__in={code, code[:4] + "00", code[:2] + "0000"})
            .order_by("-starts_on", "-id"))


def enterprise_visits(user, enterprise: Enterprise) -> list[Visit]:
    """The enterprise's latest visits with their campaign: one query."""
    return list(visible(user, Visit).filter(enterprise=enterprise)
                .select_related("campaign").order_by("-visited_on", "-id")[:ENTERPRISE_VISITS])
