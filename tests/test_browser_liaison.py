"""End to end in a real headless Chromium: a leader sees an overdue liaison duty on the home page,
records the contact from it, and the duty turns kept (issue 5). Screenshots go to ``artifacts/``
(``liaison-*.png``); the test asserts on what is visible and on the record written."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qinshang.liaison.intervals import next_due
from qinshang.liaison.models import Contact
from qinshang.testing.cast import LEADER_PLAN_PURPOSE, build_liaison_cast
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT

PASSWORD = "lixia-lianxi-2026"
CONTENT = "实地走访企业，了解扩产用地进展"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leader_keeps_an_overdue_duty_from_the_home_page(live_server, cast, next_year_calendar):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    liaison = build_liaison_cast(cast)
    plan = liaison.leader_plan
    leader = cast.reader
    leader.set_password(PASSWORD)
    leader.save()
    due = next_due(plan.starts_on, "monthly")
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", leader.username)
            page.fill("#id_password", PASSWORD)
            page.press("#id_password", "Enter")
            page.wait_for_url(f"{base}/")

            # The overdue duty, first among the leader's duties, with its due date.
            duty = page.locator("table.duties tbody tr").first
            expect(duty).to_contain_text(LEADER_PLAN_PURPOSE)
            expect(duty).to_contain_text(due.isoformat())
            expect(duty).to_have_class("duty-overdue late")
            page.screenshot(path=str(ARTIFACTS / "liaison-1-home-overdue.png"), full_page=True)

            # Record the contact from the duty: the date is today and the way is the plan's.
            duty.locator(f"a[href='/liaison/plans/{plan.pk}/contact/']").click()
            page.wait_for_url(f"{base}/liaison/plans/{plan.pk}/contact/")
            expect(page.locator("#id_contacted_on")).to_have_value(
                timezone.localdate().isoformat())
            expect(page.locator("#id_method")).to_have_value("visit")
            page.fill("#id_content", CONTENT)
            page.screenshot(path=str(ARTIFACTS / "liaison-2-contact.png"), full_page=True)
            page.locator("form.liaison-form button[type=submit]").click()
            page.wait_for_url(f"{base}/liaison/plans/{plan.pk}/")
            expect(page.locator(".plan-standing .standing-kept")).to_be_visible()
            expect(page.locator("table.list")).to_contain_text(CONTENT)

            # Back home, the duty is kept.
            page.goto(f"{base}/")
            kept = page.locator("table.duties tbody tr", has_text=LEADER_PLAN_PURPOSE)
            expect(kept).to_have_class("duty-kept")
            expect(kept.locator(".standing-kept")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "liaison-3-home-kept.png"), full_page=True)
        finally:
            browser.close()

    contact = Contact.objects.get(content=CONTENT)
    assert (contact.staff, contact.recorded_by, contact.method, contact.contacted_on) == (
        leader, leader, "visit", timezone.localdate())
