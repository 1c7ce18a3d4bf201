"""Search at national scale: latency of one box over 1,000,000 appeals and 100,000 enterprises.

    QINSHANG_SECRET_KEY=bench .venv/bin/python benchmarks/search.py [--appeals 1000000]
        [--enterprises 100000] [--repeat 20]

Builds its own database under a temporary data dir (or DATABASE_URL: an empty PostgreSQL
database created with a UTF-8 locale; given QINSHANG_DATA_DIR or DATABASE_URL of an earlier run,
it measures again without building), fills it with enterprises and appeals whose texts are
made of the phrases appeals are written in, a third of them in Traditional characters, then
times, for 1-, 2- and 4-character queries in both scripts (common and rare words):
- the search page's work (every kind, first hits, as a province and as a county officer),
- one kind (appeals, first 10 hits) through the selector,
- the plain SQL of that selector's statements run bare, and
- a naive LIKE on the unfolded title and description (what a page without the folded column
  would run; it misses the other script, so it finds fewer rows).
It prints median and p95 in milliseconds and the number of hits.
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
if "DATABASE_URL" not in os.environ and "QINSHANG_DATA_DIR" not in os.environ:
    os.environ["QINSHANG_DATA_DIR"] = tempfile.mkdtemp(prefix="qinshang-bench-")

PROBLEMS = [
    "融资难", "流动资金贷款续贷", "用工紧张", "招工难", "厂房用电扩容", "子女入学", "居住证办理",
    "出口退税进度慢", "土地审批", "环保审批", "物流成本上升", "原材料涨价", "社保缴费", "房租减免",
    "知识产权保护", "产品质量认证", "海关通关", "税收优惠政策落实", "厂区道路维修", "供水管网改造",
    "天然气价格", "银行贷款利率", "技术人才引进", "专利申请", "商标侵权", "订单下降", "外汇结算",
    "台胞就业", "医疗保险", "驾驶证换领", "工程款拖欠", "项目用地指标", "消防验收", "排污许可",
]
FILLERS = ["希望相关部门协调解决", "企业反映", "已多次联系", "影响正常生产经营", "请尽快答复",
           "涉及员工约200人", "去年以来", "经营压力较大", "恳请给予支持"]
ENTERPRISE_WORDS = ["精密", "电子", "机械", "食品", "纺织", "光电", "塑胶", "生物", "化工", "陶瓷",
                    "汽车零部件", "医疗器械", "新材料", "物流", "农业", "模具", "包装", "五金"]
PLACES = ["济南", "青岛", "烟台", "潍坊", "昆山", "厦门", "东莞", "成都", "天津", "福州"]
RARE_PHRASE = "锂电池隔膜进口受阻"
# (label, Simplified, Traditional): the same word in both scripts, common and rare ones.
QUERIES = [
    ("1 char, common", "台", "臺"), ("1 char, rare", "锂", "鋰"),
    ("2 chars, common", "用电", "用電"), ("2 chars, rare", "隔膜", "隔膜"),
    ("4 chars, common", "贷款续贷", "貸款續貸"), ("4 chars, rare", "电池隔膜", "電池隔膜"),
]


def without_search_indexes() -> None:
    """Bulk loads go faster with the index built once afterwards (ensure_indexes) than row by
    row through the triggers."""
    from django.db import connection

    from qinshang.search.indexes import fts_table, trigram_index

    with connection.cursor() as cursor:
        for table in ("appeals_appeal", "enterprises_enterprise"):
            if connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts_table(table)}_{event}")
            else:
                cursor.execute(f"DROP INDEX IF EXISTS {trigram_index(table)}")


def build(enterprise_count: int, appeal_count: int) -> dict:
    import opencc
    from django.db import connection
    from django.utils import timezone

    from qinshang.appeals.models import Appeal, Category
    from qinshang.enterprises.models import Enterprise
    from qinshang.offices.models import Office
    from qinshang.regions.models import Region
    from qinshang.search.indexes import ensure_indexes
    from qinshang.testing import factories
    from qinshang.text import fold, spaced

    to_traditional = opencc.OpenCC("s2tw")
    rng = random.Random(7)
    leaves = list(Region.objects.current().filter(level=Region.Level.COUNTY)
                  .values_list("code", flat=True))
    leaves += [code for code in leaves if code.startswith("37")] * 3
    started = time.perf_counter()
    enterprises: list[tuple[int, str]] = []
    batch = []
    for serial in range(enterprise_count):
        code = rng.choice(leaves)
        name = (f"{rng.choice(PLACES)}{rng.choice(ENTERPRISE_WORDS)}"
                f"{rng.choice(ENTERPRISE_WORDS)}{serial}有限公司")
        if rng.random() < 0.3:
            name = to_traditional.convert(name)
        credit = factories.credit_code(code, serial + 1)
        batch.append(Enterprise(name=name, region_id=code, credit_code=credit, industry="39",
                                origin="710000", registered_capital=1000,
                                search_text=spaced(fold(f"{name} {credit}"))))
        if len(batch) == 5000:
            enterprises += [(e.pk, e.region_id) for e in Enterprise.objects.bulk_create(batch)]
            batch = []
    enterprises += [(e.pk, e.region_id) for e in Enterprise.objects.bulk_create(batch)]
    print(f"{enterprise_count:,} enterprises in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    offices: dict[str, int] = {}
    category = Category.objects.first().pk
    now = timezone.now()
    batch = []
    for serial in range(appeal_count):
        enterprise_id, code = enterprises[rng.randrange(len(enterprises))]
        if code not in offices:
            offices[code] = (Office.objects.filter(region_id=code).values_list("pk", flat=True)
                             .first() or factories.office_at(code).pk)
        problems = rng.sample(PROBLEMS, 2)
        title = problems[0]
        description = "，".join([rng.choice(FILLERS), problems[0], problems[1],
                                rng.choice(FILLERS)])
        if rng.random() < 0.0005:
            description += "，" + RARE_PHRASE
        if rng.random() < 0.33:
            title, description = (to_traditional.convert(title),
                                  to_traditional.convert(description))
        registered = now - datetime.timedelta(minutes=serial)
        batch.append(Appeal(
            kind="request", channel="visit", category_id=category, title=title,
            description=description, enterprise_id=enterprise_id, region_id=code,
            office_id=offices[code], state="registered", registered_at=registered,
            contact_due=registered, answer_due=registered,
            search_text=spaced(fold(f"{title} {description}"))))
        if len(batch) == 5000:
            Appeal.objects.bulk_create(batch)
            batch = []
    Appeal.objects.bulk_create(batch)
    print(f"{appeal_count:,} appeals in {time.perf_counter() - started:.1f} s "
          f"on {connection.vendor}")
    started = time.perf_counter()
    ensure_indexes()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"search indexes built in {time.perf_counter() - started:.1f} s")
    return {"province": factories.member("bench-province", "officer",
                                         office=factories.office_at("370000")),
            "county": factories.member("bench-county", "officer",
                                       office=factories.office_at("370102"))}


def reused(appeal_count: int) -> dict | None:
    """The officers of a database built by an earlier run (QINSHANG_DATA_DIR or DATABASE_URL
    given again), so that a second measurement need not build a million appeals again."""
    from qinshang.accounts.models import User
    from qinshang.appeals.models import Appeal

    users = {who: User.objects.filter(username=f"bench-{who}").first()
             for who in ("province", "county")}
    if None in users.values() or Appeal.objects.count() < appeal_count:
        return None
    print(f"reusing the {Appeal.objects.count():,} appeals already built")
    return users


def timed(function, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        begun = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - begun) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], result


def plain_sql(captured: list[dict]):
    from django.db import connection

    def run() -> int:
        rows = 0
        with connection.cursor() as cursor:
            for query in captured:
                cursor.execute(query["sql"])
                rows += len(cursor.fetchall())
        return rows
    return run


def naive_like(query: str):
    from django.db import connection

    def run() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM appeals_appeal WHERE title LIKE %s OR description "
                           "LIKE %s ORDER BY id DESC LIMIT 11", [f"%{query}%"] * 2)
            return len(cursor.fetchall())
    return run


def measure(label: str, query: str, who: str, user, appeals, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qinshang.search.selectors import search, search_kind

    box50, box95, _groups = timed(lambda: search(user, query, limit=5), repeat)
    with CaptureQueriesContext(connection) as queries:
        hits, _more = search_kind(user, appeals, query, limit=10)
    kind50, kind95, _ = timed(lambda: search_kind(user, appeals, query, limit=10), repeat)
    plain50, _plain95, _ = timed(plain_sql(queries.captured_queries), repeat)
    naive50, _naive95, _ = timed(naive_like(query), repeat)
    print(f"{label:<16} {query:<5} {who:<9} {box50:8.1f} {box95:8.1f} {kind50:9.1f} "
          f"{kind95:9.1f} {len(hits):5d} {plain50:10.1f} {naive50:11.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from qinshang.regions.services import divisions_load
    from qinshang.search.kinds import BY_KEY

    call_command("migrate", verbosity=0)
    users = reused(arguments.appeals)
    if users is None:
        divisions_load()
        without_search_indexes()
        users = build(arguments.enterprises, arguments.appeals)
    appeals = BY_KEY["appeal"]
    print()
    print(f"{'query':<16} {'q':<5} {'who':<9} {'box p50':>8} {'box p95':>8} "
          f"{'kind p50':>9} {'kind p95':>9} {'hits':>5} {'plain SQL':>10} {'naive LIKE':>11}")
    for label, *words in QUERIES:
        for query in words:
            for who, user in users.items():
                measure(label, query, who, user, appeals, arguments.repeat)
    print()
    print("box: every kind's first 5 hits (the search page's work); kind: the first 10 appeals;")
    print("plain SQL: the kind's statements run bare; naive LIKE: unfolded columns, one script.")


if __name__ == "__main__":
    main()
