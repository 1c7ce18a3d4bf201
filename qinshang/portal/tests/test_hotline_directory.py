"""The public directory of the service hotlines on the portal: no login, in Traditional Chinese,
filtered by area; only the lines in service that have started, and nothing of the offices' own
work (test calls, bands, calls, status)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qinshang.hotlines import services
from qinshang.testing import factories as f
from qinshang.testing.cast import (
    CALL_TOPIC,
    CITY,
    HOTLINE_NUMBER,
    NEIGHBOUR_COUNTY,
    OTHER_CITY,
    OWNER_COUNTY,
    build_liaison_cast,
)

TZ = ZoneInfo("Asia/Shanghai")
CREATED = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=TZ)
OFFICE_HOURS = [services.Hours(day, datetime.time(9), datetime.time(17)) for day in range(5)]


@pytest.fixture
def directory(cast, next_year_calendar):
    cast.liaison = build_liaison_cast(cast)
    return cast


def line_at(cast, code: str, number: str, *, hours=(), status="active",
            starts_on=datetime.date(2026, 4, 1), purpose="台胞台企服务热线"):
    return services.hotline_create(
        actor=cast.province, office=f.office_at(code), hours=hours, at=CREATED,
        data={"number": number, "purpose": purpose, "always_open": not hours,
              "starts_on": starts_on, "status": status})


def page_of(client, **params) -> str:
    response = client.get(reverse("portal:hotlines"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_finds_the_lines_in_traditional_chinese(client, directory):
    line_at(directory, NEIGHBOUR_COUNTY, "0531-82220002", hours=OFFICE_HOURS,
            purpose="台商投资咨询热线")
    page = page_of(client)
    assert '<html lang="zh-hant">' in page
    assert HOTLINE_NUMBER in page and 'href="tel:053186061234"' in page
    assert "歷下區臺辦" in page and "臺胞臺企服務熱線" in page
    assert "市中區臺辦" in page and "臺商投資諮詢熱線" in page
    assert "历下区台办" not in page  # the office's Simplified text is converted


def test_only_lines_in_service_that_have_started_are_listed(client, directory):
    line_at(directory, OWNER_COUNTY, "0531-82220003", status="suspended")
    line_at(directory, OWNER_COUNTY, "0531-82220004", status="withdrawn")
    line_at(directory, OWNER_COUNTY, "0531-82220005",
            starts_on=timezone.localdate() + datetime.timedelta(days=10))
    page = page_of(client)
    assert HOTLINE_NUMBER in page
    for number in ("0531-82220003", "0531-82220004", "0531-82220005"):
        assert number not in page


def test_the_directory_is_filtered_by_area(client, directory):
    line_at(directory, NEIGHBOUR_COUNTY, "0531-82220002")
    line_at(directory, OTHER_CITY, "0536-82220006")
    page = page_of(client)
    # the areas that have lines, with the cities and the province above them
    for code in ("370000", CITY, OWNER_COUNTY, NEIGHBOUR_COUNTY, OTHER_CITY):
        assert f'<option value="{code}"' in page
    assert '<option value="370200"' not in page  # Qingdao: no line
    county = page_of(client, region=OWNER_COUNTY)
    assert HOTLINE_NUMBER in county and "0531-82220002" not in county
    city = page_of(client, region=CITY)
    assert HOTLINE_NUMBER in city and "0531-82220002" in city and "0536-82220006" not in city
    assert "0536-82220006" in page_of(client, region="370000")


def test_an_unknown_area_is_said_and_everything_shown(client, directory):
    page = page_of(client, region="999999")
    assert HOTLINE_NUMBER in page
    assert 'class="error"' in page


def test_the_hours_are_shown_as_the_line_states_them(client, directory):
    line_at(directory, NEIGHBOUR_COUNTY, "0531-82220002", hours=OFFICE_HOURS)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = page_of(client)
    assert "24 hours" in page and "Mon–Fri 09:00–17:00" in page


def test_nothing_of_the_offices_own_work_is_shown(client, directory):
    page = page_of(client)
    assert CALL_TOPIC not in page
    assert "band-" not in page and "100.0%" not in page
    assert directory.liaison.test_round.name not in page
    assert reverse("hotlines:detail", args=[directory.liaison.hotline.pk]) not in page


@pytest.mark.parametrize("member", ["owner", "department", "portal", "other_city"])
def test_every_kind_of_user_may_open_it(client, directory, member):
    client.force_login(getattr(directory, member))
    assert HOTLINE_NUMBER in page_of(client)


def test_the_directory_costs_the_same_for_one_and_twenty_lines(client, directory):
    url = reverse("portal:hotlines")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(19):
        line_at(directory, NEIGHBOUR_COUNTY if number % 2 else OTHER_CITY,
                f"0531-8444{number:04d}", hours=OFFICE_HOURS)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(url)
    assert response.content.decode().count('href="tel:') == 20
    assert len(twenty) == len(one) <= 6
