"""The staff pages of the hotlines: the list with its filters, hours and latest band; creating and
editing a line with its week; the line's page with its test-call figures; logging a call (and
taking it in as an appeal in the same step); the call log and its export; and what each member of
the cast is offered. Bad input of the forms is in test_pages_input.py; rounds, test calls and the
ranking in test_pages_rounds.py."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.events.models import Event
from qinshang.hotlines import services
from qinshang.hotlines.models import Call, Hotline, OpeningHours
from qinshang.testing import factories as f
from qinshang.testing.cast import (
    CALL_TOPIC,
    HOTLINE_NUMBER,
    NEIGHBOUR_COUNTY,
    OWNER_COUNTY,
)

TZ = ZoneInfo("Asia/Shanghai")
PAST = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=TZ)
OFFICE_HOURS = [services.Hours(day, datetime.time(9), datetime.time(17)) for day in range(5)]


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def errors_beside(response, name: str) -> list[str]:
    """The messages shown in the field block holding the input named ``name``."""
    page = html(response)
    starts = [match.start() for match in re.finditer(r'<div class="field[ "]', page)]
    for start, end in zip(starts, [*starts[1:], len(page)], strict=True):
        block = page[start:end]
        if f'name="{name}"' in block:
            return [unescape(text) for text in
                    re.findall(r'<p class="error" role="alert">([^<]+)<', block)]
    raise AssertionError(f"no field {name}")


def workbook_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def snapshot() -> tuple:
    return (list(Hotline.objects.order_by("pk").values()),
            list(OpeningHours.objects.order_by("pk").values()),
            list(Call.objects.order_by("pk").values()), Appeal.objects.count(),
            Event.objects.count())


def line_at(cast, code: str, number: str, *, hours=(), status="active",
            starts_on=datetime.date(2026, 4, 1)) -> Hotline:
    return services.hotline_create(
        actor=cast.province, office=f.office_at(code), hours=hours, at=PAST,
        data={"number": number, "purpose": "台胞台企服务热线", "always_open": not hours,
              "starts_on": starts_on, "status": status})


# --- the list ----------------------------------------------------------------------------------

def test_the_list_shows_each_line_with_its_hours_and_latest_band(client, lines):
    line_at(lines, OWNER_COUNTY, "0531-82220001", hours=[
        *OFFICE_HOURS, services.Hours(5, datetime.time(9), datetime.time(12))])
    client.force_login(lines.owner)
    page = html(english(client).get(reverse("hotlines:list")))
    assert HOTLINE_NUMBER in page and "0531-82220001" in page
    assert "24 hours" in page
    assert "Mon–Fri 09:00–17:00; Sat 09:00–12:00" in page
    assert "历下区台办" in page and "2026-04-01" in page
    # The cast's line was answered in the province's round: hot, 100%.
    row = page[page.index(HOTLINE_NUMBER):]
    assert "band-hot" in row[:row.index("</tr>")]
    assert "100.0%" in row[:row.index("</tr>")]
    assert "Not tested" in page  # the new line


def test_the_list_filters_by_division_office_and_status(client, lines):
    line_at(lines, NEIGHBOUR_COUNTY, "0531-82220002", status="suspended")
    client.force_login(lines.city)
    url = reverse("hotlines:list")
    both = html(client.get(url))
    assert HOTLINE_NUMBER in both and "0531-82220002" in both
    by_division = html(client.get(url, {"region": NEIGHBOUR_COUNTY}))
    assert HOTLINE_NUMBER not in by_division and "0531-82220002" in by_division
    by_office = html(client.get(url, {"office": f.office_at(OWNER_COUNTY).pk}))
    assert HOTLINE_NUMBER in by_office and "0531-82220002" not in by_office
    by_status = html(client.get(url, {"status": "suspended"}))
    assert HOTLINE_NUMBER not in by_status and "0531-82220002" in by_status
    # the whole city: both
    assert "0531-82220002" in html(client.get(url, {"region": "370100"}))


def test_other_counties_do_not_see_the_line(client, lines):
    client.force_login(lines.neighbour)
    assert HOTLINE_NUMBER not in html(client.get(reverse("hotlines:list")))
    assert client.get(reverse("hotlines:detail", args=[lines.liaison.hotline.pk])).status_code \
        == 404


def test_the_list_costs_the_same_for_one_and_six_lines(client, lines):
    client.force_login(lines.province)
    url = reverse("hotlines:list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        line = line_at(lines, OWNER_COUNTY, f"0531-8333000{number}", hours=OFFICE_HOURS)
        services.test_call_record(actor=lines.province, hotline=line, at=PAST + datetime.timedelta(
            days=1), data={"called_at": PAST, "answered": False})
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert html(response).count('href="/hotlines/') >= 6
    assert len(six) == len(one)
    assert len(six) <= 12


def test_the_export_holds_the_lines_the_user_sees(client, lines):
    line_at(lines, NEIGHBOUR_COUNTY, "0531-82220002")
    client.force_login(lines.owner)
    rows = workbook_rows(english(client).get(reverse("hotlines:export")))
    assert rows[0][:3] == ("Phone number", "Division", "Division code")
    assert [row[0] for row in rows[1:]] == [HOTLINE_NUMBER]
    assert rows[1][5] == "24 hours" and rows[1][-1] == "Hot (≥ 95%)"


# --- create and edit ---------------------------------------------------------------------------

def hotline_post(cast, **changes) -> dict:
    data = {"office": str(f.office_at(OWNER_COUNTY).pk), "number": "0531-86069999",
            "purpose": "台商投资服务热线", "starts_on": "2026-05-01", "status": "active",
            "hours-TOTAL_FORMS": "7", "hours-INITIAL_FORMS": "0", "hours-MIN_NUM_FORMS": "7",
            "hours-MAX_NUM_FORMS": "7"}
    for day in range(7):
        working = day < 5
        data |= {f"hours-{day}-opens": "09:00" if working else "",
                 f"hours-{day}-closes": "17:00" if working else "",
                 f"hours-{day}-opens_2": "", f"hours-{day}-closes_2": ""}
    return data | changes


def test_the_form_offers_the_offices_the_user_writes_for_and_a_week(client, lines):
    client.force_login(lines.city)
    page = html(english(client).get(reverse("hotlines:create")))
    offices = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', page.split(
        'name="office"')[1].split("</select>")[0])
    assert {name for _pk, name in offices} >= {"济南市台办", "历下区台办", "市中区台办"}
    assert "山东省台办" not in {name for _pk, name in offices}
    assert page.count('type="time"') == 28
    assert 'name="hours-0-opens" value="09:00"' in page  # office hours on working days
    assert 'name="hours-5-opens"' in page and 'name="hours-5-opens" value' not in page


def test_a_line_with_weekly_hours_is_saved_with_its_week(client, lines):
    client.force_login(lines.owner)
    data = hotline_post(lines)
    data |= {"hours-5-opens": "09:00", "hours-5-closes": "12:00",
             "hours-0-closes": "12:00", "hours-0-opens_2": "13:30", "hours-0-closes_2": "17:30"}
    response = english(client).post(reverse("hotlines:create"), data)
    created = Hotline.objects.get(number="0531-86069999")
    assert response.status_code == 302
    assert response["Location"] == reverse("hotlines:detail", args=[created.pk])
    assert not created.always_open and created.region_id == OWNER_COUNTY
    assert [str(row) for row in created.hours.all()][:3] == [
        "Monday 09:00–12:00", "Monday 13:30–17:30", "Tuesday 09:00–17:00"]
    assert created.hours.count() == 7
    page = html(client.get(response["Location"]))
    assert "Hotline 0531-86069999 saved." in page
    assert "Mon 09:00–12:00, 13:30–17:30; Tue–Fri 09:00–17:00; Sat 09:00–12:00" in page


def test_a_24_hour_line_ignores_the_week(client, lines):
    client.force_login(lines.owner)
    data = hotline_post(lines, always_open="on")
    data["hours-2-closes"] = "08:00"  # left over in the week: not used, not checked
    response = client.post(reverse("hotlines:create"), data)
    assert response.status_code == 302
    created = Hotline.objects.get(number="0531-86069999")
    assert created.always_open and not created.hours.exists()


def test_editing_a_line_changes_it_and_its_week(client, lines):
    hotline = lines.liaison.hotline
    client.force_login(lines.owner)
    form = html(english(client).get(reverse("hotlines:edit", args=[hotline.pk])))
    assert re.search(r'name="always_open"[^>]*checked', form)
    assert 'name="office"' not in form
    data = hotline_post(lines, number=HOTLINE_NUMBER, purpose="台胞台企服务热线（工作日）",
                        starts_on="2026-04-01", version=str(hotline.version))
    del data["office"]
    response = client.post(reverse("hotlines:edit", args=[hotline.pk]), data)
    assert response.status_code == 302
    hotline.refresh_from_db()
    assert (hotline.always_open, hotline.version, hotline.hours.count()) == (False, 2, 5)
    assert Event.objects.filter(verb="hotline.updated", target_id=str(hotline.pk)).count() == 1


def test_a_stale_edit_is_refused_and_keeps_the_input(client, lines):
    hotline = lines.liaison.hotline
    client.force_login(lines.owner)
    data = hotline_post(lines, number=HOTLINE_NUMBER, purpose="我的修改", starts_on="2026-04-01",
                        version=str(hotline.version))
    del data["office"]
    services.hotline_update(actor=lines.city, hotline=Hotline.objects.get(pk=hotline.pk),
                            data={"purpose": "别人的修改"}, expected_version=hotline.version)
    before = snapshot()
    response = english(client).post(reverse("hotlines:edit", args=[hotline.pk]), data)
    assert response.status_code == 409
    assert "Someone else changed this line" in html(response)
    assert 'value="我的修改"' in html(response)
    assert f'name="version" value="{hotline.version + 1}"' in html(response)
    assert snapshot() == before


# --- the line's page ---------------------------------------------------------------------------

def test_the_line_page_shows_its_figures_calls_and_actions(client, lines):
    hotline = lines.liaison.hotline
    services.test_call_record(actor=lines.owner, hotline=hotline, at=PAST + datetime.timedelta(
        hours=1), data={"called_at": PAST, "answered": False})
    client.force_login(lines.owner)
    page = html(english(client).get(reverse("hotlines:detail", args=[hotline.pk])))
    assert "24 hours" in page and "历下区台办" in page
    # one answered call in the round (12 s, scores 5 4 4 5), one unanswered outside a round
    assert "50.0%" in page and "12.0" in page and "4.5" in page
    assert "Outside any round" in page and lines.liaison.test_round.name in page
    assert CALL_TOPIC in page
    assert reverse("hotlines:call_create", args=[hotline.pk]) in page
    assert f"{reverse('hotlines:test_call_create')}?hotline={hotline.pk}" in page


def test_a_test_call_outside_the_hours_is_marked_not_counted(client, lines):
    line = line_at(lines, OWNER_COUNTY, "0531-82220003", hours=OFFICE_HOURS)
    saturday = datetime.datetime(2026, 4, 18, 10, 0, tzinfo=TZ)
    services.test_call_record(actor=lines.owner, hotline=line, at=PAST + datetime.timedelta(
        days=5), data={"called_at": saturday, "answered": False})
    client.force_login(lines.owner)
    page = html(english(client).get(reverse("hotlines:detail", args=[line.pk])))
    assert "not counted" in page
    assert "Not tested" in page  # the only call did not count


def test_the_reader_sees_the_line_without_the_actions(client, lines):
    hotline = lines.liaison.hotline
    client.force_login(lines.reader)
    page = html(client.get(reverse("hotlines:detail", args=[hotline.pk])))
    assert HOTLINE_NUMBER in page
    assert reverse("hotlines:call_create", args=[hotline.pk]) not in page
    assert reverse("hotlines:edit", args=[hotline.pk]) not in page
    assert client.get(reverse("hotlines:call_create", args=[hotline.pk])).status_code == 403


# --- calls -------------------------------------------------------------------------------------

def call_post(cast, **changes) -> dict:
    return {"received_at": "2026-05-06T09:30", "caller_name": "林先生",
            "caller_phone": "13905310000", "enterprise": str(cast.enterprise.pk), "person": "",
            "topic": "咨询用地政策", "summary": "询问扩产用地指标办理流程。", "outcome": "answered",
            "appeal-kind": "request"} | changes


def test_logging_a_call_goes_to_the_call_page(client, lines):
    hotline = lines.liaison.hotline
    client.force_login(lines.owner)
    form = html(english(client).get(reverse("hotlines:call_create", args=[hotline.pk])))
    assert 'type="datetime-local"' in form
    # The enterprise is picked from the one search, narrowed to the line's division.
    picker = f"{reverse('search:pick', args=['enterprise'])}?region={hotline.region_id}"
    assert f'hx-get="{picker}"' in form and lines.foreign_enterprise.name not in form
    offered = html(client.get(f"{picker}&q=济南"))
    assert lines.enterprise.name in offered and lines.foreign_enterprise.name not in offered
    response = client.post(reverse("hotlines:call_create", args=[hotline.pk]), call_post(lines))
    call = Call.objects.get(topic="咨询用地政策")
    assert response["Location"] == reverse("hotlines:call_detail", args=[call.pk])
    assert (call.enterprise, call.taken_by, call.outcome, call.appeal) == (
        lines.enterprise, lines.owner, "answered", None)
    page = html(client.get(response["Location"]))
    assert "Call logged." in page and "询问扩产用地指标办理流程。" in page and "13905310000" in page


def test_a_call_taken_in_as_an_appeal_goes_to_the_appeal(client, lines):
    hotline = lines.liaison.hotline
    client.force_login(lines.owner)
    response = english(client).post(
        reverse("hotlines:call_create", args=[hotline.pk]), call_post(
            lines, outcome="", **{"appeal-take_in": "on",
                                  "appeal-category": str(Category.objects.get(code="land").pk),
                                  "appeal-title": "扩产用地指标紧张",
                                  "appeal-description": "希望协调新增用地指标。"}))
    call = Call.objects.select_related("appeal").get(topic="咨询用地政策")
    appeal = call.appeal
    assert response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    assert (appeal.channel, appeal.enterprise, appeal.title, appeal.kind) == (
        Channel.HOTLINE, lines.enterprise, "扩产用地指标紧张", "request")
    assert call.outcome == "appeal"
    assert f"Call logged and taken in as appeal {appeal.reference}." in html(
        client.get(response["Location"]))


def test_the_call_log_filters_and_exports(client, lines):
    hotline = lines.liaison.hotline
    older = services.call_record(actor=lines.owner, hotline=hotline, at=PAST, data={
        "received_at": PAST - datetime.timedelta(days=30), "topic": "咨询台胞证", "summary": "x",
        "outcome": "referred"})
    client.force_login(lines.owner)
    url = reverse("hotlines:calls")
    everything = html(english(client).get(url))
    assert CALL_TOPIC in everything and older.topic in everything
    march = html(client.get(url, {"date_from": "2026-03-01", "date_to": "2026-03-31"}))
    assert older.topic in march and CALL_TOPIC not in march
    referred = html(client.get(url, {"outcome": "referred"}))
    assert older.topic in referred and CALL_TOPIC not in referred
    wrong = client.get(url, {"date_from": "2026-04-01", "date_to": "2026-03-01"})
    assert "The end date is before the start date." in html(wrong)
    rows = workbook_rows(client.get(reverse("hotlines:calls_export"), {"outcome": "referred"}))
    assert rows[0][:3] == ("Time", "Line", "Answering office")
    assert [row[7] for row in rows[1:]] == ["咨询台胞证"]
    assert rows[1][0] == datetime.datetime(2026, 3, 16, 10, 0)


def test_the_call_log_costs_the_same_for_one_and_six_calls(client, lines):
    client.force_login(lines.owner)
    url = reverse("hotlines:calls")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        services.call_record(actor=lines.owner, hotline=lines.liaison.hotline,
                             enterprise=lines.enterprise, person=lines.person, at=PAST,
                             data={"received_at": PAST, "topic": f"来电{number}", "summary": "x",
                                   "outcome": "answered"})
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert html(response).count("来电") >= 5
    assert len(six) == len(one)
    assert len(six) <= 12


def test_the_neighbour_finds_neither_the_call_nor_its_log(client, lines):
    client.force_login(lines.neighbour)
    assert CALL_TOPIC not in html(client.get(reverse("hotlines:calls")))
    assert client.get(reverse("hotlines:call_detail", args=[lines.liaison.call.pk])) \
        .status_code == 404
    assert client.get(reverse("hotlines:call_create", args=[lines.liaison.hotline.pk])) \
        .status_code == 404


@pytest.mark.parametrize("member", ["department", "portal"])
def test_the_hotline_pages_are_the_offices_own(client, lines, member):
    client.force_login(getattr(lines, member))
    for name in ("hotlines:list", "hotlines:calls", "hotlines:rounds"):
        assert client.get(reverse(name)).status_code == 404


def test_markup_in_a_call_is_shown_as_text(client, lines):
    client.force_login(lines.owner)
    markup = '<script>alert("x")</script>'
    client.post(reverse("hotlines:call_create", args=[lines.liaison.hotline.pk]),
                call_post(lines, topic=markup, summary=markup))
    call = Call.objects.get(topic=markup)
    page = html(client.get(reverse("hotlines:call_detail", args=[call.pk])))
    assert markup not in page and "&lt;script&gt;" in page
