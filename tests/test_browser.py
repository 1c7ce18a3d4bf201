"""End to end in a real headless Chromium (DESIGN.md §8): a county officer's main path.

Log in, open the enterprise file from the navigation, find the enterprise by part of its name
typed in Traditional characters, open it, edit its address and head count, and read the change in
the timeline. Screenshots go to ``artifacts/`` (git-ignored) for a person to look at; the test
asserts on the visible text only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qinshang.testing import factories as f
from qinshang.testing.cast import OWNER_COUNTY

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PASSWORD = "jinan-lixia-2024"
OLD_ADDRESS = "济南市历下区经十路1号"
NEW_ADDRESS = "济南市历下区泉城路188号"
OTHER_NAME = "济南历下台资食品有限公司"  # same county, must be filtered out by the name box
TIMEOUT = 10_000  # ms


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_finds_edits_and_sees_the_change_in_the_timeline(live_server, cast):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    owner = cast.owner
    owner.set_password(PASSWORD)
    owner.save()
    enterprise = cast.enterprise
    enterprise.address = OLD_ADDRESS
    enterprise.employees = 80
    enterprise.save()
    f.EnterpriseFactory(region_id=OWNER_COUNTY, name=OTHER_NAME, trade_name="歷下食品")
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT)
            page = context.new_page()

            # Log in.
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", owner.username)
            page.fill("#id_password", PASSWORD)
            page.press("#id_password", "Enter")
            page.wait_for_url(f"{live_server.url}/")

            # The enterprise file, from the main navigation: both enterprises of the county.
            page.click("nav.mainnav a[href='/enterprises/']")
            page.wait_for_url(f"{live_server.url}/enterprises/")
            results = page.locator("#results")
            expect(results).to_contain_text(enterprise.name)
            expect(results).to_contain_text(OTHER_NAME)

            # Part of the trade name in Traditional characters finds the Simplified name. With
            # htmx the form's submit is swapped into #results; without it (vendor file missing)
            # Enter submits the GET form and reloads the page. Either way the list narrows.
            page.fill("#id_q", "魯臺")
            page.press("#id_q", "Enter")
            expect(results).not_to_contain_text(OTHER_NAME)
            expect(results).to_contain_text(enterprise.name)
            expect(page.locator("#results a", has_text=enterprise.name)).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "browser-1-list.png"), full_page=True)

            # Open it.
            page.locator("#results a", has_text=enterprise.name).click()
            page.wait_for_url(f"{live_server.url}/enterprises/{enterprise.pk}/")
            expect(page.locator("h1")).to_contain_text(enterprise.name)
            expect(page.locator("dl.facts")).to_contain_text(OLD_ADDRESS)
            page.screenshot(path=str(ARTIFACTS / "browser-2-detail.png"), full_page=True)

            # Edit the address and the head count, save.
            page.click(f"a[href='/enterprises/{enterprise.pk}/edit/']")
            page.wait_for_url(f"{live_server.url}/enterprises/{enterprise.pk}/edit/")
            expect(page.locator("#id_address")).to_have_value(OLD_ADDRESS)
            page.fill("#id_address", NEW_ADDRESS)
            page.fill("#id_employees", "250")
            page.locator("main form button[type=submit]").click()

            # Back on the file: the new facts, and the change in the timeline as old → new.
            page.wait_for_url(f"{live_server.url}/enterprises/{enterprise.pk}/")
            expect(page.locator("dl.facts")).to_contain_text(NEW_ADDRESS)
            timeline = page.locator("ol.timeline")
            expect(timeline).to_contain_text(f"{OLD_ADDRESS} → {NEW_ADDRESS}")
            expect(timeline).to_contain_text("80 → 250")
            expect(timeline).to_contain_text(owner.full_name)
            page.screenshot(path=str(ARTIFACTS / "browser-3-after-edit.png"), full_page=True)
        finally:
            browser.close()

    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.employees, enterprise.version) == (NEW_ADDRESS, 250, 2)
