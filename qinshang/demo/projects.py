"""Demo investment projects (issue #6 points 1, 2, 8).

- Three years of the 鲁台经贸洽谈会 (2023–2025, one Gathering of kind trade_fair each, held by the
  province office), where 274 projects were signed across Shandong (seed 002: "近3年…签约的274个
  项目… 资金到位率达53.80%，项目开工率达56.07%，投产率达43.36%"). The figures by amount are
  exactly the seed's: the contracted amounts are drawn per group (producing, construction only,
  not started) so that each group holds its exact share of the 320亿元 contracted, and the funds
  arrived add up to exactly 53.80% of it. By count they come out near: 154 of 274 projects
  started construction (56.20%), 119 production (43.43%) — 56.07% of 274 is not a whole number.
  None of them is cancelled, so every rate counts all 274.
- The 2023 绿色低碳高质量发展泉城论坛 in Jinan (seed 003): 10 projects, 46.33亿元 in all.
- A dozen projects signed outside any event in 2026, two of them cancelled, so that the funnel
  shows its cancelled line; projects with no progress for six months carry the tick's stalled
  flag.

Written in bulk (projects, stages and their event-log rows, as the services record them), with
the project's denormalised dates and funds kept as ``project_stage_record`` keeps them."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from qinshang.demo import project_texts as texts
from qinshang.demo.appeal_life import ZONE
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.gatherings.models import Gathering, Kind
from qinshang.projects.models import Project, ProjectStage, StageKind
from qinshang.projects.tick import months_before

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20151218
BATCH = 1000
PROVINCE, JINAN = "370000", "370100"
WAN = Decimal("10000")
LAST_DAY = datetime.date(2026, 11, 20)

# Seed 002, in 万元: 320亿元 contracted, split so that the rates by amount are exact.
FAIR_PROJECTS = 274
PRODUCING, CONSTRUCTION_ONLY = 119, 35                    # 154 started construction
FAIR_CONTRACTED = 3_200_000
FAIR_SHARES = {"producing": Decimal("0.4336"), "construction": Decimal("0.1271"),
               "not_started": Decimal("0.4393")}          # 43.36% + 12.71% = 56.07%
FUNDS_SHARE = Decimal("0.5380")
FUNDS_OF_CONTRACTED = {"producing": (0.70, 0.95), "construction": (0.40, 0.70)}
NOT_STARTED_WITH_FUNDS = 80
OWN_PROJECTS, OWN_CANCELLED = 12, 2
STALL_MONTHS = 6


def _day(parts: tuple[int, int, int]) -> datetime.date:
    return datetime.date(*parts)


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, rng.randrange(9, 17),
                             rng.randrange(60), tzinfo=ZONE)


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole parts of ``total`` in proportion to ``weights``, adding up to it exactly."""
    whole = sum(weights)
    parts = [int(total * weight / whole) for weight in weights]
    parts[max(range(len(parts)), key=lambda i: weights[i])] += total - sum(parts)
    return parts


@dataclass
class Plan:
    """One project as drawn, in 万元, before it is written."""

    name: str
    investor: str
    origin: str
    industry: str
    region_id: str
    enterprise_id: int | None
    contracted: int
    signed_on: datetime.date
    event: Gathering | None
    group: str = "not_started"
    funds: int = 0
    cancelled: bool = False
    stages: list[tuple[str, datetime.date, int | None, str]] = field(default_factory=list)


class ProjectDemo:
    def __init__(self, generator: Generator, enterprises: list[Enterprise]) -> None:
        self.generator = generator
        self.rng = random.Random(SEED)
        self.shandong = [e for e in enterprises if e.region_id.startswith("37")]
        self.jinan = [e for e in self.shandong if e.region_id.startswith("3701")]
        self.used_names: set[str] = set()

    # --- the events -------------------------------------------------------------------------

    def events(self) -> tuple[list[Gathering], Gathering]:
        offices = self.generator.offices
        fairs = [Gathering(kind=Kind.TRADE_FAIR, title=title, held_on=_day(day),
                           ends_on=_day(day) + datetime.timedelta(days=2),
                           place=texts.FAIR_PLACE, office=offices[PROVINCE],
                           region_id=PROVINCE, attendees=self.rng.randrange(600, 900),
                           summary=f"{title}共签约台资项目。")
                 for title, day in texts.FAIR_EDITIONS]
        forum = Gathering(kind=Kind.FORUM, title=texts.FORUM_TITLE,
                          held_on=_day(texts.FORUM_DAY), place=texts.FORUM_PLACE,
                          office=offices[JINAN], region_id=JINAN, attendees=200,
                          summary=texts.FORUM_SUMMARY)
        Gathering.objects.bulk_create([*fairs, forum])
        return fairs, forum

    # --- drawing the projects ---------------------------------------------------------------

    def name_and_industry(self) -> tuple[str, str]:
        while True:
            product, industry = self.rng.choice(texts.PRODUCTS)
            place = self.rng.choice(texts.INVESTOR_WORDS)
            name = f"{place}{product}{self.rng.choice(texts.PROJECT_KINDS)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name, industry

    def investor(self, origin: str) -> str:
        first = {"810000": "香港", "820000": "澳门"}.get(origin, "台湾")
        return (f"{first}{self.rng.choice(texts.INVESTOR_WORDS)}"
                f"{self.rng.choice(texts.INVESTOR_KINDS)}")

    def fair_plans(self, fairs: list[Gathering]) -> list[Plan]:
        groups = (["producing"] * PRODUCING + ["construction"] * CONSTRUCTION_ONLY
                  + ["not_started"] * (FAIR_PROJECTS - PRODUCING - CONSTRUCTION_ONLY))
        self.rng.shuffle(groups)
        plans = []
        for index, group in enumerate(groups):
            enterprise = self.rng.choice(self.shandong)
            name, industry = self.name_and_industry()
            fair = fairs[index % len(fairs)]
            plans.append(Plan(name=name, investor=self.investor(enterprise.origin),
                              origin=enterprise.origin, industry=industry,
                              region_id=enterprise.region_id, enterprise_id=enterprise.pk,
                              contracted=0, signed_on=fair.held_on, event=fair, group=group))
        self.amounts(plans)
        self.funds(plans)
        return plans

    def amounts(self, plans: list[Plan]) -> None:
        for group, share in FAIR_SHARES.items():
            members = [plan for plan in plans if plan.group == group]
            weights = [self.rng.lognormvariate(0, 0.8) for _ in members]
            for plan, amount in zip(members, _split(int(FAIR_CONTRACTED * share), weights),
                                    strict=True):
                plan.contracted = amount

    def funds(self, plans: list[Plan]) -> None:
        """Funds arrived in each group, adding up to exactly 53.80% of the contracted sum;
        the producing projects have most of theirs, those not started the least."""
        target = int(FAIR_CONTRACTED * FUNDS_SHARE)
        for group, (low, high) in FUNDS_OF_CONTRACTED.items():
            for plan in plans:
                if plan.group == group:
                    plan.funds = int(plan.contracted * self.rng.uniform(low, high))
        waiting = [plan for plan in plans if plan.group == "not_started"]
        with_funds = self.rng.sample(waiting, NOT_STARTED_WITH_FUNDS)
        rest = target - sum(plan.funds for plan in plans)
        weights = [plan.contracted * self.rng.uniform(0.5, 1.0) for plan in with_funds]
        for plan, amount in zip(with_funds, _split(rest, weights), strict=True):
            plan.funds = amount
        assert all(0 <= plan.funds <= plan.contracted for plan in plans), "funds over contract"
        assert sum(plan.funds for plan in plans) == target

    def forum_plans(self, forum: Gathering) -> list[Plan]:
        plans = []
        for index, (name, investor, amount, industry) in enumerate(texts.FORUM_PROJECTS):
            enterprise = self.jinan[index * 7 % len(self.jinan)]
            group = ("producing" if index < 3 else "construction" if index < 6
                     else "not_started")
            plans.append(Plan(name=name, investor=investor, origin="710000", industry=industry,
                              region_id=enterprise.region_id, enterprise_id=enterprise.pk,
                              contracted=amount, signed_on=forum.held_on, event=forum,
                              group=group, funds=amount * (index % 4 + 3) // 10))
        return plans

    def own_plans(self) -> list[Plan]:
        plans = []
        for index in range(OWN_PROJECTS):
            enterprise = self.rng.choice(self.shandong)
            name, industry = self.name_and_industry()
            signed = datetime.date(2026, 1, 8) + datetime.timedelta(days=self.rng.randrange(200))
            plans.append(Plan(name=name, investor=self.investor(enterprise.origin),
                              origin=enterprise.origin, industry=industry,
                              region_id=enterprise.region_id, enterprise_id=None,
                              contracted=self.rng.randrange(2000, 30000), signed_on=signed,
                              event=None, cancelled=index < OWN_CANCELLED,
                              funds=self.rng.randrange(200, 1500) if index % 3 == 0 else 0))
        return plans

    # --- the stages ---------------------------------------------------------------------------

    def after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return min(LAST_DAY, day + datetime.timedelta(days=self.rng.randrange(low, high)))

    def stages(self, plan: Plan) -> None:
        day = plan.signed_on
        registers = plan.enterprise_id is not None and (
            plan.group != "not_started" or self.rng.random() < 0.3)
        if registers:
            day = self.after(day, 20, 120)
            plan.stages.append((StageKind.REGISTERED, day, None, ""))
        else:
            plan.enterprise_id = None
        if plan.funds:
            parts = min(3, max(1, plan.funds // 5000))
            weights = [self.rng.uniform(1, 2) for _ in range(parts)]
            for number, amount in enumerate(_split(plan.funds, weights)):
                day = self.after(day, 15, 150)
                plan.stages.append((StageKind.FUNDS, day, amount, texts.FUNDS_NOTES[number]))
        if plan.group in ("construction", "producing"):
            day = self.after(day, 10, 120)
            plan.stages.append((StageKind.CONSTRUCTION, day, None, ""))
        if plan.group == "producing":
            day = self.after(day, 60, 240)
            plan.stages.append((StageKind.PRODUCTION, day, None, ""))
        if plan.cancelled:
            plan.stages.append((StageKind.CANCELLED, self.after(day, 30, 90), None,
                                texts.CANCELLED_NOTE))

    # --- writing ----------------------------------------------------------------------------

    def office_of(self, region_id: str):
        offices = self.generator.offices
        return offices.get(region_id) or offices[region_id[:4] + "00"]

    def write(self, plans: list[Plan]) -> dict[str, int]:
        projects, officers = [], []
        for plan in plans:
            self.stages(plan)
            office = self.office_of(plan.region_id)
            officer = self.generator.officers[office.region_id][0]
            officers.append(officer)
            projects.append(self.project(plan, office, officer))
        Project.objects.bulk_create(projects, batch_size=BATCH)
        stages, events = [], []
        for plan, project, officer in zip(plans, projects, officers, strict=True):
            events.append(self.created_event(project, officer))
            for kind, day, amount, note in plan.stages:
                stage = ProjectStage(project=project, kind=kind, happened_on=day,
                                     amount=None if amount is None else amount * WAN,
                                     note=note, region_id=project.region_id,
                                     recorded_by=officer, recorded_at=_moment(day, self.rng))
                stages.append(stage)
                events.append(self.stage_event(project, stage, officer))
            if project.stalled_since is not None:
                stage = ProjectStage(project=project, kind=StageKind.STALLED,
                                     happened_on=project.stalled_since,
                                     note=texts.STALLED_NOTE, region_id=project.region_id,
                                     recorded_at=_moment(project.stalled_since, self.rng))
                stages.append(stage)
                events.append(self.stage_event(project, stage, None))
        ProjectStage.objects.bulk_create(stages, batch_size=BATCH)
        Event.objects.bulk_create(events, batch_size=BATCH)
        return {"projects": len(projects), "project stages": len(stages)}

    def project(self, plan: Plan, office, officer) -> Project:
        dates = {kind: day for kind, day, _amount, _note in plan.stages}
        last = max([plan.signed_on, *dates.values()])
        stall_due = months_before(LAST_DAY, STALL_MONTHS)
        stalled = (last < stall_due and StageKind.PRODUCTION not in dates
                   and StageKind.CANCELLED not in dates)
        return Project(
            name=plan.name, investor=plan.investor, investor_origin=plan.origin,
            enterprise_id=plan.enterprise_id, office=office, region_id=plan.region_id,
            industry=plan.industry, contracted_investment=plan.contracted * WAN,
            signed_on=plan.signed_on, signing_event=plan.event, funds_arrived=plan.funds * WAN,
            registered_on=dates.get(StageKind.REGISTERED),
            construction_started_on=dates.get(StageKind.CONSTRUCTION),
            production_started_on=dates.get(StageKind.PRODUCTION),
            cancelled_on=dates.get(StageKind.CANCELLED),
            stalled_since=self.after(months_before(last, -STALL_MONTHS), 1, 10)
            if stalled else None,
            last_progress_on=last, created_by=officer,
            created_at=_moment(plan.signed_on, self.rng))

    @staticmethod
    def created_event(project: Project, officer) -> Event:
        return Event(at=project.created_at, actor=officer, verb="project.created",
                     target_type="projects.project", target_id=str(project.pk),
                     target_repr=project.name[:200], timeline=f"projects.project:{project.pk}",
                     region_code=project.region_id,
                     changes={"name": project.name, "investor": project.investor,
                              "contracted_investment": str(project.contracted_investment),
                              "signed_on": project.signed_on.isoformat(),
                              "signing_event": str(project.signing_event_id or ""),
                              "office": str(project.office)})

    @staticmethod
    def stage_event(project: Project, stage: ProjectStage, officer) -> Event:
        return Event(at=stage.recorded_at, actor=officer, verb=f"project.{stage.kind}",
                     target_type="projects.project", target_id=str(project.pk),
                     target_repr=project.name[:200], timeline=f"projects.project:{project.pk}",
                     region_code=project.region_id,
                     changes={"stage": stage.kind, "happened_on": stage.happened_on.isoformat(),
                              "amount": str(stage.amount) if stage.amount else None,
                              "note": stage.note})


def projects_generate(generator: Generator, enterprises: list[Enterprise]) -> dict[str, int]:
    demo = ProjectDemo(generator, enterprises)
    fairs, forum = demo.events()
    plans = [*demo.fair_plans(fairs), *demo.forum_plans(forum), *demo.own_plans()]
    return {"signing events": len(fairs) + 1, **demo.write(plans)}
