"""Demo appeals (issue #3): a year of appeals in Shandong and Jiangsu, weighted toward Jinan and
its 历下区, and the Jiangxi 2015 service month (精准服务台企月: 161 opinions, 159 resolved, 2 with
a plan).

Unlike the enterprises, the appeals go through ``qinshang.appeals.services`` with past times
(``at=``), so deadlines, handling days, on-time flags, events and notifications are the ones the
workflow itself produces. Each appeal lives a drawn life (contact within hours, assessment within
a day, an answer after 3-20 working days, a rating, a close, and now and then a return, an
extension, a late answer with supervision or a reopening), cut at the demo's "now": whatever would
happen after the evening of 2026-11-20 has not happened yet, which leaves the recent appeals in
every open state. A few appeals are scripted so that each named login finds something to do.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import F

from qinshang.accounts.models import Membership, Role, User
from qinshang.appeals.models import Appeal, Category, Channel, Outcome, Priority
from qinshang.appeals.tick import appeals_tick
from qinshang.demo import appeal_texts as texts
from qinshang.demo import names
from qinshang.demo.appeal_life import AS_OF, CUTOFF, ZONE, Life, Spec, WorkClock, party_key
from qinshang.enterprises.models import Affiliation, Enterprise, Person
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.offices.models import Department
from qinshang.regions.models import Region

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20261121
YEAR_FIRST, YEAR_LAST = datetime.date(2025, 11, 21), datetime.date(2026, 11, 20)
YEAR_APPEALS = {"370000": 600, "320000": 150}

JIANGXI = "360000"
MONTH_FIRST, MONTH_LAST = datetime.date(2015, 11, 6), datetime.date(2015, 12, 15)
MONTH_END = datetime.datetime(2015, 12, 18, 17, 0, tzinfo=ZONE)
MONTH_OPINIONS, MONTH_PLANNED = 161, 2
MONTH_CATEGORIES = {"financing": 30, "labour": 24, "land": 20, "approvals": 16,
                    "expropriation": 10}

JINAN, LIXIA, KUNSHAN = "370100", "370102", "320583"
PREFIXES = {"37": "sd", "32": "js", "36": "jx"}
MOBILE_PREFIXES = ("133", "135", "138", "139", "150", "158", "177", "186", "187", "189")

CATEGORY_WEIGHTS = {"financing": 14, "labour": 12, "land": 10, "approvals": 12,
                    "expropriation": 4, "logistics": 7, "supply_chain": 6, "tax_fees": 8,
                    "legal_dispute": 6, "entry_residence": 5, "medical_care": 3,
                    "schooling": 4, "housing": 3, "epidemic_supplies": 2, "other": 4}
STAFF_CHANNELS = {Channel.VISIT: 22, Channel.HOTLINE: 16, Channel.LIAISON: 15,
                  Channel.SURVEY: 8, Channel.SYMPOSIUM: 8, Channel.WALK_IN: 8,
                  Channel.LETTER: 5, Channel.DEPARTMENT: 5, Channel.API: 4}
STILL_OPEN = 200        # working days to an answer: past the cut-off, so not answered yet
ANSWER_LIMITS = {Priority.NORMAL: 15, Priority.COMPLEX: 30, Priority.URGENT: 1}
READ_AFTER = datetime.timedelta(days=4)     # notifications older than this have been read


Pool = tuple[list[Enterprise], list[float], list[datetime.datetime]]


class AppealDemo:
    def __init__(self, generator: Generator, enterprises: list[Enterprise]) -> None:
        self.g = generator
        self.enterprises = enterprises
        self.rng = random.Random(SEED)
        self.clock = WorkClock(datetime.date(2015, 1, 1), datetime.date(2026, 12, 31))
        self.categories = {category.code: category for category in Category.objects.all()}
        self.liaisons: dict[int, User] = {}
        self.portal_users: dict[tuple[str, int], User] = {}
        self.persons: dict[int, Person] = {}
        self.calls = 0
        self.counts: Counter[str] = Counter()

    # --- people the appeals need ---------------------------------------------------------

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def new_user(self, username: str, full_name: str) -> User:
        return User(username=username, full_name=full_name, password=self.g.password,
                    phone=self.phone())

    def create_departments(self) -> None:
        """Finance, health and exit-entry departments at every city and province, each with a
        liaison: financing, medical care and entry appeals go there."""
        departments = []
        for _code, region in sorted(self.g.regions.items()):
            if region.level == Region.Level.COUNTY:
                continue
            city = region.level == Region.Level.CITY
            for sector, (city_pattern, province_pattern) in texts.EXTRA_DEPARTMENTS.items():
                pattern = city_pattern if city else province_pattern
                departments.append(Department(region=region, sector=sector,
                                              name=pattern.format(region.name)))
        Department.objects.bulk_create(departments)
        users, memberships = [], []
        for department in departments:
            self.g.departments[department.region_id, department.sector] = department
            code, sector = department.region_id, department.sector.replace("_", "-")
            user = self.new_user(f"{PREFIXES[code[:2]]}-{code}-{sector}",
                                 self.rng.choice(names.STAFF_SURNAMES)
                                 + self.rng.choice(names.STAFF_GIVEN))
            users.append(user)
            memberships.append(Membership(user=user, role=Role.DEPARTMENT, department=department))
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(memberships)
        self.counts.update({"departments": len(departments), "users": len(users),
                            "memberships": len(memberships)})
        self.load_liaisons()

    def load_liaisons(self) -> None:
        for membership in (Membership.objects.filter(role=Role.DEPARTMENT)
                           .select_related("user")):
            self.liaisons[membership.department_id] = membership.user

    def create_portal_users(self, specs: list[Spec]) -> None:
        """A portal login for every enterprise or compatriot that submits in the portal."""
        existing = Membership.objects.filter(role=Role.PORTAL).select_related("user")
        for membership in existing:
            key = (("enterprise", membership.enterprise_id) if membership.enterprise_id
                   else ("person", membership.person_id))
            self.portal_users[key] = membership.user
        wanted = []
        for spec in _with_duplicates(specs):
            key = party_key(spec)
            if spec.portal and key not in self.portal_users and key not in wanted:
                wanted.append(key)
        first_persons = self.first_persons([pk for kind, pk in wanted if kind == "enterprise"])
        serial: Counter[str] = Counter()
        users, memberships = [], []
        for kind, pk in wanted:
            party = (self.enterprise_by_id[pk] if kind == "enterprise" else self.persons[pk])
            code = party.region_id
            serial[code] += 1
            full_name = (first_persons.get(pk, "") if kind == "enterprise" else party.name)
            user = self.new_user(f"{PREFIXES[code[:2]]}-{code}-portal{serial[code]}", full_name)
            users.append(user)
            memberships.append((user, kind, pk))
            self.portal_users[kind, pk] = user
        User.objects.bulk_create(users)
        Membership.objects.bulk_create([
            Membership(user_id=user.pk, role=Role.PORTAL, **{f"{kind}_id": pk})
            for user, kind, pk in memberships])
        self.counts.update({"users": len(users), "memberships": len(users)})

    def first_persons(self, enterprise_ids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for enterprise_id, name in (Affiliation.objects.filter(enterprise_id__in=enterprise_ids)
                                    .order_by("id").values_list("enterprise_id", "person__name")):
            found.setdefault(enterprise_id, name)
        return found

    # --- drawing the appeals -------------------------------------------------------------

    def pool(self, province: str, exclude: set[int]) -> Pool:
        """The province's enterprises in creation order with cumulative weights: Lixia and
        Jinan raise more (the named logins see plenty), closed enterprises none."""
        chosen, cumulative, total = [], [], 0.0
        for enterprise in self.enterprises:
            if enterprise.region_id[:2] != province[:2] or enterprise.pk in exclude:
                continue
            weight = {"operating": 1.0, "suspended": 0.5, "relocated": 0.3}.get(
                enterprise.status, 0.0)
            if enterprise.region_id == LIXIA:
                weight *= 8
            elif enterprise.region_id[:4] == JINAN[:4]:
                weight *= 2.5
            total += weight
            chosen.append(enterprise)
            cumulative.append(total)
        return chosen, cumulative, [enterprise.created_at for enterprise in chosen]

    def pick_enterprise(self, pool: Pool, before: datetime.datetime) -> Enterprise | None:
        """An enterprise whose record existed a day before the appeal."""
        enterprises, cumulative, created = pool
        known = bisect.bisect_left(created, before - datetime.timedelta(days=1))
        if known == 0 or cumulative[known - 1] == 0:
            return None
        return self.rng.choices(enterprises[:known], cum_weights=cumulative[:known])[0]

    def values(self, region_id: str) -> dict[str, Any]:
        rng = self.rng
        return {"amount": rng.choice((50, 80, 120, 200, 300, 500, 800, 1200, 1500, 2000, 3000)),
                "count": rng.choice((12, 20, 30, 45, 60, 80, 120, 150)),
                "area": rng.choice((8, 12, 15, 20, 30, 45, 60, 80)),
                "months": rng.choice((2, 3, 4, 5, 6)), "days": rng.choice((3, 5, 7, 10)),
                "bank": rng.choice(texts.BANKS), "place": self.g.regions[region_id].name}

    def year_spec(self, pool) -> Spec:
        rng = self.rng
        portal = rng.random() < 0.16
        while True:
            day = YEAR_FIRST + datetime.timedelta(days=rng.randrange((YEAR_LAST - YEAR_FIRST).days
                                                                     + 1))
            if portal:
                minute = rng.randrange(7 * 60, 23 * 60 + 50)
                registered = datetime.datetime(day.year, day.month, day.day, minute // 60,
                                               minute % 60, rng.randrange(60), tzinfo=ZONE)
            elif self.clock.working_days(day, day):
                registered = self.clock.office_time(day, rng)
            else:
                continue
            enterprise = self.pick_enterprise(pool, registered)
            if enterprise is not None:
                break
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        topic = rng.choice(texts.TOPICS[category])
        person = None
        if topic.person and rng.random() < 0.5:
            person = self.person_of(enterprise)
        kind = rng.choice(topic.kinds)
        channel = Channel.PORTAL if portal else rng.choices(
            list(STAFF_CHANNELS), list(STAFF_CHANNELS.values()))[0]
        spec = Spec(enterprise=None if person else enterprise, person=person,
                    registered_at=registered, category=category, topic=topic, kind=kind,
                    channel=channel, priority=self.priority(kind, category),
                    lead_sector="", values=self.values(enterprise.region_id))
        self.route(spec)
        self.fate(spec)
        return spec

    def priority(self, kind: str, category: str) -> str:
        if kind == "emergency":
            return Priority.URGENT
        weighty = category in ("land", "approvals", "expropriation", "legal_dispute")
        draw = self.rng.random()
        if draw < (0.3 if weighty else 0.08):
            return Priority.COMPLEX
        return Priority.URGENT if draw > 0.97 else Priority.NORMAL

    def route(self, spec: Spec) -> None:
        leads, co = texts.SECTORS[spec.category]
        spec.lead_sector = spec.lead_sector or self.rng.choice(leads)
        if co and self.rng.random() < 0.3:
            spec.co_sectors = tuple(sector for sector in co[:1] if sector != spec.lead_sector)

    def fate(self, spec: Spec) -> None:
        rng, urgent = self.rng, spec.priority == Priority.URGENT
        limit = ANSWER_LIMITS[spec.priority]
        if urgent:
            spec.answer_days = rng.choice((0, 0, 1))
        elif spec.priority == Priority.COMPLEX:
            spec.answer_days = rng.randint(8, 27)
        else:
            spec.answer_days = rng.choices(range(3, 15), (2, 5, 8, 10, 11, 10, 9, 8, 6, 5, 4, 3))[0]
        recent = (CUTOFF - spec.registered_at).days < 50
        draw = rng.random()
        if draw < 0.025 and not urgent:
            spec.reject = True
        elif draw < 0.065 and not urgent:
            spec.wrong_sector = rng.choice([s for s in texts.SECTORS["other"][0]
                                            + ("development_reform", "industry")
                                            if s != spec.lead_sector])
        elif draw < 0.12 and not urgent:
            spec.extension = "granted" if rng.random() < 0.7 else "refused"
        elif draw < 0.17 and not urgent:
            spec.answer_days = limit + rng.randint(1, 6)               # late
        elif draw < 0.19:
            spec.supervise_early = True
        elif recent and draw < 0.24 and not urgent:
            spec.answer_days = STILL_OPEN
        if rng.random() < 0.02 and not urgent and not spec.reject:
            spec.duplicates.append(self.duplicate_of(spec))
        draw = rng.random()
        if draw < 0.006:
            spec.stop = "answered"      # the appellant could not be reached for a rating
        elif draw < 0.016:
            spec.stop = "rated"

    def duplicate_of(self, spec: Spec) -> Spec:
        """The same matter raised again a few days later through another channel."""
        later = self.clock.days_later(spec.registered_at, self.rng.randint(1, 3), self.rng)
        channel = self.rng.choice([c for c in STAFF_CHANNELS if c != spec.channel])
        return Spec(enterprise=spec.enterprise, person=spec.person, registered_at=later,
                    category=spec.category, topic=spec.topic, kind=spec.kind, channel=channel,
                    priority=spec.priority, lead_sector=spec.lead_sector, values=spec.values,
                    suffix="企业再次反映此事，希望尽快办理。")

    def person_of(self, enterprise: Enterprise) -> Person | None:
        person = (Person.objects.filter(affiliations__enterprise=enterprise)
                  .order_by("affiliations__id").first())
        if person is not None:
            self.persons[person.pk] = person
        return person

    # --- the scripted appeals: something to do for every named login ---------------------

    def scripted(self) -> tuple[list[Spec], set[int]]:
        lixia = next(u for u in self.g.officers[LIXIA] if u.username == "lixia")
        own = (Membership.objects.filter(role=Role.PORTAL, user__username="taishang")
               .values_list("enterprise_id", flat=True).first())
        taishang = self.enterprise_by_id[own]
        lixia_firms = [e for e in self.enterprises if e.region_id == LIXIA and e.pk != own
                       and e.status == "operating" and e.liaison_officer_id == lixia.pk
                       and e.created_at.date() < datetime.date(2026, 1, 1)]
        jinan_firms = [e for e in self.enterprises if e.region_id[:4] == "3701"
                       and e.region_id != LIXIA and e.status == "operating"
                       and e.created_at.date() < datetime.date(2026, 1, 1)]
        weifang = next(e for e in self.enterprises if e.region_id[:4] == "3707"
                       and e.status == "operating")
        kunshan = next(e for e in self.enterprises if e.region_id == KUNSHAN
                       and e.status == "operating")
        twin = lixia_firms[0]

        def spec(enterprise, when, channel, category, topic, **life) -> Spec:
            made = Spec(enterprise=enterprise, person=None,
                        registered_at=datetime.datetime(*when, tzinfo=ZONE), category=category,
                        topic=texts.TOPICS[category][topic], channel=channel,
                        kind=life.pop("kind", texts.TOPICS[category][topic].kinds[0]),
                        priority=life.pop("priority", Priority.NORMAL),
                        lead_sector=life.pop("lead", texts.SECTORS[category][0][0]),
                        values=self.values(enterprise.region_id), **life)
            return made

        portal, hotline, visit = Channel.PORTAL, Channel.HOTLINE, Channel.VISIT
        specs = [
            # taishang: one of each, from a closed one to one just submitted.
            spec(taishang, (2026, 3, 10, 10, 12), portal, "financing", 0, answer_days=9,
                 rating=5, outcome=Outcome.RESOLVED),
            spec(taishang, (2026, 10, 27, 14, 5), hotline, "labour", 1, answer_days=14,
                 rate_days=3, rating=4, outcome=Outcome.RESOLVED, stop="rated"),
            spec(taishang, (2026, 10, 30, 21, 15), portal, "approvals", 2, answer_days=13,
                 outcome=Outcome.RESOLVED, stop="answered"),
            spec(taishang, (2026, 11, 9, 8, 5), portal, "supply_chain", 1, lead="commerce",
                 answer_days=STILL_OPEN, stop="accepted"),
            spec(taishang, (2026, 11, 20, 19, 40), portal, "tax_fees", 0, stop="registered"),
            # lixia: waiting for assessment, two of them likely the same matter.
            spec(twin, (2026, 11, 19, 10, 20), hotline, "land", 0, stop="contacted"),
            spec(twin, (2026, 11, 20, 21, 5), portal, "land", 0, stop="registered",
                 suffix="此前已打電話反映過，至今沒有消息。"),
            spec(lixia_firms[1], (2026, 11, 20, 10, 30), visit, "labour", 0,
                 stop="contacted"),
            spec(lixia_firms[2], (2026, 11, 19, 9, 50), Channel.LIAISON, "other", 2,
                 stop="assessed"),
            # bumen (济南市商务局): to accept, to answer, an extension waiting for a decision.
            spec(lixia_firms[3], (2026, 11, 18, 9, 40), visit, "logistics", 0, lead="commerce",
                 stop="assigned"),
            spec(jinan_firms[0], (2026, 11, 19, 14, 10), hotline, "legal_dispute", 0,
                 lead="commerce", stop="assigned"),
            spec(jinan_firms[1], (2026, 11, 2, 9, 30), visit, "approvals", 1, lead="commerce",
                 extension="pending", answer_days=STILL_OPEN),
            spec(jinan_firms[2], (2026, 11, 5, 10, 45), Channel.SURVEY, "supply_chain", 2,
                 lead="commerce", answer_days=STILL_OPEN, stop="accepted"),
            # side paths, one each for sure: returned, extension refused and granted, reopened.
            spec(jinan_firms[3], (2026, 9, 14, 9, 20), visit, "land", 3,
                 wrong_sector="commerce", answer_days=9, rating=5, outcome=Outcome.RESOLVED),
            spec(lixia_firms[4], (2026, 8, 3, 11, 0), hotline, "tax_fees", 0,
                 extension="refused", answer_days=13, rating=4, outcome=Outcome.RESOLVED),
            spec(jinan_firms[4], (2026, 7, 6, 15, 0), visit, "expropriation", 0,
                 priority=Priority.COMPLEX, extension="granted", answer_days=33, rating=4,
                 outcome=Outcome.RESOLVED),
            spec(lixia_firms[5], (2026, 6, 8, 10, 30), hotline, "financing", 1, answer_days=8,
                 outcome=Outcome.PLANNED, rating=2, reopen=True, second_answer_days=7),
            spec(jinan_firms[5], (2026, 10, 12, 9, 15), visit, "approvals", 0, answer_days=9,
                 outcome=Outcome.EXPLAINED, rating=2, reopen=True, second_answer_days=15,
                 rate_days=2, stop="answered-again"),
            # overdue, supervised by the city office; one never contacted at all.
            spec(weifang, (2026, 10, 12, 10, 0), hotline, "approvals", 0, lead="ecology",
                 answer_days=STILL_OPEN),
            spec(lixia_firms[6], (2026, 10, 20, 14, 0), visit, "land", 1, answer_days=STILL_OPEN),
            spec(kunshan, (2026, 11, 17, 22, 30), portal, "logistics", 0, stop="registered"),
        ]
        for made in specs:
            self.route(made)
        exclude = {taishang.pk, twin.pk}
        return specs, exclude

    # --- the Jiangxi 2015 service month --------------------------------------------------

    def service_month(self) -> list[Spec]:
        rng = self.rng
        firms = [e for e in self.enterprises if e.region_id[:2] == JIANGXI[:2]
                 and e.status == "operating"]
        days = self.clock.working_days(MONTH_FIRST, MONTH_LAST)
        day_weights = [3 if day.month == 11 else 1 for day in days]
        last_answer = self.clock.working_days(MONTH_FIRST, datetime.date(2015, 12, 17))[-1]
        planned = set(rng.sample(range(MONTH_OPINIONS), MONTH_PLANNED))
        specs = []
        for index in range(MONTH_OPINIONS):
            day = rng.choices(days, day_weights)[0]
            if rng.random() < 0.85:
                category = rng.choices(list(MONTH_CATEGORIES),
                                       list(MONTH_CATEGORIES.values()))[0]
                topic = rng.choice(texts.SERVICE_MONTH_TOPICS[category])
            else:
                category = rng.choice(texts.SERVICE_MONTH_OTHER)
                topic = rng.choice([t for t in texts.TOPICS[category] if "opinion" in t.kinds])
            enterprise = rng.choice(firms)
            room = len(self.clock.working_days(day + datetime.timedelta(days=1), last_answer))
            spec = Spec(enterprise=enterprise, person=None,
                        registered_at=self.clock.office_time(day, rng), category=category,
                        topic=topic, kind="opinion",
                        channel=rng.choice((Channel.VISIT, Channel.VISIT, Channel.SYMPOSIUM)),
                        priority=Priority.NORMAL, lead_sector="",
                        values=self.values(enterprise.region_id),
                        answer_days=rng.randint(min(2, room), min(14, room)),
                        finish_by=MONTH_END, rate_days=1, close_days=0,
                        outcome=Outcome.PLANNED if index in planned else Outcome.RESOLVED,
                        rating=rng.choice((3, 4)) if index in planned
                        else rng.choices((5, 4, 3), (55, 40, 5))[0], reopen=False)
            self.route(spec)
            if rng.random() < 0.2:
                spec.co_sectors = ("province:" + spec.lead_sector,)
            specs.append(spec)
        return specs

    # --- living it -----------------------------------------------------------------------

    def act(self, service: Callable, at: datetime.datetime, **kwargs):
        """One service call at a past time."""
        self.calls += 1
        return service(at=at, **kwargs)

    def date_notifications(self) -> None:
        """Give each notification the time of the event that caused it (the services stamp
        them with the clock), and count what is more than a few days old as read.

        Notifications and events of one appeal are written in the same order, and each event
        that notifies anyone notifies someone, so the n-th batch of a verb belongs to the n-th
        event of that verb."""
        events: dict[str, list[tuple[str, datetime.datetime]]] = defaultdict(list)
        for target_id, verb, at in (Event.objects.filter(target_type="appeals.appeal")
                                    .order_by("id").values_list("target_id", "verb", "at")):
            events[target_id].append((verb, at))
        position: dict[str, int] = defaultdict(int)
        dated = []
        for pk, target_id, verb in (Notification.objects.filter(target_type="appeals.appeal")
                                    .order_by("id").values_list("id", "target_id", "verb")):
            timeline, index = events[target_id], position[target_id]
            while index < len(timeline) and timeline[index][0] != verb:
                index += 1
            if index < len(timeline):
                position[target_id] = index
                at = timeline[index][1]
            else:
                at = AS_OF
            dated.append(Notification(pk=pk, at=at))
        Notification.objects.bulk_update(dated, ["at"], batch_size=1000)
        Notification.objects.filter(at__lt=AS_OF - READ_AFTER).update(
            read_at=F("at") + datetime.timedelta(hours=3))

    def run(self) -> Counter[str]:
        self.enterprise_by_id = {e.pk: e for e in self.enterprises}
        self.create_departments()
        scripted, exclude = self.scripted()
        year = list(scripted)
        for province, total in YEAR_APPEALS.items():
            pool = self.pool(province, exclude)
            year += [self.year_spec(pool) for _ in range(total)]
        month = self.service_month()
        specs = sorted(month + year, key=lambda spec: spec.registered_at)
        self.create_portal_users(specs)
        for spec in specs:
            Life(self, spec).run()
        # The timer's first run: what is overdue now is marked, and supervised from above.
        appeals_tick(now=AS_OF)
        self.date_notifications()
        self.counts["appeals"] = Appeal.objects.count()
        self.counts["open appeals"] = Appeal.objects.open().count()
        self.counts["appeal events"] = Event.objects.filter(verb__startswith="appeal.").count()
        return self.counts

    def department(self, spec: Spec, sector: str) -> Department:
        if sector.startswith("province:"):
            return self.g.departments[spec.region_id[:2] + "0000", sector.split(":")[1]]
        return self.g.departments[self.g.city_of(spec.region_id).code, sector]

    def officer(self, spec: Spec) -> User:
        code = spec.region_id if spec.region_id in self.g.offices else \
            self.g.city_of(spec.region_id).code
        officers = self.g.officers[code]
        if code == LIXIA and self.rng.random() < 0.8:
            return next(user for user in officers if user.username == "lixia")
        return self.rng.choice(officers)

    def supervisor(self, spec: Spec) -> User:
        """An officer of the office above the owning one (the named one where there is)."""
        city = self.g.city_of(spec.region_id).code
        code = city if spec.region_id in self.g.offices and spec.region_id != city \
            else spec.region_id[:2] + "0000"
        return self.g.officers[code][0]

    def text(self, spec: Spec) -> tuple[str, str]:
        title = spec.topic.title.format(**spec.values)
        description = spec.topic.description.format(**spec.values)
        if spec.portal:
            convert = self.g.to_traditional.convert
            return (convert(title).replace("臺", "台"),
                    convert(description + spec.suffix).replace("臺", "台"))
        prefix = texts.STAFF_PREFIX.get(spec.channel, "")
        return title, prefix + description + spec.suffix


def _with_duplicates(specs: list[Spec]):
    return itertools.chain(specs, (d for spec in specs for d in spec.duplicates))


def appeals_generate(generator: Generator, enterprises: list[Enterprise]) -> Counter[str]:
    """Write the demo appeals; returns counts to add to the demo's summary."""
    return AppealDemo(generator, enterprises).run()
