"""Deadlines in working days and office hours on the real 2024-2026 arrangements (调休)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from qinshang.workdays.calendar import (
    CalendarNotCovered,
    add_working_days,
    add_working_hours,
    is_working_day,
    working_days_between,
)
from qinshang.workdays.models import CalendarYear, SpecialDay


def at(text: str) -> datetime.datetime:
    """An aware datetime in the office's time zone (Asia/Shanghai, see conftest)."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def end_of(text: str) -> datetime.datetime:
    return at(f"{text} 23:59:59.999999")


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# --- which days are working days ----------------------------------------------------------

@pytest.mark.parametrize(("day", "working"), [
    ("2026-03-04", True),    # an ordinary Wednesday
    ("2026-03-07", False),   # an ordinary Saturday
    ("2026-02-16", False),   # Spring Festival, Monday
    ("2026-02-14", True),    # Saturday worked for Spring Festival
    ("2025-09-28", True),    # Sunday worked for National Day
    ("2025-10-08", False),   # National Day, Wednesday
    ("2024-02-18", True),    # Sunday worked for Spring Festival
    ("2024-02-09", True),    # 除夕 2024 was not a day off
])
def test_working_days_follow_the_state_council_arrangement(day, working):
    assert is_working_day(d(day)) is working


def test_a_datetime_is_judged_by_its_local_date():
    # 2026-03-06 18:00 UTC is already Saturday 02:00 in Shanghai
    saturday_night = datetime.datetime(2026, 3, 6, 18, 0, tzinfo=datetime.UTC)
    assert is_working_day(saturday_night) is False


# --- deadlines in working days --------------------------------------------------------------

def test_zero_working_days_is_the_end_of_the_same_day():
    assert add_working_days(at("2026-03-04 10:15"), 0) == end_of("2026-03-04")


def test_deadline_skips_an_ordinary_weekend():
    assert add_working_days(at("2026-03-06 16:00"), 1) == end_of("2026-03-09")


def test_start_on_a_weekend_counts_from_monday():
    assert add_working_days(at("2026-03-07 11:00"), 1) == end_of("2026-03-09")


def test_deadline_is_returned_aware_in_local_time():
    deadline = add_working_days(at("2026-03-04 10:15"), 1)
    assert timezone.is_aware(deadline)
    assert timezone.localtime(deadline).time() == datetime.time.max


def test_start_is_taken_on_its_local_date():
    # Thursday 17:00 UTC is Friday 01:00 in Shanghai: one working day later is Monday
    thursday_utc = datetime.datetime(2026, 3, 5, 17, 0, tzinfo=datetime.UTC)
    assert add_working_days(thursday_utc, 1) == end_of("2026-03-09")


def test_spring_festival_2024_skips_the_holiday_week_and_counts_the_worked_sundays():
    # Given holidays Sat 2/10 - Sat 2/17 with Sunday 2/4 and Sunday 2/18 worked
    # When an appeal arrives on Friday 2/2 or Friday 2/9
    # Then the worked Sundays are deadlines, and the holiday week counts for nothing
    assert add_working_days(at("2024-02-02 15:00"), 1) == end_of("2024-02-04")
    assert add_working_days(at("2024-02-09 15:00"), 1) == end_of("2024-02-18")
    assert add_working_days(at("2024-02-09 15:00"), 2) == end_of("2024-02-19")


def test_national_day_2025_skips_the_holiday_and_counts_the_worked_weekend_days():
    # Given holidays Wed 10/1 - Wed 10/8 with Sunday 9/28 and Saturday 10/11 worked
    start = at("2025-09-26 10:00")  # a Friday
    assert add_working_days(start, 1) == end_of("2025-09-28")
    assert add_working_days(start, 3) == end_of("2025-09-30")
    assert add_working_days(start, 4) == end_of("2025-10-09")
    assert add_working_days(start, 6) == end_of("2025-10-11")
    assert add_working_days(start, 7) == end_of("2025-10-13")


def test_spring_festival_2026_skips_the_holiday_and_counts_the_worked_saturdays():
    # Given holidays Sun 2/15 - Mon 2/23 with Saturday 2/14 and Saturday 2/28 worked
    start = at("2026-02-13 09:30")  # a Friday
    assert add_working_days(start, 1) == end_of("2026-02-14")
    assert add_working_days(start, 2) == end_of("2026-02-24")
    assert add_working_days(start, 6) == end_of("2026-02-28")
    assert add_working_days(start, 7) == end_of("2026-03-02")


def test_fifteen_working_days_across_national_day_2025():
    # The normal answer limit, for an appeal registered the day before the holiday
    # 10/9, 10/10, Saturday 10/11, then 12 weekdays from 10/13
    assert add_working_days(at("2025-09-30 11:00"), 15) == end_of("2025-10-28")


def test_thirty_working_days_across_the_new_year_stay_within_three_queries(
        django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        deadline = add_working_days(at("2025-12-15 10:00"), 30)
    # 12/16-12/31: 12 days; 1/1-1/2 New Year off; Sunday 1/4 worked, then 17 weekdays
    assert deadline == end_of("2026-01-27")


def test_thirty_working_days_within_a_year_stay_within_three_queries(
        django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        add_working_days(at("2026-03-02 10:00"), 30)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(at("2026-03-04 10:00"), -1)


# --- deadlines in office hours --------------------------------------------------------------

def test_two_hours_from_friday_afternoon_is_monday_morning():
    assert add_working_hours(at("2026-03-06 16:00"), 2) == at("2026-03-09 10:00")


def test_hours_ending_at_closing_time_end_that_day():
    assert add_working_hours(at("2026-03-06 15:00"), 2) == at("2026-03-06 17:00")


def test_hours_within_one_day():
    assert add_working_hours(at("2026-03-04 09:20"), 2) == at("2026-03-04 11:20")


def test_hours_from_the_eve_of_national_day_resume_after_the_holiday():
    # Tuesday 9/30 15:00: two hours that day, the other two on Thursday 10/9
    assert add_working_hours(at("2025-09-30 15:00"), 4) == at("2025-10-09 11:00")


def test_hours_from_the_eve_of_spring_festival_2026_resume_on_the_worked_saturday():
    assert add_working_hours(at("2026-02-13 16:30"), 2) == at("2026-02-14 10:30")


def test_a_call_at_night_counts_from_the_next_opening():
    assert add_working_hours(at("2026-03-03 22:30"), 2) == at("2026-03-04 11:00")
    assert add_working_hours(at("2026-03-04 07:00"), 2) == at("2026-03-04 11:00")
    assert add_working_hours(at("2026-03-04 17:00"), 2) == at("2026-03-05 11:00")


def test_a_call_on_an_ordinary_saturday_counts_from_monday():
    assert add_working_hours(at("2026-03-07 10:00"), 2) == at("2026-03-09 11:00")


def test_a_call_on_a_worked_saturday_counts_that_saturday():
    # Saturday 2/14/2026 is worked; the next working day is Tuesday 2/24
    assert add_working_hours(at("2026-02-14 10:00"), 2) == at("2026-02-14 12:00")
    assert add_working_hours(at("2026-02-14 10:00"), 8) == at("2026-02-24 10:00")


def test_a_call_during_a_holiday_counts_from_the_first_working_day():
    assert add_working_hours(at("2025-10-03 10:00"), 2) == at("2025-10-09 11:00")


def test_hours_spanning_several_days():
    # 24 office hours from Wednesday 13:00: Wed 4 h, Thu 8, Fri 8, Mon 4
    assert add_working_hours(at("2026-03-04 13:00"), 24) == at("2026-03-09 13:00")


# --- handling time in working days ----------------------------------------------------------

def test_answered_the_same_day_is_zero_working_days():
    assert working_days_between(at("2026-03-04 09:00"), at("2026-03-04 16:59")) == 0


def test_answered_after_a_weekend():
    assert working_days_between(at("2026-03-06 16:00"), at("2026-03-09 09:30")) == 1


def test_handling_time_across_national_day_2025_counts_only_working_days():
    assert working_days_between(at("2025-09-30 10:00"), at("2025-10-09 10:00")) == 1
    assert working_days_between(at("2025-09-26 10:00"), at("2025-10-13 10:00")) == 7


def test_handling_time_across_spring_festival_2026_counts_the_worked_saturdays():
    assert working_days_between(at("2026-02-13 10:00"), at("2026-02-28 10:00")) == 6


def test_handling_time_agrees_with_the_deadline():
    start = at("2024-02-02 10:00")
    assert working_days_between(start, add_working_days(start, 12)) == 12


def test_an_answer_before_the_registration_is_refused():
    with pytest.raises(ValueError, match="before"):
        working_days_between(at("2026-03-04 10:00"), at("2026-03-04 09:00"))


# --- years not entered ----------------------------------------------------------------------

def test_a_deadline_falling_in_2027_is_refused_until_the_administrator_enters_2027():
    # Given a calendar that ends with 2026
    start = at("2026-12-20 10:00")  # a Sunday; 12/21-12/31 holds 9 working days
    # When a deadline of 15 working days is asked for
    with pytest.raises(CalendarNotCovered) as refused:
        add_working_days(start, 15)
    # Then the officer is told which year is missing
    assert refused.value.year == 2027
    assert "2027" in str(refused.value)
    assert str(refused.value) == refused.value.message
    with translation.override("en"):
        assert "administrator" in refused.value.message
    with translation.override("zh-hans"):
        assert "管理员" in refused.value.message

    # When the administrator enters 2027 without any special day
    CalendarYear.objects.create(year=2027, source="entered by the administrator")
    # Then the same deadline is given on plain weekends (1/1/2027 is an ordinary Friday)
    assert add_working_days(start, 15) == end_of("2027-01-08")


def test_a_count_that_ends_before_the_missing_year_is_answered():
    # The calendar reads ahead into 2027 but never needs it
    assert add_working_days(at("2026-12-01 10:00"), 10) == end_of("2026-12-15")


def test_office_hours_running_into_2027_are_refused():
    with pytest.raises(CalendarNotCovered) as refused:
        add_working_hours(at("2026-12-31 16:00"), 2)
    assert refused.value.year == 2027


def test_handling_time_into_2027_is_refused():
    with pytest.raises(CalendarNotCovered):
        working_days_between(at("2026-12-30 10:00"), at("2027-01-05 10:00"))


@pytest.mark.parametrize("call", [
    lambda: add_working_days(at("2003-12-30 10:00"), 1),
    lambda: add_working_days(at("2003-12-30 10:00"), 0),
    lambda: add_working_hours(at("2003-12-30 10:00"), 2),
    lambda: working_days_between(at("2003-12-30 10:00"), at("2004-01-05 10:00")),
    lambda: is_working_day(d("2003-12-30")),
])
def test_a_start_in_2003_is_refused(call):
    with pytest.raises(CalendarNotCovered) as refused:
        call()
    assert refused.value.year == 2003
    assert "2003" in str(refused.value)


# --- the administrator's edits --------------------------------------------------------------

def test_a_weekday_the_administrator_marks_a_holiday_is_skipped():
    # Given Wednesday 3/4/2026, an ordinary working day
    start = at("2026-03-03 10:00")
    assert add_working_days(start, 1) == end_of("2026-03-04")
    # When the administrator marks it a holiday
    SpecialDay.objects.create(date=d("2026-03-04"), kind=SpecialDay.Kind.HOLIDAY, name="test")
    # Then deadlines and handling times skip it
    assert is_working_day(d("2026-03-04")) is False
    assert add_working_days(start, 1) == end_of("2026-03-05")
    assert add_working_hours(at("2026-03-03 16:00"), 2) == at("2026-03-05 10:00")
    assert working_days_between(start, at("2026-03-05 10:00")) == 1


def test_a_saturday_the_administrator_marks_worked_counts():
    SpecialDay.objects.create(date=d("2026-03-07"), kind=SpecialDay.Kind.WORKDAY)
    assert add_working_days(at("2026-03-06 10:00"), 1) == end_of("2026-03-07")


def test_a_holiday_the_administrator_removes_becomes_a_working_day_again():
    SpecialDay.objects.filter(date=d("2025-10-08")).delete()
    assert add_working_days(at("2025-09-30 10:00"), 1) == end_of("2025-10-08")


def test_a_count_running_past_the_years_read_ahead_reads_the_next_year_too(
        django_assert_max_num_queries):
    # Given the administrator has closed December 2026 from the 2nd and entered 2027 with
    # New Year's Day off: the count must go further than the calendar read ahead
    SpecialDay.objects.bulk_create(
        SpecialDay(date=d("2026-12-02") + datetime.timedelta(days=n),
                   kind=SpecialDay.Kind.HOLIDAY)
        for n in range(30) if (d("2026-12-02") + datetime.timedelta(days=n)).weekday() < 5)
    CalendarYear.objects.create(year=2027)
    SpecialDay.objects.create(date=d("2027-01-01"), kind=SpecialDay.Kind.HOLIDAY)
    # Then the deadline is found in 2027, respecting its entry, in three queries
    with django_assert_max_num_queries(3):
        deadline = add_working_days(at("2026-12-01 10:00"), 1)
    assert deadline == end_of("2027-01-04")
