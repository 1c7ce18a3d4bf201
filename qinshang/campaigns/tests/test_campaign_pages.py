"""The staff pages of campaigns: the list, creating and editing with phases, choosing and freezing
the targets, launching, recording a visit whose problem becomes an appeal, the visit page, teams,
symposiums, the exports, and what each member of the cast is offered."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.appeals.models import Appeal, Category
from qinshang.campaigns import selectors, services
from qinshang.campaigns.models import Campaign, CampaignKind, CampaignState, Visit
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.offices.models import Office
from qinshang.questionnaires.models import FormTemplate
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CAMPAIGN_AT, CITY, VISIT_PROBLEM, build_campaign_cast

MARKUP = '<script>alert("x")</script>'


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def errors(response) -> list[str]:
    return re.findall(r'role="alert">\s*(?:<p>)?([^<]+)', html(response))


def workbook_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def jinan(cast, next_year_calendar):
    """The cast with its launched Jinan campaign (team, the owner's visit with an appeal, a
    symposium, a survey)."""
    cast.campaigns = build_campaign_cast(cast)
    return cast


def city_office() -> Office:
    return Office.objects.get(region_id=CITY)


def campaign_post(**changes) -> dict:
    data = {"name": "2026济南市台企服务季", "kind": CampaignKind.VISIT_SEASON,
            "starts_on": "2026-09-01", "ends_on": "2026-09-30", "scope": CITY,
            "offices": [str(city_office().pk)], "description": "", "visit_form": "",
            "quota_symposiums": "1", "quota_counties": "2", "quota_enterprises": "6",
            "phases-TOTAL_FORMS": "3", "phases-INITIAL_FORMS": "0",
            "phases-MIN_NUM_FORMS": "0", "phases-MAX_NUM_FORMS": "12",
            "phases-0-name": "全面走访、征求意见、建立联系", "phases-0-starts_on": "2026-09-01",
            "phases-0-ends_on": "2026-09-10",
            "phases-1-name": "深入调研、研商措施、解决问题", "phases-1-starts_on": "2026-09-11",
            "phases-1-ends_on": "2026-09-30"}
    return data | changes


def visit_post(cast, **changes) -> dict:
    question = cast.campaigns.visit_form.questions.get(order=1)
    data = {"enterprise": str(cast.enterprise.pk), "visited_on": "2026-06-20",
            "method": "on_site", "staff": [str(cast.owner.pk)], "team": "",
            "people_met": "2", "persons": [str(cast.person.pk)], "summary": "了解扩产计划",
            f"report-q{question.pk}": "良好",
            "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
            "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20",
            "problems-0-category": str(Category.objects.get(code="land").pk),
            "problems-0-kind": "request", "problems-0-title": "扩产项目用地指标紧张",
            "problems-0-description": "希望协调新增用地指标。",
            "problems-1-category": "", "problems-1-kind": "opinion", "problems-1-title": "",
            "problems-1-description": "",
            "problems-2-category": "", "problems-2-kind": "opinion", "problems-2-title": "",
            "problems-2-description": ""}
    return data | changes


def visit_url(cast) -> str:
    return reverse("campaigns:visit_create", args=[cast.campaigns.campaign.pk])


# --- the list ----------------------------------------------------------------------------------

def test_list_shows_kind_period_scope_state_and_the_viewers_coverage(client, jinan):
    client.force_login(jinan.owner)
    page = html(client.get(reverse("campaigns:list")))
    assert jinan.campaigns.campaign.name in page
    assert "2026-06-01 – 2026-06-30" in page
    assert "山东省济南市" in page
    # the owner's part: the owner county's one target, visited
    row = page[page.index(jinan.campaigns.campaign.name):]
    assert re.search(r'class="num">1</td>\s*<td class="num">1</td>\s*<td class="num">100\.0%',
                     row)
    # a county officer may create campaigns (for their own county)
    assert reverse("campaigns:create") in page


def test_list_hides_new_campaign_from_read_only_staff(client, jinan):
    client.force_login(jinan.reader)
    page = html(client.get(reverse("campaigns:list")))
    assert jinan.campaigns.campaign.name in page
    assert reverse("campaigns:create") not in page


def test_list_of_another_city_is_empty(client, jinan):
    client.force_login(jinan.other_city)
    page = html(client.get(reverse("campaigns:list")))
    assert jinan.campaigns.campaign.name not in page


def test_list_costs_the_same_for_one_and_five_campaigns(client, jinan):
    client.force_login(jinan.city)
    url = reverse("campaigns:list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(4):
        services.campaign_create(
            actor=jinan.city, scope=Region.objects.get(code="370102"),
            offices=[city_office()], at=CAMPAIGN_AT,
            data={"name": f"走访季{number}", "kind": CampaignKind.VISIT_SEASON,
                  "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2026, 3, 31)})
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert html(response).count('href="/campaigns/') >= 5
    assert len(five) == len(one)
    assert len(five) <= 10


# --- create and edit ---------------------------------------------------------------------------

def test_the_form_offers_three_phase_rows_with_the_seed_examples(client, jinan):
    client.force_login(jinan.city)
    page = html(english(client).get(reverse("campaigns:create")))
    assert 'name="phases-TOTAL_FORMS" value="3"' in page
    assert "e.g. Visit every enterprise, seek opinions, build ties" in page
    assert "e.g. Review together, sum up, consolidate the results" in page
    assert "1+2+6" in page
    # the user's own office is chosen already
    assert re.search(rf'<option value="{city_office().pk}" selected>', page)


def test_create_a_campaign_with_phases(client, jinan):
    client.force_login(jinan.city)
    response = client.post(reverse("campaigns:create"), campaign_post())
    campaign = Campaign.objects.get(name="2026济南市台企服务季")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert (campaign.scope_id, campaign.state, campaign.quota_enterprises) == (CITY, "draft", 6)
    assert [(p.name, p.starts_on.day, p.ends_on.day) for p in campaign.phases.all()] == [
        ("全面走访、征求意见、建立联系", 1, 10), ("深入调研、研商措施、解决问题", 11, 30)]
    assert list(campaign.offices.all()) == [city_office()]


def test_overlapping_phases_are_refused_on_the_form(client, jinan):
    client.force_login(jinan.city)
    response = english(client).post(reverse("campaigns:create"),
                                     campaign_post(**{"phases-1-starts_on": "2026-09-05"}))
    assert response.status_code == 400
    assert "Phase 2 starts before the previous one ends." in html(response)
    assert not Campaign.objects.filter(name="2026济南市台企服务季").exists()
    # what was typed is still there
    assert "深入调研、研商措施、解决问题" in html(response)


def test_a_half_filled_phase_row_is_refused(client, jinan):
    client.force_login(jinan.city)
    response = english(client).post(reverse("campaigns:create"),
                                    campaign_post(**{"phases-2-name": "交流讲评"}))
    assert response.status_code == 400
    assert "Give the phase a name, a first and a last day" in html(response)
    assert not Campaign.objects.filter(name="2026济南市台企服务季").exists()


def test_a_county_officer_cannot_choose_the_city_as_scope(client, jinan):
    client.force_login(jinan.owner)
    response = client.post(reverse("campaigns:create"), campaign_post())
    assert response.status_code == 400
    assert not Campaign.objects.filter(name="2026济南市台企服务季").exists()


def edit_post(campaign: Campaign, **changes) -> dict:
    data = {"name": campaign.name, "kind": campaign.kind, "starts_on": "2026-06-01",
            "ends_on": "2026-06-30", "offices": [str(city_office().pk)], "description": "",
            "visit_form": str(campaign.visit_form_id or ""), "quota_symposiums": "1",
            "quota_counties": "2", "quota_enterprises": "6",
            "version": str(campaign.version), "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0", "phases-MIN_NUM_FORMS": "0",
            "phases-MAX_NUM_FORMS": "12"}
    return data | changes


def test_a_stale_edit_is_refused_with_409_and_keeps_the_input(client, jinan):
    campaign = Campaign.objects.get(pk=jinan.campaigns.campaign.pk)
    client.force_login(jinan.city)
    form_version = campaign.version
    # given the province renames the campaign after the city opened the form
    services.campaign_update(actor=jinan.province, campaign=campaign, data={"name": "省改名称"},
                             expected_version=form_version)
    # when the city saves its own change
    response = english(client).post(reverse("campaigns:edit", args=[campaign.pk]),
                                    edit_post(campaign, name="市改名称", version=form_version))
    # then it is refused, nothing is lost and nothing is overwritten
    assert response.status_code == 409
    assert "Someone else changed this campaign" in html(response)
    assert 'value="市改名称"' in html(response)
    assert f'name="version" value="{form_version + 1}"' in html(response)
    assert Campaign.objects.get(pk=campaign.pk).name == "省改名称"


def test_edit_saves_with_the_current_version(client, jinan):
    campaign = Campaign.objects.get(pk=jinan.campaigns.campaign.pk)
    client.force_login(jinan.city)
    response = client.post(reverse("campaigns:edit", args=[campaign.pk]),
                           edit_post(campaign, name="新名称", quota_enterprises="8"))
    assert response.status_code == 302
    saved = Campaign.objects.get(pk=campaign.pk)
    assert (saved.name, saved.quota_enterprises, saved.version) == ("新名称", 8,
                                                                   campaign.version + 1)
    assert saved.phases.count() == 0


# --- the campaign page -------------------------------------------------------------------------

def test_the_campaign_page_shows_phases_figures_and_team_quotas(client, jinan):
    client.force_login(jinan.city)
    page = html(english(client).get(reverse("campaigns:detail",
                                            args=[jinan.campaigns.campaign.pk])))
    assert "大走访" in page and "解决问题" in page
    assert "市台办第一走访组" in page
    # one symposium of one, one county of two, one enterprise of six
    quotas = re.sub(r"<[^>]+>", "", page[page.index("quota-check"):])
    quotas = " ".join(quotas.split())
    assert "Symposiums 1/1 ✓ Counties 1/2 ✗ Enterprises 1/6 ✗" in quotas
    # the writers' actions
    for name in ("campaigns:edit", "campaigns:team_create", "campaigns:close",
                 "campaigns:visit_create", "campaigns:symposium_create"):
        assert reverse(name, args=[jinan.campaigns.campaign.pk]) in page
    assert jinan.enterprise.name in page  # the owner's visit, in the city's reach


def test_a_county_officer_sees_the_city_campaign_but_is_not_offered_to_change_it(client, jinan):
    pk = jinan.campaigns.campaign.pk
    client.force_login(jinan.owner)
    page = html(english(client).get(reverse("campaigns:detail", args=[pk])))
    assert "your part: 历下区" in page
    assert reverse("campaigns:visit_create", args=[pk]) in page
    for name in ("campaigns:edit", "campaigns:team_create", "campaigns:close",
                 "campaigns:launch"):
        assert reverse(name, args=[pk]) not in page
    assert client.get(reverse("campaigns:edit", args=[pk])).status_code == 403


def test_the_neighbour_sees_the_campaign_but_not_the_owners_visit(client, jinan):
    pk = jinan.campaigns.campaign.pk
    client.force_login(jinan.neighbour)
    for url in (reverse("campaigns:detail", args=[pk]), reverse("campaigns:visits", args=[pk]),
                reverse("campaigns:targets", args=[pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert jinan.enterprise.name not in html(response)
    assert jinan.foreign_enterprise.name in html(client.get(reverse("campaigns:targets",
                                                                     args=[pk])))
    assert client.get(reverse("campaigns:visit_detail",
                              args=[jinan.campaigns.visit.pk])).status_code == 404


def test_viewer_region_is_the_deeper_of_scope_and_office(jinan):
    campaign = jinan.campaigns.campaign
    assert selectors.viewer_region(jinan.owner, campaign).code == "370102"
    assert selectors.viewer_region(jinan.city, campaign).code == CITY
    assert selectors.viewer_region(jinan.province, campaign).code == CITY


def test_the_links_to_pages_built_elsewhere_do_not_break_the_page(client, jinan):
    client.force_login(jinan.city)
    response = client.get(reverse("campaigns:detail", args=[jinan.campaigns.campaign.pk]))
    assert response.status_code == 200
    assert reverse("campaigns:targets", args=[jinan.campaigns.campaign.pk]) in html(response)


# --- targets and launch ------------------------------------------------------------------------

@pytest.fixture
def draft(jinan) -> Campaign:
    return services.campaign_create(
        actor=jinan.city, scope=Region.objects.get(code=CITY), offices=[city_office()],
        at=CAMPAIGN_AT, data={"name": "2026济南市走访季", "kind": CampaignKind.VISIT_SEASON,
                              "starts_on": datetime.date(2026, 9, 1),
                              "ends_on": datetime.date(2026, 9, 30)})


def test_draft_targets_are_chosen_by_filters_and_closed_enterprises_left_out(client, jinan,
                                                                             draft):
    f.EnterpriseFactory(region_id="370102", name="历下已关闭台企", status=Enterprise.Status.CLOSED)
    f.EnterpriseFactory(region_id="370702", name="潍坊台资企业")
    client.force_login(jinan.city)
    url = reverse("campaigns:targets", args=[draft.pk])
    page = html(english(client).get(url, {"region": "370102"}))
    assert "Use this 1 enterprise as targets" in page
    assert jinan.enterprise.name in page and "历下已关闭台企" not in page
    response = client.post(url, {"region": "370102", "count": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert list(draft.targets.values_list("enterprise_id", flat=True)) == [jinan.enterprise.pk]
    assert draft.target_criteria == {"region": "370102"}


def test_draft_targets_refuse_a_count_that_changed_meanwhile(client, jinan, draft):
    client.force_login(jinan.city)
    response = english(client).post(reverse("campaigns:targets", args=[draft.pk]),
                                    {"region": CITY, "count": "1"})
    assert response.status_code == 409
    assert "The matching enterprises changed" in html(response)
    assert not draft.targets.exists()


def test_launch_without_targets_is_refused_on_the_page(client, jinan, draft):
    client.force_login(jinan.city)
    response = english(client).post(reverse("campaigns:launch", args=[draft.pk]),
                                    {"version": draft.version})
    assert response.status_code == 403
    assert "Choose the target enterprises before launching." in html(response)
    assert Campaign.objects.get(pk=draft.pk).state == CampaignState.DRAFT


def test_launch_freezes_the_list_shown_as_frozen(client, jinan, draft):
    client.force_login(jinan.city)
    english(client)
    page = html(client.get(reverse("campaigns:detail", args=[draft.pk])))
    assert "Launching freezes the target list" in page
    client.post(reverse("campaigns:targets", args=[draft.pk]), {"region": CITY, "count": "2"})
    draft.refresh_from_db()
    response = client.post(reverse("campaigns:launch", args=[draft.pk]),
                           {"version": draft.version})
    assert response.status_code == 302
    assert Campaign.objects.get(pk=draft.pk).state == CampaignState.LAUNCHED
    # given an enterprise filed after the launch
    f.EnterpriseFactory(region_id="370102", name="济南后来台资企业有限公司")
    page = html(client.get(reverse("campaigns:targets", args=[draft.pk])))
    day = Campaign.objects.get(pk=draft.pk).launched_at.astimezone().date()
    assert "This list was frozen when the campaign was launched" in page
    assert day.isoformat() in page or day.strftime("%Y-%m-%d") in page
    assert "济南后来台资企业有限公司" not in page
    assert jinan.enterprise.name in page and jinan.foreign_enterprise.name in page


def test_a_stale_launch_is_refused(client, jinan, draft):
    services.campaign_set_targets(actor=jinan.city, campaign=draft, at=CAMPAIGN_AT,
                                  enterprises=[jinan.enterprise], criteria={})
    client.force_login(jinan.city)
    response = client.post(reverse("campaigns:launch", args=[draft.pk]), {"version": "0"})
    assert response.status_code == 409
    assert Campaign.objects.get(pk=draft.pk).state == CampaignState.DRAFT


def test_targets_filter_by_visited_and_export(client, jinan):
    pk = jinan.campaigns.campaign.pk
    client.force_login(jinan.city)
    page = html(client.get(reverse("campaigns:targets", args=[pk]), {"visited": "no"}))
    assert jinan.foreign_enterprise.name in page and jinan.enterprise.name not in page
    rows = workbook_rows(english(client).get(reverse("campaigns:targets_export", args=[pk])))
    # (visited, last visit) by enterprise; a trailing empty cell is not stored
    by_name = {row[3]: (*row, None)[7:9] for row in rows[1:]}
    assert by_name == {jinan.enterprise.name: ("Yes", datetime.datetime(2026, 6, 10)),
                       jinan.foreign_enterprise.name: ("No", None)}


# --- visits ------------------------------------------------------------------------------------

def test_the_chooser_lists_targets_not_yet_visited_first(client, jinan):
    f.EnterpriseFactory(region_id="370102", name="历下非目标台企")
    other_target = f.EnterpriseFactory(region_id="370102", name="历下另一目标台企")
    campaign = jinan.campaigns.campaign
    campaign.targets.create(enterprise=other_target, region_id="370102")
    client.force_login(jinan.owner)
    page = html(client.get(visit_url(jinan)))
    order = [page.index(name) for name in ("历下另一目标台企", jinan.enterprise.name,
                                           "历下非目标台企")]
    assert order == sorted(order)
    assert jinan.foreign_enterprise.name not in page  # not in the owner's jurisdiction


def test_the_chooser_picks_among_the_scope_the_user_writes_for(client, jinan):
    client.force_login(jinan.owner)
    page = html(client.get(visit_url(jinan)))
    picker = (f"{reverse('search:pick', args=['enterprise'])}"
              f"?write=1&amp;region={jinan.campaigns.campaign.scope_id}")
    assert f'hx-get="{picker}"' in page
    assert "<option" not in page.split('class="filters visit-chooser"')[1].split("</form>")[0]


def test_the_visit_form_offers_the_enterprises_persons_and_the_report_form(client, jinan):
    client.force_login(jinan.owner)
    page = html(client.get(visit_url(jinan), {"enterprise": jinan.enterprise.pk}))
    # The persons met are picked from the one search, among the enterprise's own.
    picker = (f"{reverse('search:pick', args=['person'])}"
              f"?enterprise={jinan.enterprise.pk}")
    assert f'hx-get="{picker}"' in page
    offered = html(client.get(f"{picker}&q={jinan.person.name[:2]}"))
    assert f'data-pk="{jinan.person.pk}"' in offered
    assert "企业经营状况" in page
    assert 'name="problems-TOTAL_FORMS" value="3"' in page
    assert re.search(rf'<option value="{jinan.owner.pk}" selected>', page)


def test_record_a_visit_whose_problem_becomes_an_appeal_for_the_owner(client, jinan):
    client.force_login(jinan.owner)
    response = client.post(visit_url(jinan), visit_post(jinan))
    visit = Visit.objects.get(summary="了解扩产计划")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:visit_detail", args=[visit.pk])
    appeal = Appeal.objects.get(title="扩产项目用地指标紧张")
    assert (appeal.channel, appeal.enterprise_id, appeal.kind) == ("visit", jinan.enterprise.pk,
                                                                   "request")
    # the message names the appeal, with a link to it
    page = html(client.get(response["Location"]))
    assert f'href="{reverse("appeals:detail", args=[appeal.pk])}"' in page
    assert appeal.reference in page
    assert "良好" in page and jinan.person.name in page
    # the appeal is in the owner's inbox
    inbox = html(client.get(reverse("appeals:list")))
    assert "扩产项目用地指标紧张" in inbox


def test_the_city_records_a_visit_made_by_county_staff(client, jinan):
    client.force_login(jinan.city)
    response = client.post(visit_url(jinan), visit_post(jinan))
    assert response.status_code == 302
    visit = Visit.objects.get(summary="了解扩产计划")
    assert (list(visit.staff.all()), visit.recorded_by) == ([jinan.owner], jinan.city)


def test_a_bad_problem_row_writes_nothing_and_keeps_the_input(client, jinan):
    client.force_login(jinan.owner)
    before = (Visit.objects.count(), Appeal.objects.count(), Event.objects.count())
    response = english(client).post(visit_url(jinan), visit_post(jinan, **{
        "problems-1-category": str(Category.objects.get(code="labour").pk),
        "problems-1-title": ""}))
    assert response.status_code == 400
    assert "Give the problem a subject." in html(response)
    assert "扩产项目用地指标紧张" in html(response)
    assert (Visit.objects.count(), Appeal.objects.count(), Event.objects.count()) == before


def test_a_visit_outside_the_period_lands_on_the_date_field(client, jinan):
    client.force_login(jinan.owner)
    response = english(client).post(visit_url(jinan), visit_post(jinan, visited_on="2026-07-02"))
    assert response.status_code == 400
    page = html(response)
    field = page[page.index('name="visited_on"'):]
    assert "The campaign runs from" in field[:800]
    assert not Visit.objects.filter(summary="了解扩产计划").exists()
    assert not Appeal.objects.filter(title="扩产项目用地指标紧张").exists()


def test_a_required_report_answer_missing_is_shown_on_its_question(client, jinan):
    question = jinan.campaigns.visit_form.questions.get(order=1)
    client.force_login(jinan.owner)
    response = english(client).post(visit_url(jinan),
                                    visit_post(jinan, **{f"report-q{question.pk}": ""}))
    assert response.status_code == 400
    assert "This question must be answered." in html(response)
    assert not Visit.objects.filter(summary="了解扩产计划").exists()


def test_people_met_fewer_than_named_is_refused_on_the_field(client, jinan):
    client.force_login(jinan.owner)
    response = english(client).post(visit_url(jinan), visit_post(jinan, people_met="0"))
    assert response.status_code == 400
    assert "more than the number given" in html(response)


def test_the_reader_may_not_record_and_the_neighbour_does_not_find_the_enterprise(client, jinan):
    client.force_login(jinan.reader)
    assert client.get(visit_url(jinan)).status_code == 403
    client.force_login(jinan.neighbour)
    assert client.get(visit_url(jinan), {"enterprise": jinan.enterprise.pk}).status_code == 404


def test_markup_is_shown_as_text(client, jinan):
    campaign = Campaign.objects.get(pk=jinan.campaigns.campaign.pk)
    services.campaign_update(actor=jinan.city, campaign=campaign,
                             data={"name": MARKUP, "description": MARKUP})
    client.force_login(jinan.owner)
    client.post(visit_url(jinan), visit_post(jinan, summary=MARKUP,
                                             **{"problems-0-title": MARKUP}))
    visit = Visit.objects.get(summary=MARKUP)
    for url in (reverse("campaigns:list"), reverse("campaigns:detail", args=[campaign.pk]),
                reverse("campaigns:visit_detail", args=[visit.pk]),
                reverse("campaigns:visits", args=[campaign.pk])):
        page = html(client.get(url))
        assert MARKUP not in page, url
        assert "&lt;script&gt;" in page, url


def test_visits_filter_and_export(client, jinan):
    pk = jinan.campaigns.campaign.pk
    client.force_login(jinan.city)
    page = html(client.get(reverse("campaigns:visits", args=[pk]), {"method": "phone"}))
    assert jinan.enterprise.name not in page
    page = html(client.get(reverse("campaigns:visits", args=[pk]),
                           {"region": "370102", "date_from": "2026-06-01"}))
    assert jinan.enterprise.name in page
    rows = workbook_rows(client.get(reverse("campaigns:visits_export", args=[pk])))
    assert len(rows) == 2
    assert rows[1][3] == jinan.enterprise.name and rows[1][9] == 1  # one appeal raised


def test_the_visit_page_shows_the_appeal_raised(client, jinan):
    client.force_login(jinan.reader)
    page = html(client.get(reverse("campaigns:visit_detail", args=[jinan.campaigns.visit.pk])))
    appeal = Appeal.objects.get(title=VISIT_PROBLEM)
    assert reverse("appeals:detail", args=[appeal.pk]) in page
    assert "走访座谈" in page and jinan.person.name in page


# --- teams and symposiums ----------------------------------------------------------------------

def test_create_a_team(client, jinan):
    client.force_login(jinan.province)
    response = client.post(reverse("campaigns:team_create", args=[jinan.campaigns.campaign.pk]),
                           {"name": "省台办督导组", "office": str(city_office().pk),
                            "area": "370102", "members": [str(jinan.owner.pk)]})
    assert response.status_code == 302
    team = jinan.campaigns.campaign.teams.get(name="省台办督导组")
    assert (team.area_id, list(team.members.all())) == ("370102", [jinan.owner])


def test_record_a_symposium_in_the_own_county(client, jinan):
    client.force_login(jinan.owner)
    url = reverse("campaigns:symposium_create", args=[jinan.campaigns.campaign.pk])
    page = html(client.get(url))
    assert jinan.foreign_enterprise.name not in page  # the neighbour's target is not offered
    # The enterprises attending are picked among the campaign's targets the owner sees.
    picker = (f"{reverse('search:pick', args=['enterprise'])}"
              f"?campaign={jinan.campaigns.campaign.pk}")
    assert f'hx-get="{picker}"' in page
    f.EnterpriseFactory(region_id="370102", name="济南历下非目标台企")
    offered = html(client.get(f"{picker}&q=济南"))
    assert f'data-pk="{jinan.enterprise.pk}"' in offered
    assert jinan.foreign_enterprise.name not in offered and "非目标" not in offered
    response = client.post(url, {"held_on": "2026-06-12", "region": "370102", "place": "区台办",
                                 "attendees": "7", "enterprises": [str(jinan.enterprise.pk)],
                                 "team": "", "summary": ""})
    assert response.status_code == 302
    assert jinan.campaigns.campaign.gatherings.filter(place="区台办", attendees=7).exists()


# --- the enterprise page -----------------------------------------------------------------------

def test_the_enterprise_page_offers_a_visit_for_each_running_campaign(client, jinan):
    url = reverse("enterprises:detail", args=[jinan.enterprise.pk])
    record = (reverse("campaigns:visit_create", args=[jinan.campaigns.campaign.pk])
              + f"?enterprise={jinan.enterprise.pk}")
    client.force_login(jinan.owner)
    page = html(client.get(url))
    assert record in page
    assert reverse("campaigns:visit_detail", args=[jinan.campaigns.visit.pk]) in page
    client.force_login(jinan.reader)
    page = html(client.get(url))
    assert record not in page
    assert reverse("campaigns:visit_detail", args=[jinan.campaigns.visit.pk]) in page


def test_running_campaigns_leave_out_drafts_and_other_scopes(jinan):
    services.campaign_create(actor=jinan.city, scope=Region.objects.get(code="370103"),
                             offices=[city_office()], at=CAMPAIGN_AT,
                             data={"name": "市中区走访季", "kind": CampaignKind.VISIT_SEASON,
                                   "starts_on": datetime.date(2026, 6, 1),
                                   "ends_on": datetime.date(2026, 6, 30)})
    running = list(selectors.running_campaigns_for(jinan.owner, jinan.enterprise))
    assert running == [jinan.campaigns.campaign]


# --- the administrator's form builder ----------------------------------------------------------

def test_the_admin_builds_a_form_and_checks_its_choices(client, divisions):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    english(client)
    url = reverse("admin:questionnaires_formtemplate_add")
    data = {"code": "visit-2026", "title": "走访台资企业报告表", "purpose": "visit_report",
            "introduction": "", "active": "on", "created_at_0": "2026-05-01",
            "created_at_1": "09:00:00",
            "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
            "questions-0-order": "1", "questions-0-kind": "single",
            "questions-0-text": "企业经营状况", "questions-0-help_text": "",
            "questions-0-required": "on", "questions-0-choices": "良好"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A choice question needs at least two options." in html(response)
    assert not FormTemplate.objects.filter(code="visit-2026").exists()
    response = client.post(url, data | {"questions-0-choices": "良好\n一般\n\n困难 "})
    assert response.status_code == 302
    question = FormTemplate.objects.get(code="visit-2026").questions.get()
    assert question.choices == ["良好", "一般", "困难"]
    assert admin_site.is_registered(Campaign)
