"""The campaign figures (qinshang.figures.campaigns) on a campaign whose figures were counted by
hand in advance: known_campaign.py lists the records and the counts they must give."""

from __future__ import annotations

import datetime

import pytest

from qinshang.campaigns import services
from qinshang.campaigns.models import Campaign, CampaignKind
from qinshang.enterprises.models import Enterprise
from qinshang.figures import campaigns as figures
from qinshang.figures.campaigns import CoverageCounts
from qinshang.figures.tests.known_campaign import (
    CUTOFF,
    ENDS,
    KnownCampaign,
    build_known_campaign,
    day,
)
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import Cast


@pytest.fixture
def known(cast) -> KnownCampaign:
    return build_known_campaign(cast)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def counts(targets=0, targets_visited=0, enterprises_visited=0, visits=0, people_met=0,
           distributed=0, returned=0, appeals_raised=0, appeals_resolved=0,
           symposiums=0) -> CoverageCounts:
    return CoverageCounts(targets, targets_visited, enterprises_visited, visits, people_met,
                          distributed, returned, appeals_raised, appeals_resolved, symposiums)


# --- the city's totals and rows at the cut-off -----------------------------------------------

def test_the_city_totals_are_the_ones_counted_by_hand(known):
    coverage = figures.coverage(known.campaign, None, CUTOFF)
    assert coverage.region.code == "370100"
    assert coverage.total == counts(targets=5, targets_visited=3, enterprises_visited=6,
                                    visits=7, people_met=10, distributed=3, returned=1,
                                    appeals_raised=4, appeals_resolved=1, symposiums=2)
    assert coverage.total.coverage_rate == pytest.approx(0.6)
    assert coverage.total.return_rate == pytest.approx(1 / 3)
    assert coverage.total.resolution_rate == pytest.approx(0.25)
    assert (coverage.first_day, coverage.last_day) == (datetime.date(2026, 3, 2), CUTOFF)


def test_each_county_row_is_the_one_counted_by_hand(known):
    rows = {row.region.code: row for row in
            figures.coverage(known.campaign, None, CUTOFF).rows}
    assert rows["370102"].counts == counts(targets=2, targets_visited=1, enterprises_visited=2,
                                           visits=3, people_met=6, distributed=2, returned=1,
                                           appeals_raised=2, appeals_resolved=1, symposiums=1)
    assert rows["370103"].counts == counts(targets=2, targets_visited=2, enterprises_visited=3,
                                           visits=3, people_met=4, distributed=1,
                                           appeals_raised=2)
    assert rows["370105"].counts == counts(enterprises_visited=1, visits=1)
    assert rows["370105"].counts.coverage_rate is None  # no targets: no rate, not 0%
    assert rows["370112"].counts == counts(targets=1)
    assert rows["370104"].counts == counts()  # 槐荫区: a row even with nothing in it
    assert not any(row.drillable for row in rows.values())  # counties have no children


def test_what_the_city_itself_held_has_its_own_row_and_the_rows_add_up(known):
    coverage = figures.coverage(known.campaign, None, CUTOFF)
    own = [row for row in coverage.rows if row.own]
    assert [(row.region.code, row.counts) for row in own] == [("370100", counts(symposiums=1))]
    summed = CoverageCounts()
    for row in coverage.rows:
        summed.add(row.counts)
    assert summed == coverage.total


# --- what counts and what does not ----------------------------------------------------------

def test_an_enterprise_visited_twice_is_one_enterprise_and_two_visits(known):
    # A was visited on 5 March (2 people) and 2 April (3 people); F once (1 person).
    lixia = figures.coverage(known.campaign, region("370102"), CUTOFF).total
    assert (lixia.enterprises_visited, lixia.targets_visited) == (2, 1)
    assert (lixia.visits, lixia.people_met) == (3, 6)


def test_visits_before_the_start_after_the_end_or_after_the_cutoff_do_not_count(known):
    # C: 20 Feb (before), 20 Apr (after the cut-off of 15 Apr), 10 May (after the end).
    at_cutoff = figures.coverage(known.campaign, region("370102"), CUTOFF).total
    assert (at_cutoff.visits, at_cutoff.targets_visited) == (3, 1)
    at_end = figures.coverage(known.campaign, region("370102"), ENDS).total
    assert (at_end.visits, at_end.enterprises_visited, at_end.targets_visited,
            at_end.people_met) == (4, 3, 2, 7)
    city = figures.coverage(known.campaign, None, ENDS).total
    assert (city.visits, city.targets_visited) == (8, 4)


def test_a_cutoff_after_the_end_counts_visits_only_up_to_the_end(known):
    later = figures.coverage(known.campaign, None, datetime.date(2026, 6, 30))
    assert later.last_day == ENDS
    assert later.total.visits == 8  # 10 May is not counted


def test_a_visit_outside_the_scope_does_not_count(known):
    visited = set(figures.counted_visits(known.campaign, known.campaign.scope, ENDS)
                  .values_list("enterprise_id", flat=True))
    assert known.enterprises["W"].pk not in visited
    # A division asked for outside the scope gives the scope, never Weifang's figures.
    assert figures.coverage(known.campaign, region("370700"), CUTOFF).region.code == "370100"


def test_a_county_counts_only_its_own_visits(known):
    shizhong = figures.coverage(known.campaign, region("370103"), CUTOFF)
    assert shizhong.total == counts(targets=2, targets_visited=2, enterprises_visited=3,
                                    visits=3, people_met=4, distributed=1, appeals_raised=2)
    assert shizhong.rows == []


def test_targets_are_frozen_at_launch(known):
    before = figures.coverage(known.campaign, None, CUTOFF).total
    newcomer = f.EnterpriseFactory(name="新设立台资企业有限公司", region_id="370102")
    assert known.campaign.scope.contains(newcomer.region_id)
    after = figures.coverage(known.campaign, None, CUTOFF).total
    assert (after.targets, after.coverage_rate) == (before.targets, before.coverage_rate) \
        == (5, pytest.approx(0.6))


@pytest.mark.parametrize(("cutoff", "distributed", "returned"), [
    (day(3, 19), 2, 0),   # A and B handed out, nothing back yet
    (day(3, 20), 2, 1),   # A back
    (CUTOFF, 3, 1),       # C online on 1 April
    (day(4, 16), 4, 1),   # E on 16 April
    (ENDS, 4, 2),         # B back on 20 April
])
def test_survey_copies_count_by_their_dates(known, cutoff, distributed, returned):
    total = figures.coverage(known.campaign, None, cutoff).total
    assert (total.distributed, total.returned) == (distributed, returned)


def test_appeals_by_category_leave_out_the_merged_duplicate(known):
    by_category = {item.category.code: (item.raised, item.resolved) for item in
                   figures.appeals_by_category(known.campaign, None, CUTOFF)}
    assert by_category == {"land": (1, 1), "labour": (2, 0), "financing": (1, 0)}


@pytest.mark.parametrize(("cutoff", "resolved"), [
    (day(3, 19), 0), (day(3, 20), 1), (day(4, 19), 1), (day(4, 20), 2), (ENDS, 2)])
def test_an_appeal_is_resolved_from_the_day_of_its_answer(known, cutoff, resolved):
    # P1 answered resolved on 20 March, P2 on 20 April (after the usual cut-off).
    assert figures.coverage(known.campaign, None, cutoff).total.appeals_resolved == resolved


def test_the_labour_appeal_resolved_after_the_cutoff_counts_only_later(known):
    def labour(cutoff: datetime.date) -> tuple[int, int]:
        (item,) = [item for item in figures.appeals_by_category(known.campaign, None, cutoff)
                   if item.category.code == "labour"]
        return item.raised, item.resolved

    assert labour(CUTOFF) == (2, 0)
    assert labour(ENDS) == (2, 1)


def test_appeals_raised_count_by_the_day_they_were_raised(known):
    assert figures.coverage(known.campaign, None, day(3, 9)).total.appeals_raised == 1
    assert figures.coverage(known.campaign, None, day(3, 24)).total.appeals_raised == 3
    assert figures.coverage(known.campaign, None, day(3, 25)).total.appeals_raised == 4


# --- phases and teams ------------------------------------------------------------------------

def phase_tuples(phases) -> list[tuple]:
    return [(p.name, p.visits, p.enterprises_visited, p.targets_visited, p.people_met)
            for p in phases]


def test_phase_figures(known):
    assert phase_tuples(figures.phase_counts(known.campaign, None, CUTOFF)) == [
        ("全面走访", 6, 6, 3, 7), ("解决问题", 1, 1, 1, 3)]
    assert phase_tuples(figures.phase_counts(known.campaign, None, ENDS)) == [
        ("全面走访", 6, 6, 3, 7), ("解决问题", 2, 2, 2, 4)]
    # A phase not yet begun at the cut-off is not listed.
    assert phase_tuples(figures.phase_counts(known.campaign, None, day(3, 31))) == [
        ("全面走访", 6, 6, 3, 7)]
    assert phase_tuples(figures.phase_counts(known.campaign, region("370103"), CUTOFF)) == [
        ("全面走访", 3, 3, 2, 4), ("解决问题", 0, 0, 0, 0)]


def team_tuples(teams) -> list[tuple]:
    return [(t.team.name, t.visits, t.enterprises_visited, t.counties_visited, t.symposiums,
             t.quotas, t.meets_quotas) for t in teams]


def test_team_figures_and_the_1_2_6_quotas(known):
    assert team_tuples(figures.team_counts(known.campaign, None, CUTOFF)) == [
        ("市台办第一走访组", 6, 6, 3, 1,
         (("symposiums", 1, 1, True), ("counties", 2, 3, True), ("enterprises", 6, 6, True)),
         True),
        ("历下区走访组", 1, 1, 1, 0,
         (("symposiums", 1, 0, False), ("counties", 2, 1, False),
          ("enterprises", 6, 1, False)),
         False),
    ]


def test_a_team_short_of_its_quota_before_the_end_of_march(known):
    (first, _second) = figures.team_counts(known.campaign, None, day(3, 25))
    assert (first.visits, first.enterprises_visited, first.counties_visited,
            first.symposiums) == (4, 4, 2, 1)
    assert not first.meets_quotas


def test_a_county_lists_only_the_teams_working_in_it(known):
    assert [t.team.name for t in figures.team_counts(known.campaign, region("370102"),
                                                     CUTOFF)] == ["历下区走访组"]
    assert figures.team_counts(known.campaign, region("370103"), CUTOFF) == []


def test_targets_not_visited(known):
    names = [target.enterprise.name for target in
             figures.targets_not_visited(known.campaign, None, CUTOFF)]
    assert names == ["历下目标丙有限公司", "历城目标丁有限公司"]
    assert [target.enterprise.name for target in
            figures.targets_not_visited(known.campaign, None, ENDS)] == ["历城目标丁有限公司"]
    assert not figures.targets_not_visited(known.campaign, region("370103"), CUTOFF).exists()


def test_each_figure_is_one_statement(known, django_assert_num_queries):
    campaign = Campaign.objects.select_related("scope").get(pk=known.campaign.pk)
    with django_assert_num_queries(2):  # the union of the aggregates, the division tree
        figures.coverage(campaign, None, CUTOFF)
    with django_assert_num_queries(2):  # the phases, their aggregates
        figures.phase_counts(campaign, None, CUTOFF)
    with django_assert_num_queries(1):
        figures.team_counts(campaign, None, CUTOFF)


# --- the division tree of the campaign's days: 莱芜市 until 2019 -------------------------------

def province_campaign(cast: Cast, year: int, laiwu: Enterprise) -> Campaign:
    """A province campaign of January–February ``year`` with two visited targets: one in
    today's 莱芜区 (370116), one in 历下区."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 2, 28)
    campaign = services.campaign_create(
        actor=cast.province, scope=region("370000"), offices=[f.office_at("370000")],
        data={"name": f"{year}年全省台资企业走访季", "kind": CampaignKind.VISIT_SEASON,
              "starts_on": start, "ends_on": end})
    services.campaign_set_targets(actor=cast.province, campaign=campaign,
                                  enterprises=[laiwu, cast.enterprise], criteria={})
    services.campaign_launch(actor=cast.province, campaign=campaign)
    for enterprise, when, people in ((laiwu, 10, 2), (cast.enterprise, 15, 1)):
        services.visit_record(actor=cast.province, enterprise=enterprise, campaign=campaign,
                              staff=[cast.province],
                              data={"visited_on": datetime.date(year, 1, when),
                                    "people_met": people})
    return campaign


@pytest.fixture
def laiwu(cast) -> Enterprise:
    return f.EnterpriseFactory(name="莱芜台资钢铁配件有限公司", region_id="370116")


def test_a_2014_campaign_shows_17_cities_with_laiwu_holding_its_visit(cast, laiwu):
    campaign = province_campaign(cast, 2014, laiwu)
    coverage = figures.coverage(campaign, None, datetime.date(2014, 2, 28))
    rows = {row.region.code: row for row in coverage.rows}
    assert len(rows) == 17 and rows["371200"].region.name == "莱芜市"
    assert rows["371200"].counts == counts(targets=1, targets_visited=1, enterprises_visited=1,
                                           visits=1, people_met=2)
    assert rows["370100"].counts == counts(targets=1, targets_visited=1, enterprises_visited=1,
                                           visits=1, people_met=1)
    assert rows["371200"].drillable
    assert coverage.total.visits == 2


def test_a_2020_campaign_shows_16_cities_with_the_visit_under_jinan(cast, laiwu):
    campaign = province_campaign(cast, 2020, laiwu)
    coverage = figures.coverage(campaign, None, datetime.date(2020, 2, 28))
    rows = {row.region.code: row for row in coverage.rows}
    assert len(rows) == 16 and "371200" not in rows
    assert rows["370100"].counts == counts(targets=2, targets_visited=2, enterprises_visited=2,
                                           visits=2, people_met=3)


def test_2014_laiwu_opens_to_its_districts_and_jinan_leaves_it_out(cast, laiwu):
    campaign = province_campaign(cast, 2014, laiwu)
    cutoff = datetime.date(2014, 2, 28)
    laiwu_city = figures.coverage(campaign, region("371200"), cutoff)
    assert [(row.region.name, row.counts.visits) for row in laiwu_city.rows] == [
        ("莱城区", 1), ("钢城区", 0)]
    assert laiwu_city.total.targets_visited == 1
    assert [t.enterprise.name for t in figures.targets_not_visited(
        campaign, region("371200"), datetime.date(2014, 1, 9))] == ["莱芜台资钢铁配件有限公司"]
    jinan = figures.coverage(campaign, region("370100"), cutoff)
    assert "莱芜区" not in [row.region.name for row in jinan.rows]
    assert (jinan.total.targets, jinan.total.visits, jinan.total.people_met) == (1, 1, 1)
