"""Enterprise list at national scale: server time and SQL statements per page.

    QINSHANG_SECRET_KEY=bench .venv/bin/python benchmarks/enterprise_list.py [--enterprises 100000]

Builds its own database under a temporary data dir (or DATABASE_URL, for PostgreSQL: it must
point at an empty database), fills it with generated enterprises spread over every county of
mainland China, then renders the list page as a province, a city and a county officer with
common filters, and prints p50/p95 server time, statements per page and the plain SQL time of
the same two queries (count + page of rows) for comparison.
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from qinshang.accounts.models import Role
    from qinshang.enterprises.models import Enterprise, Tag
    from qinshang.regions.models import Region
    from qinshang.regions.services import divisions_load
    from qinshang.testing import factories
    from qinshang.text import fold

    call_command("migrate", verbosity=0)
    divisions_load()
    started = time.perf_counter()
    leaves = list(Region.objects.current().filter(level=Region.Level.COUNTY)
                  .values_list("code", flat=True))
    rng = random.Random(7)
    tags = [Tag.objects.create(name=name) for name in ("高新技术企业", "专精特新", "百强台企")]
    words = ["精密", "電子", "食品", "機械", "光電", "紡織", "化工", "塑膠", "生技", "汽配"]
    # Real names lead with a place or trade mark, so the searched word is spread through the
    # name order rather than bunched in one stretch of it.
    marks = ["青岛", "昆山", "东莞", "厦门", "鲁台", "富士", "统一", "宏达", "正新", "台塑", "华新",
             "联华", "大成", "泰山", "永丰", "新光", "国泰", "长荣", "裕隆", "南亚"]
    batch = []
    for serial in range(arguments.enterprises):
        code = rng.choice(leaves)
        word = rng.choice(words)
        name = f"{rng.choice(marks)}{serial % 997}{word}有限公司"
        batch.append(Enterprise(
            name=name, trade_name=word, credit_code=factories.credit_code(code, serial),
            region_id=code, industry=f"{rng.randint(13, 43):02d}",
            status=rng.choice(["operating"] * 9 + ["closed"]),
            search_text=fold(f"{name} {word}")))
        if len(batch) == 5000:
            Enterprise.objects.bulk_create(batch)
            batch = []
    Enterprise.objects.bulk_create(batch)
    through = Enterprise.tags.through
    through.objects.bulk_create(
        through(enterprise_id=pk, tag=rng.choice(tags))
        for pk in Enterprise.objects.values_list("pk", flat=True)[::3])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum / a nightly job would after a bulk load
    elapsed = time.perf_counter() - started
    print(f"generated {arguments.enterprises:,} enterprises in {elapsed:.1f} s "
          f"on {connection.vendor}")

    officers = {
        "province 370000": factories.member("bench-province", Role.OFFICER,
                                            office=factories.office_at("370000")),
        "city 370100": factories.member("bench-city", Role.OFFICER,
                                        office=factories.office_at("370100")),
        "county 370102": factories.member("bench-county", Role.OFFICER,
                                          office=factories.office_at("370102")),
    }
    scenarios = [("", "no filter"), ("status=operating", "status"), ("q=電子", "text 2 chars"),
                 ("q=精密1", "text 3 chars"), ("section=C&page=3", "industry, page 3")]
    print(f"{'who':<16} {'filter':<18} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4} {'plain SQL ms':>13}")
    for who, user in officers.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for query, label in scenarios:
            times = []
            for _ in range(arguments.repeat):
                begun = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(f"/enterprises/?{query}")
                times.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, response.status_code
            plain = plain_sql_ms(connection, queries.captured_queries)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{who:<16} {label:<18} {statistics.median(times):8.1f} {p95:8.1f} "
                  f"{len(queries.captured_queries):4d} {plain:13.1f}")


def plain_sql_ms(connection, captured: list[dict]) -> float:
    """Time of the statements that read enterprises, run bare (no ORM, no template)."""
    statements = [query["sql"] for query in captured if "enterprises_enterprise" in query["sql"]]
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
