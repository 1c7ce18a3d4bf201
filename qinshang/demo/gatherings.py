"""Demo events (issue #6 points 6 and 8) in Shandong over the year to the demo's today: the
offices' symposiums, round tables (圆桌恳谈会), get-togethers (联谊会), cultural events and
trainings, each with the enterprises that came, a person or two of theirs and the number of
attendees, recorded through ``qinshang.gatherings.services``. At some symposiums and round
tables enterprises raise problems, which become appeals of channel symposium and live on
through the appeal services like every demo appeal (``AppealKit``). A few events are planned
after today, without outcomes.

The seed's 122 symposiums (seed 002) are the Jiangxi service month's, recorded by the campaign
demo as events of kind symposium of that campaign. Trade fairs and forums, which carry signed
projects, are the project demo's.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from qinshang.demo import gathering_texts as texts
from qinshang.demo.appeal_life import AS_OF
from qinshang.demo.liaison import AppealKit, moment, portal_enterprises
from qinshang.enterprises.models import Affiliation, Enterprise
from qinshang.gatherings import services
from qinshang.gatherings.models import Kind
from qinshang.gatherings.services import RaisedProblem

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20260606
LIXIA = "370102"
FIRST = datetime.date(2025, 12, 1)
LAST = AS_OF.date() - datetime.timedelta(days=1)
PLANNED_UNTIL = AS_OF.date() + datetime.timedelta(days=40)
# What each level of office holds in the year: (kind, how many, the chance of each).
BY_LEVEL = {
    "province": [(Kind.SYMPOSIUM, 2, 1.0), (Kind.ROUND_TABLE, 1, 1.0),
                 (Kind.GET_TOGETHER, 2, 1.0), (Kind.CULTURAL, 2, 1.0), (Kind.TRAINING, 2, 1.0)],
    "city": [(Kind.SYMPOSIUM, 2, 1.0), (Kind.ROUND_TABLE, 1, 1.0), (Kind.GET_TOGETHER, 1, 1.0),
             (Kind.CULTURAL, 1, 0.5), (Kind.TRAINING, 1, 0.5)],
    "county": [(Kind.SYMPOSIUM, 1, 0.4), (Kind.ROUND_TABLE, 1, 0.15)],
}
# Problems raised at symposiums and round tables, one at each: few, so that the appeal demo's
# figures of the year stay as they are within its bounds.
RAISED_AT_EVENTS = 10
RAISING_SHARE = 0.4
PLANNED_SHARE = 0.08         # events still ahead


class GatheringDemo:
    def __init__(self, generator: Generator, enterprises: list[Enterprise]) -> None:
        self.g = generator
        self.rng = random.Random(SEED)
        self.counts: Counter[str] = Counter()
        portal = portal_enterprises()
        self.firms = [e for e in enterprises if e.region_id.startswith("37")
                      and e.status == Enterprise.Status.OPERATING and e.pk not in portal]
        self.persons: dict[int, list] = defaultdict(list)
        for affiliation in (Affiliation.objects.filter(enterprise__in=self.firms)
                            .select_related("person").order_by("pk")):
            self.persons[affiliation.enterprise_id].append(affiliation.person)

    def offices(self) -> list[str]:
        return sorted(code for code, officers in self.g.officers.items()
                      if code.startswith("37") and officers)

    def day(self, planned: bool) -> datetime.date:
        first, last = ((LAST + datetime.timedelta(days=8), PLANNED_UNTIL) if planned
                       else (FIRST, LAST))
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def attending(self, code: str) -> list[Enterprise]:
        region = self.g.regions[code]
        nearby = [e for e in self.firms if region.contains(e.region_id)]
        return self.rng.sample(nearby, min(len(nearby), self.rng.randint(4, 14)))

    def event(self, code: str, kind: str, kit: AppealKit) -> None:
        rng, region = self.rng, self.g.regions[code]
        planned = rng.random() < PLANNED_SHARE
        day = self.day(planned)
        enterprises = self.attending(code)
        persons = [person for e in enterprises for person in self.persons[e.pk][:1]]
        at = moment(min(day, LAST), 17, rng.randint(0, 50))
        raising = (not planned and kind in (Kind.SYMPOSIUM, Kind.ROUND_TABLE)
                   and enterprises and self.counts["event appeals"] < RAISED_AT_EVENTS
                   and rng.random() < RAISING_SHARE)
        problems, specs = [], []
        for enterprise in rng.sample(enterprises, 1) if raising else []:
            problem, spec = kit.problem(enterprise, at, "symposium", texts.RAISED_PREFIX)
            problems.append(RaisedProblem(problem, enterprise=enterprise))
            specs.append(spec)
        gathering = services.gathering_record(
            actor=rng.choice(self.g.officers[code]), enterprises=enterprises, persons=persons,
            problems=problems, at=at,
            data={"kind": kind, "held_on": day, "office": self.g.offices[code],
                  "region": region,
                  "title": rng.choice(texts.TITLES[kind]).format(place=region.name,
                                                                  year=day.year),
                  "place": region.name + rng.choice(texts.PLACES),
                  "attendees": len(persons) + len(enterprises) + rng.randint(3, 40),
                  "summary": "" if planned else rng.choice(texts.SUMMARIES[kind])})
        for appeal, spec in zip(gathering.appeals.order_by("pk"), specs, strict=True):
            kit.live_on(appeal, spec)
        self.counts[f"events: {kind}"] += 1
        self.counts["event appeals"] += len(specs)

    def run(self, kit: AppealKit) -> Counter[str]:
        for code in self.offices():
            for kind, count, chance in BY_LEVEL[self.g.regions[code].level]:
                for _ in range(count):
                    # The demo officer's county (lixia) holds all of its own.
                    if self.rng.random() < chance or code == LIXIA:
                        self.event(code, kind, kit)
        return self.counts


def gatherings_generate(generator: Generator, enterprises: list[Enterprise]) -> Counter[str]:
    """Write the demo events; returns counts to add to the demo's summary."""
    kit = AppealKit(generator, enterprises, SEED + 1)
    counts = GatheringDemo(generator, enterprises).run(kit)
    counts.update(kit.finish())
    return counts


__all__ = ["gatherings_generate"]
