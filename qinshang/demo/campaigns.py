"""Demo campaigns (issue #4): the Shandong 2014 visit season, the Jiangxi 2015 service month and a
Jinan service month running today, with their visits, report forms, symposiums, opinion surveys
and the appeals they raised. How they are written is in ``qinshang.demo.campaign_kit``.

- "2014台资企业走访季" (seed 000): the province office and its cities visit the Taiwan-invested
  enterprises, hand the 《征求意见表》 to every Taiwan principal and take the problems up. At the
  end of February the figures are exactly the published ones: 2100 enterprises visited, 2091
  business people met, 2165 forms handed out, across the 17 cities of 2014. 莱芜市 is a city of
  its own in that year's table: its enterprises carry today's Jinan codes 370116/370117 and were
  visited by the offices that hold those districts today; no 莱芜 office is invented.
- "精准服务台企月" (seed 002): 11 province-office teams under the "1+2+6" quotas (two of them
  short of one), visits to over 2000 enterprises, 122 symposiums, the 征求意见函 with 800-odd
  returns, and the appeal demo's 161 opinions of the month (159 resolved) linked to the visits
  and symposiums they were raised in. Those appeals were registered and lived by the appeal demo
  before this step, so their ``RaisedAppeal`` links (what the services write for the appeals
  they raise themselves) are inserted here, next to the visits and symposiums recorded for them.
- "2026济南市台企服务月": running on the demo's today (2026-11-21), written through the services
  only: a few visits by the ``jinan`` and ``lixia`` logins, a symposium, and the form on paper
  and online, with one invitation link printed by ``qinshang demo``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.urls import reverse

from qinshang.accounts.models import Membership, Role, User
from qinshang.appeals.models import Appeal
from qinshang.campaigns import services
from qinshang.campaigns.models import (
    Campaign,
    CampaignKind,
    Distribution,
    DistributionMethod,
    RaisedAppeal,
    Visit,
    VisitMethod,
)
from qinshang.demo import campaign_texts as texts
from qinshang.demo.appeal_life import ZONE
from qinshang.demo.campaign_kit import (
    HARD_TO_REACH,
    CampaignKit,
    PhaseSpec,
    Planned,
    moment,
    weighted_sample,
)
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.regions.models import Region

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

# --- Shandong 2014 (seed 000) ------------------------------------------------------------------
SEASON_NAME = "2014台资企业走访季"
SEASON_FIRST, SEASON_LAST = datetime.date(2014, 1, 6), datetime.date(2014, 6, 30)
SEASON_PHASES: tuple[PhaseSpec, ...] = (
    ("全面走访、征求意见、建立联系", SEASON_FIRST, datetime.date(2014, 2, 28)),
    ("深入调研、研商措施、解决问题", datetime.date(2014, 3, 1), datetime.date(2014, 4, 30)),
    ("交流讲评、总结提高、巩固成果", datetime.date(2014, 5, 1), SEASON_LAST),
)
SEASON_CUTOFF = datetime.date(2014, 2, 28)
SEASON_DEADLINE = datetime.date(2014, 3, 15)
# The figures published at the end of February.
SEASON_VISITED, SEASON_PEOPLE_MET, SEASON_COPIES = 2100, 2091, 2165
SEASON_SECOND_VISITS = 110          # city leaders visiting again in the first phase
SEASON_DEEP_VISITS = 170            # 深入调研 in the second phase
SEASON_FOLLOW_UPS = 60              # 回访 in the third phase
# Categories of the problems raised in 2014 (no epidemic then), by how often.
SEASON_CATEGORIES = {"financing": 16, "labour": 16, "land": 10, "approvals": 10,
                     "expropriation": 3, "logistics": 6, "supply_chain": 5, "tax_fees": 8,
                     "legal_dispute": 4, "entry_residence": 4, "medical_care": 2,
                     "schooling": 4, "housing": 2, "other": 4}

# --- Jiangxi 2015 (seed 002) -------------------------------------------------------------------
MONTH_NAME = "精准服务台企月"
MONTH_FIRST, MONTH_LAST = datetime.date(2015, 11, 6), datetime.date(2015, 12, 18)
MONTH_PHASES: tuple[PhaseSpec, ...] = (
    ("大走访、座谈会摸清困难和问题", MONTH_FIRST, datetime.date(2015, 11, 25)),
    ("研究会商、制定解决方案", datetime.date(2015, 11, 26), datetime.date(2015, 12, 8)),
    ("协调解决、健全长效机制", datetime.date(2015, 12, 9), MONTH_LAST),
)
MONTH_DEADLINE = datetime.date(2015, 11, 30)
MONTH_SYMPOSIUMS = 122
MONTH_RETURNS_AT_LEAST = 800
# Teams that fall short of a "1+2+6" quota, so that the check has something to show.
SHORT_OF_ENTERPRISES, SHORT_OF_COUNTIES = "360200", "360500"     # 景德镇, 新余

# --- Jinan, now -------------------------------------------------------------------------------
CITY_MONTH_NAME = "2026济南市台企服务月"
CITY_FIRST, CITY_LAST = datetime.date(2026, 11, 1), datetime.date(2026, 12, 20)
CITY_PHASES: tuple[PhaseSpec, ...] = (
    ("走访摸排、征求意见", CITY_FIRST, datetime.date(2026, 11, 25)),
    ("协调解决、跟踪问效", datetime.date(2026, 11, 26), datetime.date(2026, 12, 12)),
    ("总结提高、建立长效机制", datetime.date(2026, 12, 13), CITY_LAST),
)
CITY_DEADLINE = datetime.date(2026, 12, 10)
JINAN, LIXIA = "370100", "370102"
CITY_CATEGORIES = {"labour": 1, "logistics": 1, "financing": 1}


class CampaignDemo(CampaignKit):

    # --- Shandong 2014 ---------------------------------------------------------------------

    def shandong(self) -> None:
        rng = self.rng
        sheng = self.user("sheng")
        targets = [e for e in self.firms("37") if self.taiwan_invested(e)]
        offices = [self.g.offices["370000"]] + [self.g.offices[city.code]
                                                for city in self.cities("370000")]
        campaign = self.launch(
            actor=sheng, name=SEASON_NAME, kind=CampaignKind.VISIT_SEASON, scope="370000",
            phases=SEASON_PHASES, offices=offices, targets=targets,
            created=moment(datetime.date(2014, 1, 3), 10, 20),
            launched=moment(SEASON_FIRST, 9), description=texts.SEASON_DESCRIPTION,
            visit_form=self.visit_form)
        survey = services.survey_create(actor=sheng, campaign=campaign, form=self.opinion_form,
                                        deadline=SEASON_DEADLINE, at=moment(SEASON_FIRST, 9, 30))
        # The few not reached by the end of February: mostly relocated or suspended ones.
        left_out = weighted_sample(rng, targets, [HARD_TO_REACH.get(e.status, 1) for e in targets],
                                   len(targets) - SEASON_VISITED)
        skipped = {e.pk for e in left_out}
        phase_one = self.season_phase_one([e for e in targets if e.pk not in skipped])
        self.fit_people_met(phase_one, SEASON_PEOPLE_MET)
        later = self.season_later(phase_one, left_out)
        for visit in sorted(phase_one + later, key=lambda v: (v.day, v.enterprise.pk)):
            self.record(campaign, visit, report=visit.stage == "first" and rng.random() < 0.85,
                        categories=SEASON_CATEGORIES)
        self.season_returns(self.season_copies(survey, phase_one, later))
        services.campaign_close(actor=sheng, campaign=campaign,
                                at=moment(datetime.date(2014, 7, 4), 16))

    def season_phase_one(self, visited: list[Enterprise]) -> list[Planned]:
        """A first visit to each, heavier before the Spring Festival and at the end of
        February; some visited again by their city office."""
        rng = self.rng
        days = self.days(SEASON_FIRST, SEASON_CUTOFF)
        weights = [1.3 if day < datetime.date(2014, 1, 31)
                   else 1.2 if day > datetime.date(2014, 2, 20) else 1.0 for day in days]
        first = [self.first_visit(enterprise, rng.choices(days, weights)[0], problem_rate=0.045)
                 for enterprise in visited]
        early = [visit for visit in first if visit.method == VisitMethod.ON_SITE
                 and visit.day <= datetime.date(2014, 2, 20)]
        again = [self.again(visit, self.later_working_day(visit.day, 3, 30, SEASON_CUTOFF),
                            "again", problem_rate=0.05)
                 for visit in rng.sample(early, SEASON_SECOND_VISITS)]
        return first + again

    def season_later(self, phase_one: list[Planned], left_out: list[Enterprise]
                     ) -> list[Planned]:
        """After February: first visits to most of the rest, deeper visits on the problems,
        then follow-ups."""
        rng = self.rng
        deep_days = self.days(datetime.date(2014, 3, 3), datetime.date(2014, 4, 30))
        last_days = self.days(datetime.date(2014, 5, 5), datetime.date(2014, 6, 27))
        firsts = [visit for visit in phase_one if visit.stage == "first"]
        reached = rng.sample(left_out, round(len(left_out) * 0.55))
        later = [self.first_visit(enterprise, rng.choice(deep_days), problem_rate=0.1)
                 for enterprise in reached]
        later += [self.again(visit, rng.choice(deep_days), "deep", problem_rate=0.25)
                  for visit in rng.sample(firsts, SEASON_DEEP_VISITS)]
        later += [self.again(visit, rng.choice(last_days), "follow_up", problem_rate=0.03)
                  for visit in rng.sample(firsts, SEASON_FOLLOW_UPS)]
        return later

    def season_copies(self, survey, phase_one: list[Planned], later: list[Planned]
                      ) -> list[tuple[Distribution, str | None]]:
        """The form handed out on each first visit, entered by the county office for the day.
        Enterprises with two Taiwan principals get one each: as many as make the published
        number of forms handed out."""
        rng = self.rng
        firsts = [visit for visit in phase_one + later if visit.stage == "first"]
        candidates = sorted(visit.enterprise.pk for visit in phase_one if visit.stage == "first"
                            and len(self.taiwan_persons.get(visit.enterprise.pk, ())) >= 2)
        two = frozenset(rng.sample(candidates, SEASON_COPIES - SEASON_VISITED))
        batches: dict[tuple, list[Planned]] = defaultdict(list)
        for visit in firsts:
            method = (DistributionMethod.ONLINE if rng.random() < 0.06
                      else DistributionMethod.PAPER)
            batches[visit.day, visit.enterprise.region_id, method].append(visit)
        copies = []
        for (day, _county, method), visits in sorted(batches.items()):
            copies += self.hand_out(survey, visits[0].actor, day,
                                    [visit.enterprise for visit in visits], method, two=two)
        return copies

    def season_returns(self, copies: list[tuple[Distribution, str | None]]) -> None:
        """Most forms come back by the deadline, a few late; some carry opinions, which become
        appeals (channel survey): those go through the services, after the others."""
        rng = self.rng
        returns = []
        for copy, token in copies:
            if rng.random() >= (0.62 if token else 0.74):
                continue
            # A late answer comes on paper, or online while the link still works.
            last = copy.link_expires_at.astimezone(ZONE).date() if token else SEASON_LAST
            if copy.distributed_on < SEASON_DEADLINE and rng.random() < 0.92:
                day = self.later_working_day(copy.distributed_on, 2, 30, SEASON_DEADLINE)
            else:
                day = self.later_working_day(max(copy.distributed_on, SEASON_DEADLINE), 1, 20,
                                             last)
            returns.append((rng.random() < 0.045, day, len(returns), copy, token))
        for opinion, day, _order, copy, token in sorted(returns, key=lambda item: item[:3]):
            self.give_back(copy, token, day, rng.choice(self.county_officers(copy.enterprise)),
                           categories=SEASON_CATEGORIES if opinion else None)

    # --- Jiangxi 2015 ----------------------------------------------------------------------

    def jiangxi(self) -> None:
        officers = self.g.officers["360000"]
        targets = [e for e in self.firms("36") if self.taiwan_invested(e)]
        cities = self.cities("360000")
        campaign = self.launch(
            actor=officers[0], name=MONTH_NAME, kind=CampaignKind.SERVICE_MONTH, scope="360000",
            phases=MONTH_PHASES, targets=targets,
            offices=[self.g.offices["360000"]] + [self.g.offices[c.code] for c in cities],
            created=moment(datetime.date(2015, 11, 4), 15), launched=moment(MONTH_FIRST, 9),
            description=texts.MONTH_DESCRIPTION, quota_symposiums=1, quota_counties=2,
            quota_enterprises=6)
        visited: set[int] = set()
        held = self.month_teams(campaign, cities, targets, visited)
        held += self.month_opinions(campaign, visited)
        self.month_symposiums(campaign, targets, MONTH_SYMPOSIUMS - held)
        self.month_office_visits(campaign, targets, visited)
        self.month_survey(campaign, officers[0], targets)
        services.campaign_close(actor=officers[0], campaign=campaign,
                                at=moment(datetime.date(2015, 12, 21), 17))

    def month_teams(self, campaign: Campaign, cities: list[Region], targets: list[Enterprise],
                    visited: set[int]) -> int:
        """One province-office team per city (分片包干): a symposium, two or three counties, six
        or more key enterprises; two teams fall short of one quota. Returns the symposiums
        held."""
        rng = self.rng
        officers = self.g.officers["360000"]
        start_days = self.days(datetime.date(2015, 11, 9), datetime.date(2015, 11, 20))
        for index, city in enumerate(cities):
            members = [officers[index % len(officers)], officers[(index + 1) % len(officers)]]
            team = services.team_create(
                actor=officers[0], campaign=campaign, name=f"省台办赴{city.name}工作组",
                office=self.g.offices["360000"], area=city, members=members,
                at=moment(datetime.date(2015, 11, 5), 10))
            in_city = [e for e in targets if self.g.city_of(e.region_id).code == city.code]
            picked = self.key_enterprises(city, in_city)
            start = start_days[index % len(start_days)]
            team_days = self.days(start, start + datetime.timedelta(days=5))[:3]
            self.symposium(campaign, actor=members[0], region=city, day=start, team=team,
                           enterprises=picked + rng.sample([e for e in in_city
                                                            if e not in picked], 6),
                           summary=texts.TEAM_SYMPOSIUM_SUMMARY)
            for number, enterprise in enumerate(picked):
                visit = Planned(enterprise=enterprise, day=team_days[number % len(team_days)],
                                actor=members[0], staff=members, stage="team", team=team,
                                people_met=rng.choice((1, 1, 2, 2, 3)))
                self.record(campaign, visit, report=None)
                visited.add(enterprise.pk)
        return len(cities)

    def key_enterprises(self, city: Region, in_city: list[Enterprise]) -> list[Enterprise]:
        """The larger enterprises of two or three counties (of one county, or only five of
        them, for the two teams that fall short)."""
        rng = self.rng
        by_county: dict[str, list[Enterprise]] = defaultdict(list)
        for enterprise in sorted(in_city, key=lambda e: (-e.employees, e.pk))[:40]:
            by_county[enterprise.region_id].append(enterprise)
        counties = sorted(by_county, key=lambda code: (-len(by_county[code]), code))
        chosen = counties[:1 if city.code == SHORT_OF_COUNTIES else rng.choice((2, 3, 3))]
        size = 5 if city.code == SHORT_OF_ENTERPRISES else rng.randint(7, 11)
        picked = [by_county[code][0] for code in chosen]
        rest = [e for code in chosen for e in by_county[code][1:]]
        return picked + rng.sample(rest, min(len(rest), size - len(picked)))

    def month_opinions(self, campaign: Campaign, visited: set[int]) -> int:
        """The appeal demo's 161 opinions of the month, each linked to the visit or symposium
        it was raised in, recorded here just before the appeal's registration by the officer
        who registered it. Returns the symposiums held."""
        rng = self.rng
        appeals = list(Appeal.objects.filter(region__code__startswith="36")
                       .select_related("enterprise").order_by("registered_at", "pk"))
        registered_by = dict(Event.objects.filter(
            verb="appeal.registered", target_type="appeals.appeal",
            target_id__in=[str(appeal.pk) for appeal in appeals])
            .values_list("target_id", "actor_id"))
        users = User.objects.in_bulk(set(registered_by.values()))
        visits: dict[tuple[int, datetime.date], Visit] = {}
        raised_at: list[tuple[Appeal, datetime.date, Visit]] = []
        gatherings: dict[tuple[datetime.date, str], list[tuple[Appeal, User]]] = defaultdict(list)
        for appeal in appeals:
            actor = users[registered_by[str(appeal.pk)]]
            day = appeal.registered_at.astimezone(ZONE).date()
            if appeal.channel == "symposium":
                gatherings[day, self.office_of[actor.pk]].append((appeal, actor))
                continue
            key = (appeal.enterprise_id, day)
            if key not in visits:
                visit = Planned(enterprise=appeal.enterprise, day=day, actor=actor,
                                staff=[actor], stage="first",
                                people_met=rng.choices((1, 2, 3), (60, 30, 10))[0],
                                at=appeal.registered_at
                                - datetime.timedelta(minutes=rng.randint(5, 40)))
                visits[key] = self.record(campaign, visit, report=None)
                visited.add(appeal.enterprise_id)
            raised_at.append((appeal, day, visits[key]))
        self.flush()
        links = [RaisedAppeal(campaign=campaign, appeal=appeal, visit=visit,
                              region_id=appeal.region_id, raised_on=day)
                 for appeal, day, visit in raised_at]
        for (day, office), raised in sorted(gatherings.items()):
            region = self.g.regions[office]
            present = list(dict.fromkeys(appeal.enterprise for appeal, _actor in raised))
            nearby = [e for e in self.firms(office[:2]) if region.contains(e.region_id)
                      and e not in present and e.status == Enterprise.Status.OPERATING]
            symposium = self.symposium(
                campaign, actor=raised[0][1], region=region, day=day,
                enterprises=present + rng.sample(nearby, min(len(nearby), rng.randint(4, 10))),
                at=min(appeal.registered_at for appeal, _actor in raised)
                - datetime.timedelta(minutes=30))
            links += [RaisedAppeal(campaign=campaign, appeal=appeal, symposium=symposium,
                                   region_id=appeal.region_id, raised_on=day)
                      for appeal, _actor in raised]
            # The appeals were registered by the appeal demo: the event lists them as raised.
            symposium.appeals.add(*[appeal for appeal, _actor in raised])
        RaisedAppeal.objects.bulk_create(links)
        self.counts["campaign appeals"] += len(links)
        return len(gatherings)

    def month_symposiums(self, campaign: Campaign, targets: list[Enterprise],
                         count: int) -> None:
        """The other symposiums of every level (各级、各类台商座谈会), mostly in the first
        phase."""
        rng = self.rng
        first = self.days(MONTH_FIRST, datetime.date(2015, 11, 25))
        second = self.days(datetime.date(2015, 11, 26), datetime.date(2015, 12, 11))
        for _ in range(count):
            anchor = rng.choice(targets)
            code = (self.g.city_of(anchor.region_id).code if rng.random() < 0.35
                    else anchor.region_id)
            region = self.g.regions[code]
            around = [e for e in targets if region.contains(e.region_id)]
            self.symposium(campaign, actor=rng.choice(self.g.officers[code]), region=region,
                           day=rng.choice(first if rng.random() < 0.7 else second),
                           enterprises=rng.sample(around, min(len(around), rng.randint(3, 15))))

    def month_office_visits(self, campaign: Campaign, targets: list[Enterprise],
                            visited: set[int]) -> None:
        """The city and county offices visit nearly every target (走访台资企业逾2000家), most in
        the first phase; some twice."""
        rng = self.rng
        phases = [self.days(start, min(end, datetime.date(2015, 12, 15)))
                  for _name, start, end in MONTH_PHASES]
        open_targets = [e for e in targets if e.pk not in visited]
        skipped = {e.pk for e in weighted_sample(
            rng, open_targets, [HARD_TO_REACH.get(e.status, 1) for e in open_targets],
            round(len(targets) * 0.045))}
        plan = [self.first_visit(enterprise, rng.choice(rng.choices(phases, (80, 15, 5))[0]),
                                 problem_rate=0)
                for enterprise in open_targets if enterprise.pk not in skipped]
        plan += [self.again(visit, self.later_working_day(visit.day, 3, 25, MONTH_LAST),
                            "deep", problem_rate=0)
                 for visit in rng.sample(plan, round(len(plan) * 0.05))]
        for visit in sorted(plan, key=lambda v: (v.day, v.enterprise.pk)):
            self.record(campaign, visit, report=None)

    def month_survey(self, campaign: Campaign, actor: User, targets: list[Enterprise]) -> None:
        """The 征求意见函 to every target in the first week, 800-odd returned by letter or
        online (收到复函800余份)."""
        rng = self.rng
        survey = services.survey_create(actor=actor, campaign=campaign, form=self.opinion_form,
                                        deadline=MONTH_DEADLINE, at=moment(MONTH_FIRST, 10))
        by_county: dict[str, list[Enterprise]] = defaultdict(list)
        for enterprise in targets:
            by_county[enterprise.region_id].append(enterprise)
        copies = []
        for code, enterprises in sorted(by_county.items()):
            day = rng.choice((datetime.date(2015, 11, 9), datetime.date(2015, 11, 10)))
            online = [e for e in enterprises if rng.random() < 0.15]
            paper = [e for e in enterprises if e not in online]
            for method, batch in ((DistributionMethod.PAPER, paper),
                                  (DistributionMethod.ONLINE, online)):
                if batch:
                    copies += self.hand_out(survey, self.g.officers[code][0], day, batch, method)
        last = datetime.date(2015, 12, 11)
        answered = rng.sample(copies, MONTH_RETURNS_AT_LEAST + rng.randint(15, 45))
        returns = sorted(((self.later_working_day(
            copy.distributed_on, 2, 30,
            min(last, copy.link_expires_at.astimezone(ZONE).date()) if token else last),
            order, copy, token) for order, (copy, token) in enumerate(answered)),
            key=lambda item: item[:2])
        for day, _order, copy, token in returns:
            self.give_back(copy, token, day, rng.choice(self.county_officers(copy.enterprise)))

    # --- Jinan, now ------------------------------------------------------------------------

    def jinan_now(self) -> None:
        """A service month running today: a few visits by ``jinan`` and ``lixia``, the form on
        paper and online. Appeals raised here are dated early in November: the calendar has no
        2027, so the deadline of one registered today could not be computed."""
        rng = self.rng
        jinan, lixia = self.user("jinan"), self.user("lixia")
        targets = [e for e in self.firms(JINAN[:4]) if self.taiwan_invested(e)]
        campaign = self.launch(
            actor=jinan, name=CITY_MONTH_NAME, kind=CampaignKind.SERVICE_MONTH, scope=JINAN,
            phases=CITY_PHASES, targets=targets,
            offices=[self.g.offices[code] for code in sorted(self.g.offices)
                     if code[:4] == JINAN[:4]],
            created=moment(datetime.date(2026, 10, 28), 10),
            launched=moment(datetime.date(2026, 10, 30), 9, 30),
            description=texts.CITY_MONTH_DESCRIPTION, visit_form=self.visit_form)
        survey = services.survey_create(actor=jinan, campaign=campaign, form=self.opinion_form,
                                        deadline=CITY_DEADLINE,
                                        at=moment(datetime.date(2026, 10, 30), 10))
        portal_firm = portal_enterprise_id()
        own = [e for e in targets if e.region_id == LIXIA and e.liaison_officer_id == lixia.pk
               and e.status == Enterprise.Status.OPERATING and e.pk != portal_firm][::-1]

        def in_county(code: str) -> Enterprise:
            return next(e for e in targets if e.region_id == code
                        and e.status == Enterprise.Status.OPERATING)

        plan = [(lixia, own[0], 2, False), (lixia, own[1], 3, True),
                (jinan, in_county("370116"), 4, False), (jinan, in_county("370117"), 5, True),
                (lixia, own[2], 6, False), (jinan, in_county("370112"), 10, False),
                (lixia, own[3], 11, False), (jinan, in_county("370114"), 13, False),
                (lixia, own[4], 17, False), (jinan, in_county("370176"), 18, False)]
        paper = []
        for actor, enterprise, day_of_month, problem in plan:
            day = datetime.date(2026, 11, day_of_month)
            staff = [actor] if actor == lixia else [actor, self.county_officers(enterprise)[0]]
            visit = Planned(enterprise=enterprise, day=day, actor=actor, staff=staff,
                            stage="first", people_met=rng.choice((1, 1, 2)), problem=problem,
                            at=moment(day, 16, rng.randrange(60)))
            self.record(campaign, visit, report=True, categories=CITY_CATEGORIES,
                        side_paths=False, bulk=False)
            paper += self.hand_out(survey, actor, day, [enterprise], DistributionMethod.PAPER,
                                   at=visit.at, bulk=False)
        visited = {enterprise.pk for _actor, enterprise, _day, _problem in plan}
        emailed = rng.sample([e for e in targets if e.pk not in visited
                              and e.pk != portal_firm], 30)
        emailed += [e for e in targets if e.pk == portal_firm]
        emailed_on = datetime.date(2026, 11, 5)
        online = self.hand_out(survey, jinan, emailed_on, emailed, DistributionMethod.ONLINE,
                               at=moment(emailed_on, 10, 30))
        for (copy, _token), actor, day in zip(paper[:3], (lixia, lixia, jinan), (12, 16, 19),
                                              strict=True):
            self.give_back(copy, None, datetime.date(2026, 11, day), actor, bulk=False)
        answering = [(copy, token) for copy, token in online if copy.enterprise_id != portal_firm]
        for (copy, token), day in zip(answering, (7, 8, 9, 12, 15, 19), strict=False):
            self.give_back(copy, token, datetime.date(2026, 11, day), jinan, bulk=False,
                           categories={"supply_chain": 1, "logistics": 1} if day == 9 else None,
                           side_paths=False)
        self.symposium(campaign, actor=jinan, region=self.g.regions[JINAN],
                       day=datetime.date(2026, 11, 12), enterprises=rng.sample(targets, 12),
                       at=moment(datetime.date(2026, 11, 12), 15))

    # --- all of it -------------------------------------------------------------------------

    def run(self) -> Counter[str]:
        before = self.appeal_totals()
        self.shandong()
        self.jiangxi()
        self.jinan_now()
        self.finish()
        after = self.appeal_totals()
        self.counts.update({name: after[name] - before[name] for name in after})
        return self.counts


def portal_enterprise_id() -> int | None:
    return (Membership.objects.filter(role=Role.PORTAL, user__username="taishang")
            .values_list("enterprise_id", flat=True).first())


def campaigns_generate(generator: Generator, enterprises: list[Enterprise]) -> Counter[str]:
    """Write the demo campaigns; returns counts to add to the demo's summary."""
    return CampaignDemo(generator, enterprises).run()


def invitation_lines(base_url: str) -> list[str]:
    """One working invitation link to the Jinan survey, for the closing output of ``qinshang
    demo``. Only a link's digest is stored, so the link is issued anew each time it is printed
    (the one printed before stops working); the copy of the portal login's enterprise first."""
    portal_firm = portal_enterprise_id()
    waiting = sorted(Distribution.objects.filter(
        survey__campaign__name=CITY_MONTH_NAME, method=DistributionMethod.ONLINE,
        returned_on__isnull=True).select_related("enterprise", "person"),
        key=lambda copy: (copy.enterprise_id != portal_firm, copy.pk))
    actor = User.objects.filter(username="jinan").first()
    if not waiting or actor is None:
        return []
    copy = waiting[0]
    link = services.distribution_reissue_link(actor=actor, distribution=copy)
    addressee = (f"{copy.person.name} ({copy.enterprise.name})" if copy.person
                 else copy.enterprise.name)
    return [f"Opinion form of {CITY_MONTH_NAME}, invitation for {addressee}; no login needed, "
            "a new link each time this is printed:",
            f"  {base_url}{reverse('portal:survey', kwargs={'token': link.token})}"]
