"""End to end in a real headless Chromium: an officer records a project's fund arrival on its
page, and the project funnel's figures change (issue 6). Screenshots go to ``artifacts/``
(``projects-*.png``); the test asserts on what is visible and on the record written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from qinshang.projects.models import Project
from qinshang.projects.services import project_create
from qinshang.regions.models import Region
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT

PASSWORD = "lixia-xiangmu-2026"
SIGNED = datetime.date(2026, 3, 18)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_fund_arrival_recorded_on_the_page_changes_the_funnel(live_server, cast):
    assert CHROMIUM.exists(), "Debian's chromium is missing: make test installs it"
    from playwright.sync_api import expect, sync_playwright

    owner = cast.owner
    owner.set_password(PASSWORD)
    owner.save()
    project = project_create(actor=owner, data={
        "name": "精密轴承扩产项目", "investor": "台湾精密工业股份有限公司",
        "investor_origin": "710000", "region": Region.objects.get(code="370102"),
        "industry": "34", "contracted_investment": Decimal("80000000"), "signed_on": SIGNED,
        "notes": ""})
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", owner.username)
            page.fill("#id_password", PASSWORD)
            page.press("#id_password", "Enter")
            page.wait_for_url(f"{base}/")

            # Before: nothing has arrived.
            page.goto(f"{base}/figures/projects/")
            expect(page.locator("[data-figure=funds-rate] .card-figure")).to_have_text("0.00%")
            expect(page.locator(".chart svg")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "projects-1-funnel-before.png"), full_page=True)

            # Record the arrival of 30,000,000 yuan on the project's page.
            page.goto(f"{base}/projects/{project.pk}/")
            page.select_option("#id_kind", "funds")
            page.fill("#id_happened_on", "2026-05-06")
            page.fill("#id_amount", "30,000,000.00")
            page.fill("#id_note", "首期资金到位")
            page.screenshot(path=str(ARTIFACTS / "projects-2-stage-form.png"), full_page=True)
            page.locator("form.stage-form button[type=submit]").click()
            page.wait_for_url(f"{base}/projects/{project.pk}/")
            expect(page.locator("[data-figure=funds-arrived]")).to_contain_text("30,000,000.00")
            expect(page.locator(".project-timeline")).to_contain_text("首期资金到位")
            page.screenshot(path=str(ARTIFACTS / "projects-3-timeline.png"), full_page=True)

            # After: 30,000,000 of 80,000,000 arrived, 37.50%.
            page.goto(f"{base}/figures/projects/")
            expect(page.locator("[data-figure=funds-rate] .card-figure")).to_have_text("37.50%")
            expect(page.locator("[data-figure=arrived] .card-figure")).to_have_text("0.30")
            page.screenshot(path=str(ARTIFACTS / "projects-4-funnel-after.png"), full_page=True)
        finally:
            browser.close()

    project = Project.objects.get(pk=project.pk)
    assert project.funds_arrived == Decimal("30000000.00")
    assert list(project.stages.values_list("kind", "amount")) == [
        ("funds", Decimal("30000000.00"))]
