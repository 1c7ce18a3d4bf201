"""End to end in a real headless Chromium (issue 7): an officer records a donation and picks the
donor enterprise by typing two characters of its name in Traditional Chinese. The picker's list
comes from the one search; a match is taken once with the mouse (and removed again), then with
the arrow keys and Enter, which never submits the half-filled form. The donation is saved under
the enterprise picked. Screenshots go to ``artifacts/`` (``pickers-*.png``)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qinshang.donations.models import Donation
from qinshang.testing import factories as f
from qinshang.testing.cast import OWNER_COUNTY
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT

PASSWORD = "lixia-juanzeng-2026"
# Shares 鲁台 with the cast's enterprise (济南鲁台精密机械有限公司): two matches to choose from.
NAMESAKE = "济南鲁台纺织有限公司"
UNRELATED = "历下台资食品有限公司"  # holds 台 but not 鲁台
RECIPIENT = "历下区防疫指挥部"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pick_the_donor_enterprise_by_two_traditional_characters(live_server, cast):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    namesake = f.EnterpriseFactory(region_id=OWNER_COUNTY, name=NAMESAKE)
    f.EnterpriseFactory(region_id=OWNER_COUNTY, name=UNRELATED)
    cast.owner.set_password(PASSWORD)
    cast.owner.save()
    donated_on = timezone.localdate() - datetime.timedelta(days=3)
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/?next=/donations/new/")
            page.fill("#id_username", cast.owner.username)
            page.fill("#id_password", PASSWORD)
            page.press("#id_password", "Enter")
            page.wait_for_url(f"{base}/donations/new/")

            picker = page.locator(".picker:has(#id_enterprise)")
            matches = picker.locator(".picker-hit")
            chosen = picker.locator(".picker-chosen li")

            # Two Traditional characters find both enterprises written 鲁台, marked.
            page.locator("#id_enterprise").press_sequentially("魯臺", delay=50)
            expect(matches).to_have_count(2)
            expect(picker.locator(".picker-hits")).not_to_contain_text(UNRELATED)
            expect(picker.locator(".picker-hits mark").first).to_have_text("鲁台")
            page.screenshot(path=str(ARTIFACTS / "pickers-1-open.png"), full_page=True)

            # The mouse: the namesake is taken, then removed again.
            picker.locator(f".picker-hit[data-pk='{namesake.pk}']").click()
            expect(chosen).to_have_count(1)
            expect(chosen).to_contain_text(NAMESAKE)
            expect(matches).to_have_count(0)
            chosen.locator(".picker-remove").click()
            expect(chosen).to_have_count(0)

            # The keyboard: down to the second match (the older record), Enter takes it.
            page.locator("#id_enterprise").press_sequentially("魯臺", delay=50)
            expect(matches).to_have_count(2)
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
            expect(matches.nth(1)).to_be_focused()
            expect(matches.nth(1)).to_have_attribute("data-pk", str(cast.enterprise.pk))
            page.keyboard.press("Enter")
            expect(chosen).to_have_count(1)
            expect(chosen).to_contain_text(cast.enterprise.name)
            expect(picker.locator("input[type=hidden][name=enterprise]")).to_have_value(
                str(cast.enterprise.pk))
            assert page.url == f"{base}/donations/new/"  # Enter did not submit the form
            page.screenshot(path=str(ARTIFACTS / "pickers-2-chosen.png"), full_page=True)

            page.fill("#id_recipient", RECIPIENT)
            page.fill("#id_donated_on", donated_on.isoformat())
            page.fill("#id_money", "187,000")
            page.locator("form.donation-form button[type=submit]").click()
            page.wait_for_url(f"{base}/donations/*/")
            expect(page.locator("main")).to_contain_text(cast.enterprise.name)
            page.screenshot(path=str(ARTIFACTS / "pickers-3-saved.png"), full_page=True)
        finally:
            browser.close()

    donation = Donation.objects.get(recipient=RECIPIENT)
    assert donation.enterprise == cast.enterprise
    assert donation.donated_on == donated_on
