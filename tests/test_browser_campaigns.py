"""End to end in a real headless Chromium: a campaign from its launch to the summary report.

The city officer creates a service month for Jinan, draws its targets with the filter and
launches it; the county officer records a visit whose problem becomes an appeal in the inbox; the
city officer starts an opinion survey and hands out an invitation link; a compatriot answers it
without logging in, in Traditional Chinese, once; and the city officer reads the returned copy
and downloads the summary report (docx and xlsx), whose figures count the visit and both
appeals. Each person works in their own browser context. Screenshots go to ``artifacts/``
(``campaign-*.png``); the test asserts on what is visible and on the downloaded files.

The campaign's pages are selected by ids, names and values (their strings are being translated
while this is written), the appeal pages by their existing translated labels.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.campaigns.models import Campaign, CampaignState, Target, Visit
from qinshang.enterprises.models import Enterprise
from qinshang.testing import factories as f
from qinshang.testing.cast import build_forms
from qinshang.workdays.models import CalendarYear
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT

PASSWORD = "quancheng-fuwu-2026"
NAME = "济南市精准服务台企月"
PROBLEM = "园区道路货车限行影响原料进厂"
PROBLEM_TEXT = "园区周边道路白天限行货车，原料只能夜间进厂，希望调整限行时段。"
OPINION = "出口退稅到帳時間偏長"
OPINION_TEXT = "出口退稅申報後兩個月仍未到帳，資金周轉困難，希望加快辦理。"
# Jinan enterprises besides the cast's two; the closed one and the Weifang one never become
# targets (closed enterprises are left out, Weifang is outside the scope).
MORE_IN_JINAN = (("370105", "济南天桥台资食品有限公司"), ("370112", "济南历城台资电子有限公司"))
CLOSED_IN_JINAN = ("370104", "济南槐荫台资纺织有限公司")
IN_WEIFANG = ("370702", "潍坊潍城台资机械有限公司")


def _login(context, base: str, username: str):
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/")
    return page


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"campaign-{name}.png"), full_page=True)


def _card(page, number: int) -> str:
    """The figure on the n-th card (1-based) of the page's figure cards."""
    card = page.locator(".figure-cards .card").nth(number - 1)
    return card.locator(".card-figure").inner_text().strip()


def _enterprises() -> None:
    for code, name in MORE_IN_JINAN:
        f.EnterpriseFactory(region_id=code, name=name)
    f.EnterpriseFactory(region_id=CLOSED_IN_JINAN[0], name=CLOSED_IN_JINAN[1],
                        status=Enterprise.Status.CLOSED)
    f.EnterpriseFactory(region_id=IN_WEIFANG[0], name=IN_WEIFANG[1])


def _docx_text(path) -> tuple[str, list[list[str]]]:
    document = Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    rows = [[cell.text.strip() for cell in row.cells]
            for table in document.tables for row in table.rows]
    return text, rows


def _xlsx_cells(path) -> dict[str, list[tuple]]:
    workbook = load_workbook(str(path), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_campaign_from_launch_to_the_summary_report(live_server, cast, tmp_path):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    for user in (cast.city, cast.owner):
        user.set_password(PASSWORD)
        user.save()
    # Appeals are registered at the real present moment: their deadlines near the year's end
    # reach into the next year, whose calendar the administrator has entered.
    today = timezone.localdate()
    CalendarYear.objects.get_or_create(year=today.year + 1,
                                       defaults={"source": "entered by the administrator"})
    visit_form, opinion_form = build_forms()
    _enterprises()
    starts, ends = today - datetime.timedelta(days=10), today + datetime.timedelta(days=9)
    land = Category.objects.get(code="land")
    tax = Category.objects.get(code="tax_fees")
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            def context(locale: str):
                made = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
                made.set_default_timeout(TIMEOUT)
                return made

            # 1. The city officer creates the campaign with two phases and its visit form.
            city = _login(context("zh-CN"), base, cast.city.username)
            city.goto(f"{base}/campaigns/")
            city.click("main a[href='/campaigns/new/']")
            city.wait_for_url(f"{base}/campaigns/new/")
            city.fill("#id_name", NAME)
            city.select_option("#id_kind", "service_month")
            city.fill("#id_starts_on", starts.isoformat())
            city.fill("#id_ends_on", ends.isoformat())
            city.select_option("#id_scope", "370100")
            city.select_option("#id_visit_form", str(visit_form.pk))
            for row, (name, first, last) in enumerate((
                    ("全面走访、征求意见", starts, today),
                    ("研商措施、解决问题", today + datetime.timedelta(days=1), ends))):
                city.fill(f"#id_phases-{row}-name", name)
                city.fill(f"#id_phases-{row}-starts_on", first.isoformat())
                city.fill(f"#id_phases-{row}-ends_on", last.isoformat())
            _shot(city, "01-new")
            city.locator("form.campaign-form button[type=submit]").click()
            city.wait_for_url(re.compile(r"/campaigns/\d+/$"))
            campaign = Campaign.objects.get(name=NAME)
            detail = f"{base}/campaigns/{campaign.pk}/"
            expect(city.locator("h1")).to_contain_text(NAME)
            expect(city.locator(".status.campaign-draft")).to_be_visible()
            expect(city.locator("ol.phases-line li")).to_have_count(2)

            # Its targets, drawn with the filter: Jinan's enterprises that have not closed.
            city.click(f"main a[href='/campaigns/{campaign.pk}/targets/']")
            city.select_option("#id_region", "370100")
            city.locator("form.filters button[type=submit]").click()
            city.wait_for_url(re.compile(r"/targets/\?"))
            listed = city.locator("main table.list tbody")
            for name in (cast.enterprise.name, cast.foreign_enterprise.name,
                         *(name for _code, name in MORE_IN_JINAN)):
                expect(listed).to_contain_text(name)
            expect(listed).not_to_contain_text(CLOSED_IN_JINAN[1])
            expect(listed).not_to_contain_text(IN_WEIFANG[1])
            _shot(city, "02-targets")
            city.locator(f"form[action='/campaigns/{campaign.pk}/targets/'] "
                         "input[name=count][value='4'] ~ button[type=submit]").click()
            city.wait_for_url(f"{base}/campaigns/{campaign.pk}/targets/")
            assert Target.objects.filter(campaign=campaign).count() == 4

            # Launch: the list is frozen and the page shows the campaign launched with 4 targets.
            city.goto(detail)
            city.once("dialog", lambda dialog: dialog.accept())
            city.locator(f"form[action='/campaigns/{campaign.pk}/launch/'] "
                         "button[type=submit]").click()
            expect(city.locator(".status.campaign-launched")).to_be_visible()
            assert _card(city, 1) == "4"
            _shot(city, "03-launched")

            # 2. The county officer opens the campaign and records a visit with one problem.
            owner = _login(context("zh-CN"), base, cast.owner.username)
            owner.goto(f"{base}/campaigns/")
            owner.locator("main a", has_text=NAME).first.click()
            owner.wait_for_url(detail)
            owner.click(f"main a[href='/campaigns/{campaign.pk}/visits/new/']")
            # Only the targets of the owner's county are offered: the cast's enterprise.
            owner.click(f"main a[href='?enterprise={cast.enterprise.pk}']")
            expect(owner.locator("#id_visited_on")).to_have_value(today.isoformat())
            # The person met is picked by part of the name (陳志明 typed 陈志), among the
            # enterprise's own persons.
            owner.locator("#id_persons").press_sequentially("陈志", delay=50)
            owner.locator(f".picker-hit[data-pk='{cast.person.pk}']").click()
            expect(owner.locator(".picker-chosen li")).to_contain_text(cast.person.name)
            owner.fill("#id_summary", "与企业负责人座谈，了解生产经营情况。")
            questions = {q.order: q for q in visit_form.questions.all()}
            owner.select_option(f"#id_report-q{questions[1].pk}", "良好")
            owner.fill(f"#id_report-q{questions[2].pk}", "85")
            owner.select_option("#id_problems-0-category", str(land.pk))
            owner.fill("#id_problems-0-title", PROBLEM)
            owner.fill("#id_problems-0-description", PROBLEM_TEXT)
            _shot(owner, "04-visit-form")
            owner.locator("form.visit-form button[type=submit]").click()
            owner.wait_for_url(re.compile(r"/campaigns/visits/\d+/$"))
            appeal = Appeal.objects.get(title=PROBLEM)
            assert appeal.channel == Channel.VISIT
            assert list(Visit.objects.get(enterprise=cast.enterprise, campaign=campaign)
                        .persons_met.all()) == [cast.person]
            raised = owner.locator("main table.list", has_text=appeal.reference)
            expect(raised).to_contain_text(PROBLEM)
            expect(owner.locator("dl.answers")).to_contain_text("良好")
            _shot(owner, "05-visit")

            # The appeal is in the owner's inbox, among the appeals that came in by visits.
            owner.click("nav.mainnav a[href='/appeals/']")
            owner.wait_for_url(f"{base}/appeals/")
            owner.select_option("#id_channel", "visit")
            results = owner.locator("#results")
            expect(results.locator("a", has_text=PROBLEM)).to_have_count(1)
            expect(owner.locator("#id_channel option:checked")).to_have_text("走访")
            _shot(owner, "06-inbox")
            results.locator("a", has_text=PROBLEM).click()
            owner.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            expect(owner.locator("dt:text-is('来源渠道') + dd")).to_contain_text("走访")

            # 3. The city officer starts the opinion survey and hands the enterprise an
            # invitation link.
            city.goto(detail)
            city.click(f"main a[href='/campaigns/{campaign.pk}/surveys/new/']")
            city.select_option("#id_form", str(opinion_form.pk))
            expect(city.locator("#id_deadline")).to_have_value(ends.isoformat())
            city.locator("main form[method=post] button[type=submit]").click()
            city.wait_for_url(re.compile(r"/campaigns/surveys/\d+/$"))
            survey_url = city.url
            city.click("main a[href$='/distribute/']")
            target = Target.objects.get(campaign=campaign, enterprise=cast.enterprise)
            city.check("input[name=reach][value=chosen]")
            city.check(f"input[name=targets][value='{target.pk}']")
            city.check("input[name=method][value=online]")
            city.locator("form.distribute-form button[type=submit]").click()
            link_cell = city.locator("table.links td.invitation-link")
            expect(link_cell).to_have_count(1)
            expect(city.locator("table.links")).to_contain_text(cast.enterprise.name)
            link = link_cell.inner_text().strip()
            assert re.fullmatch(rf"{re.escape(base)}/portal/survey/[\w-]{{20,}}/", link), link
            _shot(city, "07-links")

            # 4. A compatriot opens the link, not logged in: the page is in Traditional Chinese.
            compatriot = context("zh-TW").new_page()
            compatriot.goto(link)
            expect(compatriot.locator("html")).to_have_attribute("lang", "zh-Hant")
            expect(compatriot.locator("h1")).to_have_text("徵求意見表")
            expect(compatriot.locator("main")).to_contain_text("濟南魯臺精密機械有限公司")
            opinion_questions = {q.order: q for q in opinion_form.questions.all()}
            compatriot.select_option(f"#id_q{opinion_questions[1].pk}", "yes")
            compatriot.fill(f"#id_q{opinion_questions[2].pk}", "希望多舉辦政策宣講會。")
            compatriot.select_option("#id_opinion-1-category", label=tax.name_zh_hant)
            compatriot.fill("#id_opinion-1-subject", OPINION)
            compatriot.fill("#id_opinion-1-text", OPINION_TEXT)
            _shot(compatriot, "08-invitation")
            compatriot.locator("main form button[type=submit]").click()
            thanks = compatriot.locator("main [role=status]")
            expect(thanks).to_contain_text("徵求意見表")
            expect(compatriot.locator("main ul")).to_contain_text(OPINION)
            expect(compatriot.locator("main ul")).to_contain_text(tax.name_zh_hant)
            _shot(compatriot, "09-thanks")
            # The link was used: opening it again shows that, and no form.
            again = compatriot.goto(link)
            assert again.status == 410
            expect(compatriot.locator("main [role=alert]")).to_contain_text(today.isoformat())
            expect(compatriot.locator("main form")).to_have_count(0)
            _shot(compatriot, "10-used")

            # 5. The survey page counts the copy as returned.
            city.goto(survey_url)
            assert (_card(city, 1), _card(city, 2), _card(city, 3)) == ("1", "1", "0")
            _shot(city, "11-survey")

            # The summary report: the preview, then the docx and the xlsx.
            city.goto(detail)
            assert _card(city, 7) == "2"  # appeals raised: the visit's and the survey's
            city.click(f"main a[href='/reports/campaigns/{campaign.pk}/summary/']")
            sentences = city.locator(".report-sentences")
            expect(sentences).to_contain_text("走访台资企业1家")
            expect(sentences).to_contain_text("共收到台商反馈意见2项")
            _shot(city, "12-summary")
            with city.expect_download() as download:
                city.click("button[name=format][value=docx]")
            docx_path = tmp_path / "summary.docx"
            download.value.save_as(docx_path)
            assert download.value.suggested_filename.endswith(".docx")
            with city.expect_download() as download:
                city.click("button[name=format][value=xlsx]")
            xlsx_path = tmp_path / "summary.xlsx"
            download.value.save_as(xlsx_path)
            assert download.value.suggested_filename.endswith(".xlsx")
        finally:
            browser.close()

    expected = ("全市台办系统共走访台资企业1家，走访台商1人，发放《征求意见表》1份，收回1份。"
                "目标企业4家，走访覆盖率25.0%。共收到台商反馈意见2项，正在办理。")
    text, rows = _docx_text(docx_path)
    assert expected in text
    # The survey's opinion is counted among the appeals raised, in its own category.
    assert [land.name_zh_hans, "1", "0", "0.0%"] in rows
    assert [tax.name_zh_hans, "1", "0", "0.0%"] in rows
    assert ["合计", "2", "0", "0.0%"] in rows

    sheets = _xlsx_cells(xlsx_path)
    # One sentence a row in column A.
    summary_text = "".join(row[0] for row in sheets["总结"] if row and isinstance(row[0], str))
    assert expected in summary_text
    categories = {row[0]: row[1:3] for row in sheets["分类"] if row and row[0]}
    assert categories[land.name_zh_hans] == (1, 0)
    assert categories[tax.name_zh_hans] == (1, 0)
    assert categories["合计"] == (2, 0)

    opinion = Appeal.objects.get(title=OPINION)
    assert (opinion.channel, opinion.category) == (Channel.SURVEY, tax)
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.LAUNCHED
