"""The coverage page of a campaign and its xlsx export: who sees which division, drilling
down and back up, bad filters, and the statements a page costs."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.campaigns import services
from qinshang.campaigns.models import Campaign, CampaignKind
from qinshang.figures.tests.known_campaign import CUTOFF, KnownCampaign, build_known_campaign, day
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import Cast, build_campaign_cast

BUDGET = 12


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English (as if chosen in the selector), so that the tests read the msgids
    whatever has been translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def known(cast) -> KnownCampaign:
    return build_known_campaign(cast)


def coverage_url(campaign: Campaign, **params: str) -> str:
    url = reverse("figures:campaign_coverage", args=[campaign.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in params.items())
                  if params else "")


def page(client, user, campaign: Campaign, **params: str) -> str:
    client.force_login(user)
    response = client.get(coverage_url(campaign, **params))
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, label: str) -> str:
    """The figure of the card with this label."""
    found = re.search(r'card-label">' + re.escape(label)
                      + r'</span>\s*<span class="card-figure">([^<]*)<', html)
    assert found, f"no card {label}"
    return found.group(1)


def row_cells(html: str, name: str) -> list[str]:
    """The cells of the division table's row headed ``name`` (a link or plain text)."""
    found = re.search(r'<th scope="row">(?:<a [^>]*>)?' + re.escape(name)
                      + r'(?:</a>)?</th>(.*?)</tr>', html, re.S)
    assert found, f"no row {name}"
    return re.findall(r'<td class="num">([^<]*)</td>', found.group(1))


def drill_links(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]*\?region=(\d{6})', html)


# --- a province campaign: drilling down and who sees what ------------------------------------

def province_campaign(cast: Cast) -> Campaign:
    """Shandong, March–April 2026: targets in 历下 (visited, 2 people) and 市中 (not visited)
    and one in 潍坊 (visited, 3 people)."""
    weifang = f.EnterpriseFactory(name="潍坊台资精工有限公司", region_id="370702")
    campaign = services.campaign_create(
        actor=cast.province, scope=Region.objects.get(code="370000"),
        offices=[f.office_at("370000")],
        data={"name": "2026年全省台资企业走访季", "kind": CampaignKind.VISIT_SEASON,
              "starts_on": datetime.date(2026, 3, 2), "ends_on": datetime.date(2026, 4, 30)})
    services.campaign_set_targets(actor=cast.province, campaign=campaign, criteria={},
                                  enterprises=[cast.enterprise, cast.foreign_enterprise, weifang])
    services.campaign_launch(actor=cast.province, campaign=campaign)
    for enterprise, people in ((cast.enterprise, 2), (weifang, 3)):
        services.visit_record(actor=cast.province, enterprise=enterprise, campaign=campaign,
                              staff=[cast.province],
                              data={"visited_on": datetime.date(2026, 3, 10),
                                    "people_met": people})
    return campaign


def test_the_province_drills_down_to_the_city_and_the_county(client, cast):
    campaign = province_campaign(cast)
    province = page(client, cast.province, campaign)
    assert (card(province, "Target enterprises"), card(province, "Visits")) == ("3", "2")
    assert "370100" in drill_links(province) and "370700" in drill_links(province)
    assert row_cells(province, "济南市")[:3] == ["2", "1", "50.0%"]
    assert "莱芜市" not in province  # a 2026 campaign: 16 cities

    city = page(client, cast.province, campaign, region="370100")
    assert (card(city, "Target enterprises"), card(city, "Target coverage rate")) == ("2",
                                                                                      "50.0%")
    assert drill_links(city) == []  # counties are the last level
    assert row_cells(city, "历下区")[:3] == ["1", "1", "100.0%"]
    assert row_cells(city, "市中区")[:3] == ["1", "0", "0.0%"]
    assert row_cells(city, "槐荫区")[:3] == ["0", "0", "—"]
    assert f'href="/figures/campaigns/{campaign.pk}/?region=370000' in city  # back up

    county = page(client, cast.province, campaign, region="370103")
    assert card(county, "Target coverage rate") == "0.0%"
    assert "campaign-coverage-chart" not in county  # nothing below a county to chart
    assert cast.foreign_enterprise.name in county  # still to visit
    assert ("?region=370000" in county) and ("?region=370100" in county)  # the crumbs


def test_the_city_chart_holds_the_rows(client, cast):
    campaign = province_campaign(cast)
    html = page(client, cast.city, campaign)
    chart = json.loads(re.search(r'<script id="campaign-coverage-chart" type="application/json">'
                                 r'(.*?)</script>', html, re.S).group(1))
    assert chart["names"][:2] == ["历下区", "市中区"]
    assert [bar["data"][:2] for bar in chart["bars"]] == [[1, 1], [1, 0]]
    assert chart["line"]["data"][:3] == [100.0, 0.0, None]


def test_a_city_officer_starts_at_their_city_and_cannot_go_up(client, cast):
    campaign = province_campaign(cast)
    html = page(client, cast.city, campaign)
    assert card(html, "Target enterprises") == "2"
    assert "?region=370000" not in html  # 山东省 is above their reach: no crumb
    refused = page(client, cast.city, campaign, region="370000")
    assert "Unknown division" in refused
    assert card(refused, "Target enterprises") == "2"  # their city, not the province


def test_a_county_officer_of_a_province_campaign_sees_only_their_county(client, cast):
    campaign = province_campaign(cast)
    html = page(client, cast.owner, campaign)
    assert (card(html, "Target enterprises"), card(html, "Visits")) == ("1", "1")
    assert card(html, "Taiwan business people met") == "2"  # not the province's 5
    assert cast.foreign_enterprise.name not in html
    for other in ("370000", "370100", "370103", "370700"):
        refused = page(client, cast.owner, campaign, region=other)
        assert "Unknown division" in refused
        assert (card(refused, "Target enterprises"), card(refused, "Visits")) == ("1", "1")
        assert cast.foreign_enterprise.name not in refused


def test_a_2014_campaign_lists_laiwu_and_opens_it(client, cast):
    laiwu = f.EnterpriseFactory(name="莱芜台资钢铁配件有限公司", region_id="370116")
    campaign = services.campaign_create(
        actor=cast.province, scope=Region.objects.get(code="370000"),
        offices=[f.office_at("370000")],
        data={"name": "2014年全省台资企业走访季", "kind": CampaignKind.VISIT_SEASON,
              "starts_on": datetime.date(2014, 1, 1), "ends_on": datetime.date(2014, 2, 28)})
    services.campaign_set_targets(actor=cast.province, campaign=campaign, criteria={},
                                  enterprises=[laiwu])
    services.campaign_launch(actor=cast.province, campaign=campaign)
    services.visit_record(actor=cast.province, enterprise=laiwu, campaign=campaign,
                          staff=[cast.province],
                          data={"visited_on": datetime.date(2014, 2, 10), "people_met": 2})
    province = page(client, cast.province, campaign)
    assert "371200" in drill_links(province)
    assert row_cells(province, "莱芜市")[:3] == ["1", "1", "100.0%"]
    assert row_cells(province, "济南市")[:3] == ["0", "0", "—"]
    laiwu_city = page(client, cast.province, campaign, region="371200")
    assert row_cells(laiwu_city, "莱城区")[:2] == ["1", "1"]


# --- the cast's Jinan campaign: each county its own part -------------------------------------

def test_the_neighbour_sees_their_county_and_not_the_owner_enterprise(client, cast):
    campaigns = build_campaign_cast(cast)
    html = page(client, cast.neighbour, campaigns.campaign)
    assert cast.enterprise.name not in html and cast.enterprise.trade_name not in html
    assert cast.foreign_enterprise.name in html  # their county's target, not yet visited
    assert (card(html, "Target enterprises"), card(html, "Visits")) == ("1", "0")
    owner = page(client, cast.owner, campaigns.campaign)
    assert (card(owner, "Target enterprises"), card(owner, "Visits")) == ("1", "1")
    assert cast.foreign_enterprise.name not in owner


# --- bad filters -------------------------------------------------------------------------------

@pytest.mark.parametrize("cutoff", ["2026-05-01", "2026-03-01", "2027-13-40", "soon"])
def test_a_cutoff_outside_the_period_is_refused_beside_the_field(client, cast, known, cutoff):
    html = page(client, cast.city, known.campaign, cutoff=cutoff)
    assert 'class="filter has-error"' in html and 'role="alert"' in html
    # The default cut-off (the campaign's last day, it being over) is counted instead.
    assert card(html, "Visits") == "8"


def test_the_default_cutoff_is_shown_in_the_field_in_any_language(client, cast, known,
                                                                  settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = page(client, cast.city, known.campaign)
    assert 'type="date" name="cutoff" value="2026-04-30"' in html  # the campaign's last day
    assert '<option value="370100" selected>' in html


def test_the_cutoff_changes_what_is_counted(client, cast, known):
    html = page(client, cast.city, known.campaign, cutoff=CUTOFF.isoformat())
    assert (card(html, "Target enterprises"), card(html, "Target coverage rate"),
            card(html, "Visits"), card(html, "Taiwan business people met")) == (
        "5", "60.0%", "7", "10")
    assert (card(html, "Opinion forms distributed"), card(html, "Return rate"),
            card(html, "Appeals raised"), card(html, "Resolution rate")) == (
        "3", "33.3%", "4", "25.0%")
    assert row_cells(html, "济南市 (own level)")[-1] == "1"  # the city's own symposium
    assert "历下目标丙有限公司" in html and "历城目标丁有限公司" in html  # not yet visited


def test_teams_show_their_quota_check(client, cast, known):
    html = page(client, cast.city, known.campaign, cutoff=CUTOFF.isoformat())
    first = re.search(r"市台办第一走访组.*?</tr>", html, re.S).group(0)
    second = re.search(r"历下区走访组.*?</tr>", html, re.S).group(0)
    assert ">Met<" in first and "Counties 3/2 ✓" in first
    assert ">Not met<" in second and "Symposiums 0/1 ✗" in second


def test_the_not_visited_list_pages_with_htmx(client, cast, known, settings):
    settings.QINSHANG_PAGE_SIZE = 1
    client.force_login(cast.city)
    url = coverage_url(known.campaign, cutoff=day(3, 31).isoformat())
    html = client.get(url).content.decode()
    assert "历下目标丙有限公司" in html and "历城目标丁有限公司" not in html
    assert 'hx-target="#not-visited"' in html
    partial = client.get(url + "&page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "历城目标丁有限公司" in partial and "历下目标丙有限公司" not in partial
    assert "<html" not in partial and "card-figure" not in partial


def test_markup_in_names_is_shown_as_text(client, cast, known):
    f.EnterpriseFactory(name="x", region_id="370102")
    known.enterprises["D"].name = "<script>alert(1)</script>有限公司"
    known.enterprises["D"].save()
    html = page(client, cast.city, known.campaign)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


# --- the export ----------------------------------------------------------------------------------

def test_the_export_holds_divisions_phases_teams_and_the_targets_left(client, cast, known):
    client.force_login(cast.city)
    url = reverse("figures:campaign_coverage_export", args=[known.campaign.pk])
    response = client.get(url + f"?cutoff={CUTOFF.isoformat()}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["By division", "Phases", "Teams", "Targets not visited",
                                   "About"]
    divisions = list(workbook["By division"].iter_rows(values_only=True))
    header = divisions[0]
    assert header[:5] == ("Division", "Code", "Targets", "Targets visited", "Coverage rate")
    by_code = {row[1]: row for row in divisions[1:]}
    assert by_code["370102"][:13] == ("历下区", "370102", 2, 1, 0.5, 2, 3, 6, 2, 1, 0.5, 2, 1)
    assert by_code["370105"][:5] == ("天桥区", "370105", 0, 0, None)
    assert divisions[-2][:2] == ("济南市 (own level)", "370100")
    assert divisions[-1] == ("Total", "370100", 5, 3, 0.6, 6, 7, 10, 3, 1, pytest.approx(1 / 3),
                             4, 1, 0.25, 2)
    assert workbook["By division"]["E2"].number_format == "0.0%"
    phases = list(workbook["Phases"].iter_rows(values_only=True))
    assert [row[:1] + row[3:] for row in phases[1:]] == [("全面走访", 6, 6, 3, 7),
                                                         ("解决问题", 1, 1, 1, 3)]
    teams = list(workbook["Teams"].iter_rows(values_only=True))
    assert teams[0][-1] == "Quotas 1+2+6"
    assert [(row[0], row[3], row[-1]) for row in teams[1:]] == [
        ("市台办第一走访组", 6, "met"), ("历下区走访组", 1, "not met")]
    left = list(workbook["Targets not visited"].iter_rows(values_only=True))
    assert [(row[0], row[2], row[3]) for row in left[1:]] == [
        ("历下目标丙有限公司", "济南市", "历下区"), ("历城目标丁有限公司", "济南市", "历城区")]


def test_the_county_export_holds_only_the_county(client, cast, known):
    client.force_login(cast.neighbour)
    response = client.get(reverse("figures:campaign_coverage_export",
                                  args=[known.campaign.pk]) + "?region=370100")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    divisions = list(workbook["By division"].iter_rows(values_only=True))
    assert divisions[1:] == [("Total", "370103", 2, 2, 1.0, 3, 3, 4, 2, 1, 0.5, 2, 1, 0.5, 0)]
    cells = {value for sheet in workbook for row in sheet.iter_rows(values_only=True)
             for value in row}
    assert cast.enterprise.name not in cells


# --- cost ----------------------------------------------------------------------------------------

def statements(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def more_targets_and_visits(cast: Cast, campaign: Campaign, count: int) -> None:
    """``count`` more visits to enterprises of every county of Jinan (targets not frozen: the
    target list stays, the visits and the rows of the table grow)."""
    counties = ["370102", "370103", "370104", "370105", "370112", "370113", "370114"]
    for number in range(count):
        enterprise = f.EnterpriseFactory(region_id=counties[number % len(counties)])
        services.visit_record(actor=cast.city, enterprise=enterprise, campaign=campaign,
                              staff=[cast.city],
                              data={"visited_on": datetime.date(2026, 3, 3 + number % 20),
                                    "people_met": 1})


def test_the_page_stays_within_its_statement_budget(client, cast, known,
                                                    django_assert_max_num_queries):
    client.force_login(cast.city)
    url = coverage_url(known.campaign)
    client.get(url)  # the session is warm, as it is for a working user
    few = statements(client, url)
    more_targets_and_visits(cast, known.campaign, 30)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
    assert statements(client, url) == few
    client.force_login(cast.neighbour)
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
