"""The same cast in every test (DESIGN.md §6): who owns the record, who reads it, who must not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from qinshang.accounts.models import Role, User
from qinshang.appeals.models import Appeal, Attachment, Category, Channel, Kind, Priority
from qinshang.enterprises.models import Enterprise, Person, SupportMeasure
from qinshang.testing import factories as f

OWNER_COUNTY = "370102"      # 济南市历下区
NEIGHBOUR_COUNTY = "370103"  # 济南市市中区
CITY = "370100"              # 济南市
PROVINCE = "370000"          # 山东省
OTHER_CITY = "370700"        # 潍坊市


@dataclass
class Cast:
    owner: User              # officer of the county that owns the record
    reader: User             # leader of the same county: reads, does not edit the file
    neighbour: User          # officer of the neighbouring county
    city: User               # officer of the city office
    province: User           # officer of the province office
    other_city: User         # officer in another city (Weifang)
    department: User         # liaison of a Jinan department
    portal: User             # portal user of the enterprise
    enterprise: Enterprise   # in the owner county
    person: Person
    measure: SupportMeasure
    foreign_enterprise: Enterprise  # in the neighbouring county
    # The parts of the cast the later apps build for their own routes, by app label.
    extras: dict[str, Any] = field(default_factory=dict)

    def everyone(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in (
            "owner", "reader", "neighbour", "city", "province", "other_city", "department",
            "portal")}


def build_cast() -> Cast:
    owner_office = f.office_at(OWNER_COUNTY)
    enterprise = f.EnterpriseFactory(region_id=OWNER_COUNTY, name="济南鲁台精密机械有限公司",
                                     trade_name="魯臺精密")
    owner = f.member("owner", Role.OFFICER, office=owner_office)
    enterprise.liaison_officer = owner
    enterprise.save()
    person = f.PersonFactory(region_id=OWNER_COUNTY, name="陳志明")
    f.affiliate(person, enterprise)
    return Cast(
        owner=owner,
        reader=f.member("reader", Role.LEADER, office=owner_office),
        neighbour=f.member("neighbour", Role.OFFICER, office=f.office_at(NEIGHBOUR_COUNTY)),
        city=f.member("city", Role.OFFICER, office=f.office_at(CITY)),
        province=f.member("province", Role.OFFICER, office=f.office_at(PROVINCE)),
        other_city=f.member("other_city", Role.OFFICER, office=f.office_at(OTHER_CITY)),
        department=f.member("department", Role.DEPARTMENT, department=f.department_at(CITY)),
        portal=f.member("portal", Role.PORTAL, enterprise=enterprise),
        enterprise=enterprise,
        person=person,
        measure=f.SupportMeasureFactory(enterprise=enterprise),
        foreign_enterprise=f.EnterpriseFactory(region_id=NEIGHBOUR_COUNTY,
                                               name="济南市中台资电子有限公司"),
    )


# --- the cast's appeal (for the pages of appeals and the portal) -------------------------------

APPEAL_REGISTERED_AT = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
APPEAL_TITLE = "厂房用电扩容审批迟迟未办理"
APPEAL_ATTACHMENT = "用电申请.pdf"


@dataclass
class AppealCast:
    """The enterprise's appeal, submitted in the portal, assessed by the owner and assigned to
    the cast's department (lead); and one appeal of the same county never routed anywhere."""

    appeal: Appeal
    attachment: Attachment
    unrouted: Appeal


def build_appeal_cast(cast: Cast) -> AppealCast:
    from qinshang.appeals import services

    land = Category.objects.get(code="land")
    upload = SimpleUploadedFile(APPEAL_ATTACHMENT, b"%PDF-1.4 demo\n", "application/pdf")
    appeal = services.appeal_register(
        actor=cast.portal, enterprise=cast.enterprise, files=[upload],
        at=APPEAL_REGISTERED_AT,
        data={"kind": Kind.REQUEST, "channel": Channel.PORTAL, "category": land,
              "title": APPEAL_TITLE, "description": "新厂房用电扩容申请已提交两个月，尚无答复。"})
    services.appeal_assess(actor=cast.owner, appeal=appeal, category=land,
                           priority=Priority.NORMAL, plan="协调商务局牵头办理",
                           at=APPEAL_REGISTERED_AT)
    department = cast.department.memberships.get().department
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=department,
                                    at=APPEAL_REGISTERED_AT)
    unrouted = services.appeal_register(
        actor=cast.owner, enterprise=cast.enterprise, at=APPEAL_REGISTERED_AT,
        data={"kind": Kind.OPINION, "channel": Channel.VISIT,
              "category": Category.objects.get(code="labour"),
              "title": "希望组织招聘会", "description": "节后用工紧张，希望协助组织专场招聘会。"})
    return AppealCast(appeal=Appeal.objects.get(pk=appeal.pk),
                      attachment=appeal.attachments.get(), unrouted=unrouted)


# --- the cast's campaign (for the pages of campaigns, surveys and invitations) -----------------

CAMPAIGN_NAME = "2026济南市精准服务台企月"
CAMPAIGN_STARTS = datetime.date(2026, 6, 1)
CAMPAIGN_ENDS = datetime.date(2026, 6, 30)
CAMPAIGN_AT = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
VISIT_PROBLEM = "厂区周边公交线路不足，员工通勤困难"


@dataclass
class CampaignCast:
    """A Jinan city campaign (scope 370100, seen by the counties below it), launched, with both
    cast enterprises as targets, a team, the owner's visit that raised an appeal, a symposium,
    and a survey: a paper copy to the enterprise not yet returned, and an online copy whose
    invitation link ``token`` is open."""

    campaign: Any
    team: Any
    visit: Any
    symposium: Any
    survey: Any
    paper_copy: Any
    online_copy: Any
    token: str
    visit_form: Any
    opinion_form: Any


def build_forms() -> tuple[Any, Any]:
    from qinshang.questionnaires.models import FormTemplate, Purpose, Question, QuestionKind

    visit_form = FormTemplate.objects.create(code="cast-visit", title="走访台资企业报告表",
                                             purpose=Purpose.VISIT_REPORT)
    Question.objects.create(template=visit_form, order=1, kind=QuestionKind.SINGLE_CHOICE,
                            text="企业经营状况", required=True, choices=["良好", "一般", "困难"])
    Question.objects.create(template=visit_form, order=2, kind=QuestionKind.NUMBER,
                            text="在岗职工人数")
    opinion_form = FormTemplate.objects.create(code="cast-opinion", title="征求意见表",
                                               purpose=Purpose.OPINION)
    Question.objects.create(template=opinion_form, order=1, kind=QuestionKind.YES_NO,
                            text="是否了解惠台政策", required=True)
    Question.objects.create(template=opinion_form, order=2, kind=QuestionKind.TEXT,
                            text="其他意见")
    return visit_form, opinion_form


def build_campaign_cast(cast: Cast) -> CampaignCast:
    from qinshang.campaigns import services
    from qinshang.campaigns.models import CampaignKind, DistributionMethod
    from qinshang.regions.models import Region

    visit_form, opinion_form = build_forms()
    city = Region.objects.get(code=CITY)
    city_office = f.office_at(CITY)
    campaign = services.campaign_create(
        actor=cast.city, scope=city, offices=[city_office], at=CAMPAIGN_AT,
        data={"name": CAMPAIGN_NAME, "kind": CampaignKind.SERVICE_MONTH,
              "starts_on": CAMPAIGN_STARTS, "ends_on": CAMPAIGN_ENDS, "visit_form": visit_form,
              "quota_symposiums": 1, "quota_counties": 2, "quota_enterprises": 6},
        phases=[services.PhaseData("大走访", CAMPAIGN_STARTS, datetime.date(2026, 6, 15)),
                services.PhaseData("解决问题", datetime.date(2026, 6, 16), CAMPAIGN_ENDS)])
    services.campaign_set_targets(actor=cast.city, campaign=campaign,
                                  enterprises=[cast.enterprise, cast.foreign_enterprise],
                                  criteria={"region": CITY}, at=CAMPAIGN_AT)
    services.campaign_launch(actor=cast.city, campaign=campaign, at=CAMPAIGN_AT)
    team = services.team_create(actor=cast.city, campaign=campaign, name="市台办第一走访组",
                                office=city_office, area=city, members=[cast.city],
                                at=CAMPAIGN_AT)
    visit = services.visit_record(
        actor=cast.owner, enterprise=cast.enterprise, campaign=campaign, team=team,
        staff=[cast.owner], persons=[cast.person], at=CAMPAIGN_AT,
        data={"visited_on": CAMPAIGN_AT.date(), "method": "on_site", "people_met": 1,
              "summary": "走访座谈"},
        answers={f"q{visit_form.questions.get(order=1).pk}": "良好"},
        problems=[services.Problem(Category.objects.get(code="logistics"), VISIT_PROBLEM,
                                   "希望增开公交线路。")])
    symposium = services.symposium_record(
        actor=cast.city, campaign=campaign, region=city, team=team, at=CAMPAIGN_AT,
        enterprises=[cast.enterprise], data={"held_on": CAMPAIGN_AT.date(), "place": "市台办",
                                             "attendees": 12})
    survey = services.survey_create(actor=cast.city, campaign=campaign, form=opinion_form,
                                    deadline=CAMPAIGN_ENDS, at=CAMPAIGN_AT)
    (paper_copy,) = services.survey_distribute(
        actor=cast.owner, survey=survey, enterprises=[cast.enterprise],
        method=DistributionMethod.PAPER, distributed_on=CAMPAIGN_AT.date(), at=CAMPAIGN_AT)
    (issued,) = services.survey_distribute(
        actor=cast.owner, survey=survey, enterprises=[cast.enterprise],
        persons={cast.enterprise.pk: [cast.person]}, method=DistributionMethod.ONLINE,
        distributed_on=CAMPAIGN_AT.date())
    return CampaignCast(campaign=campaign, team=team, visit=visit, symposium=symposium,
                        survey=survey, paper_copy=paper_copy, online_copy=issued.distribution,
                        token=issued.token, visit_form=visit_form, opinion_form=opinion_form)


# --- the cast's liaison duties and hotline (for the pages of liaison and hotlines) -------------

LEADER_PLAN_PURPOSE = "联系重点台资企业，了解生产经营情况"
OFFICER_PLAN_PURPOSE = "每季度电话回访企业诉求办理情况"
CONTACT_CONTENT = "电话了解用电扩容进展"
HOTLINE_NUMBER = "0531-86061234"
CALL_TOPIC = "咨询台胞就业补贴"
ROUND_NAME = "2026年台胞台企服务热线拨测"


@dataclass
class LiaisonCast:
    """In the owner county: the leader's monthly duty to visit the enterprise, started two
    months ago and never kept (overdue today); the owner's quarterly phone duty, kept by a
    contact a week ago. The county's hotline (24 hours) with one logged call, and the province's
    test-call round over it with one answered test call."""

    leader_plan: Any
    officer_plan: Any
    contact: Any
    hotline: Any
    call: Any
    test_round: Any
    test_call: Any


def build_liaison_cast(cast: Cast) -> LiaisonCast:
    from django.utils import timezone

    from qinshang.hotlines import services as hotlines
    from qinshang.liaison import services as liaison

    today = timezone.localdate()
    now = timezone.now()
    owner_office = f.office_at(OWNER_COUNTY)
    enterprise = liaison.CounterpartChoice(enterprise=cast.enterprise)
    leader_plan = liaison.plan_create(
        actor=cast.owner, office=owner_office, staff=cast.reader, counterpart=enterprise,
        data={"interval": "monthly", "method": "visit", "purpose": LEADER_PLAN_PURPOSE,
              "starts_on": today - datetime.timedelta(days=70)})
    officer_plan = liaison.plan_create(
        actor=cast.owner, office=owner_office, staff=cast.owner, counterpart=enterprise,
        data={"interval": "quarterly", "method": "phone", "purpose": OFFICER_PLAN_PURPOSE,
              "starts_on": today - datetime.timedelta(days=70)})
    contact = liaison.contact_record(
        actor=cast.owner, staff=cast.owner, counterpart=enterprise,
        data={"contacted_on": today - datetime.timedelta(days=7), "method": "phone",
              "content": CONTACT_CONTENT, "outcome": "供电公司已受理"})
    hotline = hotlines.hotline_create(
        actor=cast.owner, office=owner_office,
        data={"number": HOTLINE_NUMBER, "purpose": "台胞台企服务热线", "always_open": True,
              "starts_on": datetime.date(2026, 4, 1)})
    call = hotlines.call_record(
        actor=cast.owner, hotline=hotline, enterprise=cast.enterprise,
        data={"received_at": now - datetime.timedelta(days=3), "caller_name": cast.person.name,
              "topic": CALL_TOPIC, "summary": "询问台胞来济就业补贴申领条件。",
              "outcome": "answered"})
    test_round = hotlines.round_create(
        actor=cast.province, office=f.office_at(PROVINCE), hotlines=[hotline],
        data={"name": ROUND_NAME, "starts_on": today - datetime.timedelta(days=30),
              "ends_on": today + datetime.timedelta(days=30)})
    test_call = hotlines.test_call_record(
        actor=cast.province, hotline=hotline, test_round=test_round,
        data={"called_at": now - datetime.timedelta(days=2), "answered": True,
              "seconds_to_answer": 12, "courtesy": 5, "knowledge": 4, "ownership": 4,
              "accuracy": 5})
    return LiaisonCast(leader_plan=leader_plan, officer_plan=officer_plan, contact=contact,
                       hotline=hotline, call=call, test_round=test_round, test_call=test_call)
