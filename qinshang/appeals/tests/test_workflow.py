"""The appeal workflow, state × action × standing (DESIGN.md §4, issue #3 point 2).

For every state, every action and every member of the cast, an appeal in that state (built
through the services) is handed to the action's service with valid arguments, by that actor.
What may happen is written out below from DESIGN.md §4, independently of workflow.RULES: an
allowed action moves the appeal exactly as expected and writes one event; any other is refused
with a message, and the database is left as it was.

The appeals are built once for the module (about a second), inside a transaction that is rolled
back at the end; each test runs in a savepoint of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from qinshang.accounts.models import User
from qinshang.appeals import services
from qinshang.appeals.categories import categories_add_initial
from qinshang.appeals.models import (
    Appeal,
    Assignment,
    Category,
    Extension,
    Outcome,
    Rating,
    State,
)
from qinshang.appeals.workflow import Action, TransitionRefused, allowed_actions, standings
from qinshang.events.models import Event
from qinshang.events.services import timeline_key
from qinshang.offices.models import Office
from qinshang.regions.models import Region
from qinshang.regions.services import divisions_load
from qinshang.testing.appeals import (
    Crew,
    appeal_in_every_state,
    appeal_tables,
    at,
    co_handler_at,
    crew_of,
    end_of,
)
from qinshang.testing.cast import CITY, PROVINCE, build_cast
from qinshang.workdays.models import CalendarYear
from qinshang.workdays.services import calendar_years_load_from_package

# --- what must hold, written out -------------------------------------------------------------

# How each member of the cast stands to an appeal of the owner county's enterprise.
OFFICE, READER, ABOVE = "office", "reader", "above"
LEAD, CO_HANDLER, APPELLANT = "lead", "co_handler", "appellant"

ROUTED = {State.ASSIGNED, State.IN_PROGRESS, State.ANSWERED, State.RATED, State.CLOSED}


def standing_of(role: str, state: str) -> set[str]:
    """owner: office; reader: reader; city and province: office and above; the departments only
    once the appeal is routed to them; portal: the appellant; the neighbouring county and
    another city's office (above other counties, not this one): nothing."""
    fixed = {"owner": {OFFICE}, "reader": {READER}, "city": {OFFICE, ABOVE},
             "province": {OFFICE, ABOVE}, "portal": {APPELLANT}, "neighbour": set(),
             "other_city": set()}
    if role in fixed:
        return fixed[role]
    routed = {"lead": {LEAD}, "co_handler": {CO_HANDLER}}[role]
    return routed if state in ROUTED else set()


ROLES = ("owner", "reader", "city", "province", "lead", "co_handler", "portal", "neighbour",
         "other_city")

REGISTERED, ASSESSED, ASSIGNED, IN_PROGRESS = (State.REGISTERED, State.ASSESSED, State.ASSIGNED,
                                               State.IN_PROGRESS)
ANSWERED, RATED = State.ANSWERED, State.RATED
BEFORE_ANSWER = (REGISTERED, ASSESSED, ASSIGNED, IN_PROGRESS)
WITH_DEPARTMENTS = (ASSIGNED, IN_PROGRESS)
OPEN = (*BEFORE_ANSWER, ANSWERED, RATED)


def pairs(states, standings_) -> frozenset[tuple[str, str]]:
    return frozenset((state, standing) for state in states for standing in standings_)


# Allowed (state, standing) pairs per action. Closed, rejected and merged appeals allow nothing;
# readers never act; a department acts only while the appeal is with it.
ALLOWED: dict[Action, frozenset[tuple[str, str]]] = {
    # The office corrects the record while the appeal is being handled.
    Action.EDIT: pairs(BEFORE_ANSWER, {OFFICE}),
    # First contact: the office, before the answer.
    Action.CONTACT: pairs(BEFORE_ANSWER, {OFFICE}),
    # 不予受理: only at intake.
    Action.REJECT: pairs({REGISTERED}, {OFFICE}),
    # 研判: at intake, and again after a department returned the assignment.
    Action.ASSESS: pairs({REGISTERED, ASSESSED}, {OFFICE}),
    # 交办: after assessment.
    Action.ASSIGN: pairs({ASSESSED}, {OFFICE}),
    # The departments accept from their inbox; co-handlers also after the lead did.
    Action.ACCEPT: pairs(WITH_DEPARTMENTS, {LEAD, CO_HANDLER}),
    # 一跟踪: tracking notes by the office and every department on it.
    Action.NOTE: pairs(WITH_DEPARTMENTS, {OFFICE, LEAD, CO_HANDLER}),
    # 一落实: the reply, once the lead department took it on.
    Action.ANSWER: pairs({IN_PROGRESS}, {OFFICE, LEAD}),
    # Extension: the lead department asks, the office decides.
    Action.REQUEST_EXTENSION: pairs(WITH_DEPARTMENTS, {LEAD}),
    Action.DECIDE_EXTENSION: pairs(WITH_DEPARTMENTS, {OFFICE}),
    # 退回: the lead department returns a wrong assignment.
    Action.RETURN: pairs(WITH_DEPARTMENTS, {LEAD}),
    # 回访: the appellant rates in the portal, or the office takes the rating by phone.
    Action.RATE: pairs({ANSWERED}, {APPELLANT, OFFICE}),
    # 重办: after an unsatisfied rating.
    Action.REOPEN: pairs({RATED}, {APPELLANT, OFFICE}),
    # 办结归档: after the rating.
    Action.CLOSE: pairs({RATED}, {OFFICE}),
    # 督办: a higher office, before the answer.
    Action.SUPERVISE: pairs(BEFORE_ANSWER, {ABOVE}),
    # A duplicate is merged before it is answered.
    Action.MERGE: pairs(BEFORE_ANSWER, {OFFICE}),
    # 补充说明: the appellant adds information while the appeal is open.
    Action.COMMENT: pairs(OPEN, {APPELLANT}),
}

# Allowed by state and standing, and still refused on the details, whatever the arguments: the
# assessment counts as the first contact, and a lead department accepts only once.
DETAIL_REFUSED: dict[tuple[Action, str, str], str] = {
    (Action.CONTACT, ASSESSED, OFFICE): "the assessment recorded the first contact",
    (Action.CONTACT, ASSIGNED, OFFICE): "the assessment recorded the first contact",
    (Action.CONTACT, IN_PROGRESS, OFFICE): "the assessment recorded the first contact",
    (Action.ACCEPT, IN_PROGRESS, LEAD): "the lead department accepted already",
}

ALLOW, REFUSE, REFUSE_DETAIL = "allowed", "refused", "refused on the details"


def verdict(state: str, action: Action, role: str) -> str:
    entitled = {standing for standing in standing_of(role, state)
                if (state, standing) in ALLOWED[action]}
    if not entitled:
        return REFUSE
    if all((action, state, standing) in DETAIL_REFUSED for standing in entitled):
        return REFUSE_DETAIL
    return ALLOW


# --- the cast, the appeals, and the moment the action is taken ---------------------------------

# The appeals are registered on Monday 2025-03-03 at 09:00 and go through every step of the main
# path by Tuesday 11:00 (qinshang.testing.appeals.Schedule); the actions come at Tuesday noon,
# within the two working days a department has to return an assignment.
ACT_AT = at(2025, 3, 4, 12)
EXTENSION_ASKED_AT = at(2025, 3, 4, 11, 30)


# answer_due at registration: 15 working days after 3/3.
FIRST_ANSWER_DUE = end_of(2025, 3, 24)
# Assigned at noon on 3/4: returnable until the end of the second working day after, 3/6.
RETURN_DUE = end_of(2025, 3, 6)
# Extended by 5 working days from 3/24: 3/25, 3/26, 3/27, 3/28, 3/31.
EXTENDED_DUE = end_of(2025, 3, 31)
# Reopened at noon on 3/4: 15 working days from there, 3/5 … 3/25.
REOPENED_DUE = end_of(2025, 3, 25)


@dataclass
class World:
    users: dict[str, User]
    crew: Crew
    appeal_ids: dict[str, int]
    original_id: int
    category: Category
    offices: dict[str, Office]


def _reference_data() -> None:
    # A transactional test elsewhere may have flushed the tables (see the root conftest).
    if not Region.objects.exists():
        divisions_load()
    if not CalendarYear.objects.exists():
        calendar_years_load_from_package()
    if not Category.objects.exists():
        categories_add_initial(Category)


def _build_world() -> World:
    _reference_data()
    cast = build_cast()
    co_handler = co_handler_at(CITY)
    crew = crew_of(cast, co_handler)
    cases = appeal_in_every_state(crew=crew, enterprise=cast.enterprise)
    users = {"owner": cast.owner, "reader": cast.reader, "city": cast.city,
             "province": cast.province, "lead": cast.department,
             "co_handler": co_handler.liaison, "portal": cast.portal,
             "neighbour": cast.neighbour, "other_city": cast.other_city}
    return World(users=users, crew=crew,
                 appeal_ids={state: appeal.pk for state, appeal in cases.by_state.items()},
                 original_id=cases.original.pk,
                 category=Category.objects.get(code="approvals"),
                 offices={"city": Office.objects.get(region_id=CITY),
                          "province": Office.objects.get(region_id=PROVINCE)})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    outer = transaction.atomic()
    with django_db_blocker.unblock(), fast:
        outer.__enter__()
        built = _build_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


# --- the services, called with valid arguments -----------------------------------------------

NEW_TITLE = "厂房用地审批迟迟未办理（更正）"
NEW_PLAN = "协调自然资源局，两周内答复"


def _call(action: Action, actor: User, appeal: Appeal, world: World) -> Any:
    calls: dict[Action, Callable[[], Any]] = {
        Action.EDIT: lambda: services.appeal_update(
            actor=actor, appeal=appeal, data={"title": NEW_TITLE},
            expected_version=appeal.version),
        Action.CONTACT: lambda: services.appeal_contact(
            actor=actor, appeal=appeal, note="电话联系企业", at=ACT_AT),
        Action.REJECT: lambda: services.appeal_reject(
            actor=actor, appeal=appeal, reason="属于司法程序，不予受理", at=ACT_AT),
        Action.ASSESS: lambda: services.appeal_assess(
            actor=actor, appeal=appeal, category=world.category, priority="normal",
            plan=NEW_PLAN, at=ACT_AT),
        Action.ASSIGN: lambda: services.appeal_assign(
            actor=actor, appeal=appeal, lead=world.crew.lead,
            co_handlers=world.crew.co_handlers, at=ACT_AT),
        Action.ACCEPT: lambda: services.appeal_accept(actor=actor, appeal=appeal, at=ACT_AT),
        Action.NOTE: lambda: services.appeal_note(
            actor=actor, appeal=appeal, text="已赴现场了解情况", at=ACT_AT),
        Action.ANSWER: lambda: services.appeal_answer(
            actor=actor, appeal=appeal, outcome=Outcome.RESOLVED, reply="用地审批已办结",
            at=ACT_AT),
        Action.REQUEST_EXTENSION: lambda: services.appeal_request_extension(
            actor=actor, appeal=appeal, days=5, reason="需要现场勘测", at=ACT_AT),
        Action.DECIDE_EXTENSION: lambda: services.appeal_decide_extension(
            actor=actor, appeal=appeal, grant=True, note="同意延期", at=ACT_AT),
        Action.RETURN: lambda: services.appeal_return(
            actor=actor, appeal=appeal, reason="不属于本部门职责", at=ACT_AT),
        Action.RATE: lambda: services.appeal_rate(
            actor=actor, appeal=appeal, rating=Rating.VERY_SATISFIED, comment="满意",
            at=ACT_AT),
        Action.REOPEN: lambda: services.appeal_reopen(
            actor=actor, appeal=appeal, reason="问题仍未解决", at=ACT_AT),
        Action.CLOSE: lambda: services.appeal_close(actor=actor, appeal=appeal, at=ACT_AT),
        Action.SUPERVISE: lambda: services.appeal_supervise(
            actor=actor, appeal=appeal, reason="企业多次反映", at=ACT_AT),
        Action.MERGE: lambda: services.appeal_merge(
            actor=actor, duplicate=appeal, original=Appeal.objects.get(pk=world.original_id),
            at=ACT_AT),
        Action.COMMENT: lambda: services.appeal_comment(
            actor=actor, appeal=appeal, text="补充：已取得环评批复", at=ACT_AT),
    }
    return calls[action]()


VERBS = {
    Action.EDIT: "appeal.updated", Action.CONTACT: "appeal.contacted",
    Action.REJECT: "appeal.rejected", Action.ASSESS: "appeal.assessed",
    Action.ASSIGN: "appeal.assigned", Action.ACCEPT: "appeal.accepted",
    Action.NOTE: "appeal.noted", Action.ANSWER: "appeal.answered",
    Action.REQUEST_EXTENSION: "appeal.extension_requested",
    Action.DECIDE_EXTENSION: "appeal.extended", Action.RETURN: "appeal.returned",
    Action.RATE: "appeal.rated", Action.REOPEN: "appeal.reopened",
    Action.CLOSE: "appeal.closed", Action.SUPERVISE: "appeal.supervised",
    Action.MERGE: "appeal.merged", Action.COMMENT: "appeal.commented",
}

CHANGED = object()  # the field must change; its value is checked elsewhere


def expected_changes(action: Action, state: str, role: str, world: World) -> dict[str, Any]:
    """The appeal's fields that the action changes (besides the version), and to what."""
    match action:
        case Action.EDIT:
            return {"title": NEW_TITLE, "search_text": CHANGED}
        case Action.CONTACT:
            return {"first_contact_at": ACT_AT}
        case Action.REJECT:
            # Telling the appellant why counts as the first contact.
            return {"state": State.REJECTED, "rejection_reason": "属于司法程序，不予受理",
                    "closed_at": ACT_AT, "first_contact_at": ACT_AT}
        case Action.ASSESS:
            changes = {"plan": NEW_PLAN, "category_id": world.category.pk, "assessed_at": ACT_AT}
            if state == REGISTERED:
                changes |= {"state": State.ASSESSED, "first_contact_at": ACT_AT}
            return changes
        case Action.ASSIGN:
            return {"state": State.ASSIGNED, "assigned_at": ACT_AT, "return_due": RETURN_DUE}
        case Action.ACCEPT:
            return {"state": State.IN_PROGRESS} if role == "lead" else {}
        case Action.ANSWER:
            return {"state": State.ANSWERED, "outcome": Outcome.RESOLVED,
                    "reply": "用地审批已办结", "answered_at": ACT_AT,
                    "answered_on_time": True, "handling_days": 1}
        case Action.DECIDE_EXTENSION:
            return {"answer_due": EXTENDED_DUE, "extension_count": 1}
        case Action.RETURN:
            return {"state": State.ASSESSED, "assigned_at": None, "return_due": None,
                    "return_count": 1}
        case Action.RATE:
            return {"state": State.RATED, "rating": Rating.VERY_SATISFIED,
                    "rating_comment": "满意", "rated_at": ACT_AT}
        case Action.REOPEN:
            return {"state": State.IN_PROGRESS, "reopen_count": 1, "rating": None,
                    "rated_at": None, "answered_at": None, "answered_on_time": None,
                    "handling_days": None, "outcome": "", "answer_due": REOPENED_DUE}
        case Action.CLOSE:
            return {"state": State.CLOSED, "closed_at": ACT_AT}
        case Action.SUPERVISE:
            return {"supervised": True, "supervised_by_id": world.offices[role].pk,
                    "supervised_at": ACT_AT}
        case Action.MERGE:
            return {"state": State.MERGED, "merged_into_id": world.original_id,
                    "closed_at": ACT_AT}
        case _:  # a note, an extension request, a comment: the appeal only gains an event
            return {}


def _departments(appeal_id: int) -> dict[int, tuple[bool, datetime.datetime | None]]:
    return {a.department_id: (a.lead, a.accepted_at)
            for a in Assignment.objects.filter(appeal_id=appeal_id)}


def check_side_rows(action: Action, role: str, before: dict, appeal_id: int,
                    world: World) -> None:
    """What the action does beside the appeal row: assignments, extensions, the original."""
    lead, co = world.crew.lead.pk, world.crew.co_handlers[0].pk
    routed = _departments(appeal_id)
    if action == Action.ASSIGN:
        assert routed == {lead: (True, None), co: (False, None)}
    elif action == Action.ACCEPT:
        accepted = lead if role == "lead" else co
        assert routed[accepted][1] == ACT_AT
    elif action == Action.RETURN:
        assert routed == {}
    else:
        assert routed == before["departments"]
    extensions = list(Extension.objects.filter(appeal_id=appeal_id))
    if action == Action.REQUEST_EXTENSION:
        assert [(e.days, e.granted, e.requested_at) for e in extensions] == [(5, None, ACT_AT)]
    elif action == Action.DECIDE_EXTENSION:
        assert [(e.granted, e.decided_at) for e in extensions] == [(True, ACT_AT)]
    else:
        assert len(extensions) == before["extensions"]
    original = Event.objects.filter(timeline=f"appeals.appeal:{world.original_id}",
                                    pk__gt=before["last_event"])
    assert [e.verb for e in original] == (["appeal.merged_in"] if action == Action.MERGE
                                          else [])


# --- arguments that need a row first ---------------------------------------------------------

def _prepare(action: Action, state: str, appeal: Appeal, world: World) -> Appeal:
    """Valid arguments for deciding on an extension include a request waiting for it."""
    if action == Action.DECIDE_EXTENSION and state in WITH_DEPARTMENTS:
        services.appeal_request_extension(actor=world.crew.liaison, appeal=appeal, days=5,
                                          reason="需要现场勘测", at=EXTENSION_ASKED_AT)
    return Appeal.objects.get(pk=appeal.pk)


def _row(appeal_id: int) -> dict[str, Any]:
    return Appeal.objects.filter(pk=appeal_id).values().get()


# --- the matrix -----------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("state", list(State), ids=str)
def test_action_in_state_by_role(world: World, state: str, action: Action, role: str) -> None:
    # Given an appeal in this state, and the actor
    appeal = _prepare(action, state, Appeal.objects.get(pk=world.appeal_ids[state]), world)
    actor = world.users[role]
    before = _row(appeal.pk)
    rows_before = appeal_tables()
    expected = verdict(state, action, role)

    if expected == ALLOW:
        # When they act, then the appeal moves exactly as written above, with one event
        side = {"departments": _departments(appeal.pk),
                "extensions": Extension.objects.filter(appeal_id=appeal.pk).count(),
                "last_event": rows_before["events"][-1]}
        _call(action, actor, appeal, world)
        after = _row(appeal.pk)
        changed = {name: after[name] for name in after
                   if after[name] != before[name] and name != "version"}
        wanted = expected_changes(action, state, role, world)
        assert set(changed) == set(wanted), f"changed {sorted(changed)}"
        assert {name: value for name, value in changed.items()
                if wanted[name] is not CHANGED} == {
            name: value for name, value in wanted.items() if value is not CHANGED}
        assert after["version"] == before["version"] + 1
        events = Event.objects.filter(timeline=timeline_key(appeal),
                                      pk__gt=side["last_event"])
        assert [(e.verb, e.actor_id) for e in events] == [(VERBS[action], actor.pk)]
        check_side_rows(action, role, side, appeal.pk, world)
    else:
        # When they try, then they are told why, and nothing is written
        with pytest.raises(ValidationError) as refused:
            _call(action, actor, appeal, world)
        assert isinstance(refused.value, TransitionRefused) == (expected == REFUSE)
        assert " ".join(refused.value.messages).strip()
        assert appeal_tables() == rows_before


# --- the pages offer what the services accept --------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("state", list(State), ids=str)
def test_standings_and_offered_actions(world: World, state: str) -> None:
    """Each member of the cast stands to the appeal as described, and the actions the appeal's
    page offers them are those the table allows (a detail may still refuse one)."""
    appeal = Appeal.objects.get(pk=world.appeal_ids[state])
    assert (appeal.state, appeal.answer_due) == (state, FIRST_ANSWER_DUE)
    for role in ROLES:
        held = standings(world.users[role], appeal)
        assert set(held) == standing_of(role, state), role
        offered = allowed_actions(appeal, held)
        assert offered == {action for action in Action
                           if verdict(state, action, role) != REFUSE}, role


@pytest.mark.django_db
def test_the_table_covers_every_action_and_a_real_path_through_it(world: World) -> None:
    """Every action is allowed to somebody in some state, and every state but the final ones
    allows somebody something."""
    assert set(ALLOWED) == set(Action)
    for action in Action:
        assert any(verdict(state, action, role) == ALLOW for state in State for role in ROLES)
    final = {State.CLOSED, State.REJECTED, State.MERGED}
    for state in State:
        acted = any(verdict(state, action, role) == ALLOW for action in Action for role in ROLES)
        assert acted == (state not in final), state
