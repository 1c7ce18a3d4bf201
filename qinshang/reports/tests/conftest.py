"""A hand-built 2014 province visit season whose figures are known in advance.

Shandong, 2014-01-06 to 2014-03-31, five targets in two cities of that year and three counties:
济南市历下区 (E1, E2), 济南市市中区 (E3, E5) and today's 370116, which in 2014 was 莱城区 of
莱芜市 (E4). By the end of February (cut-off 2014-02-28):

- visits: E1 twice (2 + 1 people), E3 (2 people, team), E4 (1 person); E1's first visit and
  E3's under the province team. E2 was visited on 2013-12-20, before the season (3 people: not
  counted), E5 on 2014-03-05, after the cut-off (2 people).
  → 3 enterprises visited, 6 people met, 3 of 5 targets visited (60.0%).
- the opinion form: 6 copies handed out on 2014-01-20 (one to each target and one more to a
  named person at E1), 4 returned (E1 both, E3, E4).
- appeals: A1 融资 (E1's first visit, resolved 2014-01-20), A2 融资 (E3's visit, resolved only on
  2014-03-10), A3 用工 (E4's returned form, resolved 2014-02-25) → 3 raised, 2 resolved.
- one symposium, held by the team at 济南市 on 2014-02-18.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from qinshang.accounts.models import Role
from qinshang.appeals.models import Appeal, Category, Outcome, Priority
from qinshang.campaigns import services
from qinshang.campaigns.models import Campaign, CampaignKind, DistributionMethod
from qinshang.enterprises.models import Enterprise
from qinshang.questionnaires.models import FormTemplate, Purpose, Question, QuestionKind
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import Cast

TZ = ZoneInfo("Asia/Shanghai")
SEASON_NAME = "2014台资企业走访季"
STARTS, ENDS = datetime.date(2014, 1, 6), datetime.date(2014, 3, 31)
END_OF_FEBRUARY = datetime.date(2014, 2, 28)
MID_MARCH = datetime.date(2014, 3, 15)


def at(month: int, day: int, hour: int = 10, year: int = 2014) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=TZ)


@dataclass
class Season:
    campaign: Campaign
    enterprises: dict[str, Enterprise]
    appeals: dict[str, Appeal]


def _opinion_form() -> FormTemplate:
    form = FormTemplate.objects.create(code="season-opinion", title="征求意见表",
                                       purpose=Purpose.OPINION)
    Question.objects.create(template=form, order=1, kind=QuestionKind.TEXT, text="意见建议")
    return form


def _resolve(appeal: Appeal, when: datetime.datetime, *, officer, liaison, department) -> None:
    from qinshang.appeals import services as appeals

    appeals.appeal_assess(actor=officer, appeal=appeal, category=appeal.category,
                          priority=Priority.NORMAL, plan="协调相关部门办理", at=when)
    appeals.appeal_assign(actor=officer, appeal=appeal, lead=department,
                          at=when + datetime.timedelta(hours=1))
    appeals.appeal_accept(actor=liaison, appeal=appeal, at=when + datetime.timedelta(hours=2))
    appeals.appeal_answer(actor=liaison, appeal=appeal, outcome=Outcome.RESOLVED,
                          reply="已协调解决", at=when + datetime.timedelta(hours=3))


def _visit(officer, enterprise: Enterprise, day: datetime.date, people: int, *,
           campaign: Campaign | None, team=None, problems=()):
    return services.visit_record(
        actor=officer, enterprise=enterprise, campaign=campaign, team=team, staff=[officer],
        data={"visited_on": day, "method": "on_site", "people_met": people,
              "summary": "走访座谈"},
        problems=problems, at=at(day.month, day.day, 16, day.year))


def build_season(officer) -> Season:
    """The season, recorded by ``officer`` of the province office, through the services."""
    province = Region.objects.get(code="370000")
    office = f.office_at("370000")
    department = f.department_at("370000")
    liaison = f.member("season_liaison", Role.DEPARTMENT, department=department)
    financing = Category.objects.get(code="financing")
    labour = Category.objects.get(code="labour")
    ent = {
        "E1": f.EnterpriseFactory(region_id="370102", name="济南鲁台电子有限公司"),
        "E2": f.EnterpriseFactory(region_id="370102", name="济南台丰食品有限公司"),
        "E3": f.EnterpriseFactory(region_id="370103", name="济南台联精工有限公司"),
        "E4": f.EnterpriseFactory(region_id="370116", name="莱芜台钢机械有限公司"),
        "E5": f.EnterpriseFactory(region_id="370103", name="济南宝岛纺织有限公司"),
    }
    campaign = services.campaign_create(
        actor=officer, scope=province, offices=[office], at=at(1, 2),
        data={"name": SEASON_NAME, "kind": CampaignKind.VISIT_SEASON, "starts_on": STARTS,
              "ends_on": ENDS, "quota_symposiums": 1, "quota_counties": 2,
              "quota_enterprises": 6},
        phases=[services.PhaseData("全面走访、征求意见、建立联系", STARTS, END_OF_FEBRUARY),
                services.PhaseData("深入调研、研商措施、解决问题", datetime.date(2014, 3, 1),
                                   datetime.date(2014, 3, 20)),
                services.PhaseData("交流讲评、总结提高、巩固成果", datetime.date(2014, 3, 21),
                                   ENDS)])
    services.campaign_set_targets(actor=officer, campaign=campaign, enterprises=ent.values(),
                                  criteria={"region": "370000"}, at=at(1, 3))
    services.campaign_launch(actor=officer, campaign=campaign, at=at(1, 3))
    team = services.team_create(actor=officer, campaign=campaign, name="省台办第一走访组",
                                office=office, area=Region.objects.get(code="370100"),
                                members=[officer], at=at(1, 3))

    first = _visit(officer, ent["E1"], datetime.date(2014, 1, 10), 2, campaign=campaign,
                   team=team, problems=[services.Problem(financing, "流动资金贷款难",
                                                         "希望协调银行续贷。")])
    _visit(officer, ent["E1"], datetime.date(2014, 2, 20), 1, campaign=campaign)
    third = _visit(officer, ent["E3"], datetime.date(2014, 1, 15), 2, campaign=campaign,
                   team=team, problems=[services.Problem(financing, "设备融资租赁手续繁琐",
                                                         "希望简化手续。")])
    _visit(officer, ent["E4"], datetime.date(2014, 2, 10), 1, campaign=campaign)
    _visit(officer, ent["E2"], datetime.date(2013, 12, 20), 3, campaign=None)
    _visit(officer, ent["E5"], datetime.date(2014, 3, 5), 2, campaign=campaign)
    services.symposium_record(actor=officer, campaign=campaign,
                              region=Region.objects.get(code="370100"), team=team,
                              enterprises=[ent["E1"], ent["E3"]], at=at(2, 18),
                              data={"held_on": datetime.date(2014, 2, 18), "place": "济南市台办",
                                    "attendees": 15})

    survey = services.survey_create(actor=officer, campaign=campaign, form=_opinion_form(),
                                    deadline=END_OF_FEBRUARY, at=at(1, 18))
    copies = services.survey_distribute(actor=officer, survey=survey,
                                        enterprises=list(ent.values()),
                                        method=DistributionMethod.PAPER,
                                        distributed_on=datetime.date(2014, 1, 20), at=at(1, 20))
    person = f.PersonFactory(region_id="370102", name="林台商")
    f.affiliate(person, ent["E1"])
    (addressed,) = services.survey_distribute(
        actor=officer, survey=survey, enterprises=[ent["E1"]], persons={ent["E1"].pk: [person]},
        method=DistributionMethod.PAPER, distributed_on=datetime.date(2014, 1, 20),
        at=at(1, 20))
    by_enterprise = {copy.enterprise_id: copy for copy in copies}
    for copy, day, opinions in (
            (by_enterprise[ent["E1"].pk], 10, ()),
            (by_enterprise[ent["E3"].pk], 12, ()),
            (by_enterprise[ent["E4"].pk], 15,
             (services.Problem(labour, "节后招工难", "希望协助组织招聘会。"),)),
            (addressed, 18, ())):
        services.survey_return_paper(actor=officer, distribution=copy,
                                     returned_on=datetime.date(2014, 2, day), answers={},
                                     opinions=opinions, at=at(2, day))

    appeals = {"A1": first.raised_appeals.get().appeal, "A2": third.raised_appeals.get().appeal,
               "A3": Appeal.objects.get(enterprise=ent["E4"])}
    crew = {"officer": officer, "liaison": liaison, "department": department}
    _resolve(appeals["A1"], at(1, 20), **crew)
    _resolve(appeals["A3"], at(2, 25), **crew)
    _resolve(appeals["A2"], at(3, 10), **crew)
    return Season(campaign=Campaign.objects.get(pk=campaign.pk), enterprises=ent,
                  appeals=appeals)


@pytest.fixture
def season(cast: Cast) -> Season:
    return build_season(cast.province)
