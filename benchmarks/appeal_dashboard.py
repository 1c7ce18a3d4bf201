"""Appeal dashboard and inbox at national scale: server time and SQL statements per page.

    QINSHANG_SECRET_KEY=bench .venv/bin/python benchmarks/appeal_dashboard.py [--appeals 1000000]

Builds its own database under a temporary data dir (or DATABASE_URL: an empty PostgreSQL
database), fills it with generated appeals over every county of mainland China and ten years,
then renders the dashboard as a province, a city and a county officer for this year and for
ten years, and the inbox (first page, a later page, overdue, one state, one appeal), and prints
p50/p95 server time, statements per page and the plain SQL time of the statements that read
appeals.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from qinshang.accounts.models import Role
    from qinshang.appeals.models import Appeal, Category, Outcome, State
    from qinshang.figures.appeals import appeal_breakdown
    from qinshang.regions.models import Region
    from qinshang.regions.services import divisions_load
    from qinshang.testing import factories

    call_command("migrate", verbosity=0)
    divisions_load()
    started = time.perf_counter()
    leaves = list(Region.objects.current().filter(level=Region.Level.COUNTY)
                  .values_list("code", flat=True))
    # Shandong gets its share several times over: the offices measured are there.
    leaves += [code for code in leaves if code.startswith("37")] * 3
    rng = random.Random(7)
    offices = {}
    enterprises = {}
    categories = list(Category.objects.values_list("pk", flat=True))
    now = timezone.now()
    states = ([State.CLOSED] * 70 + [State.RATED] * 5 + [State.ANSWERED] * 5
              + [State.IN_PROGRESS] * 8 + [State.ASSIGNED] * 3 + [State.REGISTERED] * 4
              + [State.REJECTED] * 3 + [State.MERGED] * 2)
    batch = []
    for _serial in range(arguments.appeals):
        code = rng.choice(leaves)
        if code not in offices:
            offices[code] = factories.office_at(code).pk
            enterprises[code] = factories.EnterpriseFactory(region_id=code).pk
        registered = now - datetime.timedelta(minutes=rng.randint(0, 10 * 365 * 24 * 60))
        state = rng.choice(states)
        answered = state in (State.CLOSED, State.RATED, State.ANSWERED)
        rated = state in (State.CLOSED, State.RATED)
        days = rng.randint(1, 25)
        batch.append(Appeal(
            kind="request", channel="visit", category_id=rng.choice(categories),
            title="诉求", description="诉求", enterprise_id=enterprises[code], region_id=code,
            office_id=offices[code], state=state, registered_at=registered,
            contact_due=registered + datetime.timedelta(days=1),
            first_contact_at=(registered + datetime.timedelta(hours=rng.choice([2, 3, 30]))
                              if state != State.REGISTERED else None),
            answer_due=registered + datetime.timedelta(days=21),
            answered_at=registered + datetime.timedelta(days=days + days // 5 * 2)
            if answered else None,
            outcome=rng.choice([Outcome.RESOLVED] * 8 + [Outcome.PLANNED, Outcome.EXPLAINED])
            if answered else "",
            handling_days=days if answered else None,
            answered_on_time=days <= 15 if answered else None,
            rating=rng.choice([5, 5, 4, 4, 4, 3, 2]) if rated else None,
            supervised=rng.random() < 0.05))
        if len(batch) == 5000:
            Appeal.objects.bulk_create(batch)
            batch = []
    Appeal.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {arguments.appeals:,} appeals in {time.perf_counter() - started:.1f} s "
          f"on {connection.vendor}")
    department = factories.department_at("370100")
    officers = {
        "province 370000": factories.member("bench-province", Role.OFFICER,
                                            office=factories.office_at("370000")),
        "city 370100": factories.member("bench-city", Role.OFFICER,
                                        office=factories.office_at("370100")),
        "county 370102": factories.member("bench-county", Role.OFFICER,
                                          office=factories.office_at("370102")),
        "department": factories.member("bench-department", Role.DEPARTMENT,
                                       department=department),
    }
    today = timezone.localdate()
    scenarios = [("", "this year"),
                 (f"date_from={today.year - 9}-01-01&date_to={today.isoformat()}", "ten years")]
    print(f"{'who':<16} {'period':<10} {'appeals':>8} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4} "
          f"{'plain SQL ms':>13}")
    for who, user in officers.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for query, label in scenarios:
            times = []
            for _ in range(arguments.repeat):
                begun = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(f"/figures/appeals/?{query}")
                times.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, response.status_code
            plain = plain_sql_ms(connection, queries.captured_queries)
            first = (datetime.date(today.year - 9, 1, 1) if query
                     else today.replace(month=1, day=1))
            shown = appeal_breakdown(user, region=None, date_from=first, date_to=today,
                                     now=timezone.now()).total.registered
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{who:<16} {label:<10} {shown:8d} {statistics.median(times):8.1f} "
                  f"{p95:8.1f} {len(queries.captured_queries):4d} {plain:13.1f}")
    inbox(officers, arguments.repeat)


def inbox(officers: dict, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from qinshang.access import visible
    from qinshang.appeals.models import Appeal

    print()
    print(f"{'inbox of':<16} {'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4} "
          f"{'plain SQL ms':>13}")
    for who, user in officers.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        newest = visible(user, Appeal).order_by("-registered_at").values_list("pk", flat=True)
        pages = [("first page", "/appeals/"), ("page 20", "/appeals/?page=20"),
                 ("overdue", "/appeals/?overdue=on"),
                 ("in progress", "/appeals/?state=in_progress")]
        if newest:
            pages.append(("one appeal", f"/appeals/{newest[0]}/"))
        for label, url in pages:
            times = []
            for _ in range(repeat):
                begun = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                times.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            plain = plain_sql_ms(connection, queries.captured_queries)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{who:<16} {label:<22} {statistics.median(times):8.1f} {p95:8.1f} "
                  f"{len(queries.captured_queries):4d} {plain:13.1f}")


def plain_sql_ms(connection, captured: list[dict]) -> float:
    """Time of the statements that read appeals, run bare (no ORM, no template)."""
    statements = [query["sql"] for query in captured if "appeals_appeal" in query["sql"]]
    total = 0.0
    with connection.cursor() as cursor:
        for sql in statements:
            begun = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            total += (time.perf_counter() - begun) * 1000
    return total


if __name__ == "__main__":
    main()
