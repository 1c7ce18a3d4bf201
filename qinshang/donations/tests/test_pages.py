"""The donation pages: a donation with its items entered through the form, bad input refused
beside its field with nothing written, the list's totals and filters, the exports, the totals
page by division, and the number of queries a page costs."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qinshang.donations.models import Donation, DonationItem, DonorKind
from qinshang.donations.services import DonationItemLine, donation_record
from qinshang.events.models import Event
from qinshang.offices.models import Office
from qinshang.testing.cast import OWNER_COUNTY
from qinshang.testing.factories import EnterpriseFactory, office_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def office(code: str = OWNER_COUNTY) -> Office:
    return Office.objects.get(region_id=code)


def items_data(rows) -> dict:
    data = {"items-TOTAL_FORMS": str(len(rows) + 2), "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "50"}
    for number, row in enumerate([*rows, ("", "", "", ""), ("", "", "", "")]):
        for name, value in zip(("name", "quantity", "unit", "value"), row, strict=True):
            data[f"items-{number}-{name}"] = value
    return data


def form_data(cast, rows=(("防护衣", "1,490", "件", "141,550"), ("护目镜", "1500", "个", "37500"),
                          ("鞋套", "1500", "双", "7950.00")), **changes) -> dict:
    return {"office": str(office().pk), "donor_kind": "enterprise",
            "enterprise": str(cast.enterprise.pk), "person": "", "donor_name": "",
            "recipient": "历下区疫情防控指挥部", "donated_on": "2026-02-14", "money": "",
            "purpose": "", **items_data(rows), **changes}


def give(cast, enterprise=None, *, money="0", value="187000.00", day=datetime.date(2026, 2, 1),
         actor=None, kind=DonorKind.ENTERPRISE, name=""):
    actor = actor or cast.owner
    donor = enterprise or cast.enterprise
    return donation_record(
        actor=actor, items=[DonationItemLine("口罩", Decimal("100"), "个", Decimal(value))]
        if value else [],
        data={"donor_kind": kind, "enterprise": donor if kind == DonorKind.ENTERPRISE else None,
              "donor_name": name, "recipient": "红十字会", "donated_on": day,
              "money": Decimal(money), "office": office(donor.region_id)
              if kind == DonorKind.ENTERPRISE else office("370100")})


def test_a_donation_in_kind_entered_through_the_form(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("donations:create"), form_data(cast))
    donation = Donation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("donations:detail", args=[donation.pk])
    assert (donation.items_value, donation.items.count()) == (Decimal("187000.00"), 3)
    page = client.get(response["Location"]).content.decode()
    assert "187,000.00" in page and "about 18.7 ten thousand yuan" in page
    assert "1,490" in page and "防护衣" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"money": "-5"}, "An amount cannot be negative."),
    ({"money": "a lot"}, "Give a number"),
    ({"items-0-value": "-1"}, "An amount cannot be negative."),
    ({"items-0-quantity": "0"}, "The quantity must be more than zero."),
    ({"items-1-unit": ""}, "Give the unit"),
    ({"donated_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
     "A donation cannot be dated in the future."),
    ({"donor_kind": "association"}, "Give the association&#x27;s name"),
    ({"enterprise": ""}, "Choose the enterprise that donated."),
])
def test_bad_input_is_refused_beside_the_field_with_nothing_written(client, cast, changes,
                                                                     message):
    client.force_login(cast.owner)
    response = client.post(reverse("donations:create"), form_data(cast, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Donation.objects.exists() and not DonationItem.objects.exists()
    assert not Event.objects.filter(verb__startswith="donation.").exists()


def test_nothing_donated_and_too_many_items_are_refused(client, cast):
    client.force_login(cast.owner)
    empty = client.post(reverse("donations:create"), form_data(cast, rows=()))
    assert empty.status_code == 400
    assert "Nothing was donated" in empty.content.decode()
    many = client.post(reverse("donations:create"),
                       form_data(cast, rows=[("口罩", "1", "个", "1")] * 51))
    assert many.status_code == 400
    assert not Donation.objects.exists()


def test_an_enterprise_outside_the_jurisdiction_cannot_be_chosen(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("donations:create"),
                           form_data(cast, enterprise=str(cast.foreign_enterprise.pk)))
    assert response.status_code == 400
    assert "Choose one of the list" in response.content.decode()
    assert not Donation.objects.exists()


def test_a_stale_edit_is_refused_and_the_input_kept(client, cast):
    donation = give(cast)
    client.force_login(cast.owner)
    data = form_data(cast, purpose="第一次修改", version="1")
    del data["office"]
    assert client.post(reverse("donations:edit", args=[donation.pk]), data).status_code == 302
    data["purpose"] = "第二次修改"
    response = client.post(reverse("donations:edit", args=[donation.pk]), data)
    assert response.status_code == 409
    assert "第二次修改" in response.content.decode()
    donation.refresh_from_db()
    assert (donation.purpose, donation.version) == ("第一次修改", 2)


def test_the_list_shows_the_totals_of_the_filtered_set(client, cast):
    give(cast)                                                     # 187,000.00 in kind
    give(cast, money="50000.10", value="", day=datetime.date(2026, 3, 1))
    give(cast, cast.foreign_enterprise, money="99999.99", value="", actor=cast.city)
    give(cast, kind=DonorKind.ASSOCIATION, name="济南市台商协会", money="1000000", value="",
         actor=cast.city)
    client.force_login(cast.owner)
    page = client.get(reverse("donations:list")).content.decode()
    assert "2 donations: money 50,000.10 yuan, items worth 187,000.00 yuan, total " \
           "237,000.10 yuan (about 23.7 ten thousand yuan)." in page
    client.force_login(cast.city)
    march = client.get(reverse("donations:list"), {"date_from": "2026-03-01"}).content.decode()
    assert "1 donation: money 50,000.10 yuan" in march
    kind = client.get(reverse("donations:list"), {"donor_kind": "association"}).content.decode()
    assert "total 1,000,000.00 yuan (about 100 ten thousand yuan)" in kind
    found = client.get(reverse("donations:list"), {"q": "协会"}).content.decode()
    assert "济南市台商协会" in found and cast.enterprise.name not in found


def test_the_export_has_the_donations_and_their_items(client, cast):
    give(cast)
    give(cast, cast.foreign_enterprise, money="99999.99", value="", actor=cast.city)
    client.force_login(cast.owner)
    response = client.get(reverse("donations:export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    donations, items = book.worksheets
    rows = list(donations.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the owner county's one donation
    header = rows[0]
    assert rows[1][header.index("Total (yuan)")] == 187000
    assert list(items.iter_rows(values_only=True))[1][3:] == ("口罩", 100, "个", 187000)


def test_the_totals_page_by_division_is_exact(client, cast):
    give(cast)
    give(cast, money="0.10", value="0.20")
    give(cast, cast.foreign_enterprise, money="99999.99", value="", actor=cast.city)
    give(cast, kind=DonorKind.ASSOCIATION, name="济南市台商协会", money="1000000", value="",
         actor=cast.city)
    office_at("370702")
    give(cast, EnterpriseFactory(region_id="370702"), money="5", value="", actor=cast.province)
    client.force_login(cast.city)
    response = client.get(reverse("figures:donation_totals"))
    totals = response.context["totals"]
    assert totals.region.code == "370100"
    assert [(row.key, row.sums.donations, row.sums.total) for row in totals.divisions] == [
        ("370100", 1, Decimal("1000000.00")), ("370102", 2, Decimal("187000.30")),
        ("370103", 1, Decimal("99999.99"))]
    assert totals.total.total == Decimal("1287000.29")
    assert "1,287,000.29" in response.content.decode()
    assert [(row.key, row.sums.total) for row in totals.kinds] == [
        ("enterprise", Decimal("287000.29")), ("association", Decimal("1000000.00"))]
    assert totals.donors[0].name == "济南市台商协会"

    export = client.get(reverse("figures:donation_totals_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    # A spreadsheet keeps numbers as binary floats; the cell reads back as the exact sum.
    assert rows[-1][0] == "Total" and Decimal(str(rows[-1][-1])) == Decimal("1287000.29")

    client.force_login(cast.province)
    whole = client.get(reverse("figures:donation_totals")).context["totals"]
    assert [(row.key, row.sums.total) for row in whole.divisions] == [
        ("370100", Decimal("1287000.29")), ("370700", Decimal("5.00"))]


@pytest.mark.parametrize("name", ["donations:list", "figures:donation_totals"])
def test_a_page_costs_the_same_queries_for_3_and_30_donations(client, cast, name):
    client.force_login(cast.owner)
    give(cast)
    give(cast, money="10", value="")
    give(cast, value="1")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    few = queries()
    for _number in range(27):
        give(cast, value="2")
    assert queries() == few <= 12
