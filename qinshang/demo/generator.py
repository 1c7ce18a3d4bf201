"""Demo data: offices, departments, staff and some 5,650 Taiwan-invested enterprises in
Shandong, Jiangsu and Jiangxi, generated deterministically and written with bulk inserts, then
a year of appeals (``qinshang.demo.appeals``), the campaigns (``qinshang.demo.campaigns``), the
liaison plans and contacts (``qinshang.demo.liaison``) and the service hotlines
(``qinshang.demo.hotlines``).

The enterprise rows bypass the write services on purpose (it is generated data, and the services
would take minutes); what the services would add by themselves is set here: the folded
``search_text`` and one ``enterprise.created`` event per enterprise. The appeals, whose
deadlines and timelines are the workflow's own, go through the appeal services.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import opencc
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from qinshang.accounts.models import Membership, Role, User
from qinshang.demo import names
from qinshang.demo.appeals import appeals_generate
from qinshang.demo.campaigns import campaigns_generate
from qinshang.demo.donations import donations_generate
from qinshang.demo.gatherings import gatherings_generate
from qinshang.demo.hotlines import hotlines_generate
from qinshang.demo.liaison import liaison_generate
from qinshang.demo.policies import policies_generate
from qinshang.demo.projects import projects_generate
from qinshang.enterprises.identifiers import (
    credit_code_check_character,
    residence_permit_check_character,
)
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure, Tag
from qinshang.events.models import Event
from qinshang.events.services import event_record
from qinshang.offices.models import Department, Office
from qinshang.regions.models import HONG_KONG, MACAO, TAIWAN, Region
from qinshang.regions.services import divisions_load
from qinshang.search.services import search_text_refresh
from qinshang.text import fold, spaced

SEED = 20260101
DEMO_PASSWORD = "qinshang-demo"  # noqa: S105 - printed on purpose: it is the demo's password
LOADED_VERB = "demo.loaded"
URL = "http://127.0.0.1:8000"
BATCH = 500
ZONE = ZoneInfo("Asia/Shanghai")
# enterprise.created events are spread over these days, office hours.
HISTORY_START = datetime.date(2025, 1, 2)
HISTORY_END = datetime.date(2026, 10, 30)
DUE_START = datetime.date(2026, 1, 1)
DUE_END = datetime.date(2027, 12, 31)


@dataclass(frozen=True)
class ProvinceSpec:
    code: str
    prefix: str                      # ASCII username prefix
    enterprises: int
    city_weights: dict[str, float]
    default_city_weight: float
    county_boost: dict[str, float] = field(default_factory=dict)


PROVINCES = (
    ProvinceSpec("370000", "sd", 2500,
                 {"370200": 20, "370100": 14, "370600": 12, "370700": 10, "371000": 6,
                  "370300": 5, "371300": 5, "370800": 4},
                 3, {"370102": 2.5}),
    ProvinceSpec("320000", "js", 700,
                 {"320500": 45, "320200": 9, "320100": 8, "320400": 7, "320800": 6,
                  "320600": 5, "321000": 4, "321100": 3, "321200": 3, "320900": 3},
                 2, {"320583": 14, "320576": 3}),
    # Jiangxi's 2015 service month visited over 2000 Taiwan-invested enterprises (seed 002).
    ProvinceSpec("360000", "jx", 2450,
                 {"360100": 25, "360700": 14, "360400": 12, "360800": 10, "360900": 6,
                  "361100": 6},
                 4),
)

# Named logins: (office or department region, role or sector, index) -> username.
NAMED_OFFICE_USERS = {
    ("370000", Role.OFFICER, 1): "sheng",
    ("370100", Role.OFFICER, 1): "jinan",
    ("370100", Role.LEADER, 1): "lingdao",
    ("370102", Role.OFFICER, 1): "lixia",
    ("370700", Role.OFFICER, 1): "weifang",
}
NAMED_DEPARTMENT_USERS = {("370100", Department.Sector.COMMERCE): "bumen"}
LIXIA, LIXIA_SHARE = "370102", 0.7
PORTAL_USERNAME, ADMIN_USERNAME = "taishang", "admin"

# Staff per office: (officers, leaders, admins) by level.
STAFFING = {
    Region.Level.PROVINCE: (4, 1, 1),
    Region.Level.CITY: (3, 1, 0),
    Region.Level.COUNTY: (2, 1, 0),
}
STATUS_WEIGHTS = ((Enterprise.Status.OPERATING, 87), (Enterprise.Status.SUSPENDED, 6),
                  (Enterprise.Status.RELOCATED, 3), (Enterprise.Status.CLOSED, 4))
ORIGIN_WEIGHTS = ((TAIWAN, 89), (HONG_KONG, 8), (MACAO, 3))
MEASURE_STATUS_WEIGHTS = ((SupportMeasure.Status.PLANNED, 25),
                          (SupportMeasure.Status.IN_PROGRESS, 35),
                          (SupportMeasure.Status.DONE, 33), (SupportMeasure.Status.DROPPED, 7))
MOBILE_PREFIXES = names.words("133 135 136 137 138 139 150 151 152 158 159 177 180 186 187 "
                              "188 189 199")
MANUFACTURING = range(13, 44)


class DemoError(ImproperlyConfigured):
    """The database is not one the demo data can go into."""


def demo_loaded() -> bool:
    return Event.objects.filter(verb=LOADED_VERB).exists()


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _short(name: str) -> str:
    """济南市 -> 济南, 昆山市 -> 昆山; names with other endings are kept."""
    return name[:-1] if name.endswith("市") and len(name) > 2 else name


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _round_significant(value: float, digits: int = 2) -> Decimal:
    exponent = max(math.floor(math.log10(value)) - digits + 1, 0)
    return Decimal(round(value / 10**exponent) * 10**exponent).quantize(Decimal("0.01"))


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


class Generator:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.to_traditional = opencc.OpenCC("s2tw")
        self.password = make_password(DEMO_PASSWORD)
        self.regions: dict[str, Region] = {}
        self.offices: dict[str, Office] = {}
        self.departments: dict[tuple[str, str], Department] = {}
        self.officers: dict[str, list[User]] = defaultdict(list)   # office region -> officers
        self.users: list[User] = []
        self.memberships: list[Membership] = []
        self.counts: Counter[str] = Counter()

    # --- places ----------------------------------------------------------------------------

    def load_regions(self) -> None:
        for spec in PROVINCES:
            for region in Region.objects.current().filter(code__startswith=spec.code[:2]):
                self.regions[region.code] = region
        missing = [spec.code for spec in PROVINCES if spec.code not in self.regions]
        if missing:
            raise DemoError(f"The division list lacks {', '.join(missing)}.")

    def region_codes(self, spec: ProvinceSpec) -> list[str]:
        """The province, its cities, then its counties, in code order."""
        codes = [code for code in self.regions if code[:2] == spec.code[:2]]
        order = {Region.Level.PROVINCE: 0, Region.Level.CITY: 1, Region.Level.COUNTY: 2}
        return sorted(codes, key=lambda code: (order[self.regions[code].level], code))

    def leaves(self, spec: ProvinceSpec) -> list[str]:
        """Where enterprises are filed: counties, and cities that have no counties."""
        with_children = {region.parent_id for region in self.regions.values()}
        return [code for code in self.region_codes(spec)
                if self.regions[code].level != Region.Level.PROVINCE
                and code not in with_children]

    def city_of(self, code: str) -> Region:
        region = self.regions[code]
        return region if region.level == Region.Level.CITY else self.regions[region.parent_id]

    def office_name(self, region: Region, kind: str, duplicated: set[str]) -> str:
        suffix = "台港澳办" if kind == Office.Kind.TAIWAN_HK_MACAO else "台办"
        name = region.name
        if region.level == Region.Level.COUNTY and name in duplicated:
            # 市中区 exists in Jinan and Zaozhuang: say which.
            name = self.regions[region.parent_id].name + name
        return name + suffix

    def create_offices(self) -> None:
        county_names = Counter(region.name for region in self.regions.values()
                               if region.level == Region.Level.COUNTY)
        duplicated = {name for name, count in county_names.items() if count > 1}
        offices = []
        for spec in PROVINCES:
            for code in self.region_codes(spec):
                region = self.regions[code]
                kind = (Office.Kind.TAIWAN_HK_MACAO if region.level == Region.Level.PROVINCE
                        else Office.Kind.TAIWAN)
                offices.append(Office(region=region, kind=kind,
                                      name=self.office_name(region, kind, duplicated)))
        for office in Office.objects.bulk_create(offices, batch_size=BATCH):
            self.offices[office.region_id] = office
        self.counts["offices"] = len(offices)

    def create_departments(self) -> None:
        departments = []
        for spec in PROVINCES:
            for code in self.region_codes(spec):
                region = self.regions[code]
                if region.level == Region.Level.PROVINCE:
                    patterns = names.DEPARTMENTS_PROVINCE
                elif region.level == Region.Level.CITY:
                    patterns = names.DEPARTMENTS_CITY
                else:
                    continue
                departments.extend(Department(region=region, sector=sector,
                                              name=pattern.format(region.name))
                                   for sector, pattern in patterns.items())
        for department in Department.objects.bulk_create(departments, batch_size=BATCH):
            self.departments[department.region_id, department.sector] = department
        self.counts["departments"] = len(departments)

    # --- people ----------------------------------------------------------------------------

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def staff_name(self) -> str:
        return self.rng.choice(names.STAFF_SURNAMES) + self.rng.choice(names.STAFF_GIVEN)

    def taiwan_name(self) -> str:
        return self.rng.choice(names.TAIWAN_SURNAMES) + self.rng.choice(names.TAIWAN_GIVEN)

    def add_user(self, username: str, full_name: str, **place) -> User:
        user = User(username=username, full_name=full_name, phone=self.phone(),
                    password=self.password)
        self.users.append(user)
        role = place.pop("role")
        self.memberships.append(Membership(user=user, role=role, **place))
        return user

    def create_staff(self) -> None:
        for spec in PROVINCES:
            for code in self.region_codes(spec):
                office = self.offices[code]
                officers, leaders, admins = STAFFING[self.regions[code].level]
                for role, count in ((Role.OFFICER, officers), (Role.LEADER, leaders),
                                    (Role.ADMIN, admins)):
                    for index in range(1, count + 1):
                        username = NAMED_OFFICE_USERS.get(
                            (code, role, index), f"{spec.prefix}-{code}-{role}{index}")
                        user = self.add_user(username, self.staff_name(), role=role,
                                             office=office)
                        if role == Role.OFFICER:
                            self.officers[code].append(user)
            for (code, sector), department in self.departments.items():
                if code[:2] != spec.code[:2]:
                    continue
                username = NAMED_DEPARTMENT_USERS.get(
                    (code, sector), f"{spec.prefix}-{code}-{sector.replace('_', '-')}")
                self.add_user(username, self.staff_name(), role=Role.DEPARTMENT,
                              department=department)

    def save_users(self) -> None:
        taken = set(User.objects.filter(username__in=[user.username for user in self.users])
                    .values_list("username", flat=True))
        if taken:
            raise DemoError(f"Usernames already taken: {', '.join(sorted(taken)[:5])}")
        User.objects.bulk_create(self.users, batch_size=BATCH)
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        self.counts["users"] += len(self.users)
        self.counts["memberships"] += len(self.memberships)
        self.users, self.memberships = [], []

    # --- enterprises -----------------------------------------------------------------------

    def placements(self, spec: ProvinceSpec) -> list[str]:
        leaves = self.leaves(spec)
        by_city: dict[str, list[str]] = defaultdict(list)
        for code in leaves:
            by_city[self.city_of(code).code].append(code)
        weights = []
        for code in leaves:
            county = self.rng.uniform(0.6, 1.4) * spec.county_boost.get(code, 1.0)
            if code[4] == "7":        # development zones host many Taiwan-invested firms
                county *= 2.0
            elif code[4] in "01":     # urban districts
                county *= 1.3
            weights.append(county)
        totals: dict[str, float] = defaultdict(float)
        for code, weight in zip(leaves, weights, strict=True):
            totals[self.city_of(code).code] += weight
        leaf_weights = [
            spec.city_weights.get(self.city_of(code).code, spec.default_city_weight)
            * weight / totals[self.city_of(code).code]
            for code, weight in zip(leaves, weights, strict=True)]
        return self.rng.choices(leaves, leaf_weights, k=spec.enterprises)

    def trade_word(self, province: str) -> str:
        draw = self.rng.random()
        if draw < 0.15:
            return names.PROVINCE_TRADE_FIRST[province] + "台"
        if draw < 0.3:
            return "台" + self.rng.choice(names.TRADE_SECOND)
        while True:
            first, second = (self.rng.choice(names.TRADE_FIRST),
                             self.rng.choice(names.TRADE_SECOND))
            if first != second:
                return first + second

    def place_word(self, code: str) -> str:
        region = self.regions[code]
        if region.level == Region.Level.COUNTY and region.name.endswith("市"):
            return _short(region.name)          # 昆山, 张家港, 寿光: firms use the town
        return _short(self.city_of(code).name)

    def address(self, code: str) -> str:
        region, city = self.regions[code], self.city_of(code)
        if region.pk == city.pk:
            place = city.name
        elif region.name.startswith(_short(city.name)):
            place = region.name                 # 潍坊滨海经济技术开发区 says its city
        else:
            place = city.name + region.name
        return f"{place}{self.rng.choice(names.ROADS)}{self.rng.randrange(1, 999)}号"

    def credit_code(self, code: str, used: set[str]) -> str:
        while True:
            first17 = f"91{code}{self.rng.randrange(10**8, 10**9):09d}"
            value = first17 + credit_code_check_character(first17)
            if value not in used:
                used.add(value)
                return value

    def liaison(self, code: str) -> User:
        office_code = code if code in self.offices else self.city_of(code).code
        officers = self.officers[office_code]
        if code == LIXIA:
            return officers[0] if self.rng.random() < LIXIA_SHARE else officers[1]
        return self.rng.choice(officers)

    def tags_for(self, enterprise: Enterprise, tags: dict[str, Tag]) -> list[Tag]:
        count = _weighted(self.rng, ((0, 45), (1, 35), (2, 20)))
        industry = int(enterprise.industry)
        weights = {
            "高新技术企业": 4 if industry in MANUFACTURING or industry == 65 else 1,
            "专精特新": 3 if industry in range(26, 41) else 0.5,
            "百强台企": 2 if enterprise.registered_capital >= 10000 else 0.1,
            "规上企业": 4 if enterprise.employees >= 100 else 0.3,
            "出口型": 3 if industry in MANUFACTURING else 0.2,
            "外贸": 4 if industry in (51, 52) else 1,
        }
        pool = [name for name in names.TAGS if name in weights]
        chosen: list[Tag] = []
        for _ in range(count):
            name = self.rng.choices(pool, [weights[name] for name in pool])[0]
            pool.remove(name)
            chosen.append(tags[name])
        return chosen

    def make_enterprise(self, spec: ProvinceSpec, code: str, used_codes: set[str],
                        used_names: set[str]) -> Enterprise:
        rng = self.rng
        industry = rng.choices(list(names.INDUSTRY_WEIGHTS),
                               list(names.INDUSTRY_WEIGHTS.values()))[0]
        place = self.place_word(code)
        while True:
            trade = self.trade_word(spec.code[:2])
            word = rng.choice(names.INDUSTRY_WORDS[industry])
            name = f"{place}{trade}{word}有限公司"
            if name not in used_names:
                used_names.add(name)
                break
        draw = rng.random()
        short_word = word[:-2] if len(word) > 3 and word.endswith(("科技", "咨询")) else word
        if draw < 0.7:
            # Taiwan writes 台 in trade names far more often than the standard 臺.
            trade_name = self.to_traditional.convert(trade + short_word).replace("臺", "台")
        elif draw < 0.85:
            trade_name = trade + short_word
        else:
            trade_name = ""
        capital = _round_significant(_log_uniform(rng, 100, 50000))
        investment = max(capital, _round_significant(float(capital) * rng.uniform(1.0, 3.0), 3))
        employees = int(_log_uniform(rng, 10, 5000))
        if int(industry) in (51, 52, 62, 65, 72, 74):
            employees = max(10, employees // 5)
        credit_code = self.credit_code(code, used_codes)
        return Enterprise(
            name=name, trade_name=trade_name, credit_code=credit_code, region_id=code,
            address=self.address(code), industry=industry,
            origin=_weighted(rng, ORIGIN_WEIGHTS),
            registered_capital=capital, total_investment=investment, employees=employees,
            status=_weighted(rng, STATUS_WEIGHTS), liaison_officer=self.liaison(code),
            search_text=spaced(fold(f"{name} {trade_name} {credit_code}")))

    def create_enterprises(self) -> list[Enterprise]:
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in names.TAGS}
        used_codes = set(Enterprise.objects.values_list("credit_code", flat=True))
        used_names: set[str] = set()
        enterprises = []
        for spec in PROVINCES:
            for code in self.placements(spec):
                enterprises.append(self.make_enterprise(spec, code, used_codes, used_names))
        Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
        links = [Enterprise.tags.through(enterprise_id=enterprise.pk, tag_id=tag.pk)
                 for enterprise in enterprises for tag in self.tags_for(enterprise, tags)]
        Enterprise.tags.through.objects.bulk_create(links, batch_size=BATCH)
        self.counts["enterprises"] = len(enterprises)
        self.counts["tag links"] = len(links)
        return enterprises

    # --- persons, measures, events ---------------------------------------------------------

    def document(self, origin: str, used: set[str]) -> tuple[str, str]:
        draw = self.rng.random()
        if origin != TAIWAN or draw >= 0.94:
            return "", ""
        while True:
            if draw < 0.8:
                kind, number = (Person.Document.TRAVEL_PERMIT,
                                f"{self.rng.randrange(10**7, 10**8):08d}")
            else:
                birth = _day_between(self.rng, datetime.date(1950, 1, 1),
                                     datetime.date(1998, 12, 31))
                first17 = f"830000{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
                kind = Person.Document.RESIDENCE_PERMIT
                number = first17 + residence_permit_check_character(first17)
            if (kind, number) not in used:
                used.add((kind, number))
                return kind, number

    def create_persons(self, enterprises: list[Enterprise]) -> None:
        used = set(Person.objects.exclude(document_number="")
                   .values_list("document_kind", "document_number"))
        persons, relations = [], []
        for enterprise in enterprises:
            count = _weighted(self.rng, ((1, 40), (2, 40), (3, 20)))
            first = _weighted(self.rng, ((Affiliation.Relation.CHAIRMAN, 55),
                                         (Affiliation.Relation.GENERAL_MANAGER, 45)))
            others = [Affiliation.Relation.SHAREHOLDER, Affiliation.Relation.MANAGER,
                      Affiliation.Relation.GENERAL_MANAGER]
            for index in range(count):
                origin = (enterprise.origin if self.rng.random() < 0.9 else TAIWAN)
                kind, number = self.document(origin, used)
                person = Person(name=self.taiwan_name(), origin=origin, document_kind=kind,
                                document_number=number, phone=self.phone(),
                                region_id=enterprise.region_id)
                persons.append(person)
                relation = first if index == 0 else self.rng.choice(others)
                relations.append((person, enterprise, relation))
        Person.objects.bulk_create(persons, batch_size=BATCH)
        Affiliation.objects.bulk_create(
            [Affiliation(person_id=person.pk, enterprise_id=enterprise.pk, relation=relation)
             for person, enterprise, relation in relations], batch_size=BATCH)
        self.counts["persons"] = len(persons)

    def create_measures(self, enterprises: list[Enterprise]) -> None:
        measures = []
        for enterprise in enterprises:
            count = _weighted(self.rng, ((0, 25), (1, 35), (2, 25), (3, 15)))
            city = self.city_of(enterprise.region_id).code
            for title, sector in self.rng.sample(names.MEASURES, count):
                department = (self.departments.get((city, sector))
                              if sector and self.rng.random() < 0.7 else None)
                status = _weighted(self.rng, MEASURE_STATUS_WEIGHTS)
                if enterprise.status == Enterprise.Status.CLOSED:
                    status = self.rng.choice([SupportMeasure.Status.DONE,
                                              SupportMeasure.Status.DROPPED])
                due = (_day_between(self.rng, DUE_START, DUE_END)
                       if self.rng.random() < 0.85 else None)
                measures.append(SupportMeasure(
                    enterprise_id=enterprise.pk, title=title,
                    detail=self.rng.choice(names.MEASURE_DETAILS), department=department,
                    status=status, due_date=due))
        SupportMeasure.objects.bulk_create(measures, batch_size=BATCH)
        self.counts["measures"] = len(measures)

    def history(self, count: int) -> list[datetime.datetime]:
        """Creation times, ascending, so that older enterprises have smaller ids."""
        times = []
        for _ in range(count):
            day = _day_between(self.rng, HISTORY_START, HISTORY_END)
            while day.weekday() >= 5:
                day -= datetime.timedelta(days=1)
            minute = self.rng.randrange(8 * 60 + 30, 17 * 60 + 30)
            times.append(datetime.datetime(day.year, day.month, day.day, minute // 60,
                                           minute % 60, self.rng.randrange(60), tzinfo=ZONE))
        return sorted(times)

    def create_events(self, enterprises: list[Enterprise]) -> None:
        times = self.history(len(enterprises))
        events = []
        for enterprise, at in zip(enterprises, times, strict=True):
            enterprise.created_at = enterprise.updated_at = at
            officer = enterprise.liaison_officer
            events.append(Event(
                at=at, actor_id=officer.pk, verb="enterprise.created",
                target_type="enterprises.enterprise", target_id=str(enterprise.pk),
                target_repr=enterprise.name[:200],
                timeline=f"enterprises.enterprise:{enterprise.pk}",
                region_code=enterprise.region_id,
                changes={"name": enterprise.name, "trade_name": enterprise.trade_name,
                         "credit_code": enterprise.credit_code,
                         "region": self.regions[enterprise.region_id].name,
                         "industry": enterprise.industry, "origin": enterprise.origin,
                         "status": enterprise.status, "liaison_officer": str(officer)}))
        Event.objects.bulk_create(events, batch_size=BATCH)
        # auto_now_add stamped the rows with the time of the run; give them their history.
        Enterprise.objects.bulk_update(enterprises, ["created_at", "updated_at"], batch_size=250)
        self.counts["events"] = len(events)

    # --- the last logins -------------------------------------------------------------------

    def create_portal_and_admin(self, enterprises: list[Enterprise]) -> None:
        lixia = next(user for user in self.officers[LIXIA] if user.username == "lixia")
        enterprise = next(e for e in enterprises if e.region_id == LIXIA
                          and e.liaison_officer_id == lixia.pk
                          and e.status == Enterprise.Status.OPERATING
                          and e.origin == TAIWAN)
        person = (Person.objects.filter(affiliations__enterprise=enterprise)
                  .order_by("affiliations__id").first())
        self.add_user(PORTAL_USERNAME, person.name if person else self.taiwan_name(),
                      role=Role.PORTAL, enterprise=enterprise)
        self.save_users()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create(username=ADMIN_USERNAME, full_name="系统管理员",
                                password=self.password, is_staff=True, is_superuser=True)
            self.counts["users"] += 1

    def run(self) -> dict[str, int]:
        self.load_regions()
        self.create_offices()
        self.create_departments()
        self.create_staff()
        self.save_users()
        enterprises = self.create_enterprises()
        self.create_persons(enterprises)
        self.create_measures(enterprises)
        self.create_events(enterprises)
        self.create_portal_and_admin(enterprises)
        refresh_planner_statistics()
        # The appeals draw from their own seed, so the data above stays what it was.
        self.counts.update(appeals_generate(self, enterprises))
        self.counts.update(campaigns_generate(self, enterprises))
        self.counts.update(liaison_generate(self, enterprises, timezone.localdate()))
        self.counts.update(hotlines_generate(self, enterprises))
        self.counts.update(donations_generate(self, enterprises))
        self.counts.update(projects_generate(self, enterprises))
        self.counts.update(gatherings_generate(self, enterprises))
        self.counts.update(policies_generate(self, enterprises))
        # The parts above write in bulk: what search finds their records by is folded once here.
        search_text_refresh()
        # Again for what the later parts wrote: the pages read it at once, in the same
        # transaction when the tests load the demo.
        refresh_planner_statistics()
        return dict(self.counts)


def refresh_planner_statistics() -> None:
    """PostgreSQL plans from table statistics, which a bulk load inside one transaction leaves
    empty: without them each lookup of the appeals step took 0.2 s instead of a millisecond."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate() -> dict[str, int]:
    """Load the demo data into a database that has none; returns the counts."""
    with transaction.atomic():
        if not Region.objects.exists():
            divisions_load()
        if Office.objects.exists() or Enterprise.objects.exists():
            raise DemoError("The database already holds offices or enterprises; the demo data "
                            "goes into a fresh database only (set QINSHANG_DATA_DIR to an "
                            "empty folder).")
        counts = Generator().run()
        event_record(actor=None, verb=LOADED_VERB, target_type="demo", target_id="1",
                     target_repr="demo data", changes=counts)
    return counts


# --- the logins table, for the command and the README ---------------------------------------

LOGINS = (
    ("sheng", "山东省台港澳办 officer: the whole province"),
    ("jinan", "济南市台办 officer: Jinan and its counties"),
    ("lingdao", "济南市台办 leader (read-only): My duties on the home page, some overdue"),
    ("lixia", "历下区台办 officer (Jinan 历下区), liaison of most Lixia enterprises"),
    ("weifang", "潍坊市台办 officer: Weifang and its counties"),
    ("bumen", "济南市商务局 department liaison"),
    ("taishang", "portal user (台商) of one Lixia enterprise"),
    ("admin", "system administrator: Django admin at /admin/"),
)


def logins_lines() -> list[str]:
    width = max(len(username) for username, _ in LOGINS)
    lines = [f"Open {URL} and log in (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {username.ljust(width)}  {what}" for username, what in LOGINS]
    portal = (Membership.objects.filter(user__username=PORTAL_USERNAME, role=Role.PORTAL)
              .select_related("enterprise").first())
    if portal is not None:
        lines.append(f"  ({PORTAL_USERNAME} belongs to {portal.enterprise.name})")
    return lines
