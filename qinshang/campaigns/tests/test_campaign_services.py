"""The rules of a campaign's writes: phases inside the period and in order, a target list frozen
at launch, visits inside the campaign's days and never in the future, problems becoming appeals
in the same step (or nothing at all), and who may change a campaign."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns import services
from qinshang.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignState,
    RaisedAppeal,
    Target,
    Visit,
)
from qinshang.campaigns.services import PhaseData, Problem
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.questionnaires.models import FormResponse
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, build_forms

SHANGHAI = ZoneInfo("Asia/Shanghai")
PREPARED = datetime.datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
LAUNCHED = datetime.datetime(2026, 5, 31, 10, 0, tzinfo=SHANGHAI)
VISIT_DAY = datetime.datetime(2026, 6, 10, 15, 0, tzinfo=SHANGHAI)
JUNE_1, JUNE_30 = datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)
VISIT_DATE = VISIT_DAY.date()


def campaign_data(**changes) -> dict:
    return {"name": "2026济南市走访季", "kind": CampaignKind.VISIT_SEASON, "starts_on": JUNE_1,
            "ends_on": JUNE_30, **changes}


def draft(cast, *, phases=(), **changes) -> Campaign:
    return services.campaign_create(actor=cast.city, scope=Region.objects.get(code=CITY),
                                    offices=[f.office_at(CITY)], data=campaign_data(**changes),
                                    phases=phases, at=PREPARED)


def launched(cast, **changes) -> Campaign:
    campaign = draft(cast, **changes)
    services.campaign_set_targets(actor=cast.city, campaign=campaign,
                                  enterprises=[cast.enterprise, cast.foreign_enterprise],
                                  criteria={"region": CITY}, at=PREPARED)
    return services.campaign_launch(actor=cast.city, campaign=campaign, at=LAUNCHED)


def category(code: str = "logistics") -> Category:
    return Category.objects.get(code=code)


def record(cast, campaign, *, day=VISIT_DATE, at=VISIT_DAY, problems=(), persons=(),
           people_met=1, **options) -> Visit:
    return services.visit_record(
        actor=cast.owner, enterprise=cast.enterprise, campaign=campaign, staff=[cast.owner],
        persons=persons, problems=problems, at=at, **options,
        data={"visited_on": day, "method": "on_site", "people_met": people_met,
              "summary": "走访"})


# --- phases ------------------------------------------------------------------------------------

def test_phases_in_order_within_the_period_are_kept(cast):
    campaign = draft(cast, phases=[
        PhaseData("全面走访", JUNE_1, datetime.date(2026, 6, 10)),
        PhaseData("解决问题", datetime.date(2026, 6, 11), JUNE_30)])
    assert [(p.order, p.name) for p in campaign.phases.all()] == [(1, "全面走访"),
                                                                 (2, "解决问题")]


@pytest.mark.parametrize(("phases", "message"), [
    ([PhaseData("全面走访", datetime.date(2026, 5, 25), datetime.date(2026, 6, 10))],
     "outside the campaign's period"),
    ([PhaseData("全面走访", JUNE_1, datetime.date(2026, 7, 3))],
     "outside the campaign's period"),
    ([PhaseData("全面走访", JUNE_1, datetime.date(2026, 6, 15)),
      PhaseData("解决问题", datetime.date(2026, 6, 15), JUNE_30)],
     "starts before the previous one ends"),
])
def test_phases_outside_the_period_or_overlapping_are_refused(cast, phases, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as refused:
        draft(cast, phases=phases)
    assert message in " ".join(refused.value.message_dict["phases"])
    assert not Campaign.objects.exists()


def test_an_edit_that_shortens_the_period_below_its_phases_is_refused(cast):
    campaign = draft(cast, phases=[PhaseData("全面走访", JUNE_1, JUNE_30)])
    with pytest.raises(ValidationError):
        services.campaign_update(actor=cast.city, campaign=campaign,
                                 data={"ends_on": datetime.date(2026, 6, 20)},
                                 expected_version=campaign.version)
    assert Campaign.objects.get(pk=campaign.pk).ends_on == JUNE_30


# --- who may change a campaign -----------------------------------------------------------------

def test_a_county_officer_cannot_edit_or_launch_a_city_campaign(cast):
    campaign = draft(cast)
    with pytest.raises(TransitionRefused):
        services.campaign_update(actor=cast.owner, campaign=campaign, data={"name": "改名"})
    with pytest.raises(TransitionRefused):
        services.campaign_set_targets(actor=cast.owner, campaign=campaign,
                                      enterprises=[cast.enterprise], criteria={})
    with pytest.raises(TransitionRefused):
        services.campaign_launch(actor=cast.owner, campaign=campaign)
    campaign.refresh_from_db()
    assert (campaign.name, campaign.state, campaign.version) == ("2026济南市走访季",
                                                                 CampaignState.DRAFT, 0)


def test_a_county_officer_cannot_run_a_campaign_for_the_city(cast):
    with pytest.raises(TransitionRefused):
        services.campaign_create(actor=cast.owner, scope=Region.objects.get(code=CITY),
                                 offices=[f.office_at(CITY)], data=campaign_data())
    assert not Campaign.objects.exists()


def test_a_stale_edit_is_refused(cast):
    campaign = draft(cast)
    services.campaign_update(actor=cast.province, campaign=Campaign.objects.get(pk=campaign.pk),
                             data={"name": "省里改的"}, expected_version=0)
    with pytest.raises(services.StaleEdit):
        services.campaign_update(actor=cast.city, campaign=campaign, data={"name": "市里改的"},
                                 expected_version=0)
    assert Campaign.objects.get(pk=campaign.pk).name == "省里改的"


# --- targets and launch ------------------------------------------------------------------------

def test_launch_without_targets_is_refused(cast):
    campaign = draft(cast)
    with pytest.raises(TransitionRefused):
        services.campaign_launch(actor=cast.city, campaign=campaign, at=LAUNCHED)
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.DRAFT


def test_targets_outside_the_scope_are_refused(cast):
    campaign = draft(cast)
    weifang = f.EnterpriseFactory(region_id="370702")
    with pytest.raises(ValidationError):
        services.campaign_set_targets(actor=cast.city, campaign=campaign,
                                      enterprises=[cast.enterprise, weifang], criteria={})
    assert not Target.objects.exists()


def test_targets_are_frozen_at_launch(cast):
    campaign = launched(cast)
    # given an enterprise filed in the scope after the launch
    latecomer = f.EnterpriseFactory(region_id="370102", name="济南后来台资企业有限公司")
    # then it is not a target, and the list cannot be redrawn to take it in
    assert set(campaign.targets.values_list("enterprise_id", flat=True)) == {
        cast.enterprise.pk, cast.foreign_enterprise.pk}
    with pytest.raises(TransitionRefused):
        services.campaign_set_targets(actor=cast.city, campaign=campaign,
                                      enterprises=Enterprise.objects.all(), criteria={})
    assert not Target.objects.filter(enterprise=latecomer).exists()
    assert campaign.launched_at == LAUNCHED


def test_a_closed_campaign_takes_no_visit(cast):
    campaign = launched(cast)
    services.campaign_close(actor=cast.city, campaign=campaign, at=VISIT_DAY)
    with pytest.raises(TransitionRefused):
        record(cast, campaign)
    assert not Visit.objects.exists()


# --- visits ------------------------------------------------------------------------------------

def test_a_visit_in_the_future_is_refused(cast):
    campaign = launched(cast)
    with pytest.raises(ValidationError) as refused:
        record(cast, campaign, day=datetime.date(2026, 6, 11), at=VISIT_DAY)
    assert "visited_on" in refused.value.message_dict
    assert not Visit.objects.exists()


def test_a_visit_outside_the_period_is_refused_with_the_campaign(cast):
    campaign = launched(cast)
    after = datetime.datetime(2026, 7, 10, 10, 0, tzinfo=SHANGHAI)
    with pytest.raises(ValidationError) as refused:
        record(cast, campaign, day=datetime.date(2026, 7, 5), at=after)
    assert "visited_on" in refused.value.message_dict
    # the same visit without the campaign is an ordinary visit
    visit = record(cast, None, day=datetime.date(2026, 7, 5), at=after)
    assert visit.campaign is None


def test_fewer_people_met_than_persons_named_is_refused(cast):
    campaign = launched(cast)
    colleague = f.PersonFactory(region_id="370102", name="林副总")
    f.affiliate(colleague, cast.enterprise)
    with pytest.raises(ValidationError) as refused:
        record(cast, campaign, persons=[cast.person, colleague], people_met=1)
    assert "people_met" in refused.value.message_dict
    assert not Visit.objects.exists()


def test_a_visit_raising_two_problems_registers_two_appeals_in_one_step(cast):
    campaign = launched(cast)
    visit = record(cast, campaign, problems=[
        Problem(category("logistics"), "厂区周边公交线路不足", "希望增开公交线路。"),
        Problem(category("land"), "扩产用地指标紧张", "希望协调新增用地。", kind="request")])
    appeals = Appeal.objects.filter(raised_in__visit=visit).order_by("pk")
    assert [(a.title, a.channel, a.enterprise_id) for a in appeals] == [
        ("厂区周边公交线路不足", Channel.VISIT, cast.enterprise.pk),
        ("扩产用地指标紧张", Channel.VISIT, cast.enterprise.pk)]
    raised = RaisedAppeal.objects.filter(visit=visit)
    assert raised.count() == 2
    assert {(r.campaign_id, r.region_id, r.raised_on) for r in raised} == {
        (campaign.pk, "370102", VISIT_DATE)}
    assert Event.objects.filter(verb="visit.recorded", target_id=str(visit.pk)).count() == 1


def test_a_bad_problem_writes_nothing_not_even_the_visit(cast):
    campaign = launched(cast)
    visit_form, _opinion = build_forms()
    campaign.visit_form = visit_form
    campaign.save(update_fields=["visit_form"])
    first = visit_form.questions.get(order=1)
    before = (Appeal.objects.count(), Event.objects.count(), FormResponse.objects.count())
    # given a good problem followed by one the appeal register refuses (after the visit, its
    # report and the first appeal were already written within the step)
    with pytest.raises(ValidationError):
        record(cast, campaign, answers={f"q{first.pk}": "良好"}, problems=[
            Problem(category("logistics"), "公交线路不足", "希望增开公交线路。"),
            Problem(category("land"), "用地指标", "希望协调。", kind="no-such-kind")])
    # then nothing of it is left
    assert not Visit.objects.exists()
    assert not RaisedAppeal.objects.exists()
    assert (Appeal.objects.count(), Event.objects.count(),
            FormResponse.objects.count()) == before


def test_a_problem_without_a_subject_is_refused_before_anything_is_written(cast):
    campaign = launched(cast)
    with pytest.raises(ValidationError) as refused:
        record(cast, campaign, problems=[Problem(category(), "  ", "说明")])
    assert "problems" in refused.value.message_dict
    assert not Visit.objects.exists()
    assert not Appeal.objects.exists()


def test_the_report_form_is_checked_with_the_visit(cast):
    campaign = launched(cast)
    visit_form, _opinion = build_forms()
    campaign.visit_form = visit_form
    campaign.save(update_fields=["visit_form"])
    required = visit_form.questions.get(order=1)
    with pytest.raises(ValidationError) as refused:
        record(cast, campaign, answers={})
    assert f"q{required.pk}" in refused.value.message_dict
    visit = record(cast, campaign, answers={f"q{required.pk}": "一般"})
    assert visit.report.answers == {str(required.pk): "一般"}


def test_a_county_officer_records_visits_only_in_their_county(cast):
    campaign = launched(cast)
    with pytest.raises(TransitionRefused):
        services.visit_record(actor=cast.owner, enterprise=cast.foreign_enterprise,
                              campaign=campaign, staff=[cast.owner], at=VISIT_DAY,
                              data={"visited_on": VISIT_DAY.date(), "people_met": 0})
    assert not Visit.objects.exists()


# --- teams and symposiums ----------------------------------------------------------------------

def test_a_team_area_outside_the_scope_is_refused(cast):
    campaign = launched(cast)
    with pytest.raises(ValidationError) as refused:
        services.team_create(actor=cast.city, campaign=campaign, name="第一组",
                             office=f.office_at(CITY), area=Region.objects.get(code="370702"))
    assert "area" in refused.value.message_dict
    assert not campaign.teams.exists()


def test_a_symposium_outside_the_period_is_refused(cast):
    campaign = launched(cast)
    with pytest.raises(ValidationError) as refused:
        services.symposium_record(actor=cast.owner, campaign=campaign,
                                  region=Region.objects.get(code="370102"),
                                  data={"held_on": datetime.date(2026, 7, 2), "attendees": 5})
    assert "held_on" in refused.value.message_dict
    assert not campaign.gatherings.exists()
