"""The division tree (GB/T 2260) as loaded from the bundled list, and reloading a newer one."""

import csv
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.regions.models import Region
from qinshang.regions.services import BUNDLED_DIRECTORY, PLACEHOLDER_NAMES, divisions_load
from qinshang.testing import factories as f

pytestmark = pytest.mark.usefixtures("divisions")


# --- the bundled list ---------------------------------------------------------------------

def test_31_mainland_provinces():
    provinces = Region.objects.filter(level=Region.Level.PROVINCE, mainland=True)
    assert provinces.count() == 31
    assert {"北京市", "山东省", "新疆维吾尔自治区", "海南省"} <= set(
        provinces.values_list("name", flat=True))


def test_taiwan_hong_kong_and_macao_are_places_of_origin_not_mainland():
    others = Region.objects.filter(mainland=False)
    assert set(others.values_list("code", flat=True)) == {"710000", "810000", "820000"}
    assert not Region.objects.filter(parent__mainland=False).exists()
    assert not Region.objects.current().filter(code__in=["710000", "810000", "820000"]).exists()


def test_counts_match_the_source_files():
    # 342 city rows less 9 placeholders (市辖区 ×4, 县, 省/自治区直辖县级行政区划 ×4);
    # 2978 area rows less the 3 cities without counties that list themselves again
    current = Region.objects.current()
    assert current.filter(level=Region.Level.CITY).count() == 333
    assert current.filter(level=Region.Level.COUNTY).count() == 2975
    # Only the divisions of the history file are retired (莱芜市 and its two districts).
    assert set(Region.objects.filter(retired=True).values_list("code", flat=True)) == {
        "371200", "371202", "371203"}


def test_no_placeholder_rows():
    assert not Region.objects.filter(name__in=PLACEHOLDER_NAMES).exists()
    assert not Region.objects.filter(name="市辖区").exists()
    assert not Region.objects.filter(name="省直辖县级行政区划").exists()


def test_county_hangs_under_its_city():
    lixia = Region.objects.get(code="370102")
    assert (lixia.name, lixia.level) == ("历下区", Region.Level.COUNTY)
    assert (lixia.parent.code, lixia.parent.name) == ("370100", "济南市")
    assert lixia.parent.parent.code == "370000"
    assert lixia.full_name == "山东省济南市历下区"


def test_municipality_district_hangs_under_the_province():
    dongcheng = Region.objects.get(code="110101")
    assert dongcheng.name == "东城区"
    assert dongcheng.parent_id == "110000"
    assert not Region.objects.filter(code="110100").exists()


def test_county_directly_under_a_province_hangs_under_the_province():
    jiyuan = Region.objects.get(code="419001")  # 济源市, 省直辖县级行政区划 in the list
    assert jiyuan.level == Region.Level.COUNTY
    assert jiyuan.parent_id == "410000"


@pytest.mark.parametrize(("code", "name"), [("441900", "东莞市"), ("442000", "中山市"),
                                            ("460400", "儋州市")])
def test_city_without_counties_is_a_city_and_a_leaf(code, name):
    city = Region.objects.get(code=code)
    assert (city.name, city.level) == (name, Region.Level.CITY)
    assert not city.children.exists()


def test_every_county_has_a_parent_in_its_own_province():
    for code, parent in Region.objects.filter(level=Region.Level.COUNTY).values_list(
            "code", "parent_id"):
        assert parent[:2] == code[:2], code


# --- subtrees -----------------------------------------------------------------------------

def test_subtree_bounds_by_level():
    assert Region.objects.get(code="370000").subtree_bounds() == ("370000", "379999")
    assert Region.objects.get(code="370100").subtree_bounds() == ("370100", "370199")
    assert Region.objects.get(code="370102").subtree_bounds() == ("370102", "370102")


def test_city_subtree_holds_the_city_and_its_counties_only():
    jinan = Region.objects.get(code="370100")
    subtree = set(Region.objects.filter(jinan.subtree_q("code")).values_list("code", flat=True))
    assert subtree == {"370100"} | set(jinan.children.values_list("code", flat=True))
    assert "370702" not in subtree  # 潍坊 寒亭区


def test_province_subtree_holds_every_division_of_the_province():
    shandong = Region.objects.get(code="370000")
    inside = Region.objects.filter(shandong.subtree_q("code"))
    assert set(inside.values_list("code", flat=True)) == set(
        Region.objects.filter(code__startswith="37").values_list("code", flat=True))
    assert inside.filter(level=Region.Level.CITY, retired=False).count() == 16


def test_subtree_filters_records_by_their_county_code(cast):
    f.EnterpriseFactory(region_id="370702")
    jinan = Region.objects.get(code="370100")
    in_jinan = Enterprise.objects.filter(jinan.subtree_q("region_id"))
    assert set(in_jinan) == {cast.enterprise, cast.foreign_enterprise}
    assert jinan.contains("370103")
    assert not jinan.contains("370702")


# --- reloading a newer list ---------------------------------------------------------------

def _rewrite(path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = change(list(reader))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def newer_list(tmp_path):
    """The bundled list with changes of the kind a new revision brings:
    钢城区 370117 re-coded as 370199 (same name, same city), 商河县 370126 gone, 平阴县 renamed,
    a new county 370127."""
    directory = tmp_path / "2023-10-31"
    shutil.copytree(BUNDLED_DIRECTORY, directory)

    def change(rows):
        kept = [row for row in rows if row["code"] not in ("370117", "370126")]
        for row in kept:
            if row["code"] == "370124":
                row["name"] = "平阴市"
        kept.append({"code": "370199", "name": "钢城区", "cityCode": "3701",
                     "provinceCode": "37"})
        kept.append({"code": "370127", "name": "济南新区", "cityCode": "3701",
                     "provinceCode": "37"})
        return kept

    _rewrite(directory / "areas.csv", change)
    return directory


# Each load rewrites every division row (about 3 s on SQLite): the tests below load as few
# times as they can.

def test_reload_keeps_records_on_retired_codes(cast, newer_list):
    from qinshang.enterprises.selectors import counties_for_filing

    # given enterprises filed under two counties the new list no longer has
    gangcheng = f.EnterpriseFactory(region_id="370117")
    shanghe = f.EnterpriseFactory(region_id="370126")
    # when the newer list is loaded
    report = divisions_load(directory=newer_list, revision="2023-10-31")
    # then the counts are reported
    assert (report.added, report.renamed, report.retired) == (2, 1, 2)
    assert report.total_current == Region.objects.filter(retired=False).count()
    # and the enterprises still load, pointing at their retired divisions
    gangcheng = Enterprise.objects.select_related("region").get(pk=gangcheng.pk)
    shanghe = Enterprise.objects.select_related("region").get(pk=shanghe.pk)
    assert gangcheng.region.retired and shanghe.region.retired
    # the re-coded county points at its successor, the vanished one at none
    assert gangcheng.region.successor_id == "370199"
    assert shanghe.region.successor_id is None
    assert Region.objects.get(code="370124").name == "平阴市"
    new = Region.objects.get(code="370127")
    assert (new.name, new.parent_id, new.revision, new.retired) == (
        "济南新区", "370100", "2023-10-31", False)
    # and filing is offered under the current counties only
    offered = set(counties_for_filing(cast.city).values_list("code", flat=True))
    assert {"370127", "370199"} <= offered
    assert not {"370117", "370126"} & offered
    assert Event.objects.filter(verb="regions.loaded", target_id="2023-10-31").exists()


def test_command_prints_the_summary(newer_list):
    # when the administrator loads the folder, named after its revision date
    out = StringIO()
    call_command("loaddivisions", "--dir", str(newer_list), stdout=out)
    # then the summary names the revision and what changed
    summary = out.getvalue()
    assert "divisions 2023-10-31" in summary
    assert "2 added, 1 renamed, 2 retired" in summary
    current = Region.objects.filter(retired=False).count()
    assert f"{current} current" in summary
    assert Region.objects.get(code="370127").revision == "2023-10-31"


def test_command_refuses_a_folder_without_the_files(tmp_path):
    (tmp_path / "provinces.csv").write_text("code,name\n11,北京市\n", encoding="utf-8")
    before = Region.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("loaddivisions", "--dir", str(tmp_path))
    assert "cities.csv" in str(caught.value)
    assert "areas.csv" in str(caught.value)
    assert Region.objects.count() == before


def test_command_refuses_a_file_with_wrong_columns(tmp_path):
    shutil.copytree(BUNDLED_DIRECTORY, tmp_path / "broken")
    (tmp_path / "broken" / "areas.csv").write_text("id,title\n370102,历下区\n",
                                                   encoding="utf-8")
    before = Region.objects.count()
    with pytest.raises(CommandError):
        call_command("loaddivisions", "--dir", str(tmp_path / "broken"))
    assert Region.objects.count() == before
