"""Search (issue 7): one box, either script, any width, short queries, only what one may see."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from qinshang.appeals import services as appeals
from qinshang.appeals.models import Appeal, Category, Channel, Kind
from qinshang.enterprises import services as enterprises
from qinshang.enterprises.models import Enterprise
from qinshang.search.indexes import fts_table
from qinshang.search.kinds import BY_KEY
from qinshang.search.query import matching
from qinshang.search.selectors import search, search_kind
from qinshang.testing import factories as f

AT = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TRADITIONAL_TITLE = "融資難：希望協調銀行續貸"
SIMPLIFIED_TITLE = "台资企业节后用工紧张"
LATIN_TITLE = "ISO9001认证补贴申请"


def register(cast, title: str, description: str = "", enterprise=None) -> Appeal:
    return appeals.appeal_register(
        actor=cast.owner, enterprise=enterprise or cast.enterprise, at=AT,
        data={"kind": Kind.REQUEST, "channel": Channel.VISIT,
              "category": Category.objects.get(code="financing"), "title": title,
              "description": description or title})


def titles(user, text: str, kind: str = "appeal") -> list[str]:
    hits, _more = search_kind(user, BY_KEY[kind], text, limit=50)
    return [hit.name for hit in hits]


@pytest.fixture
def written(cast):
    return {"traditional": register(cast, TRADITIONAL_TITLE),
            "simplified": register(cast, SIMPLIFIED_TITLE),
            "latin": register(cast, LATIN_TITLE)}


@pytest.mark.parametrize(("query", "finds"), [
    ("臺資", SIMPLIFIED_TITLE),          # Traditional query, Simplified text
    ("台资", SIMPLIFIED_TITLE),
    ("融资难", TRADITIONAL_TITLE),       # Simplified query, Traditional text
    ("融資難", TRADITIONAL_TITLE),
    ("协调银行续贷", TRADITIONAL_TITLE),  # longer than a trigram, across scripts
    ("用工", SIMPLIFIED_TITLE),          # two characters
    ("紧", SIMPLIFIED_TITLE),            # one character
    ("ｉｓｏ９００１", LATIN_TITLE),      # full-width letters and digits
    ("iso9001", LATIN_TITLE),
    ("Iso", LATIN_TITLE),
    ("用工 台资", SIMPLIFIED_TITLE),     # two terms: both must occur
])
def test_a_query_finds_the_text_however_either_was_written(cast, written, query, finds):
    assert titles(cast.owner, query) == [finds]


def test_one_character_finds_every_text_holding_it(cast, written):
    assert sorted(titles(cast.owner, "台")) == sorted([SIMPLIFIED_TITLE])
    assert sorted(titles(cast.owner, "臺")) == sorted([SIMPLIFIED_TITLE])
    assert len(titles(cast.owner, "申")) == 1


@pytest.mark.parametrize("query", ["海峡两岸", "zzz", "用工 融资", "x"])
def test_a_query_that_matches_nothing_finds_nothing(cast, written, query):
    assert titles(cast.owner, query) == []


@pytest.mark.parametrize("query", [
    "'; DROP TABLE appeals_appeal; --", "<script>alert(1)</script>", '"*"', "*", "NEAR(",
    "融资 OR 用工", "NEAR(融资 用工)", "title:融资", "^融资", "-用工", '"', "''", "%", "_",
    "\\", "AND", "用工 NOT 台资", "{title}: 融资",
])
def test_markup_sql_and_fts_syntax_are_only_text(client, cast, written, query):
    client.force_login(cast.owner)

    response = client.get(reverse("search:results"), {"q": query})

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert Appeal.objects.count() == 3 + 0  # nothing was executed
    assert all(query not in title for title in titles(cast.owner, "融资"))


def test_fts_operators_do_not_act_as_operators(cast, written):
    # As operators these would match the simplified title (OR) or exclude it (NOT).
    assert titles(cast.owner, "融资 OR 用工") == []
    assert titles(cast.owner, "用工 NOT 台资") == []


def test_results_leave_out_what_the_user_may_not_see(cast, written):
    neighbour_appeal = appeals.appeal_register(
        actor=cast.neighbour, enterprise=cast.foreign_enterprise, at=AT,
        data={"kind": Kind.REQUEST, "channel": Channel.VISIT,
              "category": Category.objects.get(code="labour"),
              "title": "市中区台企用工紧张", "description": "用工"})
    assert titles(cast.owner, "用工") == [SIMPLIFIED_TITLE]
    assert titles(cast.neighbour, "用工") == [neighbour_appeal.title]
    assert titles(cast.other_city, "用工") == []
    assert titles(cast.department, "用工") == []  # nothing routed to it
    assert sorted(titles(cast.city, "用工")) == sorted([SIMPLIFIED_TITLE, neighbour_appeal.title])
    groups = search(cast.neighbour, "鲁台精密")
    assert [group.kind.key for group in groups] == []
    assert [hit.name for group in search(cast.owner, "魯台精密") for hit in group.hits] == [
        cast.enterprise.name]


def test_the_page_groups_by_kind_highlights_and_links(client, cast, written):
    client.force_login(cast.owner)
    with translation.override("en"):
        response = client.get(reverse("search:results"), {"q": "融资难"},
                              HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<mark>融資難</mark>" in text
    assert reverse("appeals:detail", args=[written["traditional"].pk]) in text


def test_the_page_shows_each_kind_it_found_under_its_heading(client, cast, written):
    f.affiliate(f.PersonFactory(name="林台生"), cast.enterprise)
    client.force_login(cast.owner)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("search:results"), {"q": "台"})

    text = response.content.decode()
    assert '<h2 id="group-person">Persons</h2>' in text
    assert '<h2 id="group-enterprise">Enterprises</h2>' in text
    assert '<h2 id="group-appeal">Appeals</h2>' in text
    assert "林<mark>台</mark>生" in text
    assert f'href="{reverse("enterprises:detail", args=[cast.enterprise.pk])}"' in text


def test_a_page_of_one_kind_goes_on_to_the_next(client, cast):
    for number in range(23):
        register(cast, f"厂区道路维修第{number}号")
    client.force_login(cast.owner)

    first = client.get(reverse("search:results"), {"q": "道路维修", "kind": "appeal"})
    second = client.get(reverse("search:results"),
                        {"q": "道路维修", "kind": "appeal", "page": 2})

    assert first.content.decode().count("<li><a") == 20
    assert "page=2" in first.content.decode()
    assert second.content.decode().count("<li><a") == 3


def test_nothing_matches_says_so(client, cast, written):
    client.force_login(cast.owner)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("search:results"), {"q": "不存在的词"})
    assert "Nothing you may see matches" in response.content.decode()


@pytest.mark.parametrize("params", [{"q": "x" * 500}, {"q": "用工", "kind": "nonsense"},
                                    {"q": "用工", "kind": "appeal", "page": "abc"},
                                    {"q": "用工", "kind": "appeal", "page": "-1"}])
def test_bad_parameters_are_a_message_not_an_error(client, cast, params):
    client.force_login(cast.owner)
    assert client.get(reverse("search:results"), params).status_code == 200


def test_portal_users_and_visitors_do_not_reach_the_search(client, cast):
    assert client.get(reverse("search:results"), {"q": "台"}).status_code == 302
    client.force_login(cast.portal)
    assert client.get(reverse("search:results"), {"q": "台"}).status_code == 404


def test_the_index_follows_every_write(cast):
    appeal = register(cast, "厂房用电扩容")
    assert titles(cast.owner, "用电扩容") == ["厂房用电扩容"]

    appeals.appeal_update(actor=cast.owner, appeal=appeal,
                          data={"title": "厂房供水改造", "description": "供水管网改造"},
                          expected_version=appeal.version)

    assert titles(cast.owner, "用电扩容") == []
    assert titles(cast.owner, "供水改造") == ["厂房供水改造"]
    Appeal.objects.filter(pk=appeal.pk).delete()
    assert titles(cast.owner, "供水改造") == []


def test_a_renamed_enterprise_is_found_by_its_new_name(cast):
    enterprises.enterprise_update(
        actor=cast.owner, enterprise=cast.enterprise,
        data={"name": "濟南海峽兩岸精工有限公司"}, expected_version=cast.enterprise.version)
    assert titles(cast.owner, "海峡两岸", kind="enterprise") == ["濟南海峽兩岸精工有限公司"]
    assert titles(cast.owner, "鲁台精密机械", kind="enterprise") == []


def test_the_rebuild_command_restores_a_lost_index(cast, written, capsys):
    Enterprise.objects.filter(pk=cast.enterprise.pk).update(search_text="")
    if connection.vendor == "sqlite":
        table = fts_table("appeals_appeal")
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")  # noqa: S608
        assert not matching(Appeal.objects.all(), "融资难").exists()

    call_command("search_rebuild")

    assert list(matching(Appeal.objects.all(), "融资难")) == [written["traditional"]]
    assert titles(cast.owner, "融资难") == [TRADITIONAL_TITLE]
    assert titles(cast.owner, "鲁台精密", kind="enterprise") == [cast.enterprise.name]
    assert "indexes rebuilt" in capsys.readouterr().out


@pytest.mark.parametrize(("small", "batch"), [(5000, 1000), (2, 1000), (2, 1), (0, 2)])
def test_every_way_to_the_rows_finds_the_same(cast, written, monkeypatch, small, batch):
    """A county reads its few rows, a rare word looks its few matches up, and when both are
    many the index is walked newest first: the hits are the same whichever way is taken."""
    from qinshang.search import query

    for number in range(6):
        register(cast, f"台资企业用工第{number}批")
    expected = titles(cast.owner, "用工")
    monkeypatch.setattr(query, "SMALL", small)
    monkeypatch.setattr(query, "BATCH", batch)

    assert titles(cast.owner, "用工") == expected
    assert titles(cast.city, "臺資") == [title for title in expected if "台资" in title]
    assert titles(cast.neighbour, "用工") == []
    hits, more = search_kind(cast.owner, BY_KEY["appeal"], "用工", offset=2, limit=3)
    assert [hit.name for hit in hits] == expected[2:5]
    assert more
