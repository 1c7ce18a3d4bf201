"""The appeal services' detail rules (DESIGN.md §4): deadlines on the Chinese working-day calendar,
extensions, returns, answers, reopening and stale edits. Given / when / then, on the real
database, at fixed past times (qinshang.testing.appeals)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from qinshang.appeals import services
from qinshang.appeals.models import (
    Appeal,
    Assignment,
    Extension,
    Kind,
    Outcome,
    Priority,
    Rating,
    State,
    TimeLimits,
)
from qinshang.appeals.selectors import appeal_timeline
from qinshang.appeals.services import StaleEdit
from qinshang.appeals.workflow import TransitionRefused
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.offices.models import Office
from qinshang.testing import factories as f
from qinshang.testing.appeals import START, appeal_tables, at, end_of, register
from qinshang.testing.cast import OWNER_COUNTY
from qinshang.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- the main path --------------------------------------------------------------------------

def test_the_main_path_from_intake_to_close_leaves_one_event_per_step(cast, build):
    """一事、一议、一跟踪、一落实: submitted in the portal, assessed, assigned, accepted, tracked,
    answered, rated and closed; the appellant's timeline shows the steps, not the notes."""
    appeal = build(State.IN_PROGRESS, start=at(2025, 9, 25, 10))
    services.appeal_note(actor=cast.department, appeal=appeal, text="已约企业现场查看",
                         at=at(2025, 9, 26, 10))
    services.appeal_answer(actor=cast.department, appeal=appeal, outcome=Outcome.RESOLVED,
                           reply="用地审批已办结", at=at(2025, 10, 9, 10))
    services.appeal_rate(actor=cast.portal, appeal=appeal, rating=Rating.VERY_SATISFIED,
                         at=at(2025, 10, 9, 15))
    appeal = services.appeal_close(actor=cast.owner, appeal=appeal, at=at(2025, 10, 10, 9))
    assert (appeal.state, appeal.closed_at) == (State.CLOSED, at(2025, 10, 10, 9))
    assert (appeal.outcome, appeal.handling_days, appeal.answered_on_time, appeal.rating) == (
        Outcome.RESOLVED, 5, True, Rating.VERY_SATISFIED)
    steps = ["appeal.registered", "appeal.assessed", "appeal.assigned", "appeal.accepted",
             "appeal.noted", "appeal.answered", "appeal.rated", "appeal.closed"]
    assert [e.verb for e in reversed(appeal_timeline(appeal))] == steps
    public = [e.verb for e in reversed(appeal_timeline(appeal, public=True))]
    assert public == [verb for verb in steps if verb not in ("appeal.accepted", "appeal.noted")]
    assert appeal.version == len(steps) - 1


# --- deadlines at registration ---------------------------------------------------------------

# 2025 Spring Festival: 1/28–2/4 off; Sunday 1/26 and Saturday 2/8 are working days.
# 2025 National Day: 10/1–10/8 off; Sunday 9/28 and Saturday 10/11 are working days.
# Office hours 09:00–17:00; a limit in working days ends at the end of its last day.
DEADLINES = [
    # registered, priority, contact due, answer due
    pytest.param(at(2025, 1, 27, 10), Priority.NORMAL, end_of(2025, 2, 5), end_of(2025, 2, 24),
                 id="normal-on-the-eve-of-spring-festival"),
    pytest.param(at(2025, 1, 25, 10), Priority.NORMAL, end_of(2025, 1, 26), end_of(2025, 2, 20),
                 id="normal-saturday-before-the-working-sunday"),
    pytest.param(at(2025, 1, 24, 10), Priority.COMPLEX, end_of(2025, 1, 26), end_of(2025, 3, 13),
                 id="complex-across-spring-festival"),
    pytest.param(at(2025, 1, 27, 16), Priority.URGENT, at(2025, 2, 5, 10), end_of(2025, 2, 5),
                 id="urgent-an-hour-before-spring-festival"),
    pytest.param(at(2025, 1, 26, 16, 30), Priority.URGENT, at(2025, 1, 27, 10, 30),
                 end_of(2025, 1, 27), id="urgent-on-the-working-sunday"),
    pytest.param(at(2025, 2, 7, 18), Priority.URGENT, at(2025, 2, 8, 11), end_of(2025, 2, 8),
                 id="urgent-after-hours-before-the-working-saturday"),
    pytest.param(at(2025, 9, 30, 15), Priority.NORMAL, end_of(2025, 10, 9), end_of(2025, 10, 28),
                 id="normal-on-the-eve-of-national-day"),
    pytest.param(at(2025, 9, 27, 10), Priority.NORMAL, end_of(2025, 9, 28), end_of(2025, 10, 23),
                 id="normal-saturday-before-the-working-sunday-9-28"),
    pytest.param(at(2025, 9, 30, 15), Priority.COMPLEX, end_of(2025, 10, 9), end_of(2025, 11, 18),
                 id="complex-across-national-day"),
    pytest.param(at(2025, 9, 30, 16, 30), Priority.URGENT, at(2025, 10, 9, 10, 30),
                 end_of(2025, 10, 9), id="urgent-half-an-hour-before-national-day"),
    pytest.param(at(2025, 9, 27, 10), Priority.URGENT, at(2025, 9, 28, 11), end_of(2025, 9, 28),
                 id="urgent-on-a-saturday-off"),
    pytest.param(at(2025, 10, 10, 16), Priority.URGENT, at(2025, 10, 11, 10),
                 end_of(2025, 10, 11), id="urgent-friday-before-the-working-saturday"),
]


@pytest.mark.parametrize(("registered", "priority", "contact_due", "answer_due"), DEADLINES)
def test_deadlines_count_working_days_and_hours_across_the_holidays(
        cast, registered, priority, contact_due, answer_due):
    # When an appeal is registered with this priority
    appeal = register(cast.owner, cast.enterprise, registered, priority=priority)
    # Then its limits skip the holidays and count the working weekends
    assert (appeal.contact_due, appeal.answer_due) == (contact_due, answer_due)
    stored = Appeal.objects.get(pk=appeal.pk)
    assert (stored.contact_due, stored.answer_due) == (contact_due, answer_due)


def test_an_emergency_is_always_urgent(cast):
    appeal = register(cast.owner, cast.enterprise, at(2025, 9, 30, 16, 30),
                      kind=Kind.EMERGENCY, priority=Priority.NORMAL)
    assert appeal.priority == Priority.URGENT
    assert appeal.contact_due == at(2025, 10, 9, 10, 30)


def test_an_office_sets_its_own_time_limits(cast):
    # Given the owner county's own limits: contact within 2 days, answer within 10, urgent
    # contact within 4 office hours
    TimeLimits.objects.create(office=Office.objects.get(region_id=OWNER_COUNTY),
                              normal_contact_days=2, normal_answer_days=10,
                              urgent_contact_hours=4)
    # When appeals are registered there on the eve of National Day
    normal = register(cast.owner, cast.enterprise, at(2025, 9, 30, 15))
    urgent = register(cast.owner, cast.enterprise, at(2025, 9, 30, 15), priority=Priority.URGENT)
    # Then its limits apply: 10/9 (1), 10/10 (2) … 10/21 (10); 2 hours on 9/30 and 2 on 10/9
    assert (normal.contact_due, normal.answer_due) == (end_of(2025, 10, 10),
                                                        end_of(2025, 10, 21))
    assert urgent.contact_due == at(2025, 10, 9, 11)
    # And the neighbouring county keeps the defaults
    other = register(cast.neighbour, cast.foreign_enterprise, at(2025, 9, 30, 15))
    assert (other.contact_due, other.answer_due) == (end_of(2025, 10, 9), end_of(2025, 10, 28))


def test_a_deadline_in_a_year_without_calendar_is_refused_until_the_year_is_entered(cast):
    # Given the calendar covers 2026 but not 2027
    assert not CalendarYear.objects.filter(year=2027).exists()
    before = appeal_tables()
    # When a complex appeal registered on 2026-12-20 would be due in 2027
    with pytest.raises(ValidationError) as refused:
        register(cast.owner, cast.enterprise, at(2026, 12, 20, 10), priority=Priority.COMPLEX)
    # Then it is refused with a message naming the year, and nothing is written
    assert "2027" in message(refused.value)
    assert appeal_tables() == before
    # When the administrator enters 2027, then the same registration succeeds: 30 working days
    # (no special days entered for 2027, so 1 January counts as one)
    CalendarYear.objects.create(year=2027, source="test")
    appeal = register(cast.owner, cast.enterprise, at(2026, 12, 20, 10),
                      priority=Priority.COMPLEX)
    assert appeal.answer_due == end_of(2027, 1, 29)


def test_assessment_may_set_its_own_time_limit(cast, build):
    appeal = build(State.REGISTERED)  # Monday 2025-03-03
    appeal = services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                                    priority=Priority.NORMAL, plan="现场协调", answer_days=5,
                                    at=START)
    assert appeal.answer_due == end_of(2025, 3, 10)
    before = appeal_tables()
    with pytest.raises(ValidationError):
        services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                               priority=Priority.NORMAL, plan="现场协调", answer_days=0,
                               at=START)
    assert appeal_tables() == before


# --- extensions ------------------------------------------------------------------------------

def ask(cast, appeal: Appeal, when: datetime.datetime, days: int = 3) -> Extension:
    return services.appeal_request_extension(actor=cast.department, appeal=appeal, days=days,
                                             reason="需要现场勘测", at=when)


def test_an_extension_is_asked_for_before_the_deadline(cast, build):
    # Given an appeal in progress, due at the end of 2025-03-24
    appeal = build(State.IN_PROGRESS)
    assert appeal.answer_due == end_of(2025, 3, 24)
    # When the lead department asks on the last afternoon, then the request waits for a decision
    extension = ask(cast, appeal, at(2025, 3, 24, 16))
    assert extension.pending
    assert Event.objects.filter(verb="appeal.extension_requested").count() == 1
    assert Notification.objects.filter(recipient=cast.owner,
                                       verb="appeal.extension_requested").exists()


def test_an_extension_asked_for_after_the_deadline_is_refused(cast, build):
    appeal = build(State.IN_PROGRESS)
    before = appeal_tables()
    with pytest.raises(ValidationError) as refused:
        ask(cast, appeal, at(2025, 3, 25, 9))
    assert message(refused.value)
    assert appeal_tables() == before


def test_one_extension_request_waits_at_a_time(cast, build):
    appeal = build(State.IN_PROGRESS)
    ask(cast, appeal, at(2025, 3, 10, 9))
    before = appeal_tables()
    with pytest.raises(ValidationError):
        ask(cast, appeal, at(2025, 3, 11, 9))
    assert appeal_tables() == before


def test_a_granted_extension_moves_the_deadline_by_working_days_from_the_old_one(cast, build):
    # Given an appeal due 2025-09-28 (the working Sunday) and a request for 5 more days
    appeal = build(State.IN_PROGRESS, start=at(2025, 9, 8, 10))
    assert appeal.answer_due == end_of(2025, 9, 28)
    ask(cast, appeal, at(2025, 9, 26, 10), days=5)
    # When the office grants it
    appeal = services.appeal_decide_extension(actor=cast.owner, appeal=appeal, grant=True,
                                              at=at(2025, 9, 26, 11))
    # Then the deadline is 5 working days later: 9/29, 9/30, 10/9, 10/10, 10/11 (Saturday)
    assert appeal.answer_due == end_of(2025, 10, 11)
    assert appeal.extension_count == 1
    assert Extension.objects.get().granted is True
    assert Notification.objects.filter(recipient=cast.department, verb="appeal.extended").exists()
    # And an answer within the extended time is on time
    appeal = services.appeal_answer(actor=cast.department, appeal=appeal,
                                    outcome=Outcome.RESOLVED, reply="已办结",
                                    at=at(2025, 10, 10, 10))
    assert appeal.answered_on_time is True


def test_a_priority_change_keeps_a_granted_extension(cast, build):
    # Given a normal appeal registered 2025-09-08, due 9/28, extended by 5 days to 10/11
    appeal = build(State.IN_PROGRESS, start=at(2025, 9, 8, 10))
    ask(cast, appeal, at(2025, 9, 26, 10), days=5)
    appeal = services.appeal_decide_extension(actor=cast.owner, appeal=appeal, grant=True,
                                              at=at(2025, 9, 26, 11))
    # When the officer finds it complex after all (30 working days from registration)
    appeal = services.appeal_update(actor=cast.owner, appeal=appeal,
                                    data={"priority": Priority.COMPLEX},
                                    expected_version=appeal.version)
    # Then the new limit still carries the 5 days granted: 30 working days from 9/8 is 10/27
    # (National Day off, 9/28 and 10/11 worked), and 5 more is 10/31
    assert appeal.answer_due == end_of(2025, 10, 31)


def test_a_refused_extension_leaves_the_deadline(cast, build):
    appeal = build(State.IN_PROGRESS)
    ask(cast, appeal, at(2025, 3, 10, 9))
    appeal = services.appeal_decide_extension(actor=cast.owner, appeal=appeal, grant=False,
                                              note="时限内可以办结", at=at(2025, 3, 10, 10))
    assert appeal.answer_due == end_of(2025, 3, 24)
    assert appeal.extension_count == 0
    assert Extension.objects.get().granted is False
    assert Event.objects.filter(verb="appeal.extension_refused").count() == 1
    # And the department may ask again
    assert ask(cast, appeal, at(2025, 3, 11, 9)).pending


# --- returning a wrong assignment --------------------------------------------------------------

RETURNS = [
    # start of the path (assigned an hour later), return time, allowed
    pytest.param(START, at(2025, 3, 5, 16), True, id="on-the-second-working-day"),
    pytest.param(START, at(2025, 3, 6, 9), False, id="on-the-third-working-day"),
    pytest.param(at(2025, 9, 30, 9), at(2025, 10, 8, 16), True, id="during-national-day"),
    pytest.param(at(2025, 9, 30, 9), at(2025, 10, 10, 16), True,
                 id="second-working-day-after-national-day"),
    pytest.param(at(2025, 9, 30, 9), at(2025, 10, 11, 9), False, id="on-the-working-saturday"),
]


@pytest.mark.parametrize(("start", "when", "allowed"), RETURNS)
def test_a_department_returns_a_wrong_assignment_within_two_working_days(
        cast, build, start, when, allowed):
    # Given an appeal assigned to the cast's department (lead) and a co-handler
    appeal = build(State.ASSIGNED, start=start)
    before = appeal_tables()
    if allowed:
        # When the lead returns it in time, then it goes back to the office for assessment
        appeal = services.appeal_return(actor=cast.department, appeal=appeal,
                                        reason="不属于本部门职责", at=when)
        assert appeal.state == State.ASSESSED
        assert not Assignment.objects.filter(appeal=appeal).exists()
        assert (appeal.return_count, appeal.assigned_at, appeal.return_due) == (1, None, None)
        assert Notification.objects.filter(recipient=cast.owner, verb="appeal.returned").exists()
    else:
        # When too late, then it is refused and stays with the department
        with pytest.raises(ValidationError) as refused:
            services.appeal_return(actor=cast.department, appeal=appeal,
                                   reason="不属于本部门职责", at=when)
        assert message(refused.value)
        assert appeal_tables() == before


def test_a_returned_appeal_can_be_assigned_again(cast, build, co_handler):
    appeal = build(State.ASSIGNED)
    services.appeal_return(actor=cast.department, appeal=appeal, reason="不属于本部门职责",
                           at=at(2025, 3, 4, 9))
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=co_handler.department,
                                    at=at(2025, 3, 4, 10))
    assert appeal.state == State.ASSIGNED
    assert appeal.return_due == end_of(2025, 3, 6)
    assert list(appeal.assignments.values_list("department_id", "lead")) == [
        (co_handler.department.pk, True)]


def test_an_extension_request_does_not_outlive_the_assignment_it_was_for(
        cast, build, co_handler):
    # Given the lead asked for more time, then returned the assignment
    appeal = build(State.IN_PROGRESS)
    ask(cast, appeal, at(2025, 3, 3, 14))
    services.appeal_return(actor=cast.department, appeal=appeal, reason="不属于本部门职责",
                           at=at(2025, 3, 3, 15))
    # When the office assigns it to another department, which asks for more time
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=co_handler.department,
                                    at=at(2025, 3, 3, 16))
    services.appeal_accept(actor=co_handler.liaison, appeal=appeal, at=at(2025, 3, 3, 16))
    extension = services.appeal_request_extension(
        actor=co_handler.liaison, appeal=appeal, days=2, reason="材料待补充",
        at=at(2025, 3, 4, 9))
    # Then its request is the one waiting, not the returned department's
    assert list(Extension.objects.filter(granted__isnull=True)) == [extension]


def test_an_answer_leaves_no_extension_request_waiting(cast, build):
    """Once answered, nobody may decide on the request any more (the office decides only while
    the appeal is with the departments): it must not stay pending for ever."""
    appeal = build(State.IN_PROGRESS)
    ask(cast, appeal, at(2025, 3, 10, 9))
    services.appeal_answer(actor=cast.department, appeal=appeal, outcome=Outcome.RESOLVED,
                           reply="已办结", at=at(2025, 3, 10, 10))
    assert not Extension.objects.filter(granted__isnull=True).exists()


def test_co_handlers_named_twice_are_assigned_once(cast, build, crew, co_handler):
    appeal = build(State.ASSESSED)
    co = co_handler.department
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=crew.lead,
                                    co_handlers=[co, co, crew.lead], at=at(2025, 3, 4, 10))
    assert sorted(appeal.assignments.values_list("department_id", "lead")) == sorted(
        [(crew.lead.pk, True), (co.pk, False)])


def test_departments_out_of_the_appeals_reach_are_refused(cast, build):
    appeal = build(State.ASSESSED)
    weifang = f.department_at("370700")
    before = appeal_tables()
    with pytest.raises(ValidationError):
        services.appeal_assign(actor=cast.owner, appeal=appeal, lead=weifang,
                               at=at(2025, 3, 4, 10))
    assert appeal_tables() == before


# --- answering -------------------------------------------------------------------------------

ANSWERS = [
    # start, answered, on time, working days taken
    pytest.param(START, at(2025, 3, 24, 16), True, 15, id="on-the-last-day"),
    pytest.param(START, at(2025, 3, 25, 9), False, 16, id="a-day-late"),
    # 9/26, 9/28 (working Sunday), 9/29, 9/30, 10/9
    pytest.param(at(2025, 9, 25, 10), at(2025, 10, 9, 10), True, 5, id="across-national-day"),
    # 1/26 (working Sunday), 1/27, 2/5 … 2/8 (working Saturday), 2/10
    pytest.param(at(2025, 1, 24, 10), at(2025, 2, 10, 10), True, 7,
                 id="across-spring-festival"),
]


@pytest.mark.parametrize(("start", "when", "on_time", "days"), ANSWERS)
def test_an_answer_records_whether_it_was_on_time_and_the_working_days_taken(
        cast, build, start, when, on_time, days):
    appeal = build(State.IN_PROGRESS, start=start)
    appeal = services.appeal_answer(actor=cast.department, appeal=appeal,
                                    outcome=Outcome.RESOLVED, reply="已协调解决", at=when)
    assert (appeal.state, appeal.answered_at) == (State.ANSWERED, when)
    assert (appeal.answered_on_time, appeal.handling_days) == (on_time, days)
    assert Notification.objects.filter(recipient=cast.portal, verb="appeal.answered").exists()


@pytest.mark.parametrize(("outcome", "reply"), [("", "已办结"), ("bogus", "已办结"),
                                                (Outcome.RESOLVED, "  ")])
def test_an_answer_needs_an_outcome_and_a_reply(cast, build, outcome, reply):
    appeal = build(State.IN_PROGRESS)
    before = appeal_tables()
    with pytest.raises(ValidationError):
        services.appeal_answer(actor=cast.department, appeal=appeal, outcome=outcome,
                               reply=reply, at=at(2025, 3, 5, 10))
    assert appeal_tables() == before


def test_the_first_contact_is_recorded_once(cast, build):
    appeal = build(State.REGISTERED)
    appeal = services.appeal_contact(actor=cast.owner, appeal=appeal, note="电话联系",
                                     at=at(2025, 3, 3, 10))
    assert appeal.first_contact_at == at(2025, 3, 3, 10)
    before = appeal_tables()
    with pytest.raises(ValidationError):
        services.appeal_contact(actor=cast.owner, appeal=appeal, at=at(2025, 3, 3, 11))
    assert appeal_tables() == before


def test_not_accepting_needs_a_reason(cast, build):
    appeal = build(State.REGISTERED)
    before = appeal_tables()
    with pytest.raises(ValidationError) as refused:
        services.appeal_reject(actor=cast.owner, appeal=appeal, reason=" ", at=START)
    assert "reason" in refused.value.message_dict
    assert appeal_tables() == before


# --- rating and reopening --------------------------------------------------------------------

REOPENED_AT = at(2025, 3, 5, 10)


@pytest.mark.parametrize("rating", [Rating.NEUTRAL, Rating.DISSATISFIED,
                                    Rating.VERY_DISSATISFIED])
def test_an_unsatisfied_appellant_asks_for_it_to_be_handled_again(cast, build, rating):
    # Given an appeal rated 一般, 不满意 or 非常不满意
    appeal = build(State.RATED, rating=rating)
    # When the appellant asks for it to be handled again
    appeal = services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="问题仍未解决",
                                    at=REOPENED_AT)
    # Then it is back in progress with a fresh deadline: 15 working days from 3/5 (3/6 … 3/26)
    assert appeal.state == State.IN_PROGRESS
    assert (appeal.rating, appeal.rated_at, appeal.outcome, appeal.answered_at) == (
        None, None, "", None)
    assert appeal.answer_due == end_of(2025, 3, 26)
    assert appeal.reopen_count == 1
    # And the office and the lead department are told
    told = set(Notification.objects.filter(verb="appeal.reopened")
               .values_list("recipient__username", flat=True))
    assert {"owner", "department"} <= told


@pytest.mark.parametrize("rating", [Rating.SATISFIED, Rating.VERY_SATISFIED])
def test_a_satisfied_rating_is_not_reopened(cast, build, rating):
    appeal = build(State.RATED, rating=rating)
    before = appeal_tables()
    with pytest.raises(ValidationError) as refused:
        services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="再看看",
                               at=REOPENED_AT)
    assert not isinstance(refused.value, TransitionRefused)
    assert message(refused.value)
    assert appeal_tables() == before


def rate_unsatisfied_again(cast, appeal: Appeal, day: int) -> Appeal:
    appeal = services.appeal_answer(actor=cast.department, appeal=appeal,
                                    outcome=Outcome.PLANNED, reply="已制定解决方案",
                                    at=at(2025, 3, day, 10))
    return services.appeal_rate(actor=cast.portal, appeal=appeal, rating=Rating.DISSATISFIED,
                                at=at(2025, 3, day, 11))


def test_an_appeal_is_handled_again_only_once_by_default(cast, build):
    appeal = build(State.RATED)
    appeal = services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="问题仍未解决",
                                    at=REOPENED_AT)
    appeal = rate_unsatisfied_again(cast, appeal, 10)
    before = appeal_tables()
    with pytest.raises(ValidationError) as refused:
        services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="还是没有解决",
                               at=at(2025, 3, 10, 12))
    assert message(refused.value)
    assert appeal_tables() == before


def test_an_office_may_allow_more_reopenings(cast, build):
    TimeLimits.objects.create(office=Office.objects.get(region_id=OWNER_COUNTY), reopen_limit=2)
    appeal = build(State.RATED)
    appeal = services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="问题仍未解决",
                                    at=REOPENED_AT)
    appeal = rate_unsatisfied_again(cast, appeal, 10)
    appeal = services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="还是没有解决",
                                    at=at(2025, 3, 10, 12))
    assert appeal.reopen_count == 2
    appeal = rate_unsatisfied_again(cast, appeal, 12)
    with pytest.raises(ValidationError) as refused:
        services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="第三次",
                               at=at(2025, 3, 12, 12))
    # The message states the office's limit, not "once"
    assert "once" not in message(refused.value)


def test_a_reopened_appeal_starts_a_new_round_of_deadlines(cast, build):
    """Marked overdue in the first round (by the tick), it may be overdue again in the second:
    the marker must not carry over to the new deadline."""
    from qinshang.appeals.tick import appeals_tick

    appeal = build(State.IN_PROGRESS)
    appeals_tick(now=at(2025, 3, 25, 8))
    assert Appeal.objects.get(pk=appeal.pk).overdue_at is not None
    services.appeal_answer(actor=cast.department, appeal=appeal, outcome=Outcome.RESOLVED,
                           reply="已办结", at=at(2025, 3, 25, 10))
    services.appeal_rate(actor=cast.portal, appeal=appeal, rating=Rating.DISSATISFIED,
                         at=at(2025, 3, 25, 11))
    appeal = services.appeal_reopen(actor=cast.portal, appeal=appeal, reason="问题仍未解决",
                                    at=at(2025, 3, 26, 10))
    assert appeal.overdue_at is None


# --- two people on one appeal ----------------------------------------------------------------

def test_a_stale_edit_is_refused_and_changes_nothing(cast, build):
    # Given two officers opened the appeal at the same version
    appeal = build(State.REGISTERED)
    opened = appeal.version
    services.appeal_update(actor=cast.owner, appeal=appeal, data={"title": "第一位的修改"},
                           expected_version=opened)
    before = appeal_tables()
    # When the second saves, then it is refused and the first one's edit stays
    with pytest.raises(StaleEdit):
        services.appeal_update(actor=cast.city, appeal=appeal, data={"title": "第二位的修改"},
                               expected_version=opened)
    assert appeal_tables() == before
    assert Appeal.objects.get(pk=appeal.pk).title == "第一位的修改"


def test_a_stale_transition_is_refused(cast, build):
    appeal = build(State.REGISTERED)
    opened = appeal.version
    services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                           priority=Priority.NORMAL, plan="协调办理", at=START,
                           expected_version=opened)
    before = appeal_tables()
    with pytest.raises(StaleEdit):
        services.appeal_reject(actor=cast.city, appeal=appeal, reason="不予受理", at=START,
                               expected_version=opened)
    assert appeal_tables() == before
    assert Appeal.objects.get(pk=appeal.pk).state == State.ASSESSED
