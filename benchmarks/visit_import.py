"""Importing visits at scale: rows per second for reading, checking and writing.

    QINSHANG_SECRET_KEY=bench .venv/bin/python benchmarks/visit_import.py [--rows 10000]
                                                                         [--big 100000]

Builds its own database under a temporary data dir (or DATABASE_URL: an empty PostgreSQL
database): a launched city campaign over Jinan with ``--rows`` target enterprises (each with a
Taiwan business person on file) and a visit report form of two questions. It then imports
``--rows`` visits from an xlsx and the same number from a csv (GB18030, as Excel on a Chinese
Windows saves it), with full checking (credit codes, reach, scope, dates, users, persons, report
form answers, duplicates in the file and against visits on record), then a ``--big``-row csv
(10 visits per enterprise on different days). Prints, for each file, the rows per second of each
phase (wall clock), the total, and the CPU time the import took (the figure to trust on a
machine busy with other work). DESIGN.md §9 asks ≥ 5,000 rows/s with full validation; issue #4 asks
10,000 visits in under 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["QINSHANG_DATA_DIR"] = tempfile.mkdtemp(prefix="qinshang-bench-")

HEADER = ["统一社会信用代码", "走访日期", "走访方式", "走访人员", "走访台商人数", "见到的台商",
          "情况摘要", "企业经营状况", "在岗职工人数"]
METHODS = ["实地", "实地", "实地", "电话", "视频"]
STATES = ["良好", "良好", "一般", "困难"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qinshang.regions.services import divisions_load

    call_command("migrate", verbosity=0)
    divisions_load()
    begun = time.perf_counter()
    world = build_world(arguments.rows)
    print(f"campaign with {arguments.rows:,} targets built in "
          f"{time.perf_counter() - begun:.1f} s on {connection.vendor}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'file':<28} {'rows':>8} {'read/s':>9} {'check/s':>9} {'write/s':>9} "
          f"{'total s':>8} {'rows/s':>8} {'CPU s':>6}")
    rows = visit_rows(world, arguments.rows, first_day=0, days=1)
    measure(world, f"{arguments.rows:,} visits, xlsx", "走访.xlsx", xlsx_bytes(rows))
    rows = visit_rows(world, arguments.rows, first_day=1, days=1)
    measure(world, f"{arguments.rows:,} visits, csv", "走访.csv", csv_bytes(rows))
    if arguments.big:
        days = -(-arguments.big // arguments.rows)
        rows = visit_rows(world, arguments.big, first_day=2, days=days)
        measure(world, f"{arguments.big:,} visits, csv", "走访-大.csv", csv_bytes(rows))


class World:
    def __init__(self, campaign, actor, staff, enterprises, persons):
        self.campaign = campaign
        self.actor = actor
        self.staff = staff
        self.enterprises = enterprises  # credit codes
        self.persons = persons          # the person's name, by credit code


def build_world(count: int) -> World:
    from django.utils import timezone

    from qinshang.accounts.models import Role
    from qinshang.campaigns import services
    from qinshang.campaigns.models import CampaignKind
    from qinshang.enterprises.models import Affiliation, Enterprise, Person
    from qinshang.questionnaires.models import FormTemplate, Purpose, Question, QuestionKind
    from qinshang.regions.models import Region
    from qinshang.testing import factories
    from qinshang.text import fold

    city = Region.objects.get(code="370100")
    counties = list(Region.objects.current().filter(parent=city).values_list("code", flat=True))
    rng = random.Random(4)
    enterprises = []
    for serial in range(1, count + 1):
        code = factories.credit_code(counties[serial % len(counties)], serial)
        name = f"济南台资企业{serial:05d}有限公司"
        enterprises.append(Enterprise(name=name, credit_code=code, region_id=code[2:8],
                                      industry="39", search_text=fold(f"{name} {code}")))
    Enterprise.objects.bulk_create(enterprises, batch_size=2000)
    persons = Person.objects.bulk_create(
        [Person(name=f"陳台商{serial:05d}", region_id=e.region_id)
         for serial, e in enumerate(enterprises)], batch_size=2000)
    Affiliation.objects.bulk_create(
        [Affiliation(person=p, enterprise=e, relation="general_manager")
         for p, e in zip(persons, enterprises, strict=True)], batch_size=2000)
    office = factories.office_at("370100")
    actor = factories.member("bench-city", Role.OFFICER, office=office)
    staff = [factories.member(f"staff{n:02d}", Role.OFFICER, office=office).username
             for n in range(20)]
    form = FormTemplate.objects.create(code="bench-visit", title="走访台资企业报告表",
                                       purpose=Purpose.VISIT_REPORT)
    Question.objects.create(template=form, order=1, kind=QuestionKind.SINGLE_CHOICE,
                            text="企业经营状况", required=True, choices=["良好", "一般", "困难"])
    Question.objects.create(template=form, order=2, kind=QuestionKind.NUMBER, text="在岗职工人数")
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=actor, scope=city, offices=[office],
        data={"name": "走访季（测速）", "kind": CampaignKind.VISIT_SEASON,
              "starts_on": today - datetime.timedelta(days=40),
              "ends_on": today - datetime.timedelta(days=1), "visit_form": form})
    services.campaign_set_targets(actor=actor, campaign=campaign, enterprises=enterprises,
                                  criteria={"region": "370100"})
    services.campaign_launch(actor=actor, campaign=campaign)
    rng.shuffle(staff)
    return World(campaign, actor, staff, [e.credit_code for e in enterprises],
                 {e.credit_code: p.name for p, e in zip(persons, enterprises, strict=True)})


def visit_rows(world: World, count: int, *, first_day: int, days: int) -> list[list]:
    """``count`` visits: each enterprise once per day, on ``days`` days from the campaign's
    ``first_day``-th day."""
    rng = random.Random(first_day)
    rows = [HEADER]
    start = world.campaign.starts_on
    for number in range(count):
        code = world.enterprises[number % len(world.enterprises)]
        day = start + datetime.timedelta(days=first_day + number // len(world.enterprises))
        met = rng.choice([0, 1, 1, 2, 3])
        rows.append([code, day.isoformat(), rng.choice(METHODS),
                     "、".join(rng.sample(world.staff, rng.choice([1, 2]))), met,
                     world.persons[code] if met else "", "了解企业生产经营情况，宣讲惠台政策",
                     rng.choice(STATES), rng.randint(20, 800)])
    assert days >= 1
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("gb18030")


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("走访")
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def measure(world: World, label: str, name: str, content: bytes) -> None:
    from django.core.files.base import ContentFile

    from qinshang.campaigns.models import Visit
    from qinshang.imports.services import import_job_create, import_job_run

    before = Visit.objects.count()
    begun, cpu = time.perf_counter(), time.process_time()
    job = import_job_create(actor=world.actor, kind="visits", campaign=world.campaign,
                            upload=ContentFile(content, name=name))
    job = import_job_run(job=job)
    total, cpu = time.perf_counter() - begun, time.process_time() - cpu
    assert job.state == "done", (job.message, job.problems[:5])
    assert Visit.objects.count() - before == job.rows_total
    rows, timings = job.rows_total, job.timings
    print(f"{label:<28} {rows:8,d} {rows / timings['read']:9,.0f} "
          f"{rows / timings['validate']:9,.0f} {rows / timings['write']:9,.0f} "
          f"{total:8.1f} {rows / total:8,.0f} {cpu:6.1f}")


if __name__ == "__main__":
    main()
