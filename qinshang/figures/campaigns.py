"""Campaign figures (DESIGN.md §5), defined once for the coverage page, the summary report, the
exports and the API: targets, visits, coverage, people met, survey copies, appeals raised and
resolved, symposiums, for any division of the campaign's scope at any cut-off day.

Which records count:
- a visit counts when it was made to an enterprise of the scope between the campaign's first day
  and the cut-off (or its last day, if earlier), whether or not it was entered under the campaign;
- an enterprise visited twice is one enterprise visited, and a target is visited when it has at
  least one such visit; targets are the list frozen at launch;
- survey copies count by the day they were handed out and returned, up to the cut-off;
- appeals raised count by the day they were raised, resolved ones by their answer with outcome
  resolved by the end of the cut-off day; merged duplicates are left out.

Every figure is one aggregate query grouped by county; the counties are then rolled up the
division tree as it stood on the cut-off day (so a 2014 report shows 莱芜市 as a city).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from qinshang.appeals.models import Category, Outcome
from qinshang.campaigns.models import (
    Campaign,
    Distribution,
    RaisedAppeal,
    Symposium,
    Target,
    Team,
    Visit,
)
from qinshang.regions.history import TreeOn
from qinshang.regions.models import Region


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class CoverageCounts:
    targets: int = 0
    targets_visited: int = 0
    enterprises_visited: int = 0
    visits: int = 0
    people_met: int = 0
    distributed: int = 0
    returned: int = 0
    appeals_raised: int = 0
    appeals_resolved: int = 0
    symposiums: int = 0

    @property
    def coverage_rate(self) -> float | None:
        return _ratio(self.targets_visited, self.targets)

    @property
    def return_rate(self) -> float | None:
        return _ratio(self.returned, self.distributed)

    @property
    def resolution_rate(self) -> float | None:
        return _ratio(self.appeals_resolved, self.appeals_raised)

    @property
    def targets_not_visited(self) -> int:
        return self.targets - self.targets_visited

    def add(self, other: CoverageCounts) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclass
class CoverageRow:
    region: Region
    counts: CoverageCounts
    # A row can be opened to its own children (a city to its counties).
    drillable: bool


@dataclass
class Coverage:
    campaign: Campaign
    region: Region          # the division the figures are for (within the campaign's scope)
    cutoff: datetime.date   # the last day counted
    first_day: datetime.date
    last_day: datetime.date  # the last day of visits counted: the cut-off or the campaign's end
    total: CoverageCounts
    rows: list[CoverageRow] = field(default_factory=list)


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    raised: int
    resolved: int

    @property
    def resolution_rate(self) -> float | None:
        return _ratio(self.resolved, self.raised)


@dataclass(frozen=True)
class PhaseCounts:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    visits: int
    enterprises_visited: int
    targets_visited: int
    people_met: int


@dataclass(frozen=True)
class TeamCounts:
    team: Team
    visits: int
    enterprises_visited: int
    counties_visited: int
    symposiums: int
    # Each quota of the campaign with whether the team met it: (label key, needed, done, met).
    quotas: tuple[tuple[str, int, int, bool], ...]

    @property
    def meets_quotas(self) -> bool:
        return all(met for *_rest, met in self.quotas)


# --- the window and the division ------------------------------------------------------------------

def effective_region(campaign: Campaign, region: Region | None) -> Region:
    """The deeper of the campaign's scope and the division asked for; a division outside the
    scope gives the scope itself."""
    scope = campaign.scope
    if region is not None and scope.contains(region.code):
        return region
    return scope


def visit_window(campaign: Campaign, cutoff: datetime.date) -> tuple[datetime.date, datetime.date]:
    return campaign.starts_on, min(campaign.ends_on, cutoff)


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def counted_visits(campaign: Campaign, region: Region, cutoff: datetime.date) -> QuerySet[Visit]:
    first, last = visit_window(campaign, cutoff)
    return Visit.objects.filter(region.subtree_q("region_id"),
                                visited_on__gte=first, visited_on__lte=last)


def _visited(campaign: Campaign, region: Region, first: datetime.date,
             last: datetime.date) -> Exists:
    return Exists(Visit.objects.filter(region.subtree_q("region_id"),
                                       enterprise_id=OuterRef("enterprise_id"),
                                       visited_on__gte=first, visited_on__lte=last))


def _targets(campaign: Campaign, region: Region) -> QuerySet[Target]:
    return Target.objects.filter(region.subtree_q("region_id"), campaign=campaign)


def _raised(campaign: Campaign, region: Region, cutoff: datetime.date) -> QuerySet[RaisedAppeal]:
    return RaisedAppeal.objects.filter(region.subtree_q("region_id"), campaign=campaign,
                                       raised_on__lte=cutoff, appeal__merged_into__isnull=True)


def _resolved_by(cutoff: datetime.date) -> Q:
    return Q(appeal__outcome=Outcome.RESOLVED, appeal__answered_at__lte=_end_of(cutoff))


# --- per county ----------------------------------------------------------------------------------

def _by_county(campaign: Campaign, region: Region, cutoff: datetime.date
               ) -> dict[str, CoverageCounts]:
    first, last = visit_window(campaign, cutoff)
    counts: dict[str, CoverageCounts] = defaultdict(CoverageCounts)
    for row in (_targets(campaign, region).values("region_id")
                .annotate(targets=Count("id"),
                          visited=Count("id", filter=Q(_visited(campaign, region, first, last))))):
        cell = counts[row["region_id"]]
        cell.targets, cell.targets_visited = row["targets"], row["visited"]
    for row in (counted_visits(campaign, region, cutoff).values("region_id")
                .annotate(visits=Count("id"), enterprises=Count("enterprise_id", distinct=True),
                          people=Sum("people_met"))):
        cell = counts[row["region_id"]]
        cell.visits, cell.enterprises_visited = row["visits"], row["enterprises"]
        cell.people_met = row["people"] or 0
    for row in (Distribution.objects.filter(region.subtree_q("region_id"),
                                            survey__campaign=campaign,
                                            distributed_on__lte=cutoff)
                .values("region_id")
                .annotate(distributed=Count("id"),
                          returned=Count("id", filter=Q(returned_on__lte=cutoff)))):
        cell = counts[row["region_id"]]
        cell.distributed, cell.returned = row["distributed"], row["returned"]
    for row in (_raised(campaign, region, cutoff).values("region_id")
                .annotate(raised=Count("id"), resolved=Count("id", filter=_resolved_by(cutoff)))):
        cell = counts[row["region_id"]]
        cell.appeals_raised, cell.appeals_resolved = row["raised"], row["resolved"]
    for row in (Symposium.objects.filter(region.subtree_q("region_id"), campaign=campaign,
                                         held_on__gte=first, held_on__lte=last)
                .values("region_id").annotate(n=Count("id"))):
        counts[row["region_id"]].symposiums = row["n"]
    return counts


def coverage(campaign: Campaign, region: Region | None = None,
             cutoff: datetime.date | None = None) -> Coverage:
    """The campaign's figures for a division (default: its scope) at a cut-off day (default:
    today, or the campaign's last day once it is over), with one row per child division."""
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    first, last = visit_window(campaign, cutoff)
    by_county = _by_county(campaign, region, cutoff)
    total = CoverageCounts()
    for cell in by_county.values():
        total.add(cell)
    result = Coverage(campaign=campaign, region=region, cutoff=cutoff, first_day=first,
                      last_day=last, total=total)
    if region.level == Region.Level.COUNTY:
        return result
    tree = TreeOn(region, cutoff)
    rows: dict[str, CoverageCounts] = {child.code: CoverageCounts()
                                       for child in tree.children(region.code)}
    for county_code, cell in by_county.items():
        child = tree.child_of(region, county_code)
        if child is not None:
            rows.setdefault(child, CoverageCounts()).add(cell)
    result.rows = [CoverageRow(region=tree.region(code), counts=cell,
                               drillable=tree.region(code).level != Region.Level.COUNTY
                               and bool(tree.children(code)))
                   for code, cell in sorted(rows.items())]
    return result


def appeals_by_category(campaign: Campaign, region: Region | None = None,
                        cutoff: datetime.date | None = None) -> list[CategoryCount]:
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    rows = (_raised(campaign, region, cutoff).values("appeal__category_id")
            .annotate(raised=Count("id"), resolved=Count("id", filter=_resolved_by(cutoff))))
    found = {row["appeal__category_id"]: row for row in rows}
    categories = Category.objects.filter(pk__in=found)
    return [CategoryCount(category, found[category.pk]["raised"], found[category.pk]["resolved"])
            for category in categories]


def phase_counts(campaign: Campaign, region: Region | None = None,
                 cutoff: datetime.date | None = None) -> list[PhaseCounts]:
    """Visits per phase, each phase's days cut at the cut-off: two queries for all phases."""
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    phases = [phase for phase in campaign.phases.all() if phase.starts_on <= cutoff]
    if not phases:
        return []
    windows = [(phase.starts_on, min(phase.ends_on, cutoff)) for phase in phases]
    visit_aggregates = {}
    target_aggregates = {}
    for number, (first, last) in enumerate(windows):
        in_phase = Q(visited_on__gte=first, visited_on__lte=last)
        visit_aggregates |= {f"v{number}": Count("id", filter=in_phase),
                             f"e{number}": Count("enterprise_id", distinct=True, filter=in_phase),
                             f"p{number}": Sum("people_met", filter=in_phase)}
        target_aggregates[f"t{number}"] = Count(
            "id", filter=Q(_visited(campaign, region, first, last)))
    visits = Visit.objects.filter(region.subtree_q("region_id")).aggregate(**visit_aggregates)
    targets = _targets(campaign, region).aggregate(**target_aggregates)
    return [PhaseCounts(name=phase.name, starts_on=phase.starts_on, ends_on=phase.ends_on,
                        visits=visits[f"v{n}"], enterprises_visited=visits[f"e{n}"],
                        targets_visited=targets[f"t{n}"], people_met=visits[f"p{n}"] or 0)
            for n, phase in enumerate(phases)]


QUOTA_SYMPOSIUMS, QUOTA_COUNTIES, QUOTA_ENTERPRISES = "symposiums", "counties", "enterprises"


def team_counts(campaign: Campaign, region: Region | None = None,
                cutoff: datetime.date | None = None) -> list[TeamCounts]:
    """Each team whose area lies in the division, with what it did and its quotas ("1+2+6"):
    the visits entered under the team within the campaign's days up to the cut-off."""
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    first, last = visit_window(campaign, cutoff)
    teams = list(Team.objects.filter(region.subtree_q("area_id"), campaign=campaign)
                 .select_related("area", "office"))
    if not teams:
        return []
    visits = {row["team_id"]: row for row in
              Visit.objects.filter(team__in=teams, visited_on__gte=first, visited_on__lte=last)
              .values("team_id")
              .annotate(visits=Count("id"), enterprises=Count("enterprise_id", distinct=True),
                        counties=Count("region_id", distinct=True))}
    symposiums = dict(Symposium.objects.filter(team__in=teams, held_on__gte=first,
                                               held_on__lte=last)
                      .values("team_id").annotate(n=Count("id")).values_list("team_id", "n"))
    result = []
    for team in teams:
        row = visits.get(team.pk, {})
        done = {QUOTA_SYMPOSIUMS: symposiums.get(team.pk, 0),
                QUOTA_COUNTIES: row.get("counties", 0),
                QUOTA_ENTERPRISES: row.get("enterprises", 0)}
        needed = {QUOTA_SYMPOSIUMS: campaign.quota_symposiums,
                  QUOTA_COUNTIES: campaign.quota_counties,
                  QUOTA_ENTERPRISES: campaign.quota_enterprises}
        quotas = tuple((key, needed[key], done[key], done[key] >= needed[key])
                       for key in (QUOTA_SYMPOSIUMS, QUOTA_COUNTIES, QUOTA_ENTERPRISES)
                       if needed[key] is not None)
        result.append(TeamCounts(team=team, visits=row.get("visits", 0),
                                 enterprises_visited=done[QUOTA_ENTERPRISES],
                                 counties_visited=done[QUOTA_COUNTIES],
                                 symposiums=done[QUOTA_SYMPOSIUMS], quotas=quotas))
    return result


def targets_not_visited(campaign: Campaign, region: Region | None = None,
                        cutoff: datetime.date | None = None) -> QuerySet[Target]:
    """The targets still to visit, by county and name, for the list officers work from."""
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    first, last = visit_window(campaign, cutoff)
    return (_targets(campaign, region).exclude(_visited(campaign, region, first, last))
            .select_related("enterprise", "region").order_by("region_id", "enterprise__name"))
