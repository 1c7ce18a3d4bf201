"""End to end in a real headless Chromium: one appeal from the portal to a rated close.

A compatriot submits an appeal in the portal (Traditional Chinese); the county officer assesses
it and assigns it to a department; the department's liaison accepts it and replies; the
compatriot rates the reply; the officer closes it; and the figures dashboard counts it. Each
person works in their own browser context, as they would on their own machines. Screenshots go to
``artifacts/`` for a person to look at; the test asserts on what is visible.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from qinshang.appeals.models import Appeal, State
from qinshang.workdays.models import CalendarYear
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT

PASSWORD = "haixia-liangan-2026"
TITLE = "新廠房用電擴容申請遲遲未獲答覆"
DESCRIPTION = "我司於九月提出用電擴容申請，至今仍未獲供電部門答覆，影響新產線投產。"
PLAN = "商务局牵头协调供电公司，五个工作日内答复企业"
REPLY = "已协调供电公司，扩容方案已批复，下周施工。"


def _login(context, base: str, username: str) -> object:
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    return page


def _card(page, label: str) -> str:
    """The figure on the dashboard card with this label."""
    return page.locator(".card", has_text=label).locator(".card-figure").inner_text().strip()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_appeal_from_the_portal_to_a_rated_close(live_server, cast):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    for user in (cast.portal, cast.owner, cast.department):
        user.set_password(PASSWORD)
        user.save()
    # Deadlines near the year's end reach into the next year: the administrator has entered
    # its calendar (no holidays known yet, weekends only) when the package does not have it.
    CalendarYear.objects.get_or_create(year=timezone.localdate().year + 1,
                                       defaults={"source": "entered by the administrator"})
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            def context(locale: str):
                made = browser.new_context(locale=locale,
                                           viewport={"width": 1280, "height": 900})
                made.set_default_timeout(TIMEOUT)
                return made

            # The officer's dashboard before: nothing registered yet.
            officer = _login(context("zh-CN"), base, cast.owner.username)
            officer.goto(f"{base}/figures/appeals/")
            assert _card(officer, "受理诉求") == "0"

            # The compatriot submits an appeal in the portal, in Traditional Chinese.
            compatriot = _login(context("zh-TW"), base, cast.portal.username)
            compatriot.wait_for_url(f"{base}/portal/")
            expect(compatriot.locator("html")).to_have_attribute("lang", "zh-hant")
            compatriot.click("a[href='/portal/appeals/new/']")
            compatriot.check("#id_kind input[value=request]")
            compatriot.select_option("#id_category", label="用地")
            compatriot.fill("#id_title", TITLE)
            compatriot.fill("#id_description", DESCRIPTION)
            compatriot.locator("main form button[type=submit]").click()
            compatriot.wait_for_url(re.compile(r"/portal/appeals/\d+/$"))
            expect(compatriot.locator("main")).to_contain_text(TITLE)
            compatriot.screenshot(path=str(ARTIFACTS / "appeal-1-portal-submitted.png"),
                                  full_page=True)
            appeal = Appeal.objects.get(title=TITLE)
            assert (appeal.state, appeal.channel) == (State.REGISTERED, "portal")

            # The county officer finds it in the inbox, assesses it and assigns it.
            officer.goto(f"{base}/appeals/")
            officer.locator("#results a", has_text=TITLE).first.click()
            officer.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            officer.fill("#id_assess_plan", PLAN)
            officer.locator("#action-assess button[type=submit]").click()
            officer.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            expect(officer.locator("ol.timeline")).to_contain_text(PLAN)
            department = cast.department.memberships.get().department
            officer.select_option("#id_assign_lead", str(department.pk))
            officer.locator("#action-assign button[type=submit]").click()
            officer.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            expect(officer.locator("main")).to_contain_text(department.name)
            officer.screenshot(path=str(ARTIFACTS / "appeal-2-assigned.png"), full_page=True)

            # The department's liaison accepts it from their inbox and replies.
            liaison = _login(context("zh-CN"), base, cast.department.username)
            liaison.goto(f"{base}/appeals/")
            liaison.locator("#results a", has_text=TITLE).first.click()
            liaison.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            liaison.locator("#action-accept button[type=submit]").click()
            liaison.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            if liaison.locator("#action-answer:not([open])").count():
                liaison.locator("#action-answer summary").click()
            liaison.check("#id_answer_outcome_0")
            liaison.fill("#id_answer_reply", REPLY)
            liaison.locator("#action-answer button[type=submit]").click()
            liaison.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            expect(liaison.locator("main")).to_contain_text(REPLY)
            liaison.screenshot(path=str(ARTIFACTS / "appeal-3-answered.png"), full_page=True)

            # The compatriot reads the reply (in Traditional characters) and rates it.
            compatriot.goto(f"{base}/portal/appeals/{appeal.pk}/")
            expect(compatriot.locator("main")).to_contain_text("已協調供電公司")
            compatriot.locator("#rate input[type=radio][value='5']").check()
            compatriot.locator("#rate button[type=submit]").click()
            compatriot.wait_for_url(f"{base}/portal/appeals/{appeal.pk}/")
            expect(compatriot.locator("main")).to_contain_text("非常滿意")
            compatriot.screenshot(path=str(ARTIFACTS / "appeal-4-rated.png"), full_page=True)

            # The officer closes it.
            officer.goto(f"{base}/appeals/{appeal.pk}/")
            officer.locator("#action-close button[type=submit]").click()
            officer.wait_for_url(f"{base}/appeals/{appeal.pk}/")
            expect(officer.locator("main")).to_contain_text("已办结")

            # The dashboard counts it: registered, resolved, satisfied.
            officer.goto(f"{base}/figures/appeals/")
            officer.screenshot(path=str(ARTIFACTS / "appeal-5-dashboard.png"), full_page=True)
            assert _card(officer, "受理诉求") == "1"
            assert _card(officer, "解决率") == "100.0%"
            assert _card(officer, "满意率") == "100.0%"
        finally:
            browser.close()

    appeal.refresh_from_db()
    assert (appeal.state, appeal.rating, appeal.outcome) == (State.CLOSED, 5, "resolved")
