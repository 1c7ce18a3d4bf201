"""Loading a division list into Region, keeping retired codes so old records stay valid."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from qinshang.events.services import event_record
from qinshang.regions.models import HONG_KONG, MACAO, TAIWAN, Region

BUNDLED_REVISION = "2022-10-31"
BUNDLED_DIRECTORY = Path(__file__).resolve().parent / "data" / BUNDLED_REVISION
HISTORY_FILE = Path(__file__).resolve().parent / "data" / "history" / "changes.csv"

PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
ORIGINS = ((TAIWAN, "台湾省"), (HONG_KONG, "香港特别行政区"), (MACAO, "澳门特别行政区"))


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    mainland: bool = True


@dataclass(frozen=True)
class LoadReport:
    revision: str
    added: int
    renamed: int
    retired: int
    total_current: int


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_division_rows(directory: Path) -> list[DivisionRow]:
    """Rows in parent-before-child order, placeholders skipped, origins added."""
    rows: list[DivisionRow] = []
    for row in _read(directory / "provinces.csv"):
        rows.append(DivisionRow(row["code"].ljust(6, "0"), row["name"], Region.Level.PROVINCE,
                                None))
    city_codes: dict[str, str] = {}
    for row in _read(directory / "cities.csv"):
        province = row["provinceCode"].ljust(6, "0")
        if row["name"] in PLACEHOLDER_NAMES:
            city_codes[row["code"]] = province
            continue
        code = row["code"].ljust(6, "0")
        city_codes[row["code"]] = code
        rows.append(DivisionRow(code, row["name"], Region.Level.CITY, province))
    for row in _read(directory / "areas.csv"):
        if row["name"] in PLACEHOLDER_NAMES:
            continue
        parent = city_codes.get(row["cityCode"], row["provinceCode"].ljust(6, "0"))
        if row["code"] == parent:
            # A city without counties (东莞, 中山, 儋州) lists itself again as an area.
            continue
        rows.append(DivisionRow(row["code"], row["name"], Region.Level.COUNTY, parent))
    for code, name in ORIGINS:
        rows.append(DivisionRow(code, name, Region.Level.PROVINCE, None, mainland=False))
    return rows


@transaction.atomic
def divisions_load(*, directory: Path = BUNDLED_DIRECTORY, revision: str = BUNDLED_REVISION,
                   actor=None) -> LoadReport:
    rows = read_division_rows(directory)
    existing = {region.code: region for region in Region.objects.all()}
    listed = {row.code for row in rows}
    added = renamed = 0
    to_create: list[Region] = []
    to_update: list[Region] = []
    for row in rows:
        region = existing.get(row.code)
        if region is None:
            to_create.append(Region(code=row.code, name=row.name, level=row.level,
                                    parent_id=row.parent_code, mainland=row.mainland,
                                    revision=revision))
            added += 1
            continue
        renamed += region.name != row.name
        wanted = (row.name, row.level, row.parent_code, row.mainland, revision, False)
        stored = (region.name, region.level, region.parent_id, region.mainland, region.revision,
                  region.retired)
        if wanted != stored:
            (region.name, region.level, region.parent_id, region.mainland, region.revision,
             region.retired) = wanted
            to_update.append(region)
    Region.objects.bulk_create(to_create, batch_size=1000)
    Region.objects.bulk_update(to_update, ["name", "level", "parent", "mainland", "revision",
                                           "retired"], batch_size=1000)
    retired = _retire_unlisted(existing, listed)
    _apply_history(_read(HISTORY_FILE))
    report = LoadReport(revision, added, renamed, retired,
                        Region.objects.filter(retired=False).count())
    event_record(actor=actor, verb="regions.loaded", target_type="regions.region",
                 target_id=revision, target_repr=f"divisions {revision}",
                 changes={"added": added, "renamed": renamed, "retired": retired})
    return report


def _apply_history(changes: list[dict[str, str]]) -> None:
    """Divisions that earlier reports name: kept retired, with the day they ended and the
    division that took their place (parents first, as the file lists them)."""
    for change in changes:
        until = datetime.date.fromisoformat(change["valid_until"])
        Region.objects.update_or_create(code=change["code"], defaults={
            "name": change["name"], "level": change["level"], "parent_id": change["parent"],
            "mainland": True, "revision": change["valid_until"], "retired": True,
            "valid_until": until, "successor_id": change["successor"]})
        if change["successor_is_new"] == "yes":
            Region.objects.filter(code=change["successor"]).update(valid_from=until)


def _retire_unlisted(existing: dict[str, Region], listed: set[str]) -> int:
    """Mark codes missing from the new list retired, pointing at a same-named successor."""
    gone = [region for code, region in existing.items()
            if code not in listed and not region.retired]
    if not gone:
        return 0
    current_by_name: dict[tuple[str | None, str], str] = {
        (parent, name): code for code, name, parent in
        Region.objects.filter(code__in=listed).values_list("code", "name", "parent_id")}
    for region in gone:
        region.retired = True
        region.successor_id = current_by_name.get((region.parent_id, region.name))
    Region.objects.bulk_update(gone, ["retired", "successor"], batch_size=1000)
    return len(gone)
