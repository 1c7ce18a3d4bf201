"""The demo policy library and pushes (issue #6 point 8): generated once for the module,
through the services, and what the demo logins find in them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinshang.accounts.models import User
from qinshang.demo import policy_texts as texts
from qinshang.demo.policies import PUSHES
from qinshang.enterprises.models import Enterprise
from qinshang.figures.policies import deliveries_in, total
from qinshang.policies import selectors
from qinshang.policies.models import Delivery, Policy, PolicyPush

pytestmark = pytest.mark.django_db


def test_the_library_and_the_pushes(demo):
    assert Policy.objects.count() == len(texts.POLICIES) == 20
    assert demo["policies"] == 20 and demo["policy pushes"] == len(PUSHES)
    assert PolicyPush.objects.filter(withdrawn_at__isnull=False).count() == 1
    # the province's first epidemic push reached every operating enterprise of Shandong
    first = PolicyPush.objects.filter(region_id="370000").order_by("pushed_at").first()
    operating = Enterprise.objects.filter(status=Enterprise.Status.OPERATING,
                                          region__code__startswith="37").count()
    assert first.deliveries.count() == operating
    # a Jinan push stays in Jinan
    jinan = PolicyPush.objects.filter(region_id="370100").first()
    assert not jinan.deliveries.exclude(region__code__startswith="3701").exists()


def test_the_figures_show_some_read(demo):
    counts = total(deliveries_in(User.objects.get(username="sheng"), region=None,
                                 date_from=None, date_to=None))
    assert counts.pushed == Delivery.objects.count()
    assert 0.3 < counts.read_rate < 0.8
    assert counts.withdrawn > 0


def test_the_portal_user_has_read_and_unread_policies(demo, client):
    portal = User.objects.get(username="taishang")
    inbox = list(selectors.inbox(portal))
    unread = [delivery for delivery in inbox if delivery.read_at is None]
    read = [delivery for delivery in inbox if delivery.read_at is not None]
    assert len(unread) >= 2 and len(read) >= 3
    assert inbox[:len(unread)] == unread            # unread first
    assert all(delivery.read_by == portal for delivery in read)
    client.force_login(portal)
    page = client.get(reverse("portal:policies")).content.decode()
    assert "臺資企業" in page
