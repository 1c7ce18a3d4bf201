"""Importing a draft campaign's target list: it replaces the list, and only before launch."""

from __future__ import annotations

import datetime

import pytest

from qinshang.campaigns import services as campaigns
from qinshang.campaigns.models import CampaignKind, Target
from qinshang.events.models import Event
from qinshang.imports.models import ImportState
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CAMPAIGN_AT

from .conftest import csv_bytes, enterprises_in, run_import, xlsx_bytes


@pytest.fixture
def draft(cast):
    campaign = campaigns.campaign_create(
        actor=cast.city, scope=Region.objects.get(code="370100"),
        offices=[f.office_at("370100")], at=CAMPAIGN_AT,
        data={"name": "2026济南市台企大走访", "kind": CampaignKind.VISIT_SEASON,
              "starts_on": datetime.date(2026, 7, 1), "ends_on": datetime.date(2026, 8, 31)})
    campaigns.campaign_set_targets(actor=cast.city, campaign=campaign,
                                   enterprises=[cast.enterprise], criteria={}, at=CAMPAIGN_AT)
    return campaign


def targets(campaign) -> set[int]:
    return set(Target.objects.filter(campaign=campaign).values_list("enterprise_id", flat=True))


def test_the_file_replaces_the_draft_target_list(cast, draft):
    listed = enterprises_in("370102", 3)
    rows = [["统一社会信用代码", "企业名称"], *[[e.credit_code, e.name] for e in listed],
            [cast.foreign_enterprise.credit_code, ""]]

    job = run_import(actor=cast.city, kind="targets", name="名单.xlsx", content=xlsx_bytes(rows),
                     campaign=draft)

    assert (job.state, job.written) == (ImportState.DONE, 4)
    assert targets(draft) == {e.pk for e in listed} | {cast.foreign_enterprise.pk}
    event = Event.objects.filter(verb="campaign.targets_set").latest("pk")
    assert event.changes == {"targets": 4, "criteria": {"import": "名单.xlsx"}}


def test_a_target_list_with_problems_leaves_the_old_list(cast, draft):
    (listed,) = enterprises_in("370102", 1)
    weifang = f.EnterpriseFactory(region_id="370702")
    rows = [["统一社会信用代码", "企业名称"],
            [listed.credit_code, "别的公司"],
            [listed.credit_code, listed.name],
            [cast.enterprise.credit_code, "魯臺精密"],   # the trade name, in Traditional: fine
            [cast.enterprise.credit_code, ""],
            [weifang.credit_code, ""]]

    job = run_import(actor=cast.province, kind="targets", name="名单.csv",
                     content=csv_bytes(rows), campaign=draft)

    assert [problem[0:2] + problem[3:] for problem in job.problems] == [
        [2, "企业名称", f"The enterprise with this credit code is called {listed.name}."],
        [3, "统一社会信用代码", "This enterprise is already in row 2."],
        [5, "统一社会信用代码", "This enterprise is already in row 4."],
        [6, "统一社会信用代码", "The enterprise is outside the campaign's scope (济南市)."],
    ]
    assert targets(draft) == {cast.enterprise.pk}


def test_a_launched_campaigns_target_list_is_refused(cast):
    campaign = cast.campaigns.campaign
    before = targets(campaign)
    rows = [["统一社会信用代码"], [cast.enterprise.credit_code]]

    job = run_import(actor=cast.city, kind="targets", name="名单.csv", content=csv_bytes(rows),
                     campaign=campaign)

    assert (job.state, job.message) == (
        ImportState.FAILED, "The target list was frozen when the campaign was launched.")
    assert targets(campaign) == before
