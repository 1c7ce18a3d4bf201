"""Demo service hotlines (issue #5 point 7): the 170 台胞台企服务热线 opened across Shandong's 16
cities and their counties early in 2014 (seed 000: "新开通的170部台胞台企服务热线"), the province's
test-call round over all of them in April 2014, a Jinan round running now, and the calls taken
on the Jinan lines in 2026.

- The lines: one for each city office and each county office (an office is created where a
  county has none, the demo's way), and a second line in the largest cities, 170 in all. The
  province and city lines are open 24 hours (seed 004: 服务热线电话保持24小时畅通), as are most
  county lines; twenty county lines keep weekday office hours.
- "2014年4月新开通热线拨测": the province office's inspectors call every line at least once
  within its hours, so the round's coverage is 100%, and the bands come out as designed
  (``BANDS_2014``): lines answered every time are hot, some missed calls make warm lines, a few
  cold lines answered once in four, two dead lines never answered. Some office-hours lines are
  also called in the evening or on a Saturday: recorded, not counted (``OUTSIDE_HOURS_CALLS``).
- The Jinan office's 2026 round over the Jinan lines is under way: some lines called, the rest
  still to call.
- Calls taken on the Jinan lines in 2026; some are taken in as appeals of channel hotline
  (``call_record(problem=...)``), which live on like every demo appeal.

Everything goes through ``qinshang.hotlines.services`` with past times: a test call's
``within_hours`` is the service's, from the line's stated hours (``Hotline.open_at``).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qinshang.accounts.models import User
from qinshang.demo import hotline_texts as texts
from qinshang.demo.appeal_life import CUTOFF, ZONE, WorkClock
from qinshang.demo.appeal_texts import STAFF_PREFIX
from qinshang.demo.liaison import AppealKit, portal_enterprises
from qinshang.enterprises.models import Affiliation, Enterprise
from qinshang.figures.hotlines import Band
from qinshang.hotlines import services
from qinshang.hotlines.models import CallOutcome, Hotline, HotlineStatus, TestCallRound
from qinshang.offices.models import Office
from qinshang.regions.models import TAIWAN, Region

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20140401
PROVINCE, JINAN = "370000", "370100"
HOTLINES = 170
# The cities given a second line, as many as make 170.
SECOND_LINE_CITIES = ("370100", "370200", "370600", "370700", "370300", "370800")
OFFICE_HOURS_LINES = 20

ROUND_2014 = "2014年4月新开通热线拨测"
ROUND_2014_FIRST, ROUND_2014_LAST = datetime.date(2014, 4, 1), datetime.date(2014, 4, 30)
BANDS_2014 = {Band.HOT: 150, Band.WARM: 14, Band.COLD: 4, Band.DEAD: 2}
OUTSIDE_HOURS_CALLS = 8
# The counted test calls of a line in each band: answered or not, in the order made.
WARM_PATTERNS = ((True, False, True), (False, True), (True, False, False), (True, True, False))
COLD_PATTERN = (False, True, False, False)
DEAD_PATTERN = (False, False, False)

ROUND_2026 = "2026年济南市台胞台企服务热线拨测"
ROUND_2026_FIRST, ROUND_2026_LAST = datetime.date(2026, 11, 2), datetime.date(2026, 11, 30)
ROUND_2026_CALLED = 9           # of the Jinan lines, by the demo's today
CALLS_FIRST, CALLS_LAST = datetime.date(2026, 1, 5), datetime.date(2026, 11, 20)
JINAN_CALLS = 40
CALL_APPEALS = 6

WEEKDAYS = range(5)
SPLIT_HOURS = ((datetime.time(8, 30), datetime.time(12)), (datetime.time(13, 30),
                                                          datetime.time(17, 30)))
DAY_HOURS = ((datetime.time(9), datetime.time(17)),)


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


@dataclass
class Line:
    code: str
    purpose: str
    hotline: Hotline | None = None


class HotlineDemo:
    def __init__(self, generator: Generator, enterprises: list[Enterprise]) -> None:
        self.g = generator
        self.rng = random.Random(SEED)
        self.clock = WorkClock(datetime.date(2014, 1, 1), datetime.date(2026, 12, 31))
        self.enterprises = enterprises
        self.numbers: set[str] = set(Hotline.objects.values_list("number", flat=True))
        self.lines: list[Line] = []
        self.counts: Counter[str] = Counter()

    # --- places and people -------------------------------------------------------------------

    def user(self, username: str) -> User:
        return next(user for users in self.g.officers.values() for user in users
                    if user.username == username)

    def office(self, code: str) -> Office:
        """The office of a division, created as the demo creates offices where it has none."""
        office = self.g.offices.get(code)
        if office is None:
            region = self.g.regions[code]
            office = Office.objects.create(region=region, kind=Office.Kind.TAIWAN,
                                           name=region.name + "台办")
            self.g.offices[code] = office
            self.counts["offices"] += 1
        return office

    def officers(self, code: str) -> list[User]:
        """Who answers and records for a line: its office's officers, or the city's."""
        return self.g.officers.get(code) or self.g.officers[self.g.city_of(code).code]

    def number(self, city: str) -> str:
        area, digits, firsts = texts.AREA_CODES[city]
        while True:
            local = self.rng.choice(firsts) + "".join(
                str(self.rng.randrange(10)) for _ in range(digits - 1))
            number = f"{area}-{local}"
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    # --- the lines ---------------------------------------------------------------------------

    def plan_lines(self) -> None:
        regions = self.g.regions
        cities = [code for code, region in sorted(regions.items())
                  if code[:2] == PROVINCE[:2] and region.level == Region.Level.CITY]
        purposes, weights = zip(*texts.COUNTY_PURPOSES, strict=True)
        for city in cities:
            self.lines.append(Line(city, texts.CITY_PURPOSE))
            self.lines += [Line(code, self.rng.choices(purposes, weights)[0])
                           for code, region in sorted(regions.items())
                           if region.parent_id == city and region.level == Region.Level.COUNTY]
        extra = HOTLINES - len(self.lines)
        if not 0 <= extra <= len(SECOND_LINE_CITIES):
            raise ValueError(f"{len(self.lines)} divisions for {HOTLINES} hotlines")
        for city, purpose in zip(SECOND_LINE_CITIES[:extra], texts.SECOND_PURPOSES * 2,
                                 strict=False):
            self.lines.append(Line(city, purpose))

    def open_lines(self) -> None:
        rng = self.rng
        counties = [line for line in self.lines
                    if self.g.regions[line.code].level == Region.Level.COUNTY]
        office_hours = {id(line) for line in rng.sample(counties, OFFICE_HOURS_LINES)}
        for line in self.lines:
            county = self.g.regions[line.code].level == Region.Level.COUNTY
            starts_on = rng.choice(self.clock.working_days(
                datetime.date(2014, 1, 13) if county else datetime.date(2014, 1, 6),
                datetime.date(2014, 3, 28) if county else datetime.date(2014, 1, 24)))
            always_open = id(line) not in office_hours
            shape = rng.choice((SPLIT_HOURS, SPLIT_HOURS, DAY_HOURS))
            hours = [] if always_open else [services.Hours(day, opens, closes)
                                            for day in WEEKDAYS for opens, closes in shape]
            line.hotline = services.hotline_create(
                actor=self.officers(line.code)[0], office=self.office(line.code), hours=hours,
                data={"number": self.number(self.g.city_of(line.code).code),
                      "purpose": line.purpose, "always_open": always_open,
                      "starts_on": starts_on, "status": HotlineStatus.ACTIVE},
                at=moment(starts_on, 10, rng.randrange(60)))
        self.counts["hotlines"] = len(self.lines)

    # --- test calls --------------------------------------------------------------------------

    def call_time(self, line: Line, first: datetime.date, last: datetime.date
                  ) -> datetime.datetime:
        """A time within the line's hours: office hours on a working day, and for a 24-hour
        line now and then an evening."""
        rng = self.rng
        day = rng.choice(self.clock.working_days(first, last))
        if line.hotline.always_open and rng.random() < 0.15:
            return moment(day, rng.randint(18, 21), rng.randrange(60))
        hour = rng.choice((9, 10, 10, 11, 14, 15, 15, 16))
        minute = rng.randrange(30) if hour == 11 else rng.randrange(60)
        return moment(day, hour, minute)

    def test_call(self, line: Line, test_round: TestCallRound, inspector: User,
                  at: datetime.datetime, answered: bool, *, good: bool, notes: str = "") -> None:
        rng = self.rng
        data = {"called_at": at, "answered": answered, "notes": notes}
        if answered:
            high = (5, 5, 4, 4, 3) if good else (4, 3, 3, 2)
            data.update(seconds_to_answer=(rng.randint(3, 15) if good and rng.random() < 0.9
                                           else rng.randint(16, 45)),
                        courtesy=rng.choice(high), knowledge=rng.choice(high),
                        ownership=rng.choice(high), accuracy=rng.choice(high))
            if not notes:
                data["notes"] = rng.choice(texts.NOTES_ANSWERED if good else texts.NOTES_SLOW)
        services.test_call_record(actor=inspector, hotline=line.hotline, data=data,
                                  test_round=test_round,
                                  at=at + datetime.timedelta(minutes=rng.randint(2, 9)))
        self.counts["test calls"] += 1

    def round_2014(self) -> None:
        rng = self.rng
        sheng = self.user("sheng")
        province = self.g.offices[PROVINCE]
        inspectors = self.g.officers[PROVINCE]
        test_round = services.round_create(
            actor=sheng, office=province, hotlines=[line.hotline for line in self.lines],
            data={"name": ROUND_2014, "starts_on": ROUND_2014_FIRST,
                  "ends_on": ROUND_2014_LAST}, at=moment(datetime.date(2014, 3, 28), 9, 40))
        self.counts["test-call rounds"] += 1
        # Dead and cold lines among the county lines that say they are open 24 hours.
        counties = [line for line in self.lines
                    if self.g.regions[line.code].level == Region.Level.COUNTY
                    and line.hotline.always_open]
        dead = rng.sample(counties, BANDS_2014[Band.DEAD])
        cold = rng.sample([line for line in counties if line not in dead],
                          BANDS_2014[Band.COLD])
        warm = rng.sample([line for line in self.lines if line not in dead + cold],
                          BANDS_2014[Band.WARM])
        patterns = {id(line): DEAD_PATTERN for line in dead}
        patterns.update({id(line): COLD_PATTERN for line in cold})
        patterns.update({id(line): rng.choice(WARM_PATTERNS) for line in warm})
        weeks = ((datetime.date(2014, 4, 8), datetime.date(2014, 4, 15)),
                 (datetime.date(2014, 4, 16), datetime.date(2014, 4, 24)),
                 (datetime.date(2014, 4, 25), datetime.date(2014, 4, 29)),
                 (datetime.date(2014, 4, 29), datetime.date(2014, 4, 30)))
        calls = []
        for line in self.lines:
            pattern = patterns.get(id(line), (True, True))
            for (first, last), answered in zip(weeks, pattern, strict=False):
                notes = "" if answered else rng.choice(
                    texts.NOTES_DEAD if pattern is DEAD_PATTERN else texts.NOTES_UNANSWERED)
                calls.append((self.call_time(line, first, last), line, answered,
                              pattern == (True, True), notes))
        # Office-hours lines called after hours too: kept, not counted.
        daytime = [line for line in self.lines if not line.hotline.always_open]
        saturdays = [datetime.date(2014, 4, day) for day in (12, 19, 26)]
        for number, line in enumerate(rng.sample(daytime, OUTSIDE_HOURS_CALLS)):
            at = (moment(rng.choice(saturdays), 10, rng.randrange(60)) if number % 3 == 2
                  else moment(rng.choice(self.clock.working_days(ROUND_2014_FIRST,
                                                                 ROUND_2014_LAST)),
                              rng.choice((18, 19, 20)), rng.randrange(60)))
            answered = number == 0
            calls.append((at, line, answered, True,
                          texts.NOTES_OUTSIDE[2] if answered else rng.choice(
                              texts.NOTES_OUTSIDE[:2])))
        for at, line, answered, good, notes in sorted(calls, key=lambda call: call[0]):
            self.test_call(line, test_round, rng.choice(inspectors), at, answered, good=good,
                           notes=notes)

    def round_2026(self) -> None:
        rng = self.rng
        jinan = self.user("jinan")
        lines = [line for line in self.lines if line.code[:4] == JINAN[:4]]
        test_round = services.round_create(
            actor=jinan, office=self.g.offices[JINAN], hotlines=[line.hotline for line in lines],
            data={"name": ROUND_2026, "starts_on": ROUND_2026_FIRST, "ends_on": ROUND_2026_LAST},
            at=moment(datetime.date(2026, 10, 28), 10, 15))
        self.counts["test-call rounds"] += 1
        inspectors = self.g.officers[JINAN][:2]
        called = rng.sample(lines, ROUND_2026_CALLED)
        calls = []
        for number, line in enumerate(called):
            calls.append((self.call_time(line, ROUND_2026_FIRST, CUTOFF.date()
                                         - datetime.timedelta(days=4)), line, number != 0))
            if number == 0:     # missed, then called again and answered
                calls.append((self.call_time(line, CUTOFF.date() - datetime.timedelta(days=3),
                                             CUTOFF.date() - datetime.timedelta(days=1)),
                              line, True))
        for at, line, answered in sorted(calls, key=lambda call: call[0]):
            self.test_call(line, test_round, rng.choice(inspectors), at, answered, good=True,
                           notes="" if answered else texts.NOTES_UNANSWERED[0])

    # --- calls taken -------------------------------------------------------------------------

    def callers(self) -> dict[int, tuple[str, str]]:
        """Name and phone of a Taiwan principal of each Jinan enterprise."""
        callers: dict[int, tuple[str, str]] = {}
        for affiliation in (Affiliation.objects.filter(
                enterprise__region__code__startswith=JINAN[:4], person__origin=TAIWAN)
                .select_related("person").order_by("id")):
            person = affiliation.person
            callers.setdefault(affiliation.enterprise_id, (person.name, person.phone))
        return callers

    def calls(self, kit: AppealKit) -> None:
        rng = self.rng
        lines = [line for line in self.lines if line.code[:4] == JINAN[:4]]
        weights = [12 if line.code == JINAN else 5 if line.code == "370102" else 1.5
                   for line in lines]
        portal = portal_enterprises()
        firms = [e for e in self.enterprises if e.region_id[:4] == JINAN[:4]
                 and e.status == Enterprise.Status.OPERATING and e.pk not in portal]
        callers = self.callers()
        days = self.clock.working_days(CALLS_FIRST, CALLS_LAST)
        # Appeals early enough to have gone some way by the cut-off; the last one recent.
        cutoff = CUTOFF.date()
        appeal_days = [day for day in days if cutoff - datetime.timedelta(days=200) <= day
                       <= cutoff - datetime.timedelta(days=20)]
        recent = [day for day in days if cutoff - datetime.timedelta(days=12) <= day
                  <= cutoff - datetime.timedelta(days=6)]
        planned = []
        for number in range(JINAN_CALLS):
            line = rng.choices(lines, weights)[0]
            raising = number < CALL_APPEALS
            day = rng.choice(recent if number == 0 else appeal_days if raising else days)
            planned.append((self.call_time(line, day, day), line, raising))
        for at, line, raising in sorted(planned, key=lambda call: call[0]):
            code = line.code
            area = [e for e in firms if code == JINAN or e.region_id == code] or firms
            enterprise = rng.choice(area) if raising or rng.random() < 0.55 else None
            name, phone = (callers.get(enterprise.pk, (rng.choice(texts.CALLER_NAMES), ""))
                           if enterprise else (rng.choice(texts.CALLER_NAMES), ""))
            phone = phone or f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            actor = rng.choice(self.officers(code))
            data = {"received_at": at, "caller_name": name, "caller_phone": phone}
            problem = spec = None
            if raising:
                problem, spec = kit.problem(enterprise, at + datetime.timedelta(minutes=10),
                                            "hotline", STAFF_PREFIX["hotline"])
                data.update(topic=problem.title, summary=problem.description,
                            outcome=CallOutcome.APPEAL)
            else:
                topic, summary, outcome = rng.choice(texts.CALLS)
                data.update(topic=topic, summary=summary, outcome=outcome)
            call = services.call_record(actor=actor, hotline=line.hotline, data=data,
                                        enterprise=enterprise, problem=problem,
                                        at=at + datetime.timedelta(minutes=10))
            if spec is not None:
                kit.live_on(call.appeal, spec)
            self.counts["hotline calls"] += 1

    def run(self, kit: AppealKit) -> Counter[str]:
        self.plan_lines()
        self.open_lines()
        self.round_2014()
        self.round_2026()
        self.calls(kit)
        return self.counts


def hotlines_generate(generator: Generator, enterprises: list[Enterprise]) -> Counter[str]:
    """Write the demo hotlines, test-call rounds and calls; returns counts to add to the
    demo's summary."""
    kit = AppealKit(generator, enterprises, SEED + 1)
    counts = HotlineDemo(generator, enterprises).run(kit)
    counts.update(kit.finish())
    return counts
