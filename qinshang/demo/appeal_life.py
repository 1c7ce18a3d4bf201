"""The life of one demo appeal: office time on the working-day calendar, the drawn course of the
appeal (``Spec``), and ``Life``, which walks that course through the appeal services with past
times, stopping at the demo's "now" or at the step the course ends with."""

from __future__ import annotations

import bisect
import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from qinshang.accounts.models import User
from qinshang.appeals import services
from qinshang.appeals.models import Appeal, Channel, Outcome, Priority
from qinshang.demo import appeal_texts as texts
from qinshang.enterprises.models import Enterprise, Person
from qinshang.offices.models import Department
from qinshang.workdays.models import SpecialDay

if TYPE_CHECKING:
    from qinshang.demo.appeals import AppealDemo

ZONE = ZoneInfo("Asia/Shanghai")
# Nothing happens after the end of 2026-11-20: the demo's today is 2026-11-21.
CUTOFF = datetime.datetime(2026, 11, 21, tzinfo=ZONE)
AS_OF = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=ZONE)
OFFICE_OPENS, OFFICE_CLOSES = 8 * 60 + 30, 17 * 60 + 30      # minutes after midnight
DAY_MINUTES = OFFICE_CLOSES - OFFICE_OPENS
RATINGS = {Outcome.RESOLVED: (50, 38, 8, 3, 1), Outcome.PLANNED: (15, 45, 30, 8, 2),
           Outcome.EXPLAINED: (5, 35, 35, 18, 7)}


class WorkClock:
    """Office time on the working-day calendar, for drawing when things happen. Deadlines are
    not computed here: the services compute them."""

    def __init__(self, first: datetime.date, last: datetime.date) -> None:
        special = dict(SpecialDay.objects.filter(date__range=(first, last))
                       .values_list("date", "kind"))
        days, day = [], first
        while day <= last:
            kind = special.get(day)
            if kind == SpecialDay.Kind.WORKDAY or (kind is None and day.weekday() < 5):
                days.append(day)
            day += datetime.timedelta(days=1)
        self.days = days

    def ordinal(self, moment: datetime.datetime) -> int:
        """Office minutes since the first day; outside office hours, the next opening."""
        local = moment.astimezone(ZONE)
        index = bisect.bisect_left(self.days, local.date())
        if index < len(self.days) and self.days[index] == local.date():
            minute = local.hour * 60 + local.minute
            return index * DAY_MINUTES + min(max(minute - OFFICE_OPENS, 0), DAY_MINUTES)
        return index * DAY_MINUTES

    def moment(self, ordinal: int) -> datetime.datetime:
        index, minute = divmod(ordinal, DAY_MINUTES)
        day = self.days[min(index, len(self.days) - 1)]
        minute += OFFICE_OPENS
        return datetime.datetime(day.year, day.month, day.day, minute // 60, minute % 60,
                                 (ordinal * 37) % 60, tzinfo=ZONE)

    def later(self, moment: datetime.datetime, hours: float) -> datetime.datetime:
        return self.moment(self.ordinal(moment) + max(1, round(hours * 60)))

    def earlier(self, moment: datetime.datetime, hours: float) -> datetime.datetime:
        return self.moment(max(0, self.ordinal(moment) - max(1, round(hours * 60))))

    def days_later(self, moment: datetime.datetime, days: int,
                   rng: random.Random) -> datetime.datetime:
        """Some office time on the ``days``-th working day after ``moment``'s day."""
        index = self.ordinal(moment) // DAY_MINUTES + days
        return self.moment(index * DAY_MINUTES + rng.randrange(30, DAY_MINUTES - 30))

    def working_days(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        return self.days[bisect.bisect_left(self.days, first):bisect.bisect_right(self.days, last)]

    def office_time(self, day: datetime.date, rng: random.Random) -> datetime.datetime:
        minute = rng.randrange(OFFICE_OPENS + 15, OFFICE_CLOSES - 20)
        return datetime.datetime(day.year, day.month, day.day, minute // 60, minute % 60,
                                 rng.randrange(60), tzinfo=ZONE)


@dataclass
class Spec:
    """One appeal's drawn life. The defaults are the ordinary path to a rated close."""

    enterprise: Enterprise | None
    person: Person | None
    registered_at: datetime.datetime
    category: str
    topic: texts.Topic
    kind: str
    channel: str
    priority: str
    lead_sector: str
    co_sectors: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    answer_days: int = 8
    finish_by: datetime.datetime = CUTOFF
    stop: str = ""                       # stop after this step: registered, contacted, ...
    reject: bool = False
    wrong_sector: str = ""               # assigned there first, then returned
    extension: str = ""                  # granted, refused, pending
    supervise_early: bool = False
    outcome: str = ""
    rating: int | None = None
    reopen: bool | None = None           # None: decided by the rating
    second_answer_days: int | None = None
    rate_days: int | None = None
    close_days: int | None = None
    suffix: str = ""                     # added to the description (a duplicate's own words)
    duplicates: list[Spec] = field(default_factory=list)

    @property
    def portal(self) -> bool:
        return self.channel == Channel.PORTAL

    @property
    def region_id(self) -> str:
        return (self.enterprise or self.person).region_id


def party_key(spec: Spec) -> tuple[str, int]:
    return ("enterprise", spec.enterprise.pk) if spec.enterprise else ("person", spec.person.pk)


class Life:
    """One appeal from registration on, one service call per step, stopping at the cut-off
    (or at the step the spec stops after)."""

    def __init__(self, demo: AppealDemo, spec: Spec) -> None:
        self.demo, self.spec, self.rng, self.clock = demo, spec, demo.rng, demo.clock
        self.officer = demo.officer(spec)
        self.appellant = (demo.portal_users[party_key(spec)] if spec.portal else self.officer)
        self.t = spec.registered_at
        self.appeal: Appeal | None = None
        self.handlers: list[Department] = []          # the lead first

    def due(self, at: datetime.datetime) -> bool:
        """Move the clock to ``at``; False when that is past the end of the story."""
        self.t = at
        return at <= self.spec.finish_by

    def after(self, low: float, high: float) -> bool:
        return self.due(self.clock.later(self.t, self.rng.uniform(low, high)))

    def do(self, service: Callable, **kwargs):
        result = self.demo.act(service, self.t, **kwargs)
        if isinstance(result, Appeal):
            self.appeal = result
        return result

    def run(self) -> None:
        if self.register():
            self.live()

    def adopt(self, appeal: Appeal) -> None:
        """Live on from an appeal registered elsewhere: a campaign's visit or survey return
        raised it through the campaign services."""
        self.appeal, self.t = appeal, appeal.registered_at
        self.live()

    def live(self) -> None:
        """Everything after the registration."""
        spec = self.spec
        for duplicate in spec.duplicates:
            Life(self.demo, duplicate).run_duplicate(self.appeal)
        if spec.stop == "registered":
            return
        if spec.reject:
            if self.after(1, 6):
                self.do(services.appeal_reject, actor=self.officer, appeal=self.appeal,
                        reason=self.rng.choice(texts.REJECTIONS))
            return
        urgent = self.appeal.priority == Priority.URGENT
        # Often the assessment itself is the first contact with the appellant.
        if spec.stop == "contacted" or self.rng.random() < 0.4:
            if not self.after(*((0.1, 1.2) if urgent else (0.3, 4))):
                return
            self.do(services.appeal_contact, actor=self.officer, appeal=self.appeal,
                    note=self.rng.choice(texts.CONTACT_NOTES))
        if spec.stop == "contacted":
            return
        if not self.after(*((0.1, 0.5) if urgent else (0.5, 5))):
            return
        lead = self.demo.department(spec, spec.wrong_sector or spec.lead_sector)
        if not self.assess(texts.PLANS, lead) or spec.stop == "assessed":
            return
        if not self.assign(lead) or spec.stop == "assigned":
            return
        if spec.wrong_sector and not self.returned(lead):
            return
        if not self.accept() or spec.stop == "accepted":
            return
        if not self.handle(spec.answer_days, first=True) or spec.stop == "answered":
            return
        if not self.rate(spec.rating):
            return
        if self.reopens() and not self.handle_again():
            return
        if spec.stop == "rated":
            return
        days = spec.close_days if spec.close_days is not None else self.rng.choice((0, 0, 1, 2))
        if self.due(self.later_day(days)):
            self.do(services.appeal_close, actor=self.officer, appeal=self.appeal)

    def later_day(self, days: int) -> datetime.datetime:
        """Some time ``days`` working days on (later the same day for 0), before the end."""
        when = (self.clock.later(self.t, self.rng.uniform(0.5, 3)) if days == 0
                else self.clock.days_later(self.t, days, self.rng))
        if self.spec.finish_by < CUTOFF:
            when = max(self.clock.later(self.t, 0.2),
                       min(when, self.spec.finish_by - datetime.timedelta(minutes=30)))
        return when

    def register(self) -> bool:
        spec = self.spec
        if not self.due(self.t):
            return False
        title, description = self.demo.text(spec)
        # In the portal the appellant cannot set a priority: the assessment does.
        priority = Priority.NORMAL if spec.portal else spec.priority
        data = {"kind": spec.kind, "channel": spec.channel, "priority": priority,
                "category": self.demo.categories[spec.category], "title": title,
                "description": description,
                "contact_phone": "" if spec.portal else self.demo.phone()}
        party = {"enterprise": spec.enterprise, "person": spec.person}
        try:
            self.do(services.appeal_register, actor=self.appellant, data=data, **party)
        except ValidationError:
            # A 30-working-day limit would reach 2027, which the calendar does not cover.
            spec.priority = data["priority"] = Priority.NORMAL
            self.do(services.appeal_register, actor=self.appellant, data=data, **party)
        return True

    def run_duplicate(self, original: Appeal) -> None:
        if not self.register() or not self.after(0.5, 6):
            return
        self.do(services.appeal_merge, actor=self.officer, duplicate=self.appeal,
                original=original)

    def assess(self, plans: tuple[str, ...], lead: Department) -> bool:
        spec = self.spec
        co = [self.demo.department(spec, sector) for sector in spec.co_sectors]
        plan = self.rng.choice(plans).format(
            lead=lead.name, co=("，" + "、".join(d.name for d in co) + "协办") if co else "")
        category = self.demo.categories[spec.category]
        for priority in dict.fromkeys((spec.priority, Priority.NORMAL)):
            try:
                self.do(services.appeal_assess, actor=self.officer, appeal=self.appeal,
                        category=category, priority=priority, plan=plan)
                return True
            except ValidationError:
                continue
        return False

    def assign(self, lead: Department) -> bool:
        if not self.after(0.2, 3):
            return False
        co = [self.demo.department(self.spec, s) for s in self.spec.co_sectors]
        self.do(services.appeal_assign, actor=self.officer, appeal=self.appeal, lead=lead,
                co_handlers=co)
        self.handlers = [lead, *(d for d in co if d.pk != lead.pk)]
        return True

    def returned(self, wrong: Department) -> bool:
        """The wrong department sends it back within its two days; the office reassigns."""
        right = self.demo.department(self.spec, self.spec.lead_sector)
        if not self.after(2, 12):
            return False
        self.do(services.appeal_return, actor=self.demo.liaisons[wrong.pk], appeal=self.appeal,
                reason=texts.RETURNS.format(other=right.name))
        if not self.after(0.5, 4) or not self.assess((texts.REASSESS,), right):
            return False
        return self.assign(right)

    def accept(self) -> bool:
        urgent = self.appeal.priority == Priority.URGENT
        if not self.after(*((0.1, 1) if urgent else (0.5, 8))):
            return False
        for department in self.handlers:        # the lead first
            self.do(services.appeal_accept, actor=self.demo.liaisons[department.pk],
                    appeal=self.appeal)
            if not self.after(0.2, 4):
                return False
        return True

    def handle(self, answer_days: int, *, first: bool) -> bool:
        """Notes, supervision and extension talk up to the answer, then the answer."""
        spec, rng, clock = self.spec, self.rng, self.clock
        due = self.appeal.answer_due
        answer_at = clock.days_later(self.appeal.registered_at if first else self.t,
                                     answer_days, rng)
        if spec.finish_by < CUTOFF:
            answer_at = min(answer_at, clock.earlier(spec.finish_by, 9))
        answer_at = max(answer_at, clock.later(self.t, 1))
        plan: list[tuple[datetime.datetime, str]] = []
        if first and spec.extension:
            asked = max(clock.days_later(due, -2, rng), clock.later(self.t, 0.5))
            if asked < due:
                plan.append((asked, "extension"))
                if spec.extension == "granted":
                    answer_at = max(answer_at, clock.days_later(due, rng.randint(1, 4), rng))
                elif spec.extension == "refused":
                    answer_at = max(min(answer_at, clock.earlier(due, rng.uniform(1, 12))),
                                    clock.later(asked, 2))
        end = min(answer_at, spec.finish_by)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            moment = self.between(self.t, end)
            if moment:
                plan.append((moment, "note"))
        if spec.supervise_early and first:
            moment = self.between(self.t, min(end, due))
            if moment:
                plan.append((moment, "supervise"))
        for moment, step in sorted(plan):
            if self.overdue_before(moment) or not self.due(max(moment, clock.later(self.t, 0.1))):
                return False
            getattr(self, step)()
            if step == "extension" and spec.extension == "pending":
                return False
        if self.overdue_before(answer_at) or not self.due(max(answer_at,
                                                               clock.later(self.t, 0.5))):
            return False
        self.answer(first)
        return True

    def overdue_before(self, moment: datetime.datetime) -> bool:
        """Supervise, as the tick would have, an appeal whose deadline passed before
        ``moment``; True when the story ends before then."""
        flagged = self.clock.days_later(self.appeal.answer_due, 0, self.rng)
        if self.appeal.supervised or flagged >= moment:
            return False
        if moment > CUTOFF:
            return False                # still open at the end: the tick flags it
        if not self.due(max(flagged, self.clock.later(self.t, 0.1))):
            return True
        self.supervise()
        return False

    def between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime | None:
        low, high = self.clock.ordinal(start), self.clock.ordinal(end)
        return self.clock.moment(self.rng.randrange(low + 1, high)) if high - low > 1 else None

    def lead_liaison(self) -> User:
        return self.demo.liaisons[self.handlers[0].pk]

    def note(self) -> None:
        if self.rng.random() < 0.7:
            actor, text = self.lead_liaison(), self.rng.choice(texts.NOTES_DEPARTMENT)
        else:
            actor, text = self.officer, self.rng.choice(texts.NOTES_OFFICE)
        self.do(services.appeal_note, actor=actor, appeal=self.appeal, text=text)

    def supervise(self) -> None:
        if self.appeal.supervised:
            return
        self.do(services.appeal_supervise, actor=self.demo.supervisor(self.spec),
                appeal=self.appeal, reason=self.rng.choice(texts.SUPERVISION_REASONS))

    def extension(self) -> None:
        spec, rng = self.spec, self.rng
        days = rng.choice((5, 10, 15))
        self.demo.act(services.appeal_request_extension, self.t, actor=self.lead_liaison(),
                      appeal=self.appeal, days=days, reason=rng.choice(texts.EXTENSION_REASONS))
        if spec.extension == "pending" or not self.after(1, 6):
            return
        grant = spec.extension == "granted"
        for granted in dict.fromkeys((grant, False)):
            note = rng.choice(texts.EXTENSION_GRANTED if granted else texts.EXTENSION_REFUSED)
            try:
                self.do(services.appeal_decide_extension, actor=self.officer,
                        appeal=self.appeal, grant=granted, note=note)
                return
            except ValidationError:
                continue                # the longer deadline would reach 2027

    def answer(self, first: bool) -> None:
        spec, rng = self.spec, self.rng
        if first:
            outcome = spec.outcome or rng.choices(
                (Outcome.RESOLVED, Outcome.PLANNED, Outcome.EXPLAINED), (82, 11, 7))[0]
        else:
            outcome = rng.choices((Outcome.RESOLVED, Outcome.PLANNED), (80, 20))[0]
        if outcome == Outcome.EXPLAINED:
            reply = texts.EXPLAINED.format(what=texts.EXPLAINED_WHAT.get(spec.category,
                                                                         "现行政策规定"))
        else:
            template = spec.topic.resolved if outcome == Outcome.RESOLVED else spec.topic.planned
            reply = template.format(**spec.values)
        if not first:
            reply = texts.SECOND_REPLY.format(reply=reply)
        actor = self.lead_liaison() if rng.random() < 0.85 else self.officer
        self.do(services.appeal_answer, actor=actor, appeal=self.appeal, outcome=outcome,
                reply=reply)

    def rate(self, rating: int | None) -> bool:
        spec, rng = self.spec, self.rng
        days = spec.rate_days if spec.rate_days is not None else rng.choice((1, 1, 2, 3, 5))
        if not self.due(self.later_day(days)):
            return False
        if rating is None:
            rating = 5 - rng.choices(range(5), RATINGS[Outcome(self.appeal.outcome)])[0]
        comment = rng.choice(texts.RATING_COMMENTS[rating])
        if spec.portal:
            comment = self.demo.g.to_traditional.convert(comment)
        else:
            comment = ("电话回访：" + comment) if comment else "电话回访。"
        self.do(services.appeal_rate, actor=self.appellant, appeal=self.appeal, rating=rating,
                comment=comment)
        return True

    def reopens(self) -> bool:
        spec, rating = self.spec, self.appeal.rating
        if spec.reopen is None:
            draw = self.rng.random()
            spec.reopen = (rating <= 2 and draw < 0.7) or (rating == 3 and draw < 0.15)
        return spec.reopen

    def handle_again(self) -> bool:
        if not self.after(1, 9):
            return False
        reason = self.rng.choice(texts.REOPEN_REASONS)
        if self.spec.portal:
            reason = self.demo.g.to_traditional.convert(reason)
        try:
            self.do(services.appeal_reopen, actor=self.appellant, appeal=self.appeal,
                    reason=reason)
        except ValidationError:
            return True                 # the new deadline would reach 2027: closed as it is
        urgent = self.appeal.priority == Priority.URGENT
        days = self.spec.second_answer_days or (self.rng.randint(0, 1) if urgent
                                                else self.rng.randint(3, 10))
        if not self.handle(days, first=False) or self.spec.stop == "answered-again":
            return False
        return self.rate(self.rng.choice((4, 4, 5, 3)))
