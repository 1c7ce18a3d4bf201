"""Liaison compliance at scale: the home page's duties, the province's compliance figures and an
office's quarterly table, with many plans, contacts and visits on record.

    QINSHANG_SECRET_KEY=bench .venv/bin/python benchmarks/liaison_compliance.py
        [--officers 400] [--plans-each 50] [--contacts 400000] [--visits 200000]

Builds its own database under a temporary data dir (or DATABASE_URL: an empty PostgreSQL
database): Shandong's offices (province, 16 cities, their counties), ``--officers`` officers
spread over the county offices, each liaison officer of ``--plans-each`` enterprises with one
quarterly plan each, then ``--contacts`` logged contacts and ``--visits`` visits by those
officers over two years. Prints, for each read, the median and worst of 5 runs (wall clock) and
the SQL statements it took. DESIGN.md §9: pages p95 ≤ 50 ms, dashboards ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["QINSHANG_DATA_DIR"] = tempfile.mkdtemp(prefix="qinshang-bench-")

TODAY = datetime.date(2026, 11, 20)
START = datetime.date(2025, 1, 1)
BATCH = 5_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=400)
    parser.add_argument("--plans-each", type=int, default=50)
    parser.add_argument("--contacts", type=int, default=400_000)
    parser.add_argument("--visits", type=int, default=200_000)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from qinshang.regions.services import divisions_load

    call_command("migrate", verbosity=0)
    divisions_load()
    begun = time.perf_counter()
    world = build_world(arguments)
    print(f"built {world['plans']:,} plans, {arguments.contacts:,} contacts and "
          f"{arguments.visits:,} visits in {time.perf_counter() - begun:.1f} s")
    measure(world)


def build_world(arguments) -> dict:
    from qinshang.accounts.models import Membership, Role, User
    from qinshang.campaigns.models import Visit
    from qinshang.enterprises.models import Enterprise
    from qinshang.liaison.models import Contact, LiaisonPlan
    from qinshang.offices.models import Office
    from qinshang.regions.models import Region
    from qinshang.testing.factories import credit_code

    rng = random.Random(5)
    counties = list(Region.objects.filter(code__startswith="37", level="county", retired=False)
                    .order_by("code"))
    province = Region.objects.get(code="370000")
    cities = list(Region.objects.filter(parent=province, retired=False))
    Office.objects.bulk_create([Office(region=region, name=f"{region.name}台办")
                                for region in [province, *cities, *counties]])
    offices = {office.region_id: office for office in Office.objects.all()}
    officers = User.objects.bulk_create([User(username=f"officer{n}", full_name=f"干部{n}")
                                         for n in range(arguments.officers)])
    homes = [counties[n % len(counties)] for n in range(arguments.officers)]
    Membership.objects.bulk_create([
        Membership(user=user, role=Role.OFFICER, office=offices[home.code])
        for user, home in zip(officers, homes, strict=True)])
    leader = User.objects.create(username="sheng", full_name="省台办")
    Membership.objects.create(user=leader, role=Role.LEADER, office=offices["370000"])

    enterprises, plans = [], []
    for index, (user, home) in enumerate(zip(officers, homes, strict=True)):
        for k in range(arguments.plans_each):
            serial = index * arguments.plans_each + k
            enterprises.append(Enterprise(
                name=f"台资企业{serial}", credit_code=credit_code(home.code, serial),
                region_id=home.code, industry="13", liaison_officer=user))
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    enterprises = list(Enterprise.objects.order_by("pk"))
    for enterprise in enterprises:
        office = offices[enterprise.region_id]
        plans.append(LiaisonPlan(office=office, region_id=office.region_id,
                                 staff_id=enterprise.liaison_officer_id, enterprise=enterprise,
                                 interval="quarterly", purpose="季度联系", starts_on=START))
    LiaisonPlan.objects.bulk_create(plans, batch_size=BATCH)

    days = (TODAY - START).days
    methods = ["visit", "phone", "phone", "meeting", "message"]
    for first in range(0, arguments.contacts, BATCH):
        Contact.objects.bulk_create([
            Contact(contacted_on=START + datetime.timedelta(days=rng.randrange(days)),
                    staff_id=enterprise.liaison_officer_id, enterprise=enterprise,
                    region_id=enterprise.region_id, method=rng.choice(methods),
                    content="联系")
            for enterprise in (rng.choice(enterprises)
                               for _ in range(min(BATCH, arguments.contacts - first)))])
    staff_links = Visit.staff.through
    for first in range(0, arguments.visits, BATCH):
        chosen = [rng.choice(enterprises) for _ in range(min(BATCH, arguments.visits - first))]
        visits = Visit.objects.bulk_create([
            Visit(visited_on=START + datetime.timedelta(days=rng.randrange(days)),
                  enterprise=enterprise, region_id=enterprise.region_id, method="on_site")
            for enterprise in chosen])
        staff_links.objects.bulk_create([
            staff_links(visit_id=visit.pk, user_id=enterprise.liaison_officer_id)
            for visit, enterprise in zip(visits, chosen, strict=True)])
    busiest = offices[homes[0].code]
    return {"plans": len(plans), "officer": officers[0], "leader": leader, "office": busiest}


def timed(label: str, work) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            begun = time.perf_counter()
            result = work()
            times.append((time.perf_counter() - begun) * 1000)
    print(f"{label:<58} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms"
          f"   {len(queries.captured_queries):>2} statements   ({result})")


def measure(world: dict) -> None:
    from qinshang.figures import liaison as figures
    from qinshang.liaison.selectors import duties_of
    from qinshang.liaison.tick import duties_tick
    from qinshang.regions.models import Region

    officer, leader, office = world["officer"], world["leader"], world["office"]
    shandong = Region.objects.get(code="370000")
    timed("home page: one officer's duties",
          lambda: f"{len(duties_of(officer, TODAY))} duties")
    timed("compliance: the province's plans, by division/office/person",
          lambda: _compliance(figures, leader, shandong))
    timed("quarterly table of one county office", lambda: "{} rows".format(len(
        figures.quarterly_table(leader, office=office, year=2026, quarter=3, today=TODAY).rows)))
    timed("tick: every running plan's standing",
          lambda: f"{duties_tick(now=_moment(TODAY))} told")


def _compliance(figures, user, region) -> str:
    rows = figures.plan_cells(user, region=region, on=TODAY)
    figures.by_division(rows, region)
    figures.by_office(rows)
    figures.by_person(rows)
    share = figures.total(rows).share_kept
    return f"{len(rows):,} plans, {share:.1%} kept"


def _moment(day: datetime.date) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo("Asia/Shanghai"))


if __name__ == "__main__":
    main()
