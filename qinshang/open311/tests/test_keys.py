"""The jurisdiction matrix of Open311 with keys (the page matrix's members carry none): each cast
member's personal API token reads the cast's appeal exactly where the pages let them, and files
a request for the owner county's enterprise only where they may register appeals for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinshang.open311.tests.support import written
from qinshang.testing.cast import build_appeal_cast

pytestmark = pytest.mark.django_db

MEMBERS = ("owner", "reader", "neighbour", "city", "province", "other_city", "department",
           "portal")


@pytest.mark.parametrize(("member", "status"), [
    ("owner", 200), ("reader", 200), ("city", 200), ("province", 200),
    ("department", 200),  # routed to its department
    ("portal", 200),      # its own enterprise's appeal
    ("neighbour", 404), ("other_city", 404),
])
def test_a_key_reads_the_appeal_as_its_user_does(open311, cast, key_of, member, status):
    appeal = build_appeal_cast(cast).appeal
    url = reverse("open311:request", kwargs={"service_request_id": appeal.pk, "format": "json"})
    response = open311.get(url, {"api_key": key_of(member)})
    assert response.status_code == status
    if status == 404:
        assert response.json() == [{"code": 404, "description": response.json()[0][
            "description"]}]
        assert appeal.title not in response.content.decode()
        assert cast.enterprise.credit_code not in response.content.decode()
    else:
        assert response.json()[0]["service_request_id"] == str(appeal.pk)


# Filing for the owner county's enterprise: the offices over it register (200); a leader reads
# only and a compatriot has the portal (403); the neighbour, Weifang and the department do not
# find the enterprise at all, the same answer as for a credit code nobody has (400).
POST_STATUS = {"owner": 200, "city": 200, "province": 200, "reader": 403, "portal": 403,
               "neighbour": 400, "other_city": 400, "department": 400}


@pytest.mark.parametrize("member", MEMBERS)
def test_a_key_files_where_its_user_registers_appeals(open311, cast, key_of, member):
    key = key_of(member)
    before = written()
    response = open311.post(reverse("open311:requests", kwargs={"format": "json"}), {
        "api_key": key, "service_code": "land", "address_id": cast.enterprise.credit_code,
        "attribute[kind]": "request", "attribute[title]": "用地指标紧张",
        "description": "扩产项目用地指标紧张。"})
    assert response.status_code == POST_STATUS[member], response.content
    if response.status_code != 200:
        assert written() == before
        assert cast.enterprise.name not in response.content.decode()
