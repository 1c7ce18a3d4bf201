"""The demo liaison plans and contacts and the demo hotlines (issue #5 point 7): generated once
for the module, through the services, and what the demo logins find in them."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from qinshang.accounts.models import Role, User
from qinshang.appeals.models import Appeal, Channel
from qinshang.demo.hotlines import ROUND_2014, ROUND_2026
from qinshang.events.models import Event
from qinshang.figures import hotlines as hotline_figures
from qinshang.figures.hotlines import Band, line_figures, round_coverage
from qinshang.figures.liaison import plan_cells, total
from qinshang.hotlines.models import Call, CallOutcome, Hotline, TestCall, TestCallRound
from qinshang.liaison.intervals import Standing
from qinshang.liaison.models import Contact, Interval, LiaisonPlan, Method
from qinshang.liaison.selectors import duties_of
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db

AREA_CODES = {"3701": "0531", "3702": "0532", "3703": "0533", "3704": "0632", "3705": "0546",
              "3706": "0535", "3707": "0536", "3708": "0537", "3709": "0538", "3710": "0631",
              "3711": "0633", "3713": "0539", "3714": "0534", "3715": "0635", "3716": "0543",
              "3717": "0530"}


def login(username: str) -> User:
    return User.objects.get(username=username)


def figures_of(test_round: TestCallRound):
    sheng = login("sheng")
    return line_figures(hotline_figures.test_calls_in(sheng, test_round=test_round),
                        test_round.hotlines.all())


# --- hotlines ---------------------------------------------------------------------------------

def test_170_hotlines_across_shandongs_16_cities(demo):
    lines = list(Hotline.objects.select_related("office"))
    assert len(lines) == 170
    assert all(line.region_id.startswith("37") for line in lines)
    assert {line.region_id[:4] for line in lines} == set(AREA_CODES)
    assert all(line.number.startswith(AREA_CODES[line.region_id[:4]] + "-") for line in lines)
    assert all(line.office.region_id == line.region_id for line in lines)
    assert all(datetime.date(2014, 1, 1) <= line.starts_on < datetime.date(2014, 4, 1)
               for line in lines)
    # Seed 004: the province and city lines stay open 24 hours; some county lines keep
    # weekday office hours.
    daytime = [line for line in lines if not line.always_open]
    assert len(daytime) == 20
    assert all(Region.objects.get(code=line.region_id).level == Region.Level.COUNTY
               for line in daytime)
    assert all(line.hours.filter(weekday__gte=5).count() == 0 and line.hours.exists()
               for line in daytime)


def test_the_april_2014_round_calls_every_line_with_the_designed_bands(demo):
    test_round = TestCallRound.objects.get(name=ROUND_2014)
    assert (test_round.starts_on, test_round.ends_on) == (datetime.date(2014, 4, 1),
                                                          datetime.date(2014, 4, 30))
    assert test_round.scope_id == "370000" and test_round.hotlines.count() == 170
    coverage = round_coverage(login("sheng"), test_round)
    assert (coverage.lines, coverage.lines_called, coverage.coverage) == (170, 170, 1.0)
    assert coverage.calls_outside_hours == 8
    bands = Counter(row.counts.band for row in figures_of(test_round))
    assert bands == {Band.HOT: 150, Band.WARM: 14, Band.COLD: 4, Band.DEAD: 2}


def test_calls_outside_a_lines_hours_are_kept_but_not_counted(demo):
    outside = list(TestCall.objects.filter(within_hours=False).select_related("hotline"))
    assert len(outside) == 8
    for call in outside:
        local = timezone.localtime(call.called_at)
        assert not call.hotline.always_open
        assert local.weekday() >= 5 or local.time() >= datetime.time(17)
    # Every counted call of an office-hours line fell within its hours.
    counted = TestCall.objects.filter(within_hours=True, hotline__always_open=False) \
        .select_related("hotline")
    assert counted.exists()
    assert all(call.hotline.open_at(call.called_at) for call in counted)
    # The lines called after hours keep the band of their counted calls.
    rows = {row.hotline.pk: row.counts for row in figures_of(
        TestCallRound.objects.get(name=ROUND_2014))}
    for call in outside:
        counts = rows[call.hotline_id]
        assert counts.outside_hours == 1
        assert counts.made == TestCall.objects.filter(hotline=call.hotline_id,
                                                      within_hours=True).count()


def test_a_jinan_round_is_under_way(demo):
    test_round = TestCallRound.objects.get(name=ROUND_2026)
    assert test_round.office.region_id == "370100"
    assert test_round.hotlines.count() == Hotline.objects.filter(
        region__code__startswith="3701").count() == 15
    coverage = round_coverage(login("jinan"), test_round)
    assert 0 < coverage.coverage < 1
    assert not TestCall.objects.filter(round=test_round,
                                       called_at__gte=timezone.now()).exists()


def test_calls_on_the_jinan_lines_some_taken_in_as_appeals(demo):
    calls = Call.objects.select_related("hotline", "appeal")
    assert 30 <= calls.count() <= 60
    assert all(call.hotline.region_id.startswith("3701") for call in calls)
    assert {timezone.localtime(call.received_at).year for call in calls} == {2026}
    appeals = [call for call in calls if call.appeal is not None]
    assert len(appeals) == 6
    for call in appeals:
        assert call.outcome == CallOutcome.APPEAL
        assert call.appeal.channel == Channel.HOTLINE
        assert call.appeal.enterprise_id == call.enterprise_id
    assert {call.outcome for call in calls} >= {CallOutcome.ANSWERED, CallOutcome.REFERRED}


# --- liaison ----------------------------------------------------------------------------------

def test_each_leader_has_two_key_departments_quarterly_and_one_enterprise(demo):
    lingdao = login("lingdao")
    assert lingdao.memberships.get().role == Role.LEADER
    plans = LiaisonPlan.objects.filter(staff=lingdao).select_related("department")
    meetings = plans.filter(interval=Interval.QUARTERLY, method=Method.MEETING)
    assert sorted(plan.department.name for plan in meetings) == ["国家税务总局济南市税务局",
                                                                 "济南市商务局"]
    assert plans.filter(interval=Interval.YEARLY, method=Method.VISIT,
                        department__isnull=False).count() == 2
    assert plans.filter(enterprise__isnull=False, method=Method.VISIT).count() == 1
    # Every leader in scope, the province, the 16 cities and Jinan's 13 counties, the same way.
    leaders = LiaisonPlan.objects.filter(staff__memberships__role=Role.LEADER,
                                         method=Method.MEETING)
    assert leaders.values("staff").distinct().count() == 1 + 16 + 13
    assert leaders.count() == 2 * (1 + 16 + 13)


def test_the_demo_leader_has_an_overdue_duty_and_kept_ones(demo):
    today = timezone.localdate()
    duties = duties_of(login("lingdao"), today)
    standings = Counter(row.standing for row in duties)
    assert standings[Standing.OVERDUE] >= 1 and standings[Standing.KEPT] >= 1
    overdue = duties[0]
    assert overdue.standing == Standing.OVERDUE
    assert overdue.plan.department.name == "国家税务总局济南市税务局"


def test_the_demo_officer_has_overdue_and_kept_duties(demo):
    today = timezone.localdate()
    lixia = login("lixia")
    duties = duties_of(lixia, today)
    standings = Counter(row.standing for row in duties)
    assert standings[Standing.OVERDUE] >= 1 and standings[Standing.KEPT] >= 1
    assert 10 <= len(duties) <= 20
    assert all(row.plan.method == Method.PHONE and row.plan.enterprise.liaison_officer_id
               == lixia.pk for row in duties)


def test_the_province_keeps_most_of_its_duties_but_not_all(demo):
    today = timezone.localdate()
    counts = total(plan_cells(login("sheng"), region=Region.objects.get(code="370000"),
                                  on=today))
    assert counts.plans == LiaisonPlan.objects.count()
    assert 0 < counts.share_kept < 1
    assert counts.share_kept > 0.7


def test_a_year_of_contacts_in_the_past_each_recorded_once(demo):
    today = timezone.localdate()
    contacts = Contact.objects.all()
    first, last = (contacts.order_by("contacted_on").first().contacted_on,
                   contacts.order_by("contacted_on").last().contacted_on)
    assert last < today
    assert (today - first).days >= 365
    assert (Event.objects.filter(verb="liaison.contacted").count() == contacts.count())
    raised = Appeal.objects.filter(liaison_contacts__isnull=False)
    assert raised.count() == 5
    assert set(raised.values_list("channel", flat=True)) == {Channel.LIAISON}
    assert raised.filter(region__code__startswith="3701").count() == 5


def test_the_summary_counts_what_was_written(demo):
    assert demo["liaison plans"] == LiaisonPlan.objects.count()
    assert demo["liaison contacts"] == Contact.objects.count()
    assert demo["hotlines"] == 170
    assert demo["test-call rounds"] == TestCallRound.objects.count() == 2
    assert demo["test calls"] == TestCall.objects.count()
    assert demo["hotline calls"] == Call.objects.count()


# --- the pages the demo logins open -----------------------------------------------------------

def test_the_demo_leaders_home_page_shows_the_overdue_meeting(demo, client):
    client.force_login(login("lingdao"))
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert "国家税务总局济南市税务局" in page.content.decode()


def test_the_province_ranking_of_the_april_round(demo, client):
    client.force_login(login("sheng"))
    test_round = TestCallRound.objects.get(name=ROUND_2014)
    page = client.get(reverse("figures:hotline_ranking"), {"round": test_round.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert Hotline.objects.order_by("number").first().number in text
