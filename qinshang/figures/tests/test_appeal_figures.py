"""The appeal figures on a hand-built set whose rates are known in advance (see conftest.py)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qinshang.access import principal_of, visible
from qinshang.appeals import services
from qinshang.appeals.models import Appeal, overdue_q
from qinshang.figures.appeals import (
    AppealFigures,
    appeal_breakdown,
    appeal_figures,
    appeal_figures_by_area,
    appeals_at_a_glance,
    appeals_in,
)
from qinshang.figures.templatetags.figures import days, percent
from qinshang.figures.tests.conftest import END_OF_2025, at, register
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db

YEAR_2025 = {"date_from": datetime.date(2025, 1, 1), "date_to": datetime.date(2025, 12, 31)}
YEAR_2025_QUERY = {"date_from": "2025-01-01", "date_to": "2025-12-31"}

EXPECTED = AppealFigures(
    registered=10, open=8, answered=6, resolved=5, answered_on_time=4, rated=4, satisfied=3,
    overdue=3, supervised=1, closed=1, rejected=1, responded_in_time=8, response_counted=10,
    handled=6, handling_days_total=5 + 5 + 5 + 10 + 19 + 20)


def figures_of(user, *, region=None, now=END_OF_2025, **period) -> AppealFigures:
    period = period or YEAR_2025
    return appeal_figures(appeals_in(user, region=region, **period), now=now)


# --- every count and rate ---------------------------------------------------------------------

def test_every_count_of_the_known_set(cast, known):
    assert figures_of(cast.owner) == EXPECTED


def test_every_rate_of_the_known_set(cast, known):
    figures = figures_of(cast.owner)
    assert figures.response_rate == 8 / 10
    assert figures.resolution_rate == 5 / 6
    assert figures.satisfaction_rate == 3 / 4
    assert figures.on_time_rate == 4 / 6
    assert figures.mean_handling_days == 64 / 6


def test_rates_read_as_percentages_with_one_decimal(cast, known):
    figures = figures_of(cast.owner)
    assert [percent(figures.response_rate), percent(figures.resolution_rate),
            percent(figures.satisfaction_rate), percent(figures.on_time_rate),
            days(figures.mean_handling_days)] == ["80.0%", "83.3%", "75.0%", "66.7%", "10.7"]
    assert percent(159 / 161) == "98.8%"


def test_handling_days_are_the_working_days_by_hand(cast, known):
    stored = [Appeal.objects.get(pk=appeal.pk).handling_days for appeal in known.appeals[:6]]
    assert stored == [5, 5, 5, 10, 19, 20]  # 4 April 2025 (清明) is not a working day


def test_nothing_counted_gives_no_rate_not_zero(cast):
    figures = figures_of(cast.owner)
    assert figures == AppealFigures()
    assert figures.response_rate is None
    assert figures.resolution_rate is None
    assert figures.satisfaction_rate is None
    assert figures.on_time_rate is None
    assert figures.mean_handling_days is None
    assert percent(None) == "—"
    assert days(None) == "—"


def test_the_figures_are_one_query(cast, known, django_assert_num_queries):
    appeals = visible(cast.owner, Appeal)
    with django_assert_num_queries(1):
        appeal_figures(appeals, now=END_OF_2025)


def test_overdue_counts_what_the_appeal_list_calls_overdue(cast, known):
    for now in (at(3, 14, 12), at(4, 1), END_OF_2025):
        expected = Appeal.objects.overdue(now).count()
        assert Appeal.objects.filter(overdue_q(now)).count() == expected
        assert figures_of(cast.owner, now=now).overdue == expected


def test_response_rate_counts_a_limit_only_once_it_has_passed(cast):
    # given an appeal registered on Friday 14 March 2025 at 09:00, not yet contacted
    register(cast, 3, 14, "新诉求")
    # then before its contact limit it is not counted, after it it counts as a miss
    before = figures_of(cast.owner, now=at(3, 14, 12))
    assert (before.responded_in_time, before.response_counted) == (0, 0)
    after = figures_of(cast.owner, now=at(3, 20))
    assert (after.responded_in_time, after.response_counted) == (0, 1)
    assert after.response_rate == 0


def test_merged_duplicates_are_not_counted(cast, known):
    assert Appeal.objects.filter(state="merged").count() == 1
    assert visible(cast.owner, Appeal).count() == 11
    assert figures_of(cast.owner).registered == 10
    rows = appeal_figures_by_area(cast.city, region=None, now=END_OF_2025, **YEAR_2025)
    assert rows[-1].figures.registered == 10


def test_a_reopened_appeal_is_answered_again_before_it_counts(cast, known):
    # given A3 (rated 2) reopened at the appellant's request
    services.appeal_reopen(actor=cast.portal, appeal=known.appeals[3], reason="仍未解决",
                           at=at(4, 25))
    figures = figures_of(cast.owner)
    # then it is neither answered nor rated any more, and open again
    assert (figures.answered, figures.resolved, figures.answered_on_time) == (5, 4, 3)
    assert (figures.rated, figures.satisfied) == (3, 3)
    assert figures.handling_days_total == 64 - 10
    assert figures.open == 8
    # when it is answered again, it counts once more
    services.appeal_answer(actor=cast.department, appeal=known.appeals[3],
                           outcome="resolved", reply="已重新办理", at=at(4, 28))
    assert figures_of(cast.owner).answered == 6


# --- jurisdiction --------------------------------------------------------------------------------

def test_a_neighbour_county_officer_does_not_count_the_owner_county(cast, known):
    register(cast, 3, 5, "市中区诉求", enterprise=cast.foreign_enterprise, actor=cast.neighbour)
    assert figures_of(cast.neighbour).registered == 1
    assert figures_of(cast.owner).registered == 10
    assert figures_of(cast.other_city).registered == 0
    assert figures_of(cast.city).registered == 11
    assert figures_of(cast.province).registered == 11


def test_a_department_counts_the_appeals_routed_to_it(cast, known):
    # A0–A5 and A7 were assigned to the Jinan commerce department
    figures = figures_of(cast.department)
    assert figures.registered == 7
    assert (figures.answered, figures.resolved, figures.rated) == (6, 5, 4)


def test_a_region_outside_the_reach_adds_nothing(cast, known):
    owner_county = Region.objects.get(code="370102")
    assert figures_of(cast.neighbour, region=owner_county) == AppealFigures()


# --- broken down by division ---------------------------------------------------------------

def test_province_rows_are_cities_and_add_up_to_the_total(cast, known):
    register(cast, 3, 5, "市中区诉求", enterprise=cast.foreign_enterprise, actor=cast.neighbour)
    rows = appeal_figures_by_area(cast.province, region=None, now=END_OF_2025, **YEAR_2025)
    *cities, total = rows
    assert total.is_total
    assert {row.code for row in cities} >= {"370100", "370200", "370700"}
    assert all(row.code[4:] == "00" and row.code[:2] == "37" for row in cities)
    jinan = next(row for row in cities if row.code == "370100")
    assert jinan.name == "济南市" and jinan.drillable
    assert jinan.figures.registered == 11
    summed = AppealFigures()
    for row in cities:
        summed += row.figures
    assert summed == total.figures == figures_of(cast.province)


def test_city_rows_are_counties_and_add_up_to_the_total(cast, known):
    register(cast, 3, 5, "市中区诉求", enterprise=cast.foreign_enterprise, actor=cast.neighbour)
    jinan = Region.objects.get(code="370100")
    rows = appeal_figures_by_area(cast.province, region=jinan, now=END_OF_2025, **YEAR_2025)
    *counties, total = rows
    by_code = {row.code: row for row in counties}
    assert by_code["370102"].name == "历下区"
    assert by_code["370102"].figures == EXPECTED
    assert by_code["370103"].figures.registered == 1
    assert by_code["370112"].figures == AppealFigures()  # 历城区: shown with nothing in it
    summed = AppealFigures()
    for row in counties:
        summed += row.figures
    assert summed == total.figures == figures_of(cast.province, region=jinan)
    assert total.figures.response_rate == (8 + 0) / (10 + 1)


def test_the_whole_reach_of_a_city_officer_is_grouped_by_county(cast, known):
    rows = appeal_figures_by_area(cast.city, region=None, now=END_OF_2025, **YEAR_2025)
    assert rows[0].code.startswith("3701") and len(rows[0].code) == 6
    assert next(row for row in rows if row.code == "370102").figures == EXPECTED


def test_rows_are_one_group_by_query(cast, known, django_assert_max_num_queries):
    jinan = Region.objects.get(code="370100")
    principal_of(cast.province)  # read once per request, before any figure
    with django_assert_max_num_queries(2):  # the figures and the division names
        appeal_figures_by_area(cast.province, region=jinan, now=END_OF_2025, **YEAR_2025)


def test_a_county_is_broken_down_by_category(cast, known):
    register(cast, 3, 5, "用工诉求")
    labour = Appeal.objects.get(title="用工诉求")
    labour.category = labour.category.__class__.objects.get(code="labour")
    labour.save()
    breakdown = appeal_breakdown(cast.city, region=Region.objects.get(code="370102"),
                                 now=END_OF_2025, **YEAR_2025)
    assert not breakdown.by_area
    assert [(row.code, row.figures.registered) for row in breakdown.rows] == [
        ("labour", 1), ("land", 10)]
    assert breakdown.total.registered == 11
    assert breakdown.rows[1].figures == EXPECTED


# --- the period -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "registered"), [
    ((3, 3), (3, 3), 1),     # the first day includes the appeal registered at 09:00
    ((3, 4), (3, 14), 9),    # starting the day after leaves it out
    ((3, 1), (3, 2), 0),
    ((3, 14), (3, 14), 1),   # the last day counts whole; its merged duplicate does not
    ((3, 15), (12, 31), 0),
])
def test_the_period_counts_whole_local_days(cast, known, start, end, registered):
    period = {"date_from": datetime.date(2025, *start), "date_to": datetime.date(2025, *end)}
    assert figures_of(cast.owner, **period).registered == registered


def test_an_appeal_registered_just_before_midnight_belongs_to_its_local_day(cast):
    services.appeal_register(
        actor=cast.owner, enterprise=cast.enterprise,
        at=datetime.datetime(2025, 3, 3, 23, 59, 59, tzinfo=at(3, 3).tzinfo),
        data={"kind": "request", "channel": "visit",
              "category": Appeal._meta.get_field("category").related_model.objects.first(),
              "title": "深夜来电", "description": "深夜来电"})
    day = datetime.date(2025, 3, 3)
    assert figures_of(cast.owner, date_from=day, date_to=day).registered == 1
    next_day = datetime.date(2025, 3, 4)
    assert figures_of(cast.owner, date_from=next_day, date_to=next_day).registered == 0


# --- the dashboard --------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["owner", "reader", "neighbour", "city", "province",
                                 "other_city", "department"])
def test_the_dashboard_opens_for_staff(client, cast, known, who):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("figures:appeals"), YEAR_2025_QUERY)
    assert response.status_code == 200
    assert "figures-category-chart" in response.content.decode()


def test_the_dashboard_is_not_there_for_portal_users(client, cast, known):
    client.force_login(cast.portal)
    assert client.get(reverse("figures:appeals")).status_code == 404
    assert client.get(reverse("figures:appeals_export")).status_code == 404


def test_the_dashboard_asks_anonymous_users_to_log_in(client):
    response = client.get(reverse("figures:appeals"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_owner_sees_the_known_rates(client, cast, known):
    client.force_login(cast.owner)
    html = client.get(reverse("figures:appeals"), YEAR_2025_QUERY).content.decode()
    for shown in ("80.0%", "83.3%", "75.0%", "66.7%", "10.7"):
        assert shown in html
    assert "历下区" in html


def test_the_province_drills_down_to_the_city_and_the_county(client, cast, known):
    client.force_login(cast.province)
    url = reverse("figures:appeals")
    province = client.get(url, YEAR_2025_QUERY).content.decode()
    assert "?region=370100&amp;date_from=2025-01-01&amp;date_to=2025-12-31" in province
    city = client.get(url, {**YEAR_2025_QUERY, "region": "370100"}).content.decode()
    assert "?region=370102&amp;date_from=2025-01-01" in city
    assert "市中区" in city
    county = client.get(url, {**YEAR_2025_QUERY, "region": "370102"}).content.decode()
    assert "用地" in county  # rows by category
    assert "?region=370100&amp;" in county  # the way back up


def test_a_department_can_drill_into_the_counties_it_serves(client, cast, known):
    client.force_login(cast.department)
    url = reverse("figures:appeals")
    city = client.get(url, YEAR_2025_QUERY).content.decode()
    assert "?region=370102&amp;" in city
    county = client.get(url, {**YEAR_2025_QUERY, "region": "370102"})
    assert county.status_code == 200
    assert "error" not in county.content.decode().split("<form", 1)[1].split("</form>")[0]


def in_english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_division_outside_the_reach_is_refused_beside_the_field(client, cast, known):
    in_english(client, cast.neighbour)
    response = client.get(reverse("figures:appeals"), {**YEAR_2025_QUERY, "region": "370102"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ('<p class="error" role="alert">Unknown division: choose one in your '
            'jurisdiction.</p>') in html
    assert "80.0%" not in html


@pytest.mark.parametrize(("query", "message"), [
    ({"date_from": "2025-13-45", "date_to": "2025-12-31"}, "Enter a valid date."),
    ({"date_from": "yesterday"}, "Enter a valid date."),
    ({"date_from": "2025-12-31", "date_to": "2025-01-01"},
     "The end of the period comes before its start."),
])
def test_bad_dates_are_reported_and_the_defaults_used(client, cast, known, query, message):
    in_english(client, cast.owner)
    response = client.get(reverse("figures:appeals"), query)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="error" role="alert">{message}</p>' in html
    # the default period is this calendar year, where the 2025 set does not fall
    today = timezone.localdate()
    assert f"{today.year}-01-01 – {today:%Y-%m-%d}" in html
    assert "80.0%" not in html


def test_the_dashboard_stays_within_its_query_budget(client, cast, known,
                                                    django_assert_max_num_queries):
    register(cast, 3, 5, "市中区诉求", enterprise=cast.foreign_enterprise, actor=cast.neighbour)
    url = reverse("figures:appeals")
    for user, query in [(cast.province, {}), (cast.province, {"region": "370100"}),
                        (cast.city, {"region": "370102"}), (cast.department, {})]:
        client.force_login(user)
        client.get(url)  # the session is warm, as it is for a working user
        with django_assert_max_num_queries(10):
            assert client.get(url, {**YEAR_2025_QUERY, **query}).status_code == 200


def test_the_export_holds_the_same_table(client, cast, known):
    in_english(client, cast.city)
    response = client.get(reverse("figures:appeals_export"), YEAR_2025_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert header[:3] == ["Division", "Code", "Registered"]
    assert rows["370102"][0].value == "历下区"
    registered_column = 2
    assert rows["370102"][registered_column].value == 10
    total = sheet[sheet.max_row]
    assert total[registered_column].value == 10
    rates = [cell for cell in rows["370102"] if cell.number_format == "0.0%"]
    assert [cell.value for cell in rates] == [8 / 10, 5 / 6, 3 / 4, 4 / 6]
    empty_county = rows["370112"]
    assert [cell.value for cell in empty_county if cell.number_format == "0.0%"] == [None] * 4


# --- the overview ---------------------------------------------------------------------------

def test_at_a_glance(cast, known):
    glance = appeals_at_a_glance(cast.owner, now=END_OF_2025)
    assert (glance.open, glance.overdue, glance.to_assess) == (8, 3, 2)
    assert glance.awaiting_department is None
    routed = appeals_at_a_glance(cast.department, now=END_OF_2025)
    assert routed.awaiting_department == 1  # A7, in progress
    assert appeals_at_a_glance(cast.neighbour, now=END_OF_2025).open == 0


def test_the_overview_shows_the_appeals_at_a_glance(client, cast, known):
    in_english(client, cast.owner)
    html = client.get(reverse("core:home")).content.decode()
    glance = html.split('id="appeals-glance"', 1)[1].split("</section>", 1)[0]
    figures = re.findall(r'card-label">([^<]+)</span><span class="card-figure">(\d+)<', glance)
    assert figures == [("Open appeals", "8"), ("Overdue", "3"), ("Waiting for assessment", "2")]
    in_english(client, cast.department)
    html = client.get(reverse("core:home")).content.decode()
    assert 'Awaiting my department</span><span class="card-figure">1<' in html
