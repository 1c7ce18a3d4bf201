"""The division tree of an earlier day: a 2014 report shows 莱芜市 as a city of its own."""

import datetime

import pytest

from qinshang.regions.history import TreeOn
from qinshang.regions.models import Region
from qinshang.regions.services import divisions_load

BEFORE_MERGER = datetime.date(2014, 2, 28)
MERGER_DAY = datetime.date(2019, 1, 9)
AFTER_MERGER = datetime.date(2020, 6, 30)

pytestmark = pytest.mark.django_db


def test_laiwu_is_kept_retired_with_the_day_it_ended(divisions):
    laiwu = Region.objects.get(code="371200")
    assert (laiwu.name, laiwu.retired, laiwu.valid_until, laiwu.successor_id) == (
        "莱芜市", True, MERGER_DAY, "370100")
    assert Region.objects.get(code="370116").valid_from == MERGER_DAY
    assert Region.objects.get(code="370100").valid_from is None
    assert not Region.objects.current().filter(code__in=["371200", "371202"]).exists()


def test_shandong_had_17_cities_in_2014_and_16_after_the_merger(divisions):
    shandong = Region.objects.get(code="370000")
    then = [region.name for region in TreeOn(shandong, BEFORE_MERGER).children("370000")]
    now = [region.name for region in TreeOn(shandong, AFTER_MERGER).children("370000")]
    assert len(then) == 17 and "莱芜市" in then
    assert len(now) == 16 and "莱芜市" not in now


def test_todays_laiwu_district_counts_under_laiwu_city_in_2014(divisions):
    shandong = Region.objects.get(code="370000")
    tree = TreeOn(shandong, BEFORE_MERGER)
    assert tree.code_then("370116") == "371202"
    assert tree.child_of(shandong, "370116") == "371200"
    assert tree.child_of(shandong, "370117") == "371200"
    assert tree.child_of(shandong, "370102") == "370100"
    assert tree.roll_up(shandong, {"370116": 3, "370102": 2})["371200"] == 3


def test_jinan_in_2014_had_neither_laiwu_district(divisions):
    jinan = Region.objects.get(code="370100")
    tree = TreeOn(jinan, BEFORE_MERGER)
    names = [region.name for region in tree.children("370100")]
    assert "莱芜区" not in names and "钢城区" not in names
    assert tree.child_of(jinan, "370116") is None
    later = [region.name for region in TreeOn(jinan, AFTER_MERGER).children("370100")]
    assert "莱芜区" in later and "钢城区" in later


def test_the_merger_day_belongs_to_the_new_tree(divisions):
    shandong = Region.objects.get(code="370000")
    assert "莱芜市" not in [r.name for r in TreeOn(shandong, MERGER_DAY).children("370000")]
    eve = MERGER_DAY - datetime.timedelta(days=1)
    assert "莱芜市" in [r.name for r in TreeOn(shandong, eve).children("370000")]


def test_reloading_the_division_list_keeps_the_history(divisions):
    divisions_load()
    laiwu = Region.objects.get(code="371200")
    assert laiwu.retired and laiwu.valid_until == MERGER_DAY
    assert Region.objects.get(code="370116").valid_from == MERGER_DAY
