"""The demo campaigns (issue #4 point 8): generated once for the module, and the figures the
offices published (seeds 000 and 002) computed from them by ``qinshang.figures.campaigns``."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from qinshang.appeals.models import Appeal, Channel, Outcome
from qinshang.campaigns.models import (
    Campaign,
    CampaignState,
    Distribution,
    DistributionMethod,
    Visit,
)
from qinshang.campaigns.services import invitation_open
from qinshang.demo.appeal_life import AS_OF
from qinshang.demo.campaigns import (
    CITY_MONTH_NAME,
    MONTH_NAME,
    SEASON_CUTOFF,
    SEASON_NAME,
    invitation_lines,
)
from qinshang.demo.generator import URL, ZONE
from qinshang.events.models import Event
from qinshang.figures.campaigns import coverage, team_counts
from qinshang.questionnaires.initial import OPINION_FORM, VISIT_REPORT
from qinshang.questionnaires.models import FormTemplate, QuestionKind
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db



def campaign(name: str) -> Campaign:
    return Campaign.objects.get(name=name)


def test_shandong_at_the_end_of_february_says_what_the_office_published(demo):
    figures = coverage(campaign(SEASON_NAME), Region.objects.get(code="370000"), SEASON_CUTOFF)
    # "截至2月底，全省台办系统共走访台资企业2100家，走访台商2091人，发放《征求意见表》2165份"
    assert (figures.total.enterprises_visited, figures.total.people_met,
            figures.total.distributed) == (2100, 2091, 2165)
    assert figures.total.coverage_rate > 0.95


def test_the_2014_table_has_the_17_cities_of_that_year_laiwu_among_them(demo):
    figures = coverage(campaign(SEASON_NAME), Region.objects.get(code="370000"), SEASON_CUTOFF)
    cities = {row.region.code: row for row in figures.rows if not row.own}
    assert len(cities) == 17
    laiwu = cities["371200"]
    assert laiwu.region.name == "莱芜市"
    assert laiwu.counts.enterprises_visited > 20 and laiwu.counts.distributed > 20
    assert all(row.counts.enterprises_visited > 0 for row in cities.values())
    assert sum(row.counts.enterprises_visited for row in figures.rows) == 2100


def test_the_visit_season_looks_like_one(demo):
    season = campaign(SEASON_NAME)
    visits = Visit.objects.filter(campaign=season)
    by_february = visits.filter(visited_on__lte=SEASON_CUTOFF)
    assert by_february.count() > by_february.values("enterprise").distinct().count()
    assert by_february.filter(people_met=0).exists()
    assert visits.filter(visited_on__gt=SEASON_CUTOFF).exists()
    assert [phase.name for phase in season.phases.all()] == [
        "全面走访、征求意见、建立联系", "深入调研、研商措施、解决问题",
        "交流讲评、总结提高、巩固成果"]
    with_report = by_february.filter(report__isnull=False).count()
    assert with_report == by_february.count()          # the form is the season's rule
    assert season.visit_form.code == VISIT_REPORT
    copies = Distribution.objects.filter(survey__campaign=season)
    assert copies.filter(method=DistributionMethod.PAPER).count() > 0.8 * copies.count()
    assert 0.5 * copies.count() < copies.filter(returned_on__isnull=False).count() < copies.count()


def test_problems_raised_in_2014_became_appeals_mostly_resolved(demo):
    raised = Appeal.objects.filter(raised_in__campaign=campaign(SEASON_NAME))
    channels = set(raised.values_list("channel", flat=True))
    assert channels == {Channel.VISIT, Channel.SURVEY}
    answered = raised.exclude(outcome="")
    assert answered.filter(outcome=Outcome.RESOLVED).count() > 0.8 * answered.count()
    for appeal in raised.select_related("raised_in__visit", "raised_in__distribution"):
        link = appeal.raised_in
        day = appeal.registered_at.astimezone(ZONE).date()
        assert day == link.raised_on
        assert day == (link.visit.visited_on if link.visit else link.distribution.returned_on)


def test_jiangxi_service_month(demo):
    month = campaign(MONTH_NAME)
    figures = coverage(month)
    assert figures.cutoff == datetime.date(2015, 12, 18)
    assert figures.total.enterprises_visited >= 2000
    assert figures.total.symposiums == 122
    assert figures.total.returned >= 800
    # "共收到台商反馈意见161项，其中159项得到及时解决"
    assert (figures.total.appeals_raised, figures.total.appeals_resolved) == (161, 159)
    teams = team_counts(month)
    assert len(teams) == 11
    assert {team.team.area.level for team in teams} == {Region.Level.CITY}
    short = [team for team in teams if not team.meets_quotas]
    assert 1 <= len(short) <= 2
    assert (month.quota_symposiums, month.quota_counties, month.quota_enterprises) == (1, 2, 6)


def test_the_current_jinan_campaign_has_work_for_the_logins(demo):
    city_month = campaign(CITY_MONTH_NAME)
    assert city_month.state == CampaignState.LAUNCHED
    assert city_month.covers_day(datetime.date(2026, 11, 21))
    staff = set(Visit.objects.filter(campaign=city_month)
                .values_list("recorded_by__username", flat=True))
    assert staff == {"jinan", "lixia"}
    methods = set(Distribution.objects.filter(survey__campaign=city_month)
                  .values_list("method", flat=True))
    assert methods == {DistributionMethod.PAPER, DistributionMethod.ONLINE}
    raised = Appeal.objects.filter(raised_in__campaign=city_month)
    assert raised.exists()
    assert all(appeal.registered_at < datetime.datetime(2026, 11, 11, tzinfo=ZONE)
               for appeal in raised)


def test_the_printed_invitation_link_opens_the_form(demo, client):
    lines = invitation_lines(URL)
    url = lines[-1].strip()
    assert url.startswith(f"{URL}/portal/survey/")
    match = resolve(urlsplit(url).path)
    assert match.view_name == "portal:survey"
    copy = invitation_open(match.kwargs["token"])
    assert copy.survey.campaign.name == CITY_MONTH_NAME
    assert client.get(urlsplit(url).path).status_code == 200


def test_the_bulk_written_records_carry_the_services_events(demo):
    assert (Event.objects.filter(verb="visit.recorded").count()
            == Visit.objects.count())
    returned = Distribution.objects.filter(returned_on__isnull=False)
    assert not returned.filter(response__isnull=True).exists()
    assert (Event.objects.filter(verb="campaign.survey_returned").count()
            == returned.count())
    handed_out = Event.objects.filter(verb="campaign.survey_distributed")
    assert (sum(event.changes["copies"] for event in handed_out)
            == Distribution.objects.count())
    assert not Event.objects.filter(at__gt=AS_OF, verb__startswith="appeal.").exists()


def test_the_two_forms_ship_with_realistic_questions(demo):
    visit_report = FormTemplate.objects.get(code=VISIT_REPORT)
    opinion = FormTemplate.objects.get(code=OPINION_FORM)
    assert (visit_report.title, visit_report.purpose) == ("走访台资企业报告表", "visit_report")
    assert (opinion.title, opinion.purpose) == ("征求意见表", "opinion")
    report_questions = {q.text: q for q in visit_report.questions.all()}
    assert 10 <= len(report_questions) <= 12
    assert report_questions["企业经营状况"].choices == ["良好", "一般", "困难", "停产"]
    assert report_questions["企业经营状况"].required
    assert report_questions["走访日期"].kind == QuestionKind.DATE
    opinion_questions = {q.text: q for q in opinion.questions.all()}
    assert 8 <= len(opinion_questions) <= 10
    assert opinion_questions["对当地营商环境的总体评价"].choices == [
        "非常满意", "满意", "一般", "不满意", "非常不满意"]
    assert "通关便利" in opinion_questions["最希望得到哪些方面的服务"].choices
    assert opinion_questions["是否了解国家和本省惠台政策"].kind == QuestionKind.YES_NO


def test_same_seed_same_campaigns(demo):
    """A few facts that follow from the seed alone (the published ones hold by construction)."""
    month = coverage(campaign(MONTH_NAME)).total
    assert (month.targets, month.enterprises_visited, month.returned) == (2130, 2046, 815)
    season = coverage(campaign(SEASON_NAME)).total
    assert (season.targets, season.visits, season.appeals_raised) == (2135, 2459, 207)
