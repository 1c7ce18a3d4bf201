"""End to end in a real headless Chromium (issue #6): an officer pushes a policy to a filtered
set of enterprises, a portal user of one of them logs in and reads it in Traditional Chinese,
and the staff figures show it read. Screenshots go to ``artifacts/`` (``policies-*.png``)."""

from __future__ import annotations

import pytest

from qinshang.enterprises.models import Enterprise
from qinshang.policies.models import Delivery, PolicyPush
from qinshang.policies.tests.conftest import make_policy
from qinshang.testing import factories as f
from qinshang.testing.cast import OWNER_COUNTY
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT

PASSWORD = "lixia-zhengce-2026"
NOTE = "请贵企业及时申报社保减免"


def log_in(context, base: str, username: str, then: str):
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}{then}")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_push_a_policy_and_read_it_on_the_portal(live_server, cast):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    other_industry = f.EnterpriseFactory(region_id=OWNER_COUNTY, industry="13",
                                         name="历下台资食品有限公司")
    second = f.EnterpriseFactory(region_id=OWNER_COUNTY, name="历下台资机电有限公司")
    policy = make_policy(cast.province)
    for user in (cast.owner, cast.portal):
        user.set_password(PASSWORD)
        user.save()
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            staff = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            staff.set_default_timeout(TIMEOUT)
            page = log_in(staff, base, cast.owner.username, f"/policies/{policy.pk}/")
            page.locator(f"a[href='/policies/{policy.pk}/push/']").click()
            page.wait_for_url(f"{base}/policies/{policy.pk}/push/")
            # Narrow to machinery (39): the food enterprise drops out of the preview.
            page.select_option("#id_industries", ["39"])
            page.locator("#criteria button[type=submit]").click()
            matches = page.locator("table.matches-table")
            expect(matches).to_contain_text(cast.enterprise.name)
            expect(matches).to_contain_text(second.name)
            expect(matches).not_to_contain_text(other_industry.name)
            expect(page.locator("#matches-title")).to_contain_text("2")
            page.fill("#id_note", NOTE)
            page.screenshot(path=str(ARTIFACTS / "policies-1-push-preview.png"), full_page=True)
            page.locator("form.push-form button[type=submit]").click()
            page.wait_for_url(f"{base}/policies/pushes/**")
            expect(page.locator("table.deliveries")).to_contain_text(cast.enterprise.name)
            page.screenshot(path=str(ARTIFACTS / "policies-2-pushed.png"), full_page=True)

            portal_context = browser.new_context(locale="zh-TW",
                                                 viewport={"width": 1100, "height": 900})
            portal_context.set_default_timeout(TIMEOUT)
            portal = log_in(portal_context, base, cast.portal.username, "/portal/policies/")
            row = portal.locator("table.portal-policies tbody tr.unread")
            expect(row).to_have_count(1)
            expect(row).to_contain_text("臺資企業")
            portal.screenshot(path=str(ARTIFACTS / "policies-3-portal-inbox.png"),
                              full_page=True)
            row.locator("a").first.click()
            portal.wait_for_url(f"{base}/portal/policies/**")
            expect(portal.locator(".policy-summary")).to_contain_text("受疫情影響的臺資企業")
            expect(portal.locator("body")).to_contain_text("請貴企業及時申報")
            portal.screenshot(path=str(ARTIFACTS / "policies-4-portal-read.png"),
                              full_page=True)

            page.goto(f"{base}/figures/policies/")
            expect(page.locator("#figure-read")).to_have_text("1")
            expect(page.locator("#figure-read-rate")).to_have_text("50.0%")
            page.screenshot(path=str(ARTIFACTS / "policies-5-figures.png"), full_page=True)
        finally:
            browser.close()

    push = PolicyPush.objects.get()
    assert set(push.deliveries.values_list("enterprise_id", flat=True)) == {
        cast.enterprise.pk, second.pk}
    assert Delivery.objects.get(enterprise=cast.enterprise).read_by == cast.portal
    assert not Enterprise.objects.get(pk=other_industry.pk).policy_deliveries.exists()
