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

Every figure is one aggregate grouped by county (the five of coverage() sent as one UNION ALL
statement); the counties are then rolled up the division tree as it stood on the cut-off day
(so a 2014 report shows 莱芜市 as a city, and a division of that day holds the records that lay
in it then, whatever code they carry today). What was filed at the division itself (a
symposium held by the city office) has a row of its own, so the rows add up to the total.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from qinshang.appeals.models import Category, Outcome
from qinshang.campaigns.models import (
    Campaign,
    Distribution,
    RaisedAppeal,
    Target,
    Team,
    Visit,
)
from qinshang.gatherings.models import Gathering, Kind
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
    # The division's own row (市本级): what was filed at the division itself rather than below
    # it, e.g. a symposium the city office held; present only when there is some, so that the
    # rows always add up to the total.
    own: bool = False


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


def _existed_on(day: datetime.date, path: str = "") -> Q:
    """Region.existed_on as a filter (``path``: "successor__" for the successor's)."""
    return ((Q(**{f"{path}valid_from__isnull": True}) | Q(**{f"{path}valid_from__lte": day}))
            & (Q(**{f"{path}valid_until__isnull": True}) | Q(**{f"{path}valid_until__gt": day}))
            & (Q(**{f"{path}retired": False}) | Q(**{f"{path}valid_until__isnull": False})))


def _area_q(region: Region, day: datetime.date, field: str) -> Q:
    """Records (carrying today's county codes) that lay in the division as it stood on ``day``.

    The division's codes, less those whose place then belonged to a division outside it (in
    2014 today's 370116 was 莱芜市's 371202, not 济南市's), plus those outside its range whose
    place then lay inside it (莱芜市 in 2014 holds today's 370116 and 370117): one step of
    history, as TreeOn reads it. The codes come from the small division table as a subquery,
    so the records' own index on the code serves each of them."""
    low, high = region.subtree_bounds()
    # A code that did not exist on the day, held then by a predecessor that did.
    replaced = (Region.objects.filter(_existed_on(day), successor__isnull=False)
                .exclude(_existed_on(day, "successor__")))
    moved_out = (replaced.filter(successor_id__gte=low, successor_id__lte=high)
                 .exclude(code__gte=low, code__lte=high).values("successor_id"))
    moved_in = (replaced.filter(code__gte=low, code__lte=high)
                .exclude(successor_id__gte=low, successor_id__lte=high).values("successor_id"))
    codes = Region.objects.filter((region.subtree_q("code") & ~Q(code__in=moved_out))
                                  | Q(code__in=moved_in)).values("code")
    return Q(**{f"{field}__in": codes})


def counted_visits(campaign: Campaign, region: Region, cutoff: datetime.date) -> QuerySet[Visit]:
    first, last = visit_window(campaign, cutoff)
    return Visit.objects.filter(_area_q(region, cutoff, "region_id"),
                                visited_on__gte=first, visited_on__lte=last)


def _visited(campaign: Campaign, region: Region, first: datetime.date,
             last: datetime.date, cutoff: datetime.date) -> Exists:
    return Exists(Visit.objects.filter(_area_q(region, cutoff, "region_id"),
                                       enterprise_id=OuterRef("enterprise_id"),
                                       visited_on__gte=first, visited_on__lte=last))


def _targets(campaign: Campaign, region: Region, cutoff: datetime.date) -> QuerySet[Target]:
    return Target.objects.filter(_area_q(region, cutoff, "region_id"), campaign=campaign)


def _raised(campaign: Campaign, region: Region, cutoff: datetime.date) -> QuerySet[RaisedAppeal]:
    return RaisedAppeal.objects.filter(_area_q(region, cutoff, "region_id"), campaign=campaign,
                                       raised_on__lte=cutoff, appeal__merged_into__isnull=True)


def _resolved_by(cutoff: datetime.date) -> Q:
    return Q(appeal__outcome=Outcome.RESOLVED, appeal__answered_at__lte=_end_of(cutoff))


def _scalar(queryset: QuerySet, function: str, column: str, *, distinct: bool = False
            ) -> Coalesce:
    """One aggregate of a (correlated) queryset as a value of the outer row, 0 when empty."""
    extra = {"template": "%(function)s(DISTINCT %(expressions)s)"} if distinct else {}
    value = Func(F(column), function=function, output_field=IntegerField(), **extra)
    return Coalesce(Subquery(queryset.order_by().annotate(value=value).values("value")),
                    Value(0), output_field=IntegerField())


# --- per county ----------------------------------------------------------------------------------

# Which figures a row of the per-county union carries.
_TARGETS, _VISITS, _COPIES, _APPEALS, _SYMPOSIUMS = range(5)


def _by_county(campaign: Campaign, region: Region, cutoff: datetime.date
               ) -> dict[str, CoverageCounts]:
    """Five aggregates grouped by county, sent as one UNION ALL statement: (kind, county, a, b,
    c) per row, the figures a, b, c depending on the kind."""
    first, last = visit_window(campaign, cutoff)
    area = _area_q(region, cutoff, "region_id")

    def grouped(queryset: QuerySet, kind: int, a, b=None, c=None) -> QuerySet:
        zero = Value(0, output_field=IntegerField())
        return (queryset.order_by().values("region_id")
                .annotate(part=Value(kind, output_field=IntegerField()), a=a, b=b or zero,
                          c=c or zero)
                .values_list("part", "region_id", "a", "b", "c"))

    parts = [
        grouped(_targets(campaign, region, cutoff), _TARGETS, Count("id"),
                Count("id", filter=Q(_visited(campaign, region, first, last, cutoff)))),
        grouped(Visit.objects.filter(area, visited_on__gte=first, visited_on__lte=last), _VISITS,
                Count("id"), Count("enterprise_id", distinct=True), Sum("people_met")),
        grouped(Distribution.objects.filter(area, survey__campaign=campaign,
                                            distributed_on__lte=cutoff), _COPIES,
                Count("id"), Count("id", filter=Q(returned_on__lte=cutoff))),
        grouped(_raised(campaign, region, cutoff), _APPEALS, Count("id"),
                Count("id", filter=_resolved_by(cutoff))),
        grouped(_symposiums().filter(area, campaign=campaign, held_on__gte=first,
                                     held_on__lte=last), _SYMPOSIUMS, Count("id")),
    ]
    counts: dict[str, CoverageCounts] = defaultdict(CoverageCounts)
    for kind, county, a, b, c in parts[0].union(*parts[1:], all=True):
        cell = counts[county]
        if kind == _TARGETS:
            cell.targets, cell.targets_visited = a, b
        elif kind == _VISITS:
            cell.visits, cell.enterprises_visited, cell.people_met = a, b, c or 0
        elif kind == _COPIES:
            cell.distributed, cell.returned = a, b
        elif kind == _APPEALS:
            cell.appeals_raised, cell.appeals_resolved = a, b
        else:
            cell.symposiums = a
    return counts


def _symposiums():
    """A campaign's symposiums: its events (qinshang.gatherings) of kind symposium."""
    return Gathering.objects.filter(kind=Kind.SYMPOSIUM)


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
    own: CoverageCounts | None = None
    for county_code, cell in by_county.items():
        child = tree.child_of(region, county_code)
        if child is not None:
            rows.setdefault(child, CoverageCounts()).add(cell)
        else:
            own = own or CoverageCounts()
            own.add(cell)
    result.rows = [CoverageRow(region=tree.region(code), counts=cell,
                               drillable=tree.region(code).level != Region.Level.COUNTY
                               and bool(tree.children(code)))
                   for code, cell in sorted(rows.items())]
    if own is not None:
        result.rows.append(CoverageRow(region=region, counts=own, drillable=False, own=True))
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
    """Visits per phase, each phase's days cut at the cut-off: the phases, then one aggregate
    of the division's visits with four figures per phase."""
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    phases = [phase for phase in campaign.phases.all() if phase.starts_on <= cutoff]
    if not phases:
        return []
    # A visit to a target (of this division) marks that target visited, as in coverage().
    to_target = Q(Exists(_targets(campaign, region, cutoff)
                         .filter(enterprise_id=OuterRef("enterprise_id"))))
    aggregates = {}
    for number, phase in enumerate(phases):
        in_phase = Q(visited_on__gte=phase.starts_on,
                     visited_on__lte=min(phase.ends_on, cutoff))
        aggregates |= {f"v{number}": Count("id", filter=in_phase),
                       f"e{number}": Count("enterprise_id", distinct=True, filter=in_phase),
                       f"t{number}": Count("enterprise_id", distinct=True,
                                           filter=in_phase & to_target),
                       f"p{number}": Sum("people_met", filter=in_phase)}
    visits = (Visit.objects.filter(_area_q(region, cutoff, "region_id"))
              .aggregate(**aggregates))
    return [PhaseCounts(name=phase.name, starts_on=phase.starts_on, ends_on=phase.ends_on,
                        visits=visits[f"v{n}"], enterprises_visited=visits[f"e{n}"],
                        targets_visited=visits[f"t{n}"], people_met=visits[f"p{n}"] or 0)
            for n, phase in enumerate(phases)]


QUOTA_SYMPOSIUMS, QUOTA_COUNTIES, QUOTA_ENTERPRISES = "symposiums", "counties", "enterprises"


def team_counts(campaign: Campaign, region: Region | None = None,
                cutoff: datetime.date | None = None) -> list[TeamCounts]:
    """Each team whose area lies in the division, with what it did and its quotas ("1+2+6"):
    the visits entered under the team within the campaign's days up to the cut-off."""
    region = effective_region(campaign, region)
    cutoff = cutoff or min(timezone.localdate(), campaign.ends_on)
    first, last = visit_window(campaign, cutoff)
    # One statement: each team with its figures as correlated aggregates (teams are few).
    visits = Visit.objects.filter(team=OuterRef("pk"), visited_on__gte=first,
                                  visited_on__lte=last)
    symposiums = _symposiums().filter(team=OuterRef("pk"), held_on__gte=first,
                                      held_on__lte=last)
    teams = list(Team.objects.filter(region.subtree_q("area_id"), campaign=campaign)
                 .select_related("area", "office")
                 .annotate(n_visits=_scalar(visits, "COUNT", "id"),
                           n_enterprises=_scalar(visits, "COUNT", "enterprise_id",
                                                 distinct=True),
                           n_counties=_scalar(visits, "COUNT", "region_id", distinct=True),
                           n_symposiums=_scalar(symposiums, "COUNT", "id")))
    result = []
    for team in teams:
        done = {QUOTA_SYMPOSIUMS: team.n_symposiums, QUOTA_COUNTIES: team.n_counties,
                QUOTA_ENTERPRISES: team.n_enterprises}
        needed = {QUOTA_SYMPOSIUMS: campaign.quota_symposiums,
                  QUOTA_COUNTIES: campaign.quota_counties,
                  QUOTA_ENTERPRISES: campaign.quota_enterprises}
        quotas = tuple((key, needed[key], done[key], done[key] >= needed[key])
                       for key in (QUOTA_SYMPOSIUMS, QUOTA_COUNTIES, QUOTA_ENTERPRISES)
                       if needed[key] is not None)
        result.append(TeamCounts(team=team, visits=team.n_visits,
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
    return (_targets(campaign, region, cutoff)
            .exclude(_visited(campaign, region, first, last, cutoff))
            .select_related("enterprise", "region").order_by("region_id", "enterprise__name"))
