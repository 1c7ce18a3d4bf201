"""Test-call rounds, test calls and the ranking through the pages: the round list and its
coverage, setting up a round by filters with the count shown (and refused when the count
changed), the round's page, recording a test call (warned before saving when the time is outside
the line's hours), who may record in a province's round, and the ranking with its bands,
drill-down and export."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qinshang.hotlines import services
from qinshang.hotlines.models import TestCall, TestCallRound
from qinshang.hotlines.tests.test_pages import (
    OFFICE_HOURS,
    PAST,
    english,
    html,
    line_at,
)
from qinshang.testing import factories as f
from qinshang.testing.cast import (
    CITY,
    HOTLINE_NUMBER,
    NEIGHBOUR_COUNTY,
    OWNER_COUNTY,
    PROVINCE,
    ROUND_NAME,
)

TZ = ZoneInfo("Asia/Shanghai")
APRIL = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
WEDNESDAY = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=TZ)
SATURDAY = datetime.datetime(2026, 4, 18, 10, 0, tzinfo=TZ)
RECORDED = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=TZ)


def probe_url(hotline, test_round=None) -> str:
    url = f"{reverse('hotlines:test_call_create')}?hotline={hotline.pk}"
    return url + (f"&round={test_round.pk}" if test_round is not None else "")


def probe_post(moment: datetime.datetime, **changes) -> dict:
    return {"called_at": timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M"),
            "answered": "yes", "seconds_to_answer": "8", "courtesy": "5", "knowledge": "4",
            "ownership": "4", "accuracy": "5", "notes": "态度热情"} | changes


def called(cast, test_round, hotline, made, answered, when=WEDNESDAY):
    for n in range(made):
        scored = n < answered
        services.test_call_record(
            actor=cast.province, hotline=hotline, test_round=test_round, at=RECORDED,
            data={"called_at": when + datetime.timedelta(minutes=n), "answered": scored,
                  "seconds_to_answer": 10 if scored else None,
                  **dict.fromkeys(("courtesy", "knowledge", "ownership", "accuracy"),
                                  4 if scored else None)})


@pytest.fixture
def april(lines):
    """The province's April round over four lines of Jinan: hot (20/19), warm with office hours
    (10/5 and 3 on a Saturday, not counted), cold in the neighbour county (10/2), and one line
    of the city never called."""
    new = {
        "hot": line_at(lines, OWNER_COUNTY, "0531-81110001", starts_on=datetime.date(2014, 3, 1)),
        "warm": line_at(lines, OWNER_COUNTY, "0531-81110002", hours=OFFICE_HOURS,
                        starts_on=datetime.date(2014, 5, 1)),
        "cold": line_at(lines, NEIGHBOUR_COUNTY, "0531-81110003",
                        starts_on=datetime.date(2015, 1, 1)),
        "untested": line_at(lines, CITY, "0531-81110005", starts_on=datetime.date(2013, 1, 1)),
    }
    test_round = services.round_create(
        actor=lines.province, office=f.office_at(PROVINCE), hotlines=list(new.values()),
        at=RECORDED, data={"name": "4月新开通热线拨测", "starts_on": APRIL[0],
                           "ends_on": APRIL[1]})
    called(lines, test_round, new["hot"], 20, 19)
    called(lines, test_round, new["warm"], 10, 5)
    called(lines, test_round, new["warm"], 3, 0, when=SATURDAY)
    called(lines, test_round, new["cold"], 10, 2)
    lines.april = test_round
    lines.new = new
    return lines


# --- rounds ------------------------------------------------------------------------------------

def test_the_rounds_list_counts_each_viewers_part(client, april):
    client.force_login(april.province)
    page = html(english(client).get(reverse("hotlines:rounds")))
    row = page[page.index("4月新开通热线拨测"):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">4</td><td class="num">3</td><td class="num">75.0%</td>' in row
    client.force_login(april.owner)
    page = html(client.get(reverse("hotlines:rounds")))
    row = page[page.index("4月新开通热线拨测"):]
    row = row[:row.index("</tr>")]
    assert '<td class="num">2</td><td class="num">2</td><td class="num">100.0%</td>' in row
    assert ROUND_NAME in page  # the cast's round, seen from below


def test_the_rounds_list_costs_the_same_for_one_and_four_rounds(client, april):
    client.force_login(april.province)
    url = reverse("hotlines:rounds")
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for number in range(2):
        services.round_create(actor=april.province, office=f.office_at(PROVINCE), at=RECORDED,
                              hotlines=[april.liaison.hotline],
                              data={"name": f"第{number}轮", "starts_on": APRIL[0],
                                    "ends_on": APRIL[1]})
    with CaptureQueriesContext(connection) as four:
        html(client.get(url))
    assert len(four) == len(two) <= 12


def test_the_round_page_shows_coverage_lines_and_who_may_call(client, april):
    client.force_login(april.province)
    url = reverse("hotlines:round_detail", args=[april.april.pk])
    page = html(english(client).get(url))
    assert "75.0%" in page and "3 of 4 lines called" in page
    not_called = page[page.index("Lines not yet called</h2>"):]
    assert "0531-81110005" in not_called and "0531-81110001" not in not_called
    assert page.count("Test call</a>") == 4 + 1  # each line, and the line not yet called
    assert "band-hot" in page and "band-warm" in page and "band-cold" in page
    # the three Saturday calls: recorded, not counted
    assert '<td class="num">3</td>' in page[page.index("0531-81110002"):]

    client.force_login(april.owner)
    page = html(client.get(url))
    assert "0531-81110001" in page and "0531-81110003" not in page  # their county only
    assert "Test call</a>" not in page
    assert "recorded by the offices that cover all of 山东省" in page


def test_setting_up_a_round_shows_the_number_of_lines_and_saves_them(client, april):
    """"Check all the lines new since 2014-01-01": three of the five Jinan lines."""
    client.force_login(april.province)
    url = reverse("hotlines:round_create")
    form = html(english(client).get(url))
    assert "5 lines to call" in form  # the four new lines and the cast's, in service
    data = {"name": "新开通热线复测", "office": str(f.office_at(PROVINCE).pk),
            "starts_on": "2026-05-01", "ends_on": "2026-05-31", "lines-region": "",
            "lines-status": "active", "lines-since_from": "2014-01-01",
            "lines-since_to": "2015-12-31"}
    counted = client.get(url, data, headers={"HX-Request": "true"})
    assert "3 lines to call" in html(counted)
    assert 'name="count" value="3"' in html(counted)
    assert "0531-81110003" in html(counted) and "0531-81110005" not in html(counted)
    response = client.post(url, {**data, "count": "3"})
    created = TestCallRound.objects.get(name="新开通热线复测")
    assert response["Location"] == reverse("hotlines:round_detail", args=[created.pk])
    assert sorted(created.hotlines.values_list("number", flat=True)) == [
        "0531-81110001", "0531-81110002", "0531-81110003"]
    assert created.scope_id == PROVINCE
    assert "Round saved: 3 lines to call." in html(client.get(response["Location"]))


def test_a_round_whose_lines_changed_since_counted_is_not_saved(client, april):
    client.force_login(april.province)
    data = {"name": "新开通热线复测", "office": str(f.office_at(PROVINCE).pk),
            "starts_on": "2026-05-01", "ends_on": "2026-05-31", "lines-region": CITY,
            "lines-status": "active", "lines-since_from": "", "lines-since_to": "",
            "count": "5"}
    line_at(april, OWNER_COUNTY, "0531-81110009")  # added meanwhile: now six
    response = english(client).post(reverse("hotlines:round_create"), data)
    assert response.status_code == 409
    assert "Nothing was saved: check the number and save again." in html(response)
    assert 'name="count" value="6"' in html(response)
    assert not TestCallRound.objects.filter(name="新开通热线复测").exists()


def test_a_county_sets_up_a_round_of_its_own_lines(client, april):
    client.force_login(april.owner)
    url = reverse("hotlines:round_create")
    form = html(english(client).get(url))
    assert "3 lines to call" in form  # its county's three lines
    assert f'<option value="{f.office_at(PROVINCE).pk}"' not in form


# --- test calls --------------------------------------------------------------------------------

def test_a_test_call_in_the_round_is_recorded_and_counted(client, april):
    client.force_login(april.province)
    hotline = april.liaison.hotline
    moment = timezone.now() - datetime.timedelta(hours=1)
    response = english(client).post(probe_url(hotline, april.liaison.test_round),
                                    probe_post(moment))
    assert response["Location"] == reverse("hotlines:round_detail",
                                           args=[april.liaison.test_round.pk])
    call = TestCall.objects.latest("pk")
    assert (call.inspector, call.within_hours, call.courtesy, call.notes) == (
        april.province, True, 5, "态度热情")
    assert "Test call recorded." in html(client.get(response["Location"]))


def test_an_unanswered_test_call_needs_no_scores(client, april):
    client.force_login(april.owner)
    line = april.new["hot"]
    response = english(client).post(probe_url(line), probe_post(
        PAST, answered="no", seconds_to_answer="", courtesy="", knowledge="", ownership="",
        accuracy=""))
    assert response["Location"] == reverse("hotlines:detail", args=[line.pk])
    call = TestCall.objects.latest("pk")
    assert (call.answered, call.courtesy, call.round) == (False, None, None)


def test_outside_the_hours_the_form_warns_before_saving(client, april):
    line = april.new["warm"]  # Monday to Friday 09:00–17:00
    client.force_login(april.owner)
    calls = TestCall.objects.count()
    url = probe_url(line)
    page = html(english(client).get(url))
    assert "Mon–Fri 09:00–17:00" in page
    hint = client.get(f"{url}&called_at=2026-04-18T10:00", headers={"HX-Request": "true"})
    assert "outside the line's hours" in html(hint)
    hint = client.get(f"{url}&called_at=2026-04-15T10:00", headers={"HX-Request": "true"})
    assert "The line is staffed at this time." in html(hint)

    warned = client.post(url, probe_post(SATURDAY))
    assert warned.status_code == 200
    assert "2026-04-18 10:00 is outside the line's hours." in html(warned)
    assert "recorded but not counted against the line" in html(warned)
    assert TestCall.objects.count() == calls  # nothing yet
    assert 'name="outside_hours_ok" value="2026-04-18T10:00"' in html(warned)

    # The time changed after the warning: warned again, still nothing written.
    sunday = probe_post(SATURDAY + datetime.timedelta(days=1), outside_hours_ok="2026-04-18T10:00")
    assert "2026-04-19 10:00 is outside" in html(client.post(url, sunday))
    assert TestCall.objects.count() == calls

    confirmed = client.post(url, probe_post(SATURDAY, outside_hours_ok="2026-04-18T10:00"))
    assert confirmed.status_code == 302
    call = TestCall.objects.latest("pk")
    assert (call.called_at, call.within_hours) == (SATURDAY, False)
    assert "kept but not counted" in html(client.get(confirmed["Location"]))


def test_a_county_may_not_record_in_the_provinces_round(client, april):
    client.force_login(april.owner)
    url = probe_url(april.liaison.hotline, april.liaison.test_round)
    response = english(client).get(url)
    assert response.status_code == 403
    assert "needs write access over the whole of 山东省" in html(response)
    calls = TestCall.objects.count()
    assert client.post(url, probe_post(timezone.now() - datetime.timedelta(hours=1))) \
        .status_code == 403
    assert TestCall.objects.count() == calls
    # On its own line outside any round it may.
    assert client.get(probe_url(april.liaison.hotline)).status_code == 200


def test_a_line_outside_the_round_is_not_found(client, april):
    client.force_login(april.province)
    outside = line_at(april, OWNER_COUNTY, "0531-81110010")
    assert client.get(probe_url(outside, april.april)).status_code == 404


# --- the ranking -------------------------------------------------------------------------------

def test_the_ranking_of_a_round(client, april):
    client.force_login(april.province)
    page = html(english(client).get(reverse("figures:hotline_ranking"),
                                    {"round": april.april.pk}))
    # 40 calls counted, 26 answered; the Saturday ones not counted
    assert '<span class="card-figure">40</span>' in page
    assert '<span class="card-figure">26</span>' in page
    assert "65.0%" in page and "below the 95% of GB/T 33358" in page
    assert "3 more outside the lines&#x27; hours" in page or "3 more outside the lines' hours" \
        in page
    ranking = page[page.index("Ranking of the lines</h2>"):]
    order = [ranking.index(number) for number in (
        "0531-81110001", "0531-81110002", "0531-81110003", "0531-81110005")]
    assert order == sorted(order)
    assert HOTLINE_NUMBER not in ranking  # not one of the round's lines
    assert "band-hot" in ranking and "band-untested" in ranking
    # by division: the province's default, drill into Jinan
    assert f'?region={CITY}&amp;round={april.april.pk}' in page


def test_the_ranking_drills_down_with_breadcrumbs(client, april):
    client.force_login(april.province)
    url = reverse("figures:hotline_ranking")
    page = html(english(client).get(url, {"region": CITY}))
    crumbs = page[page.index('class="crumbs"'):page.index("</p>", page.index('class="crumbs"'))]
    assert f"?region={PROVINCE}" in crumbs and "济南市" in crumbs
    by_division = page[page.index("By division</h2>"):page.index("By office</h2>")]
    assert "历下区" in by_division and "市中区" in by_division
    assert "济南市 (own level)" in by_division
    county = html(client.get(url, {"region": OWNER_COUNTY}))
    assert "By division</h2>" not in county
    assert "0531-81110003" not in county and "0531-81110001" in county


def test_the_ranking_of_a_county_is_its_own(client, april):
    client.force_login(april.neighbour)
    page = html(english(client).get(reverse("figures:hotline_ranking")))
    assert "0531-81110003" in page and "0531-81110001" not in page
    assert "band-cold" in page


def test_a_bad_period_is_said_and_left_out(client, april):
    client.force_login(april.province)
    page = html(english(client).get(reverse("figures:hotline_ranking"), {
        "from": "2026-05-01", "to": "2026-04-01", "region": "999999"}))
    assert "The end of the period comes before its start." in page
    assert "Unknown division: choose one in your jurisdiction." in page
    assert "0531-81110001" in page


def test_the_ranking_exports_its_three_tables(client, april):
    client.force_login(april.province)
    response = english(client).get(reverse("figures:hotline_ranking_export"),
                                   {"round": april.april.pk, "region": CITY})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert workbook.sheetnames == ["Ranking", "By division", "By office"]
    ranking = list(workbook["Ranking"].iter_rows(values_only=True))
    assert ranking[0][:3] == ("Rank", "Phone number", "Answering office")
    assert [row[:2] for row in ranking[1:]] == [
        (1, "0531-81110001"), (2, "0531-81110002"), (3, "0531-81110003"),
        (None, "0531-81110005")]
    assert ranking[1][7] == 0.95 and ranking[1][-1] == "Hot (≥ 95%)"
    divisions = list(workbook["By division"].iter_rows(values_only=True))
    assert divisions[-1][:4] == ("Total", 4, 40, 26)


def test_the_ranking_costs_a_few_queries(client, april):
    client.force_login(april.province)
    url = reverse("figures:hotline_ranking")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"region": CITY})
    assert len(queries) <= 12


def test_the_ranking_counts_the_calls_of_the_period(client, april):
    client.force_login(april.province)
    page = html(english(client).get(reverse("figures:hotline_ranking"), {
        "round": april.april.pk, "from": "2026-04-16", "to": "2026-04-30"}))
    assert '<span class="card-figure">0</span>' in page  # the counted calls were on the 15th
    assert "3 more outside the lines" in page              # the Saturday ones
    assert 'name="from" value="2026-04-16"' in page
