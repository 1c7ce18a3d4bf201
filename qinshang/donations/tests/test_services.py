"""Recording and correcting donations: Decimal amounts, the items' value kept, one event each;
every bad input refused with its message and nothing written; totals known in advance."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit
from qinshang.donations.models import Donation, DonationItem, DonorKind
from qinshang.donations.selectors import DonationFilter, donation_list, totals_of, wan_rounded
from qinshang.donations.services import (
    MAX_ITEMS,
    DonationItemLine,
    donation_record,
    donation_update,
)
from qinshang.events.models import Event
from qinshang.offices.models import Office
from qinshang.testing.cast import OWNER_COUNTY

pytestmark = pytest.mark.django_db

SUITS = DonationItemLine("防护衣", Decimal("1490"), "件", Decimal("104300.00"))
GOGGLES = DonationItemLine("护目镜", Decimal("1500"), "个", Decimal("60000.00"))
SHOE_COVERS = DonationItemLine("鞋套", Decimal("1500"), "双", Decimal("22700.00"))
SEED_ITEMS = [SUITS, GOGGLES, SHOE_COVERS]


def owner_office() -> Office:
    return Office.objects.get(region_id=OWNER_COUNTY)


def data(cast, **changes) -> dict:
    return {"donor_kind": DonorKind.ENTERPRISE, "enterprise": cast.enterprise,
            "recipient": "历下区疫情防控指挥部", "donated_on": datetime.date(2026, 2, 3),
            "money": Decimal("0"), "purpose": "抗击疫情", "office": owner_office(), **changes}


def rows() -> tuple[int, int, int]:
    return (Donation.objects.count(), DonationItem.objects.count(),
            Event.objects.filter(verb__startswith="donation.").count())


def test_a_donation_in_kind_keeps_the_exact_value_of_its_items(cast):
    donation = donation_record(actor=cast.owner, data=data(cast), items=SEED_ITEMS)

    donation.refresh_from_db()
    assert donation.items_value == Decimal("187000.00")
    assert isinstance(donation.items_value, Decimal)
    assert donation.total_value == Decimal("187000.00")
    assert (donation.region_id, donation.donor_name) == (OWNER_COUNTY, cast.enterprise.name)
    assert [(item.name, item.quantity, item.unit) for item in donation.items.all()] == [
        ("防护衣", Decimal("1490.00"), "件"), ("护目镜", Decimal("1500.00"), "个"),
        ("鞋套", Decimal("1500.00"), "双")]
    (event,) = Event.objects.filter(verb="donation.recorded")
    assert event.changes["items_value"] == "187000.00"
    assert event.timeline == f"enterprises.enterprise:{cast.enterprise.pk}"
    assert wan_rounded(donation.total_value) == "18.7"


def test_money_and_an_association_donor(cast):
    donation = donation_record(actor=cast.city, data=data(
        cast, donor_kind=DonorKind.ASSOCIATION, enterprise=None, donor_name=" 济南市台商协会 ",
        money=Decimal("500000.50"), office=Office.objects.get(region_id="370100")))
    assert (donation.donor_name, donation.money, donation.items_value, donation.region_id) == (
        "济南市台商协会", Decimal("500000.50"), Decimal("0"), "370100")


@pytest.mark.parametrize(("changes", "items", "field", "message"), [
    ({"money": Decimal("-1")}, [], "money", "cannot be negative"),
    ({}, [DonationItemLine("口罩", Decimal("100"), "个", Decimal("-5"))], "items",
     "Item 1: the value cannot be negative"),
    ({}, [SUITS, DonationItemLine("口罩", Decimal("0"), "个", Decimal("5"))], "items",
     "Item 2: the quantity must be more than zero"),
    ({}, [DonationItemLine("口罩", Decimal("-3"), "个", Decimal("5"))], "items",
     "Item 1: the quantity must be more than zero"),
    ({"donated_on": timezone.localdate() + datetime.timedelta(days=1)}, SEED_ITEMS,
     "donated_on", "future"),
    ({}, [], "__all__", "Nothing was donated"),
    ({}, [SUITS] * (MAX_ITEMS + 1), "items", "At most 50"),
    ({"donor_kind": DonorKind.ASSOCIATION, "enterprise": None, "donor_name": ""},
     SEED_ITEMS, "donor_name", "association's name"),
    ({"enterprise": None}, SEED_ITEMS, "enterprise", "Choose the enterprise"),
])
def test_bad_input_is_refused_and_nothing_is_written(cast, changes, items, field, message):
    before = rows()
    with pytest.raises(ValidationError) as refused:
        donation_record(actor=cast.owner, data=data(cast, **changes), items=items)
    error = refused.value
    said = error.message_dict[field] if hasattr(error, "error_dict") else error.messages
    assert field in ("__all__", *getattr(error, "error_dict", {}))
    assert message in " ".join(said)
    assert rows() == before


def test_a_donor_outside_the_jurisdiction_is_refused(cast):
    """The neighbour county's officer may not file the owner county's enterprise's donation,
    nor the owner a donation of an enterprise of the neighbour county."""
    before = rows()
    neighbour_office = Office.objects.get(region_id="370103")
    with pytest.raises(ValidationError) as refused:
        donation_record(actor=cast.neighbour, data=data(cast, office=neighbour_office),
                        items=SEED_ITEMS)
    assert "outside your jurisdiction" in refused.value.message_dict["enterprise"][0]
    with pytest.raises(ValidationError):
        donation_record(actor=cast.owner, data=data(cast, enterprise=cast.foreign_enterprise),
                        items=SEED_ITEMS)
    with pytest.raises(TransitionRefused):
        donation_record(actor=cast.reader, data=data(cast), items=SEED_ITEMS)
    assert rows() == before


def test_an_update_replaces_the_items_and_refuses_a_stale_version(cast):
    donation = donation_record(actor=cast.owner, data=data(cast), items=SEED_ITEMS)
    donation_update(actor=cast.owner, donation=donation, data=data(cast, money=Decimal("1000")),
                    items=[SUITS], version=1)
    donation.refresh_from_db()
    assert (donation.version, donation.money, donation.items_value, donation.items.count()) == (
        2, Decimal("1000.00"), Decimal("104300.00"), 1)
    assert Event.objects.filter(verb="donation.updated").count() == 1

    before = rows()
    with pytest.raises(StaleEdit):
        donation_update(actor=cast.city, donation=donation, data=data(cast), items=SEED_ITEMS,
                        version=1)
    with pytest.raises(ValidationError):
        donation_update(actor=cast.owner, donation=donation,
                        data=data(cast, money=Decimal("-3")), items=[SUITS], version=2)
    assert rows() == before
    donation.refresh_from_db()
    assert (donation.version, donation.money) == (2, Decimal("1000.00"))


def test_totals_of_a_hand_built_set_are_exact(cast):
    city_office = Office.objects.get(region_id="370100")
    donation_record(actor=cast.owner, data=data(cast), items=SEED_ITEMS)
    donation_record(actor=cast.owner, data=data(cast, money=Decimal("0.10")),
                    items=[DonationItemLine("口罩", Decimal("3"), "箱", Decimal("0.20"))])
    donation_record(actor=cast.city, data=data(
        cast, donor_kind=DonorKind.PERSON, enterprise=None, person=cast.person,
        money=Decimal("50000"), office=city_office))
    donation_record(actor=cast.neighbour, data=data(
        cast, enterprise=cast.foreign_enterprise, money=Decimal("99999.99"),
        office=Office.objects.get(region_id="370103")))

    owner_view = totals_of(donation_list(cast.owner, DonationFilter()))
    assert (owner_view.donations, owner_view.money, owner_view.items_value, owner_view.total) == (
        3, Decimal("50000.10"), Decimal("187000.20"), Decimal("237000.30"))
    city_view = totals_of(donation_list(cast.city, DonationFilter()))
    assert city_view.total == Decimal("337000.29")
    people = totals_of(donation_list(cast.city, DonationFilter(donor_kind=DonorKind.PERSON)))
    assert (people.donations, people.total) == (1, Decimal("50000.00"))
    found = totals_of(donation_list(cast.city, DonationFilter(search="鲁台")))
    assert found.total == Decimal("187000.30")
