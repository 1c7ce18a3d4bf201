"""A hand-built Jinan campaign whose coverage figures are known in advance (DESIGN.md §5).

济南市 (370100) service month, 2 March – 30 April 2026, quotas "1+2+6", two phases:
全面走访 2–31 March, 解决问题 1–30 April. Targets frozen at launch (27 Feb): A (the cast's
enterprise, 历下 370102), B (the cast's foreign enterprise, 市中 370103), C (历下), D (历城
370112), E (市中). F (历下), G (市中), H (天桥 370105) are in scope but not targets; W is in
潍坊 (370702), outside the scope.

=====  ==========  ======  ======  ======  ===========================================
visit  day         whom    people  team    notes
=====  ==========  ======  ======  ======  ===========================================
v1     3 Mar  5    A       2       一组    raises P1 (land), resolved 20 Mar
v2     2 Apr       A       3       二组    A's second visit
v3     3 Mar 10    B       1       一组    raises P2 (labour), resolved 20 Apr
v4     3 Mar 20    F       1       一组
v5     3 Mar 25    G       2       一组    raises P3 (labour) and P4, merged into P3
v6     3 Mar 26    H       0       一组
v7     3 Mar 27    E       1       一组
v8     20 Feb      C       1       —       before the campaign
v9     20 Apr      C       1       —       after the usual cut-off (15 Apr)
v10    10 May      C       1       —       after the campaign
v11    12 Mar      W       4       —       outside the scope
=====  ==========  ======  ======  ======  ===========================================

Symposiums: s1 15 Mar at 济南市 itself (一组), s2 10 Apr at 历下. Opinion forms: A paper 5 Mar,
returned 20 Mar raising P5 (financing); B paper 10 Mar, returned 20 Apr; C online 1 Apr; E
paper 16 Apr.

So at the cut-off 15 April, for 济南市: 5 targets, 3 visited (A, B, E: 60.0%), 6 enterprises
visited, 7 visits, 10 people met, 3 forms distributed and 1 returned, 4 appeals raised (P1, P2,
P3, P5) and 1 resolved (P1), 2 symposiums. By county: 历下 2 targets / 1 visited / 3 visits /
2 enterprises / 6 people / 2 forms / 1 returned / 2 appeals / 1 resolved / 1 symposium; 市中
2 / 2 / 3 / 3 / 4 / 1 / 0 / 2 / 0 / 0; 天桥 0 / 0 / 1 / 1 / 0; 历城 1 / 0; 济南市 itself the
symposium s1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from qinshang.appeals import services as appeal_services
from qinshang.appeals.models import Appeal, Category, Outcome
from qinshang.campaigns import services
from qinshang.campaigns.models import Campaign, CampaignKind, DistributionMethod, Team
from qinshang.enterprises.models import Enterprise
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import Cast, build_forms

TZ = ZoneInfo("Asia/Shanghai")
STARTS, ENDS = datetime.date(2026, 3, 2), datetime.date(2026, 4, 30)
CUTOFF = datetime.date(2026, 4, 15)


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


def at(month: int, number: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, number, hour, 0, tzinfo=TZ)


@dataclass
class KnownCampaign:
    campaign: Campaign
    teams: dict[str, Team]
    enterprises: dict[str, Enterprise]
    appeals: dict[str, Appeal] = field(default_factory=dict)


def _enterprise(name: str, region: str) -> Enterprise:
    return f.EnterpriseFactory(name=name, region_id=region)


def _visit(actor, enterprise: Enterprise, when: datetime.date, people: int, *,
           campaign: Campaign | None = None, team: Team | None = None,
           problems: tuple[services.Problem, ...] = ()):
    return services.visit_record(
        actor=actor, enterprise=enterprise, campaign=campaign, team=team, staff=[actor],
        problems=problems, at=at(when.month, when.day),
        data={"visited_on": when, "method": "on_site", "people_met": people,
              "summary": "走访座谈"})


def _resolve(cast: Cast, officer, appeal: Appeal, answered: datetime.datetime) -> Appeal:
    """Assessed and assigned an hour after registration, answered "resolved" at ``answered``."""
    start = appeal.registered_at
    one_hour = start + datetime.timedelta(hours=1)
    department = cast.department.memberships.get().department
    appeal = appeal_services.appeal_assess(actor=officer, appeal=appeal,
                                           category=appeal.category, priority="normal",
                                           plan="协调相关部门办理", at=one_hour)
    appeal = appeal_services.appeal_assign(actor=officer, appeal=appeal, lead=department,
                                           at=one_hour)
    appeal = appeal_services.appeal_accept(actor=cast.department, appeal=appeal,
                                           at=one_hour + datetime.timedelta(hours=1))
    return appeal_services.appeal_answer(actor=cast.department, appeal=appeal,
                                         outcome=Outcome.RESOLVED, reply="已协调解决",
                                         at=answered)


def _raised(visit) -> list[Appeal]:
    return [raised.appeal for raised in
            visit.raised_appeals.select_related("appeal").order_by("appeal_id")]


def _problem(code: str, title: str) -> services.Problem:
    return services.Problem(Category.objects.get(code=code), title, f"{title}，请协调。")


def build_known_campaign(cast: Cast) -> KnownCampaign:
    city = Region.objects.get(code="370100")
    _visit_form, opinion_form = build_forms()
    campaign = services.campaign_create(
        actor=cast.city, scope=city, offices=[f.office_at("370100")], at=at(2, 20),
        data={"name": "2026济南市台企服务月", "kind": CampaignKind.SERVICE_MONTH,
              "starts_on": STARTS, "ends_on": ENDS, "quota_symposiums": 1,
              "quota_counties": 2, "quota_enterprises": 6},
        phases=[services.PhaseData("全面走访", STARTS, day(3, 31)),
                services.PhaseData("解决问题", day(4, 1), ENDS)])
    ents = {"A": cast.enterprise, "B": cast.foreign_enterprise,
            "C": _enterprise("历下目标丙有限公司", "370102"),
            "D": _enterprise("历城目标丁有限公司", "370112"),
            "E": _enterprise("市中目标戊有限公司", "370103"),
            "F": _enterprise("历下非目标己有限公司", "370102"),
            "G": _enterprise("市中非目标庚有限公司", "370103"),
            "H": _enterprise("天桥非目标辛有限公司", "370105"),
            "W": _enterprise("潍坊台资壬有限公司", "370702")}
    services.campaign_set_targets(actor=cast.city, campaign=campaign,
                                  enterprises=[ents[key] for key in "ABCDE"],
                                  criteria={"region": "370100"}, at=at(2, 26))
    campaign = services.campaign_launch(actor=cast.city, campaign=campaign, at=at(2, 27))
    teams = {
        "一组": services.team_create(actor=cast.city, campaign=campaign, name="市台办第一走访组",
                                    office=f.office_at("370100"), area=city,
                                    members=[cast.city], at=at(2, 27)),
        "二组": services.team_create(actor=cast.city, campaign=campaign, name="历下区走访组",
                                    office=f.office_at("370102"),
                                    area=Region.objects.get(code="370102"),
                                    members=[cast.owner], at=at(2, 27)),
    }
    known = KnownCampaign(campaign=campaign, teams=teams, enterprises=ents)
    _record_visits(cast, known)
    _record_symposiums(cast, known)
    _record_survey(cast, known, opinion_form)
    _settle_appeals(cast, known)
    return known


def _record_visits(cast: Cast, known: KnownCampaign) -> None:
    campaign, ents = known.campaign, known.enterprises
    first, second = known.teams["一组"], known.teams["二组"]
    in_campaign = {"campaign": campaign}
    (known.appeals["P1"],) = _raised(_visit(cast.owner, ents["A"], day(3, 5), 2, team=first,
                                            problems=(_problem("land", "厂房用地手续办理慢"),),
                                            **in_campaign))
    _visit(cast.owner, ents["A"], day(4, 2), 3, team=second, **in_campaign)
    (known.appeals["P2"],) = _raised(_visit(cast.neighbour, ents["B"], day(3, 10), 1,
                                            team=first,
                                            problems=(_problem("labour", "技术工人招聘难"),),
                                            **in_campaign))
    _visit(cast.owner, ents["F"], day(3, 20), 1, team=first, **in_campaign)
    known.appeals["P3"], known.appeals["P4"] = _raised(_visit(
        cast.neighbour, ents["G"], day(3, 25), 2, team=first,
        problems=(_problem("labour", "员工子女入学难"), _problem("labour", "员工子女入学困难")),
        **in_campaign))
    _visit(cast.city, ents["H"], day(3, 26), 0, team=first, **in_campaign)
    _visit(cast.neighbour, ents["E"], day(3, 27), 1, team=first, **in_campaign)
    _visit(cast.owner, ents["C"], day(2, 20), 1)
    _visit(cast.owner, ents["C"], day(4, 20), 1, **in_campaign)
    _visit(cast.owner, ents["C"], day(5, 10), 1)
    _visit(cast.province, ents["W"], day(3, 12), 4)


def _record_symposiums(cast: Cast, known: KnownCampaign) -> None:
    services.symposium_record(actor=cast.city, campaign=known.campaign,
                              region=Region.objects.get(code="370100"),
                              team=known.teams["一组"], at=at(3, 15),
                              data={"held_on": day(3, 15), "place": "市台办", "attendees": 20})
    services.symposium_record(actor=cast.owner, campaign=known.campaign,
                              region=Region.objects.get(code="370102"), at=at(4, 10),
                              data={"held_on": day(4, 10), "place": "历下区台办",
                                    "attendees": 8})


def _record_survey(cast: Cast, known: KnownCampaign, opinion_form) -> None:
    ents = known.enterprises
    survey = services.survey_create(actor=cast.city, campaign=known.campaign,
                                    form=opinion_form, deadline=ENDS, at=at(3, 1))
    copies = {}
    for key, actor, method, when in (
            ("A", cast.owner, DistributionMethod.PAPER, day(3, 5)),
            ("B", cast.neighbour, DistributionMethod.PAPER, day(3, 10)),
            ("C", cast.owner, DistributionMethod.ONLINE, day(4, 1)),
            ("E", cast.neighbour, DistributionMethod.PAPER, day(4, 16))):
        (issued,) = services.survey_distribute(actor=actor, survey=survey,
                                               enterprises=[ents[key]], method=method,
                                               distributed_on=when, at=at(when.month, when.day))
        copies[key] = getattr(issued, "distribution", issued)
    first = opinion_form.questions.get(order=1)
    copy = services.survey_return_paper(
        actor=cast.owner, distribution=copies["A"], returned_on=day(3, 20), at=at(3, 20),
        answers={f"q{first.pk}": True},
        opinions=[_problem("financing", "流动资金贷款难")])
    (known.appeals["P5"],) = [raised.appeal for raised in copy.raised_appeals.all()]
    services.survey_return_paper(actor=cast.neighbour, distribution=copies["B"],
                                 returned_on=day(4, 20), at=at(4, 20),
                                 answers={f"q{first.pk}": False})


def _settle_appeals(cast: Cast, known: KnownCampaign) -> None:
    appeals = known.appeals
    appeals["P1"] = _resolve(cast, cast.owner, appeals["P1"], at(3, 20, 15))
    appeals["P2"] = _resolve(cast, cast.neighbour, appeals["P2"], at(4, 20, 15))
    appeals["P4"] = appeal_services.appeal_merge(actor=cast.neighbour, duplicate=appeals["P4"],
                                                 original=appeals["P3"], at=at(3, 25, 11))
