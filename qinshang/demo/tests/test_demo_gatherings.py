"""The demo events (issue #6 points 6 and 8): generated once for the module, through the
services; the seed's 122 symposiums and what the demo logins find."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinshang.accounts.models import User
from qinshang.appeals.models import Appeal, Channel
from qinshang.demo.appeal_life import AS_OF
from qinshang.demo.campaigns import MONTH_FIRST, MONTH_LAST, MONTH_NAME
from qinshang.figures.gatherings import counts_by_kind, gatherings_in
from qinshang.gatherings.models import Gathering, Kind
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_seed_122_symposiums_of_the_service_month(demo):
    """Seed 002: 全省共召开各级、各类台商座谈会122场, in the Jiangxi service month."""
    jiangxi = Region.objects.get(code="360000")
    counts = counts_by_kind(gatherings_in(User.objects.get(username="jx-360000-officer1"),
                                          region=jiangxi, date_from=MONTH_FIRST,
                                          date_to=MONTH_LAST))
    assert {row.kind: row.events for row in counts.rows}[Kind.SYMPOSIUM] == 122
    month = Gathering.objects.filter(campaign__name=MONTH_NAME)
    assert month.count() == month.filter(kind=Kind.SYMPOSIUM).count() == 122


def test_shandong_holds_every_kind_with_outcomes(demo):
    sheng = User.objects.get(username="sheng")
    counts = counts_by_kind(gatherings_in(sheng, region=Region.objects.get(code="370000")))
    by_kind = {row.kind: row for row in counts.rows}
    for kind in (Kind.SYMPOSIUM, Kind.ROUND_TABLE, Kind.GET_TOGETHER, Kind.CULTURAL,
                 Kind.TRAINING):
        assert by_kind[kind].events > 0 and by_kind[kind].attendees > by_kind[kind].events
    assert by_kind[Kind.SYMPOSIUM].appeals + by_kind[Kind.ROUND_TABLE].appeals == 10
    raised = Appeal.objects.filter(raised_at_gatherings__region__code__startswith="37")
    assert raised.exists()
    assert set(raised.values_list("channel", flat=True)) == {Channel.SYMPOSIUM}
    # Lived on like every demo appeal: most are answered by now.
    assert raised.exclude(state="registered").count() > raised.count() // 2
    # Planned events have no outcomes.
    ahead = Gathering.objects.filter(held_on__gt=AS_OF.date(), region__code__startswith="37")
    assert ahead.exists() and not ahead.filter(appeals__isnull=False).exists()
    assert demo["event appeals"] == raised.count()


def test_the_officer_finds_the_events_of_the_county(client, demo):
    client.force_login(User.objects.get(username="lixia"))
    response = client.get(reverse("gatherings:list"))
    assert response.status_code == 200
    gathering = Gathering.objects.filter(region_id="370102").first()
    assert gathering.title in response.content.decode()
    assert client.get(reverse("gatherings:detail", args=[gathering.pk])).status_code == 200
    assert client.get(reverse("figures:gathering_counts")).status_code == 200
