"""Demo liaison plans and a year of contacts (issue #5 point 7), the rule of seed 001: each leader
of an office liaises with two key departments, meets each at least once a quarter and brings
them to the enterprises at least once a year; each leader takes one enterprise; each liaison
officer phones the enterprises in their care.

- The offices: the province, the 16 cities and Jinan's counties. Jinan's counties have no
  departments in the demo, so a commerce bureau and a tax bureau are created for each, with a
  department liaison login as the demo gives every department.
- The plans go through ``qinshang.liaison.services``: the department duties in two rules
  (``plans_create_by_rule``: quarterly meetings, a yearly visit with the department), the others
  one by one (``plan_create``). They start at the beginning of the quarter a year before today.
- The contacts are drawn per plan, each member of staff keeping their due dates more or less
  faithfully, up to yesterday (``timezone.localdate()``), and recorded through
  ``contact_record`` with past times. So on the demo's today some duties are kept and some
  overdue, by how each one went; the home page of the demo leader (``lingdao``, the Jinan city
  office's leader) and of the demo officer (``lixia``) are made to show both. A few contacts in
  Jinan raise a problem, which becomes an appeal of channel liaison and lives on through the
  appeal services like every demo appeal (``AppealKit``, shared with the hotline calls).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import F

from qinshang.accounts.models import Membership, Role, User
from qinshang.appeals.models import Appeal, Priority
from qinshang.appeals.services import Problem
from qinshang.appeals.tick import appeals_tick
from qinshang.demo import appeal_texts, names
from qinshang.demo import liaison_texts as texts
from qinshang.demo.appeal_life import AS_OF, CUTOFF, ZONE, Life, Spec, WorkClock
from qinshang.demo.appeals import CATEGORY_WEIGHTS, READ_AFTER, AppealDemo
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.liaison import services
from qinshang.liaison.intervals import Standing, add_months, next_due, schedule
from qinshang.liaison.models import Interval, LiaisonPlan, Method
from qinshang.liaison.tick import duties_tick
from qinshang.notifications.models import Notification
from qinshang.offices.models import Department
from qinshang.regions.models import TAIWAN, Region

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20251001
PROVINCE, JINAN, LIXIA = "370000", "370100", "370102"
OFFICER_LOGIN = "lixia"
PHONE_PLANS = (10, 20)          # enterprises per county officer, when they have that many
KEY_PHONE_PLANS = (4, 7)        # key enterprises per province or city officer
RAISED_IN_CONTACTS = 5          # contacts in Jinan that raise a problem


def _company_topics(category: str) -> list[appeal_texts.Topic]:
    """What an enterprise raises in a contact or a call: no emergency, nothing personal."""
    return [topic for topic in appeal_texts.TOPICS[category]
            if set(topic.kinds) - {"emergency"} and not topic.person]


APPEAL_CATEGORIES = {code: weight for code, weight in CATEGORY_WEIGHTS.items()
                     if code != "epidemic_supplies" and _company_topics(code)}


def portal_enterprises() -> set[int]:
    """Enterprises with a portal login: the appeals their users follow are the appeal demo's
    own, so no contact or call here raises one for them."""
    return set(Membership.objects.filter(role=Role.PORTAL, enterprise__isnull=False)
               .values_list("enterprise_id", flat=True))


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class AppealKit:
    """Problems raised in contacts and calls: drawn from the appeal demo's topics, registered by
    the liaison or hotline services, then lived on through the appeal services up to the demo's
    cut-off, oldest first, as the campaigns' appeals are."""

    def __init__(self, generator: Generator, enterprises: list[Enterprise], seed: int) -> None:
        self.demo = AppealDemo(generator, enterprises)
        self.demo.rng = self.rng = random.Random(seed)
        self.demo.load_liaisons()
        self.lives: list[tuple[Appeal, Spec]] = []
        self.before = self.totals()

    @staticmethod
    def totals() -> Counter[str]:
        return Counter({"appeals": Appeal.objects.count(),
                        "open appeals": Appeal.objects.open().count(),
                        "appeal events": Event.objects.filter(verb__startswith="appeal.").count()})

    def problem(self, enterprise: Enterprise, at: datetime.datetime, channel: str,
                prefix: str) -> tuple[Problem, Spec]:
        rng, demo = self.rng, self.demo
        category = rng.choices(list(APPEAL_CATEGORIES), list(APPEAL_CATEGORIES.values()))[0]
        topic = rng.choice(_company_topics(category))
        kind = rng.choice([kind for kind in topic.kinds if kind != "emergency"])
        spec = Spec(enterprise=enterprise, person=None, registered_at=at, category=category,
                    topic=topic, kind=kind, channel=channel, priority=Priority.NORMAL,
                    lead_sector="", values=demo.values(enterprise.region_id),
                    answer_days=rng.randint(4, 12))
        demo.route(spec)
        title = topic.title.format(**spec.values)
        description = prefix + topic.description.format(**spec.values)
        return Problem(demo.categories[category], title, description, kind=kind,
                       priority=spec.priority), spec

    def live_on(self, appeal: Appeal, spec: Spec) -> None:
        self.lives.append((appeal, spec))

    def finish(self) -> Counter[str]:
        """Live the appeals on, run the timer as the appeal demo does, and return how the
        appeal counts grew."""
        if self.lives:
            self.lives.sort(key=lambda item: (item[0].registered_at, item[0].pk))
            for appeal, spec in self.lives:
                Life(self.demo, spec).adopt(appeal)
            appeals_tick(now=AS_OF)
            self.date_notifications([str(appeal.pk) for appeal, _spec in self.lives])
        after = self.totals()
        return Counter({name: after[name] - self.before[name] for name in after})

    @staticmethod
    def date_notifications(appeal_ids: list[str]) -> None:
        """``AppealDemo.date_notifications`` for these appeals only (the whole table takes a
        second): each notification gets the time of the event that caused it, the n-th batch of
        a verb belonging to the n-th event of that verb, and older ones count as read."""
        events: dict[str, list[tuple[str, datetime.datetime]]] = defaultdict(list)
        for target_id, verb, at in (Event.objects.filter(target_type="appeals.appeal",
                                                         target_id__in=appeal_ids)
                                    .order_by("id").values_list("target_id", "verb", "at")):
            events[target_id].append((verb, at))
        position: dict[str, int] = defaultdict(int)
        dated = []
        for pk, target_id, verb in (Notification.objects.filter(target_type="appeals.appeal",
                                                                target_id__in=appeal_ids)
                                    .order_by("id").values_list("id", "target_id", "verb")):
            timeline, index = events[target_id], position[target_id]
            while index < len(timeline) and timeline[index][0] != verb:
                index += 1
            if index < len(timeline):
                position[target_id] = index
                dated.append(Notification(pk=pk, at=timeline[index][1]))
            else:
                dated.append(Notification(pk=pk, at=AS_OF))
        Notification.objects.bulk_update(dated, ["at"], batch_size=1000)
        Notification.objects.filter(pk__in=[row.pk for row in dated],
                                    at__lt=AS_OF - READ_AFTER).update(
            read_at=F("at") + datetime.timedelta(hours=3))


@dataclass
class Drawn:
    """One plan and the days its contacts were made."""

    plan: LiaisonPlan
    kind: str                       # meeting, department_visit, enterprise_visit, phone
    recorder: User                  # who enters the contacts
    days: list[datetime.date] = field(default_factory=list)


class LiaisonDemo:
    def __init__(self, generator: Generator, enterprises: list[Enterprise],
                 today: datetime.date) -> None:
        self.g = generator
        self.rng = random.Random(SEED)
        self.today = today
        self.first = quarter_start(today - datetime.timedelta(days=365))
        self.clock = WorkClock(self.first - datetime.timedelta(days=7), today)
        self.enterprises = [e for e in enterprises if e.region_id[:2] == PROVINCE[:2]
                            and e.status == Enterprise.Status.OPERATING]
        self.codes = self.office_codes()
        self.leaders = self.load_leaders()
        self.leader_by_pk = {user.pk: user for users in self.leaders.values() for user in users}
        self.drawn: list[Drawn] = []
        self.counts: Counter[str] = Counter()

    # --- who and with whom -------------------------------------------------------------------

    def office_codes(self) -> list[str]:
        """The province, its cities, then Jinan's counties."""
        regions = self.g.regions
        cities = [code for code, region in sorted(regions.items())
                  if code[:2] == PROVINCE[:2] and region.level == Region.Level.CITY]
        counties = [code for code, region in sorted(regions.items())
                    if code[:4] == JINAN[:4] and region.level == Region.Level.COUNTY
                    and code in self.g.offices]
        return [PROVINCE, *cities, *counties]

    def load_leaders(self) -> dict[str, list[User]]:
        code_of = {self.g.offices[code].pk: code for code in self.codes}
        leaders: dict[str, list[User]] = defaultdict(list)
        for membership in (Membership.objects.filter(role=Role.LEADER, active=True,
                                                     office_id__in=list(code_of))
                           .select_related("user").order_by("user_id")):
            leaders[code_of[membership.office_id]].append(membership.user)
        return leaders

    def user(self, username: str) -> User:
        return next(user for users in self.g.officers.values() for user in users
                    if user.username == username)

    def in_area(self, code: str) -> list[Enterprise]:
        prefix = {Region.Level.PROVINCE: 2, Region.Level.CITY: 4}.get(
            self.g.regions[code].level, 6)
        return [e for e in self.enterprises if e.region_id[:prefix] == code[:prefix]]

    def qualified_name(self, code: str) -> str:
        """历下区 → 济南市历下区; a name that already says its city is kept."""
        region, city = self.g.regions[code], self.g.city_of(code)
        return region.name if region.name.startswith(city.name[:2]) else city.name + region.name

    def create_county_departments(self) -> None:
        """The two key departments of each county office in scope, with their liaisons."""
        departments = []
        for code in self.codes:
            if self.g.regions[code].level != Region.Level.COUNTY:
                continue
            for sector in texts.COUNTY_PAIR:
                if (code, sector) not in self.g.departments:
                    departments.append(Department(
                        region_id=code, sector=sector,
                        name=texts.COUNTY_DEPARTMENTS[sector].format(self.qualified_name(code))))
        Department.objects.bulk_create(departments)
        users, memberships = [], []
        for department in departments:
            self.g.departments[department.region_id, department.sector] = department
            user = User(username=f"sd-{department.region_id}-{department.sector}",
                        full_name=(self.rng.choice(names.STAFF_SURNAMES)
                                   + self.rng.choice(names.STAFF_GIVEN)),
                        phone=f"1390531{self.rng.randrange(10**4):04d}",
                        password=self.g.password)
            users.append(user)
            memberships.append(Membership(user=user, role=Role.DEPARTMENT,
                                          department=department))
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(memberships)
        self.counts.update({"departments": len(departments), "users": len(users),
                            "memberships": len(memberships)})

    def key_departments(self, code: str) -> tuple[str, str]:
        level = self.g.regions[code].level
        if level == Region.Level.PROVINCE:
            return texts.PROVINCE_PAIR
        if level == Region.Level.COUNTY:
            return texts.COUNTY_PAIR
        return texts.CITY_PAIRS.get(code) or self.rng.choice(texts.OTHER_CITY_PAIRS)

    # --- plans -------------------------------------------------------------------------------

    def department_rules(self) -> None:
        """Two rules for all the leaders at once, as the province office would set them."""
        sheng = self.user("sheng")
        offices = [self.g.offices[code] for code in self.codes if self.leaders.get(code)]
        counterparts = {
            self.g.offices[code].pk: [
                services.CounterpartChoice(department=self.g.departments[code, sector])
                for sector in self.key_departments(code)]
            for code in self.codes if self.leaders.get(code)}
        at = moment(self.first - datetime.timedelta(days=3), 10, 30)
        for kind, interval, method, purpose in (
                ("meeting", Interval.QUARTERLY, Method.MEETING, texts.MEETING_PURPOSE),
                ("department_visit", Interval.YEARLY, Method.VISIT,
                 texts.DEPARTMENT_VISIT_PURPOSE)):
            plans = services.plans_create_by_rule(actor=sheng, at=at, rule=services.PlanRule(
                offices=offices, role=Role.LEADER, counterparts=counterparts,
                data={"interval": interval, "method": method, "purpose": purpose,
                      "starts_on": self.first}))
            self.drawn += [Drawn(plan, kind, self.leader_by_pk[plan.staff_id])
                           for plan in plans]

    def plan(self, *, kind: str, actor: User, code: str, staff: User, enterprise: Enterprise,
             interval: str, method: str, purpose: str, starts_on: datetime.date) -> None:
        plan = services.plan_create(
            actor=actor, office=self.g.offices[code], staff=staff,
            counterpart=services.CounterpartChoice(enterprise=enterprise),
            data={"interval": interval, "method": method, "purpose": purpose,
                  "starts_on": starts_on},
            at=moment(starts_on - datetime.timedelta(days=2), 15, self.rng.randrange(60)))
        self.drawn.append(Drawn(plan, kind, staff))

    def leader_enterprises(self) -> None:
        """Each leader takes one of the larger Taiwan enterprises of the office's area."""
        taken: set[int] = set()
        for code in self.codes:
            firms = sorted((e for e in self.in_area(code)
                            if e.origin == TAIWAN and e.pk not in taken),
                           key=lambda e: (-e.registered_capital, e.pk))[:12]
            for leader in self.leaders.get(code, []):
                if not firms:
                    break
                enterprise = firms.pop(self.rng.randrange(len(firms)))
                taken.add(enterprise.pk)
                self.plan(kind="enterprise_visit", actor=self.g.officers[code][0], code=code,
                          staff=leader, enterprise=enterprise,
                          interval=self.rng.choice((Interval.MONTHLY, Interval.QUARTERLY)),
                          method=Method.VISIT, purpose=texts.ENTERPRISE_PURPOSE,
                          starts_on=self.first)

    def phone_plans(self) -> None:
        """County officers phone a sample of the enterprises in their care; province and city
        officers a few of the largest of their area."""
        rng = self.rng
        for code in self.codes:
            county = self.g.regions[code].level == Region.Level.COUNTY
            pool = [] if county else sorted(self.in_area(code), key=lambda e: (
                -e.registered_capital, e.pk))[:60]
            for officer in self.g.officers[code]:
                if county:
                    own = [e for e in self.in_area(code) if e.liaison_officer_id == officer.pk]
                    firms = rng.sample(own, min(len(own), rng.randint(*PHONE_PLANS)))
                    purpose = texts.PHONE_PURPOSE
                else:
                    firms = [pool.pop(rng.randrange(len(pool)))
                             for _ in range(min(len(pool), rng.randint(*KEY_PHONE_PLANS)))]
                    purpose = texts.KEY_PHONE_PURPOSE
                for enterprise in sorted(firms, key=lambda e: e.pk):
                    later = rng.random() < 0.15      # taken into the plan later in the year
                    self.plan(kind="phone", actor=officer, code=code, staff=officer,
                              enterprise=enterprise,
                              interval=(Interval.QUARTERLY if rng.random() < 0.4
                                        else Interval.YEARLY),
                              method=Method.PHONE, purpose=purpose,
                              starts_on=add_months(self.first, rng.choice((3, 6)))
                              if later else self.first)

    # --- contacts ----------------------------------------------------------------------------

    def working_day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        days = self.clock.working_days(low, high)
        return self.rng.choice(days) if days else low

    def draw_days(self, drawn: Drawn, reliability: float) -> None:
        """Contacts from the plan's start to yesterday: on time with the member's reliability
        (somewhere in the later part of the interval), otherwise some days or weeks late."""
        rng, plan = self.rng, drawn.plan
        anchor = plan.starts_on
        while True:
            due = next_due(anchor, plan.interval)
            span = (due - anchor).days
            if rng.random() < reliability:
                day = self.working_day(anchor + datetime.timedelta(days=max(1, span * 2 // 5)),
                                       due)
            else:
                late = due + datetime.timedelta(days=rng.randint(4, max(10, span // 2)))
                day = self.working_day(late, late + datetime.timedelta(days=6))
            if day >= self.today:
                return
            drawn.days.append(day)
            anchor = day

    def standing(self, drawn: Drawn) -> Standing:
        plan = drawn.plan
        return schedule(on=self.today, starts_on=plan.starts_on, ends_on=plan.ends_on,
                        interval=plan.interval, every_days=plan.every_days,
                        last_contact=drawn.days[-1] if drawn.days else None).standing

    def make(self, drawn: Drawn, standing: Standing) -> bool:
        """Make the plan stand so today: drop the latest contacts, or add a recent one."""
        plan = drawn.plan
        if standing == Standing.OVERDUE:
            while drawn.days and next_due(drawn.days[-1], plan.interval) >= self.today:
                drawn.days.pop()
        elif self.standing(drawn) != Standing.KEPT:
            last = drawn.days[-1] if drawn.days else plan.starts_on
            span = (next_due(self.today, plan.interval) - self.today).days
            low = max(last + datetime.timedelta(days=1),
                      self.today - datetime.timedelta(days=max(2, span // 3)))
            drawn.days.append(self.working_day(low, self.today - datetime.timedelta(days=1)))
        return self.standing(drawn) == standing

    def draw(self) -> None:
        rng = self.rng
        reliability: dict[int, float] = {}
        for drawn in self.drawn:
            staff = drawn.plan.staff_id
            if staff not in reliability:
                reliability[staff] = (rng.uniform(0.35, 0.6) if rng.random() < 0.15
                                      else rng.uniform(0.75, 0.97))
            self.draw_days(drawn, reliability[staff])
        # Both kinds of duty on the home pages of the demo officer and the demo leader, whose
        # only overdue duty is the second department's meeting.
        leader = self.leaders[JINAN][0]
        for staff in (self.user(OFFICER_LOGIN), leader):
            own = [drawn for drawn in self.drawn if drawn.plan.staff_id == staff.pk]
            kept, overdue, *_others = [
                drawn for drawn in own if drawn.plan.starts_on == self.first
                and drawn.plan.interval in (Interval.QUARTERLY, Interval.MONTHLY)]
            others = [drawn for drawn in own if drawn is not overdue] if staff is leader \
                else [kept]
            if not (self.make(overdue, Standing.OVERDUE)
                    and all(self.make(drawn, Standing.KEPT) for drawn in others)):
                raise AssertionError(f"{staff.username}: the duties could not be set up.")

    def content(self, drawn: Drawn) -> tuple[str, str]:
        rng, plan = self.rng, drawn.plan
        if drawn.kind == "meeting":
            return (rng.choice(texts.MEETING_CONTENTS).format(department=plan.department.name),
                    rng.choice(texts.MEETING_OUTCOMES))
        if drawn.kind == "department_visit":
            return (rng.choice(texts.DEPARTMENT_VISIT_CONTENTS).format(
                department=plan.department.name), rng.choice(texts.MEETING_OUTCOMES))
        contents = texts.VISIT_CONTENTS if drawn.kind == "enterprise_visit" else \
            texts.PHONE_CONTENTS
        return rng.choice(contents), rng.choice(texts.OUTCOMES)

    def raising(self) -> set[tuple[int, datetime.date]]:
        """The contacts in Jinan that raise a problem: two of ``lixia``'s, the Jinan leader's
        visit and others' calls, made while the appeal calendar holds and early enough for the
        appeal to have gone some way by the cut-off."""
        rng = self.rng
        last = CUTOFF.date() - datetime.timedelta(days=10)
        first = CUTOFF.date() - datetime.timedelta(days=240)
        lixia = self.user(OFFICER_LOGIN).pk
        leader = self.leaders[JINAN][0].pk
        portal = portal_enterprises()

        def candidates(test) -> list[tuple[int, datetime.date]]:
            return [(index, day) for index, drawn in enumerate(self.drawn)
                    if drawn.plan.enterprise_id and drawn.plan.region_id[:4] == JINAN[:4]
                    and drawn.plan.enterprise_id not in portal
                    and test(drawn) for day in drawn.days if first <= day <= last]

        chosen: list[tuple[int, datetime.date]] = []
        for test, count in ((lambda d: d.plan.staff_id == lixia, 2),
                            (lambda d: d.plan.staff_id == leader, 1),
                            (lambda d: d.plan.staff_id not in (lixia, leader),
                             RAISED_IN_CONTACTS - 3)):
            pool = candidates(test)
            chosen += rng.sample(pool, min(count, len(pool)))
        return set(chosen)

    def record(self, kit: AppealKit) -> None:
        raising = self.raising()
        rows = sorted(((day, index) for index, drawn in enumerate(self.drawn)
                       for day in drawn.days), key=lambda row: row)
        for day, index in rows:
            drawn = self.drawn[index]
            plan = drawn.plan
            at = self.clock.office_time(day, self.rng)
            content, outcome = self.content(drawn)
            counterpart = services.CounterpartChoice(
                enterprise=plan.enterprise, department=plan.department)
            problems, spec, actor = [], None, drawn.recorder
            if (index, day) in raising:
                prefix = texts.RAISED_PREFIX[plan.method]
                problem, spec = kit.problem(plan.enterprise, at, "liaison", prefix)
                problems, outcome = [problem], texts.RAISED_OUTCOME
                if actor.pk == plan.staff_id and drawn.kind == "enterprise_visit":
                    # A leader does not file appeals: the office's officer enters the visit.
                    actor = self.g.officers[plan.region_id][0]
            contact = services.contact_record(
                actor=actor, staff=plan.staff, counterpart=counterpart, problems=problems,
                data={"contacted_on": day, "method": plan.method or Method.PHONE,
                      "content": content, "outcome": outcome}, at=at)
            if spec is not None:
                kit.live_on(contact.appeals.get(), spec)
            self.counts["liaison contacts"] += 1

    def run(self, kit: AppealKit) -> Counter[str]:
        self.create_county_departments()
        self.department_rules()
        self.leader_enterprises()
        self.phone_plans()
        self.counts["liaison plans"] = len(self.drawn)
        self.draw()
        self.record(kit)
        return self.counts


def liaison_generate(generator: Generator, enterprises: list[Enterprise],
                     today: datetime.date) -> Counter[str]:
    """Write the demo liaison plans and contacts up to the day before ``today``; returns counts
    to add to the demo's summary."""
    kit = AppealKit(generator, enterprises, SEED + 1)
    counts = LiaisonDemo(generator, enterprises, today).run(kit)
    counts.update(kit.finish())
    # The timer's first run, as ``qinshang tick`` would: each overdue duty told once.
    counts["overdue duty notices"] = duties_tick(now=moment(today, 8))
    return counts


__all__ = ["AppealKit", "liaison_generate"]
