"""The holiday table: the seed from chinese-calendar, reloading it, the administrator's edits."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from qinshang.events.models import Event
from qinshang.testing import factories as f
from qinshang.workdays.models import CalendarYear, SpecialDay
from qinshang.workdays.services import (
    PACKAGE_SOURCE,
    calendar_years_load_from_package,
    package_special_days,
)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def loadholidays(*args: str) -> str:
    out = StringIO()
    call_command("loadholidays", *args, stdout=out)
    return out.getvalue()


# --- the seed -------------------------------------------------------------------------------

def test_every_year_the_package_covers_is_entered():
    assert list(CalendarYear.objects.order_by("year").values_list("year", flat=True)) == list(
        range(2004, 2027))
    assert set(CalendarYear.objects.values_list("source", flat=True)) == {
        "chinese-calendar 1.11.0"}


def test_2025_holds_its_weekday_holidays_and_worked_weekends():
    days = SpecialDay.objects.filter(date__year=2025)
    assert days.filter(kind=SpecialDay.Kind.HOLIDAY).count() == 18
    assert list(days.filter(kind=SpecialDay.Kind.WORKDAY).values_list("date", "name")) == [
        (d("2025-01-26"), "Spring Festival"), (d("2025-02-08"), "Spring Festival"),
        (d("2025-04-27"), "Labour Day"), (d("2025-09-28"), "National Day"),
        (d("2025-10-11"), "National Day")]


def test_only_days_that_change_a_count_are_stored():
    # Holidays on a weekend change nothing; worked days are always weekend days
    assert not SpecialDay.objects.filter(kind=SpecialDay.Kind.HOLIDAY,
                                         date__week_day__in=[1, 7]).exists()
    assert not SpecialDay.objects.filter(kind=SpecialDay.Kind.WORKDAY,
                                         date__week_day__in=[2, 3, 4, 5, 6]).exists()
    assert SpecialDay.objects.get(date=d("2026-02-16")).name == "Spring Festival"
    assert not SpecialDay.objects.filter(date=d("2026-02-15")).exists()  # a Sunday off


# --- reloading ------------------------------------------------------------------------------

def test_loadholidays_twice_gives_the_same_table():
    expected = sum(len(package_special_days(year)) for year in range(2004, 2027))
    loadholidays()
    first = (CalendarYear.objects.count(), SpecialDay.objects.count())
    output = loadholidays()
    assert (CalendarYear.objects.count(), SpecialDay.objects.count()) == first == (23, expected)
    assert "2025: 18 holidays on weekdays, 5 working weekend days" in output
    assert "loaded 23 year(s)" in output


def test_loadholidays_for_one_year_restores_that_year_and_leaves_the_others():
    # Given administrator edits in 2025 and 2026
    SpecialDay.objects.filter(date=d("2025-10-08")).delete()
    SpecialDay.objects.create(date=d("2026-03-04"), kind=SpecialDay.Kind.HOLIDAY)
    # When 2025 is reloaded
    output = loadholidays("--year", "2025")
    # Then 2025 is the package's again and the 2026 edit stays
    assert SpecialDay.objects.filter(date=d("2025-10-08")).exists()
    assert SpecialDay.objects.filter(date=d("2026-03-04")).exists()
    assert output.startswith("2025: 18 holidays")
    assert "2024:" not in output
    assert Event.objects.filter(verb="workdays.loaded", target_id="2025").exists()


def test_loadholidays_refuses_a_year_the_package_lacks():
    with pytest.raises(CommandError, match="2027"):
        loadholidays("--year", "2027")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_reload_reenters_a_deleted_year():
    CalendarYear.objects.filter(year=2024).delete()
    assert calendar_years_load_from_package([2024]) == [2024]
    assert CalendarYear.objects.get(year=2024).source == PACKAGE_SOURCE


# --- the administrator's entries ------------------------------------------------------------

def test_a_special_day_in_a_year_not_entered_is_refused():
    day = SpecialDay(date=d("2027-10-01"), kind=SpecialDay.Kind.HOLIDAY, name="National Day")
    with pytest.raises(ValidationError) as refused:
        day.full_clean()
    assert "2027" in refused.value.message_dict["date"][0]
    assert "Add the year first" in refused.value.message_dict["date"][0]


def test_a_special_day_is_accepted_once_its_year_is_entered():
    CalendarYear.objects.create(year=2027)
    SpecialDay(date=d("2027-10-01"), kind=SpecialDay.Kind.HOLIDAY, name="National Day").full_clean()


def test_a_weekday_cannot_be_marked_a_working_weekend_day():
    day = SpecialDay(date=d("2026-03-04"), kind=SpecialDay.Kind.WORKDAY)
    with pytest.raises(ValidationError) as refused:
        day.full_clean()
    assert "weekday" in refused.value.message_dict["kind"][0]


def test_a_year_outside_the_plausible_range_is_refused():
    with pytest.raises(ValidationError) as refused:
        CalendarYear(year=20277).full_clean()
    assert "year" in refused.value.message_dict


# --- the admin ------------------------------------------------------------------------------

@pytest.fixture
def root_client(client):
    client.force_login(f.UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_admin_lists_years_with_their_counts(root_client):
    response = root_client.get(reverse("admin:workdays_calendaryear_changelist"))
    assert response.status_code == 200
    years = {year.year: year for year in response.context["cl"].result_list}
    assert (years[2025].holidays, years[2025].workdays) == (18, 5)
    assert "?date__year=2025" in response.content.decode()


def test_the_admin_lists_one_years_special_days(root_client):
    response = root_client.get(reverse("admin:workdays_specialday_changelist"),
                               {"date__year": "2026", "kind": "workday"})
    assert response.status_code == 200
    assert [day.date for day in response.context["cl"].result_list] == [
        d("2026-01-04"), d("2026-02-14"), d("2026-02-28"), d("2026-05-09"), d("2026-09-20"),
        d("2026-10-10")]


def test_the_admin_refuses_a_special_day_before_its_year(root_client):
    response = root_client.post(reverse("admin:workdays_specialday_add"),
                                {"date": "2027-02-08", "kind": "holiday", "name": "春节"})
    assert response.status_code == 200
    assert not SpecialDay.objects.filter(date=d("2027-02-08")).exists()
    assert response.context["adminform"].form.errors["date"]


def test_the_administrator_enters_a_new_year(root_client):
    response = root_client.post(reverse("admin:workdays_calendaryear_add"),
                                {"year": "2027", "source": "国务院办公厅通知", "note": ""})
    assert response.status_code == 302
    response = root_client.post(reverse("admin:workdays_specialday_add"),
                                {"date": "2027-02-08", "kind": "holiday", "name": "春节"})
    assert response.status_code == 302
    assert SpecialDay.objects.get(date=d("2027-02-08")).name == "春节"
