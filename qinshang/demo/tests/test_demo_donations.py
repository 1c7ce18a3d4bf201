"""The demo donations (issue #6 point 8): seed 004's donation of 蓬萊信益陶瓷's chairman to the
蓬莱 command post, worth exactly 187,000.00 yuan, among some thirty donations across Shandong."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from qinshang.accounts.models import User
from qinshang.demo.donations import SEED_CHAIRMAN, SEED_ENTERPRISE, SEED_RECIPIENT
from qinshang.donations.models import Donation, DonorKind
from qinshang.donations.selectors import DonationFilter, donation_list, totals_of, wan_rounded
from qinshang.events.models import Event
from qinshang.figures.donations import donation_totals
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_seed_donation_of_protective_gear_worth_187000_yuan(demo):
    donation = Donation.objects.prefetch_related("items").get(recipient=SEED_RECIPIENT)
    assert donation.donor_kind == DonorKind.PERSON
    assert donation.person.name == SEED_CHAIRMAN
    assert donation.person.affiliations.get().enterprise.name == SEED_ENTERPRISE
    assert donation.region_id == "370614"  # 蓬莱, now 烟台市蓬莱区
    assert [(item.name, item.quantity, item.unit) for item in donation.items.all()] == [
        ("防护衣", Decimal("1490.00"), "件"), ("护目镜", Decimal("1500.00"), "个"),
        ("鞋套", Decimal("1500.00"), "双")]
    assert sum(item.value for item in donation.items.all()) == Decimal("187000.00")
    assert (donation.money, donation.items_value, donation.total_value) == (
        Decimal("0.00"), Decimal("187000.00"), Decimal("187000.00"))
    assert wan_rounded(donation.total_value) == "18.7"  # 总价值约18.7万元
    assert Event.objects.filter(verb="donation.recorded", target_id=str(donation.pk)).exists()


def test_some_thirty_donations_across_shandong_by_every_kind_of_donor(demo):
    donations = list(Donation.objects.all())
    assert 28 <= len(donations) <= 35
    assert all(donation.region_id.startswith("37") for donation in donations)
    kinds = Counter(donation.donor_kind for donation in donations)
    assert set(kinds) == set(DonorKind.values)
    assert any(donation.money and donation.items_value for donation in donations)
    assert len({donation.region_id[:4] for donation in donations}) >= 6


def test_the_yantai_totals_hold_the_seed_donation(demo):
    sheng = User.objects.get(username="sheng")
    yantai = Region.objects.get(code="370600")
    totals = donation_totals(sheng, region=yantai)
    penglai = next(row for row in totals.divisions if row.key == "370614")
    assert penglai.sums.items_value >= Decimal("187000.00")
    whole = totals_of(donation_list(sheng, DonationFilter()))
    assert whole.total == donation_totals(sheng, region=None).total.total


def test_the_province_officer_sees_the_donation_page(client, demo):
    client.force_login(User.objects.get(username="sheng"))
    response = client.get(reverse("donations:list"), {"q": "林榮德"})
    assert response.status_code == 200
    assert SEED_RECIPIENT in response.content.decode()
