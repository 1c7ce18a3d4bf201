"""A hand-built set of appeals whose figures are known in advance (DESIGN.md §5).

Ten appeals of the owner county's enterprise, registered on the working days of 3–14 March
2025 at 09:00, each taken through the services with fixed times:

====  ==========  ======================  ==========================================
no.   registered  contact                 then
====  ==========  ======================  ==========================================
A0    Mon 3 Mar   assessed 10:00          answered resolved 10 Mar (5 wd), rated 5, closed
A1    Tue 4 Mar   assessed                answered resolved 11 Mar (5 wd), rated 4
A2    Wed 5 Mar   assessed                answered resolved 12 Mar (5 wd), rated 4
A3    Thu 6 Mar   assessed                answered resolved 20 Mar (10 wd), rated 2
A4    Fri 7 Mar   assessed                answered resolved 3 Apr (19 wd): late
A5    Mon 10 Mar  assessed                answered "planned" 8 Apr (20 wd): late
A6    Tue 11 Mar  contacted 10:00         not accepted
A7    Wed 12 Mar  assessed                assigned, in progress, supervised by the city
A8    Thu 13 Mar  contacted 20 Mar: late  still registered
A9    Fri 14 Mar  never                   still registered
A10   Fri 14 Mar  —                       merged into A7 as a duplicate: never counted
====  ==========  ======================  ==========================================

So: response 8 / 10 (A9's limit passed, A8 late); resolution 5 / 6; on time 4 / 6;
satisfaction 3 / 4; handling 64 / 6 working days; overdue A7, A8, A9 as of the end of 2025.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from qinshang.appeals import services
from qinshang.appeals.models import Appeal, Category, Outcome

TZ = ZoneInfo("Asia/Shanghai")
END_OF_2025 = datetime.datetime(2025, 12, 31, 12, 0, tzinfo=TZ)
REGISTERED_ON = [(3, 3), (3, 4), (3, 5), (3, 6), (3, 7), (3, 10), (3, 11), (3, 12), (3, 13),
                 (3, 14)]


def at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def office_time_zone():
    """The offices' time zone, whatever QINSHANG_TIME_ZONE the test run was given."""
    with timezone.override(TZ):
        yield


@dataclass
class KnownSet:
    appeals: list[Appeal]
    duplicate: Appeal


def register(cast, month: int, day: int, title: str, *, enterprise=None, actor=None,
             hour: int = 9) -> Appeal:
    return services.appeal_register(
        actor=actor or cast.owner, enterprise=enterprise or cast.enterprise,
        at=at(month, day, hour),
        data={"kind": "request", "channel": "visit", "category": Category.objects.get(code="land"),
              "title": title, "description": f"{title}：请协调办理"})


def handled(cast, appeal: Appeal, answered: datetime.datetime, outcome: str) -> Appeal:
    """Assessed an hour after registration, assigned to the Jinan department, answered."""
    start = timezone.localtime(appeal.registered_at)
    one_hour = start + datetime.timedelta(hours=1)
    appeal = services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                                    priority="normal", plan="协调相关部门办理", at=one_hour)
    department = cast.department.memberships.get().department
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=department,
                                    at=one_hour)
    appeal = services.appeal_accept(actor=cast.department, appeal=appeal,
                                    at=start + datetime.timedelta(hours=2))
    if answered is None:
        return appeal
    return services.appeal_answer(actor=cast.department, appeal=appeal, outcome=outcome,
                                  reply="已协调办理", at=answered)


def build_known_set(cast) -> KnownSet:
    appeals = [register(cast, month, day, f"诉求{index}")
               for index, (month, day) in enumerate(REGISTERED_ON)]
    answers = [(at(3, 10), Outcome.RESOLVED), (at(3, 11), Outcome.RESOLVED),
               (at(3, 12), Outcome.RESOLVED), (at(3, 20), Outcome.RESOLVED),
               (at(4, 3), Outcome.RESOLVED), (at(4, 8), Outcome.PLANNED)]
    for index, (answered, outcome) in enumerate(answers):
        appeals[index] = handled(cast, appeals[index], answered, outcome)
    for index, rating in enumerate([5, 4, 4, 2]):
        appeals[index] = services.appeal_rate(actor=cast.portal, appeal=appeals[index],
                                              rating=rating, at=at(4, 10 + index))
    appeals[0] = services.appeal_close(actor=cast.owner, appeal=appeals[0], at=at(4, 20))
    appeals[6] = services.appeal_contact(actor=cast.owner, appeal=appeals[6], at=at(3, 11, 10))
    appeals[6] = services.appeal_reject(actor=cast.owner, appeal=appeals[6],
                                        reason="不属于受理范围", at=at(3, 11, 11))
    appeals[7] = handled(cast, appeals[7], None, "")
    appeals[7] = services.appeal_supervise(actor=cast.city, appeal=appeals[7],
                                           reason="久拖未决", at=at(6, 2))
    appeals[8] = services.appeal_contact(actor=cast.owner, appeal=appeals[8], at=at(3, 20))
    duplicate = register(cast, 3, 14, "诉求7", hour=10)
    duplicate = services.appeal_merge(actor=cast.owner, duplicate=duplicate,
                                      original=appeals[7], at=at(3, 14, 11))
    return KnownSet(appeals=appeals, duplicate=duplicate)


@pytest.fixture
def known(cast) -> KnownSet:
    return build_known_set(cast)
