"""Lists page by page without counting, filter like the pages and see only what is in reach; the
figures are the figures module's, for the division and period asked (issue #7 point 3)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qinshang.enterprises.models import Enterprise, Tag
from qinshang.figures.appeals import appeal_breakdown
from qinshang.testing import factories as f
from qinshang.testing.cast import NEIGHBOUR_COUNTY, OWNER_COUNTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(cast) -> list[Enterprise]:
    """24 more enterprises in the owner county: 25 in all."""
    return [f.EnterpriseFactory(region_id=OWNER_COUNTY, name=f"济南台资企业{n:02d}有限公司")
            for n in range(24)]


def test_pages_follow_one_another_without_counting(api, cast, many):
    owner = api("owner")
    with CaptureQueriesContext(connection) as queries:
        first = owner.get("/enterprises").json()
    assert (len(first["items"]), first["page"], first["page_size"], first["next"]) == (20, 1, 20, 2)
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    second = owner.get("/enterprises", {"page": 2}).json()
    assert (len(second["items"]), second["next"]) == (5, None)
    ids = [row["id"] for row in first["items"] + second["items"]]
    assert len(set(ids)) == 25
    # the order is the page's: by name
    names = [row["name"] for row in first["items"] + second["items"]]
    assert names == sorted(names)
    beyond = owner.get("/enterprises", {"page": 3}).json()
    assert (beyond["items"], beyond["next"]) == ([], None)
    whole = owner.get("/enterprises", {"page_size": 100}).json()
    assert (len(whole["items"]), whole["next"]) == (25, None)


def test_a_list_costs_the_same_for_5_rows_as_for_20(api, cast, many):
    owner = api("owner")
    owner.get("/enterprises")  # the token's first use notes the time: not part of a page
    with CaptureQueriesContext(connection) as small:
        owner.get("/enterprises", {"page_size": 5})
    with CaptureQueriesContext(connection) as large:
        owner.get("/enterprises", {"page_size": 20})
    assert len(small.captured_queries) == len(large.captured_queries) <= 10


def test_lists_hold_only_what_is_in_reach(api, cast):
    neighbour = api("neighbour").get("/enterprises").json()["items"]
    assert [row["id"] for row in neighbour] == [cast.foreign_enterprise.pk]
    city = {row["id"] for row in api("city").get("/enterprises").json()["items"]}
    assert city == {cast.enterprise.pk, cast.foreign_enterprise.pk}
    assert api("other_city").get("/enterprises").json()["items"] == []
    assert api("department").get("/persons").json()["items"] == []


def test_enterprise_filters_are_the_pages(api, cast, many):
    owner = api("owner")
    hi_tech = Tag.objects.create(name="高新技术")
    cast.enterprise.tags.add(hi_tech)
    assert [row["id"] for row in owner.get("/enterprises", {"tag": "高新技术"}).json()["items"]] \
        == [cast.enterprise.pk]
    # Traditional finds Simplified: 魯臺 is the trade name, 鲁台 the registered name
    found = owner.get("/enterprises", {"q": "魯台精密"}).json()["items"]
    assert [row["id"] for row in found] == [cast.enterprise.pk]
    city = api("city")
    neighbour_only = city.get("/enterprises", {"region": NEIGHBOUR_COUNTY}).json()["items"]
    assert [row["id"] for row in neighbour_only] == [cast.foreign_enterprise.pk]
    assert owner.get("/enterprises", {"status": "closed"}).json()["items"] == []


def test_appeal_filters_are_the_inbox(api, appeal_cast):
    owner = api("owner")
    appeal, unrouted = appeal_cast.appeals.appeal, appeal_cast.appeals.unrouted

    def ids(**params) -> list[int]:
        answer = owner.get("/appeals", params)
        assert answer.status_code == 200, answer.content
        return [row["id"] for row in answer.json()["items"]]

    assert set(ids()) == {appeal.pk, unrouted.pk}
    assert ids(state="assigned") == [appeal.pk]
    assert ids(category="labour") == [unrouted.pk]
    assert ids(channel="portal") == [appeal.pk]
    # the city's commerce bureau is a department the city may filter by (not the county)
    department = appeal_cast.department.memberships.get().department_id
    by_department = api("city").get("/appeals", {"department": department}).json()["items"]
    assert [row["id"] for row in by_department] == [appeal.pk]
    assert owner.get("/appeals", {"department": department}).status_code == 422
    assert ids(q="招聘") == [unrouted.pk]
    assert ids(registered_from="2026-06-02") == []
    assert set(ids(overdue=True)) == {appeal.pk, unrouted.pk}
    assert ids(supervised=True) == []
    # a department sees what was routed to it, nothing else
    assert [row["id"] for row in api("department").get("/appeals").json()["items"]] \
        == [appeal.pk]


def test_persons_are_masked(api, cast):
    person = api("owner").get(f"/persons/{cast.person.pk}").json()
    assert person["document_number_masked"] == cast.person.masked_document_number
    assert cast.person.document_number not in str(person)
    assert person["enterprises"] == [{"id": cast.enterprise.pk, "name": cast.enterprise.name,
                                      "relation": "general_manager"}] or \
        person["enterprises"][0]["id"] == cast.enterprise.pk


def test_appeal_figures_are_the_figures_modules(api, appeal_cast):
    from django.contrib.auth import get_user_model

    owner = api("owner")
    answer = owner.get("/figures/appeals", {"date_from": "2026-01-01",
                                            "date_to": "2026-12-31"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    user = get_user_model().objects.get(pk=appeal_cast.owner.pk)
    expected = appeal_breakdown(user, region=None, date_from=datetime.date(2026, 1, 1),
                                date_to=datetime.date(2026, 12, 31), now=timezone.now())
    assert body["total"]["registered"] == expected.total.registered == 2
    assert body["total"]["answered"] == expected.total.answered
    assert body["region"] == {"code": OWNER_COUNTY, "name": "历下区"}
    assert body["rows_by"] == "category"
    assert {row["key"] for row in body["rows"]} == {"land", "labour"}


def test_the_project_funnel_is_the_pages(api, cast):
    from tests import matrix_projects

    project = matrix_projects.build(cast).project
    body = api("city").get("/figures/projects").json()
    assert body["total"]["signed"] == 1
    assert Decimal(body["total"]["contracted"]) == project.contracted_investment
    assert Decimal(body["total"]["arrived"]) == Decimal("20000000")
    assert body["total"]["funds_rate"] == "25.00"
    assert [row["key"] for row in body["divisions"]] == [OWNER_COUNTY]
    # the list shows the project with its amounts as strings
    listed = api("owner").get("/projects").json()["items"]
    assert [row["id"] for row in listed] == [project.pk]
    assert isinstance(listed[0]["contracted_investment"], str)


def test_persons_are_found_in_either_script(api, cast):
    owner = api("owner")
    for query in ("陈志明", "陳志明", "志明"):
        found = owner.get("/persons", {"q": query}).json()["items"]
        assert [row["id"] for row in found] == [cast.person.pk], query
    assert owner.get("/persons", {"q": "王小明"}).json()["items"] == []


@pytest.fixture
def field_work(appeal_cast):
    """The cast's campaign with the owner's visit, and the liaison duties with a contact."""
    from qinshang.testing.cast import build_campaign_cast, build_liaison_cast

    appeal_cast.campaigns = build_campaign_cast(appeal_cast)
    appeal_cast.liaison = build_liaison_cast(appeal_cast)
    return appeal_cast


def test_visits_across_campaigns_and_within_one(api, field_work):
    owner = api("owner")
    visit, campaign = field_work.campaigns.visit, field_work.campaigns.campaign
    everywhere = owner.get("/visits").json()["items"]
    assert [row["id"] for row in everywhere] == [visit.pk]
    assert everywhere[0]["appeals_raised"] == 1
    within = owner.get("/visits", {"campaign": campaign.pk, "method": "on_site"})
    assert within.status_code == 200, within.content
    assert [row["id"] for row in within.json()["items"]] == [visit.pk]
    mine = owner.get("/visits", {"enterprise": field_work.enterprise.pk}).json()["items"]
    assert [row["id"] for row in mine] == [visit.pk]
    # an enterprise out of sight cannot be a filter: refused, not an empty page
    assert owner.get("/visits", {"enterprise": field_work.foreign_enterprise.pk}).status_code \
        == 422
    # the neighbour reads the city's campaign, but not the owner county's visit
    assert api("neighbour").get("/visits", {"campaign": campaign.pk}).json()["items"] == []
    assert api("other_city").get("/visits", {"campaign": campaign.pk}).status_code == 404
    detail = owner.get(f"/visits/{visit.pk}").json()
    assert detail["campaign"]["id"] == campaign.pk and detail["appeals_raised"] == 1


def test_contacts_with_the_contact_lists_filters(api, field_work):
    owner = api("owner")
    contact = field_work.liaison.contact
    rows = owner.get("/contacts", {"method": "phone", "kind": "enterprise"}).json()["items"]
    assert [row["id"] for row in rows] == [contact.pk]
    assert owner.get("/contacts", {"method": "visit"}).json()["items"] == []
    detail = owner.get(f"/contacts/{contact.pk}").json()
    assert detail["enterprise"]["id"] == field_work.enterprise.pk and detail["appeals"] == []


def test_campaign_coverage_and_liaison_figures(api, field_work):
    city = api("city")
    campaign = field_work.campaigns.campaign
    coverage = city.get(f"/figures/campaigns/{campaign.pk}/coverage").json()
    assert coverage["region"]["code"] == "370100"
    assert (coverage["total"]["targets"], coverage["total"]["targets_visited"]) == (2, 1)
    assert coverage["total"]["coverage_rate"] == 0.5
    liaison = api("owner").get("/figures/liaison").json()
    assert liaison["total"]["plans"] == 2
    hotlines = api("province").get("/figures/hotlines").json()
    assert hotlines["total"]["made"] == 1 and hotlines["total"]["connection_rate"] == 1.0
