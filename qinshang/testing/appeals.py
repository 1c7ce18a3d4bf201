"""Appeals in any state of DESIGN.md §4, built through the services at fixed past times.

Tests, the demo and the browser tests share these builders, so every appeal they start from went
through the same checks, deadlines and events as a real one. Times are fixed (an ordinary week in
March 2025, far from any holiday) so that deadlines are the same on every run.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from qinshang.accounts.models import Role, User
from qinshang.appeals.models import (
    Appeal,
    Assignment,
    Attachment,
    Category,
    Channel,
    Extension,
    Kind,
    Outcome,
    Priority,
    Rating,
    State,
)
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.offices.models import Department
from qinshang.regions.models import Region
from qinshang.testing import factories as f

TZ = ZoneInfo("Asia/Shanghai")
# Monday 2025-03-03: fifteen working days later is Monday 2025-03-24, no holiday in between.
START = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=TZ)

# The order of the main path; a state's appeal has gone through every step before it.
MAIN_PATH = (State.REGISTERED, State.ASSESSED, State.ASSIGNED, State.IN_PROGRESS,
             State.ANSWERED, State.RATED, State.CLOSED)


@dataclass(frozen=True)
class Schedule:
    """When each step happens, counted from the registration. The defaults keep the whole path
    within two working days, so a department may still return the assignment afterwards."""

    assess: datetime.timedelta = datetime.timedelta(minutes=30)
    assign: datetime.timedelta = datetime.timedelta(hours=1)
    accept: datetime.timedelta = datetime.timedelta(hours=1, minutes=30)
    answer: datetime.timedelta = datetime.timedelta(days=1)
    rate: datetime.timedelta = datetime.timedelta(days=1, hours=1)
    close: datetime.timedelta = datetime.timedelta(days=1, hours=2)
    reject: datetime.timedelta = datetime.timedelta(minutes=30)
    merge: datetime.timedelta = datetime.timedelta(minutes=30)


@dataclass(frozen=True)
class Crew:
    """Who moves an appeal along: the office's officer, the lead department and its liaison,
    any co-handling departments, and the appellant (portal user) who files and rates it."""

    officer: User
    lead: Department
    liaison: User
    co_handlers: tuple[Department, ...] = ()
    appellant: User | None = None


@dataclass(frozen=True)
class CoHandler:
    department: Department
    liaison: User


def co_handler_at(code: str, *, username: str = "co_handler",
                  sector: str = Department.Sector.HUMAN_RESOURCES) -> CoHandler:
    """A second department at ``code`` with its liaison, to share an appeal with the lead."""
    region = Region.objects.get(code=code)
    department, _ = Department.objects.get_or_create(
        region=region, sector=sector,
        defaults={"name": f"{region.name}{Department.Sector(sector).label}"})
    return CoHandler(department, f.member(username, Role.DEPARTMENT, department=department))


def crew_of(cast, co_handler: CoHandler | None = None) -> Crew:
    """The test cast as a crew: the owner officer, the cast's department as lead, the portal
    user as appellant, and the co-handler's department if one is given."""
    return Crew(officer=cast.owner, lead=cast.department.memberships.get().department,
                liaison=cast.department,
                co_handlers=(co_handler.department,) if co_handler else (),
                appellant=cast.portal)


def appeal_data(**overrides: Any) -> dict[str, Any]:
    """What a registration form sends, valid unless overridden."""
    data: dict[str, Any] = {
        "kind": Kind.REQUEST, "channel": Channel.PORTAL,
        "category": Category.objects.get(code="land"), "priority": Priority.NORMAL,
        "title": "厂房用地审批迟迟未办理",
        "description": "新厂房用地审批材料已提交三个月，至今没有答复，影响投产。",
    }
    data.update(overrides)
    return data


def build_appeal(state: str, *, crew: Crew, enterprise: Enterprise | None = None,
                 person: Person | None = None, start: datetime.datetime = START,
                 schedule: Schedule = Schedule(), data: Mapping[str, Any] | None = None,
                 rating: int = Rating.DISSATISFIED, original: Appeal | None = None) -> Appeal:
    """An appeal in ``state``, having gone through the services step by step from ``start``.

    It is filed by the appellant when there is one (their own enterprise or themselves), else
    by the officer. A rated appeal carries ``rating`` (unsatisfied by default, so it may still
    be reopened); a merged one is merged into ``original`` (a new registered appeal of the same
    party when not given)."""
    from qinshang.appeals import services

    registrar = crew.appellant or crew.officer
    appeal = services.appeal_register(actor=registrar, enterprise=enterprise, person=person,
                                      data=data if data is not None else appeal_data(),
                                      at=start)
    if state == State.REJECTED:
        services.appeal_reject(actor=crew.officer, appeal=appeal, reason="不属于受理范围",
                               at=start + schedule.reject)
    elif state == State.MERGED:
        original = original or build_appeal(State.REGISTERED, crew=crew, enterprise=enterprise,
                                            person=person, start=start)
        services.appeal_merge(actor=crew.officer, duplicate=appeal, original=original,
                              at=start + schedule.merge)
    else:
        _walk(appeal, state, crew, start, schedule, rating)
    return Appeal.objects.get(pk=appeal.pk)


def _walk(appeal: Appeal, state: str, crew: Crew, start: datetime.datetime,
          schedule: Schedule, rating: int) -> None:
    from qinshang.appeals import services

    steps = [
        lambda: services.appeal_assess(actor=crew.officer, appeal=appeal,
                                       category=appeal.category, priority=appeal.priority,
                                       plan="协调相关部门办理", at=start + schedule.assess),
        lambda: services.appeal_assign(actor=crew.officer, appeal=appeal, lead=crew.lead,
                                       co_handlers=crew.co_handlers, at=start + schedule.assign),
        lambda: services.appeal_accept(actor=crew.liaison, appeal=appeal,
                                       at=start + schedule.accept),
        lambda: services.appeal_answer(actor=crew.liaison, appeal=appeal,
                                       outcome=Outcome.RESOLVED, reply="已协调办理完毕",
                                       at=start + schedule.answer),
        lambda: services.appeal_rate(actor=crew.appellant or crew.officer, appeal=appeal,
                                     rating=rating, at=start + schedule.rate),
        lambda: services.appeal_close(actor=crew.officer, appeal=appeal,
                                      at=start + schedule.close),
    ]
    for step in steps[:MAIN_PATH.index(State(state))]:
        step()


@dataclass
class Cases:
    """Several appeals of one crew, one per state, for tests that visit every state."""

    by_state: dict[str, Appeal] = field(default_factory=dict)
    original: Appeal | None = None


def appeal_in_every_state(*, crew: Crew, enterprise: Enterprise | None = None,
                          person: Person | None = None,
                          start: datetime.datetime = START) -> Cases:
    """One appeal per state, and the registered original the merged one was merged into."""
    original = build_appeal(State.REGISTERED, crew=crew, enterprise=enterprise, person=person,
                            start=start, data=appeal_data(title="原诉求：厂房用地审批"))
    cases = Cases(original=original)
    for state in State:
        cases.by_state[state] = build_appeal(state, crew=crew, enterprise=enterprise,
                                             person=person, start=start, original=original)
    return cases


def appeal_tables() -> dict[str, list]:
    """Every row an appeal service may write, to show that a refused action wrote nothing."""
    return {
        "appeals": list(Appeal.objects.order_by("pk").values()),
        "assignments": list(Assignment.objects.order_by("pk").values()),
        "extensions": list(Extension.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values_list("pk", flat=True)),
        "notifications": list(Notification.objects.order_by("pk")
                              .values_list("pk", flat=True)),
    }


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in China Standard Time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def end_of(year: int, month: int, day: int) -> datetime.datetime:
    """The end of a day: where a limit counted in working days runs out."""
    return datetime.datetime(year, month, day, 23, 59, 59, 999999, tzinfo=TZ)


def register(actor, enterprise: Enterprise, when: datetime.datetime, **data: Any) -> Appeal:
    """An appeal of ``enterprise`` registered by ``actor`` at ``when`` (``data`` overrides
    appeal_data())."""
    from qinshang.appeals import services

    return services.appeal_register(actor=actor, enterprise=enterprise, at=when,
                                    data=appeal_data(**data))
