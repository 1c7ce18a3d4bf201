"""What the demo campaigns (``qinshang.demo.campaigns``) are made with: the Taiwan business people
of each enterprise, the answers written on the two forms, visits drawn before they are recorded,
the problems that become appeals, and the writing itself.

Campaigns, targets, teams, symposiums, online survey copies (their links are the services' own),
every visit that raises a problem and every returned form that carries an opinion go through
``qinshang.campaigns.services`` with past times (``at=``), and the appeals raised there live on
through the appeal services (``qinshang.demo.appeal_life``). The thousands of plain visits, paper
copies and returned forms are written with bulk inserts instead: through the services (a dozen
statements each, and a read of every copy of the survey for each copy handed out) they would
add half a minute or more to a demo that must load in about a minute. What the services would
add by themselves is written with them: the form answers checked by ``clean_answers``, the staff
and persons met, the version of a returned copy, and the events the services record
(``visit.recorded``, ``campaign.survey_distributed``, ``campaign.survey_returned``) with the same
changes.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qinshang.accounts.models import User
from qinshang.appeals.models import Appeal
from qinshang.appeals.tick import appeals_tick
from qinshang.campaigns import services
from qinshang.campaigns.models import (
    Campaign,
    Distribution,
    DistributionMethod,
    Survey,
    Team,
    Visit,
    VisitMethod,
)
from qinshang.demo import appeal_texts
from qinshang.demo import campaign_texts as texts
from qinshang.demo.appeal_life import AS_OF, ZONE, Life, Spec, WorkClock
from qinshang.demo.appeals import AppealDemo
from qinshang.enterprises.models import Affiliation, Enterprise, Person
from qinshang.events.models import Event
from qinshang.events.services import snapshot, timeline_key
from qinshang.gatherings.models import Gathering
from qinshang.questionnaires.answers import clean_answers
from qinshang.questionnaires.initial import (
    OPINION_FORM,
    SATISFACTION,
    SERVICES_WANTED,
    VISIT_REPORT,
    form_templates_add_initial,
)
from qinshang.questionnaires.models import FormResponse, FormTemplate, Question
from qinshang.regions.models import TAIWAN, Region

if TYPE_CHECKING:
    from qinshang.demo.generator import Generator

SEED = 20140106
BATCH = 500
PhaseSpec = tuple[str, datetime.date, datetime.date]
TARGET_CRITERIA = {"status": ["operating", "suspended", "relocated"],
                   "taiwan": "origin Taiwan, or a Taiwan principal"}
# What the report form ticks for the category of a problem raised.
DIFFICULTY_OF = {"financing": "融资", "labour": "用工", "land": "用地", "approvals": "审批",
                 "expropriation": "用地", "logistics": "物流", "tax_fees": "税费"}
PRINCIPALS = (Affiliation.Relation.CHAIRMAN, Affiliation.Relation.GENERAL_MANAGER)
# Enterprises hardest to reach: they make most of those not visited.
HARD_TO_REACH = {Enterprise.Status.RELOCATED: 12, Enterprise.Status.SUSPENDED: 4}


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float],
                    k: int) -> list:
    """``k`` distinct items, heavier ones likelier (Efraimidis–Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / weight), index)
                    for index, weight in enumerate(weights)), reverse=True)
    return [items[index] for _key, index in keyed[:k]]


@dataclass
class Planned:
    """A visit drawn before it is recorded (the published figures need the whole plan)."""

    enterprise: Enterprise
    day: datetime.date
    actor: User
    staff: list[User]
    stage: str                       # first, again, deep, follow_up, team
    method: str = VisitMethod.ON_SITE
    people_met: int = 1
    problem: bool = False
    team: Team | None = None
    at: datetime.datetime | None = None


@dataclass
class Pending:
    """Rows waiting for the next bulk insert."""

    visits: list[tuple[Visit, FormResponse | None, list[User], list[Person]]] = field(
        default_factory=list)
    copies: list[Distribution] = field(default_factory=list)
    returns: list[tuple[Distribution, FormResponse, User | None, datetime.datetime]] = field(
        default_factory=list)
    events: list[Event] = field(default_factory=list)


class CampaignKit:
    def __init__(self, generator: Generator, enterprises: list[Enterprise]) -> None:
        self.g = generator
        self.rng = random.Random(SEED)
        self.enterprises = enterprises
        # The appeal demo's people and words, with draws of its own and a calendar from 2014.
        self.appeals = AppealDemo(generator, enterprises)
        self.appeals.rng = random.Random(SEED + 1)
        self.appeals.clock = self.clock = WorkClock(datetime.date(2014, 1, 1),
                                                    datetime.date(2026, 12, 31))
        self.appeals.load_liaisons()
        form_templates_add_initial(FormTemplate, Question)
        self.visit_form = FormTemplate.objects.get(code=VISIT_REPORT)
        self.opinion_form = FormTemplate.objects.get(code=OPINION_FORM)
        self.questions = {form.pk: list(form.questions.all())
                          for form in (self.visit_form, self.opinion_form)}
        self.taiwan_persons = self.load_taiwan_persons()
        self.office_of = {user.pk: code for code, users in generator.officers.items()
                          for user in users}
        self.pending = Pending()
        self.lives: list[tuple[Appeal, Spec]] = []
        self.counts: Counter[str] = Counter()

    # --- people and places -----------------------------------------------------------------

    def load_taiwan_persons(self) -> dict[int, list[Person]]:
        """Each enterprise's Taiwan business people, principals (chairman, general manager)
        first: the forms go to them, and they are the ones met on a visit."""
        found: dict[int, list[tuple[int, int, Person]]] = defaultdict(list)
        for affiliation in (Affiliation.objects.filter(person__origin=TAIWAN)
                            .select_related("person").order_by("id")):
            rank = 0 if affiliation.relation in PRINCIPALS else 1
            found[affiliation.enterprise_id].append((rank, affiliation.pk, affiliation.person))
        return {pk: [person for *_order, person in sorted(rows, key=lambda r: r[:2])]
                for pk, rows in found.items()}

    def user(self, username: str) -> User:
        return next(user for users in self.g.officers.values() for user in users
                    if user.username == username)

    def firms(self, prefix: str) -> list[Enterprise]:
        return [e for e in self.enterprises if e.region_id.startswith(prefix)]

    def taiwan_invested(self, enterprise: Enterprise) -> bool:
        """A target of a campaign: not closed, and Taiwanese by origin or by a principal (many
        Taiwan investors come in through Hong Kong)."""
        return (enterprise.status != Enterprise.Status.CLOSED
                and (enterprise.origin == TAIWAN or enterprise.pk in self.taiwan_persons))

    def cities(self, province: str) -> list[Region]:
        return [region for code, region in sorted(self.g.regions.items())
                if code[:2] == province[:2] and region.level == Region.Level.CITY]

    def county_officers(self, enterprise: Enterprise) -> list[User]:
        return self.g.officers[enterprise.region_id]

    def city_officers(self, enterprise: Enterprise) -> list[User]:
        return self.g.officers[self.g.city_of(enterprise.region_id).code]

    def office_time(self, day: datetime.date) -> datetime.datetime:
        return self.clock.office_time(day, self.rng)

    def days(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        return self.clock.working_days(first, last)

    def later_working_day(self, day: datetime.date, low: int, high: int,
                          last: datetime.date) -> datetime.date:
        days = self.days(day + datetime.timedelta(days=low),
                         min(last, day + datetime.timedelta(days=high)))
        return self.rng.choice(days) if days else day

    # --- campaigns -------------------------------------------------------------------------

    def launch(self, *, actor: User, name: str, kind: str, scope: str,
               phases: Sequence[PhaseSpec], offices, targets: list[Enterprise],
               created: datetime.datetime, launched: datetime.datetime,
               **data: Any) -> Campaign:
        campaign = services.campaign_create(
            actor=actor, scope=self.g.regions[scope], offices=offices, at=created,
            phases=[services.PhaseData(*phase) for phase in phases],
            data={"name": name, "kind": kind, "starts_on": phases[0][1],
                  "ends_on": phases[-1][2], **data})
        services.campaign_set_targets(actor=actor, campaign=campaign, enterprises=targets,
                                      criteria=TARGET_CRITERIA, at=created)
        services.campaign_launch(actor=actor, campaign=campaign, at=launched)
        self.counts["campaigns"] += 1
        self.counts["campaign targets"] += len(targets)
        return campaign

    # --- visits drawn ----------------------------------------------------------------------

    def first_visit(self, enterprise: Enterprise, day: datetime.date, *,
                    problem_rate: float) -> Planned:
        """An office's visit: the county office, sometimes two of its officers."""
        rng = self.rng
        officers = self.county_officers(enterprise)
        actor = rng.choice(officers)
        staff = [actor] + ([other for other in officers if other != actor][:1]
                           if rng.random() < 0.35 else [])
        away = enterprise.status != Enterprise.Status.OPERATING
        method = (VisitMethod.PHONE if rng.random() < (0.3 if away else 0.03)
                  else VisitMethod.ON_SITE)
        if method == VisitMethod.PHONE:
            people_met = 1 if rng.random() < 0.9 else 0
        elif away:
            people_met = rng.choice((0, 1))
        else:
            people_met = rng.choices((0, 1, 2, 3), (24, 58, 14, 4))[0]
        return Planned(enterprise=enterprise, day=day, actor=actor, staff=staff, stage="first",
                       method=method, people_met=people_met,
                       problem=method == VisitMethod.ON_SITE and rng.random() < problem_rate)

    def again(self, first: Planned, day: datetime.date, stage: str, *,
              problem_rate: float) -> Planned:
        """The city office comes back, with the county officer who knows the enterprise."""
        rng = self.rng
        actor = rng.choice(self.city_officers(first.enterprise))
        return Planned(enterprise=first.enterprise, day=day, actor=actor,
                       staff=[actor, first.actor], stage=stage,
                       people_met=rng.choices((0, 1, 2), (10, 70, 20))[0],
                       problem=rng.random() < problem_rate)

    def fit_people_met(self, visits: list[Planned], total: int) -> None:
        """Nudge the drawn numbers of people met until they add up to the published total."""
        current = sum(visit.people_met for visit in visits)
        on_site = [visit for visit in visits if visit.method == VisitMethod.ON_SITE]
        while current != total:
            visit = self.rng.choice(on_site)
            if current > total and visit.people_met > 0:
                visit.people_met -= 1
                current -= 1
            elif current < total and visit.people_met < 3:
                visit.people_met += 1
                current += 1

    def summary(self, visit: Planned) -> str:
        rng = self.rng
        stages = {"team": texts.SUMMARY_TEAM, "deep": texts.SUMMARY_DEEP,
                  "follow_up": texts.SUMMARY_FOLLOW_UP}
        if visit.stage in stages:
            return rng.choice(stages[visit.stage])
        if visit.method == VisitMethod.PHONE:
            return rng.choice(texts.SUMMARY_PHONE)
        if visit.people_met == 0:
            return rng.choice(texts.SUMMARY_NOT_MET)
        return rng.choice(texts.SUMMARY_MET)

    # --- what the forms say ----------------------------------------------------------------

    def keyed(self, template: FormTemplate, answers: dict[str, Any]) -> dict[str, Any]:
        by_text = {question.text: question for question in self.questions[template.pk]}
        return {f"q{by_text[text].pk}": value for text, value in answers.items()
                if text in by_text and value not in (None, "", [])}

    def report(self, visit: Planned, *, full: bool, spec: Spec | None) -> dict[str, Any]:
        """The 《走访台资企业报告表》 of a visit: the required answers always, all of it for most
        first visits."""
        rng, enterprise = self.rng, visit.enterprise
        status = {Enterprise.Status.SUSPENDED: (("停产", 70), ("困难", 30)),
                  Enterprise.Status.RELOCATED: (("困难", 60), ("一般", 40))}.get(
            enterprise.status, (("良好", 50), ("一般", 38), ("困难", 12)))
        condition = rng.choices(*zip(*status, strict=True))[0]
        staff_count = enterprise.employees * (0.1 if condition == "停产"
                                              else rng.uniform(0.85, 1.08))
        answers: dict[str, Any] = {"走访日期": visit.day, "企业经营状况": condition,
                                   "在岗职工人数": max(1, round(staff_count))}
        if not full:
            return self.keyed(self.visit_form, answers)
        difficulties = [DIFFICULTY_OF.get(spec.category, "其他")] if spec is not None else []
        for _ in range(rng.choices((0, 1, 2), (45, 35, 20))[0]):
            difficulties.append(rng.choice(list(texts.DIFFICULTY_DETAILS)))
        difficulties = list(dict.fromkeys(difficulties))
        details = [rng.choice(texts.DIFFICULTY_DETAILS[item]) for item in difficulties]
        if spec is not None:
            details[0] = spec.topic.description.format(**spec.values)
        persons = len(self.taiwan_persons.get(enterprise.pk, ()))
        answers |= {
            "台籍干部人数": min(persons + rng.randint(0, 4), max(1, enterprise.employees // 20)),
            # Some 15-60 万元 of output a year for each employee.
            "本年度产值预计": max(10, round(answers["在岗职工人数"] * rng.uniform(15, 60), -1)),
            "产值与上年相比": "下降" if condition == "停产" else rng.choices(
                ("增长", "持平", "下降"), (35, 40, 25))[0],
            "是否有增资扩产计划": rng.random() < (0.3 if condition == "良好" else 0.08),
            "用工、融资、用地、审批等方面是否存在困难": difficulties or ["无明显困难"],
            "主要困难和问题": "".join(details),
            "是否已与企业商定联系制度": rng.random() < 0.92,
            "对台办工作的意见建议": (rng.choice(texts.SUGGESTIONS_TO_OFFICE)
                           if rng.random() < 0.35 else ""),
        }
        return self.keyed(self.visit_form, answers)

    def opinion(self, person: Person | None, *, online: bool,
                spec: Spec | None = None) -> dict[str, Any]:
        """A returned 《征求意见表》: typed in from paper by staff, or the respondent's own
        online answer, in Traditional."""
        rng = self.rng
        wanted = rng.sample(SERVICES_WANTED[:-1], rng.choice((1, 1, 2, 2, 3)))
        suggestion = (spec.topic.description.format(**spec.values) if spec is not None
                      else rng.choice(texts.OPINION_SUGGESTIONS) if rng.random() < 0.35
                      else "")
        difficulty = rng.choice(texts.OPINION_DIFFICULTIES) if rng.random() < 0.45 else ""
        if online:
            convert = self.g.to_traditional.convert
            suggestion, difficulty = convert(suggestion), convert(difficulty)
        answers = {
            "对当地营商环境的总体评价": rng.choices(SATISFACTION, (28, 50, 18, 3, 1))[0],
            "对当地台办服务工作的评价": (rng.choices(SATISFACTION, (40, 48, 10, 2, 0))[0]
                             if rng.random() < 0.9 else None),
            "是否了解国家和本省惠台政策": rng.random() < 0.72,
            "企业是否享受过惠台政策": rng.random() < 0.45 if rng.random() < 0.85 else None,
            "最希望得到哪些方面的服务": [item for item in SERVICES_WANTED if item in wanted],
            "企业当前面临的主要困难": difficulty,
            "对政府部门的意见和建议": suggestion,
            "联系人": person.name if person else "",
            "联系电话": person.phone if person else "",
        }
        return self.keyed(self.opinion_form, answers)

    # --- problems that become appeals ------------------------------------------------------

    def spec(self, enterprise: Enterprise, at: datetime.datetime, channel: str,
             categories: dict[str, int], *, side_paths: bool) -> Spec:
        """An appeal's life as the appeal demo draws it; without ``side_paths`` a plain one
        (no rejection, extension, duplicate …) answered in 5-12 working days."""
        rng, demo = self.rng, self.appeals
        category = rng.choices(list(categories), list(categories.values()))[0]
        topic = rng.choice([topic for topic in appeal_texts.TOPICS[category]
                            if set(topic.kinds) - {"emergency"}])
        kind = rng.choice([kind for kind in topic.kinds if kind != "emergency"])
        spec = Spec(enterprise=enterprise, person=None, registered_at=at, category=category,
                    topic=topic, kind=kind, channel=channel,
                    priority=demo.priority(kind, category) if side_paths else "normal",
                    lead_sector="", values=demo.values(enterprise.region_id))
        demo.route(spec)
        if side_paths:
            demo.fate(spec)
        else:
            spec.answer_days = rng.randint(5, 12)
        return spec

    def problem(self, spec: Spec) -> services.Problem:
        title, description = self.appeals.text(spec)
        return services.Problem(self.appeals.categories[spec.category], title, description,
                                kind=spec.kind, priority=spec.priority)

    def live_on(self, appeals, spec: Spec) -> None:
        """Keep the appeal just raised, to live it on once every campaign is written."""
        (appeal,) = appeals
        self.lives.append((appeal, spec))

    # --- writing visits --------------------------------------------------------------------

    def record(self, campaign: Campaign, visit: Planned, *, report: bool | None,
               categories: dict[str, int] | None = None, side_paths: bool = True,
               bulk: bool = True) -> Visit:
        """One visit; ``report`` None: no report form, False: only its required answers,
        True: all of it. A visit planned with a problem goes through ``visit_record``, which
        raises the problem (drawn from ``categories``) as an appeal; the others are written in
        bulk at the next ``flush`` unless ``bulk`` is false."""
        at = visit.at or self.office_time(visit.day)
        self.counts["campaign visits"] += 1
        spec = (self.spec(visit.enterprise, at, "visit", categories or {}, side_paths=side_paths)
                if visit.problem else None)
        answers = None if report is None else self.report(visit, full=report, spec=spec)
        persons = self.taiwan_persons.get(visit.enterprise.pk, [])[:visit.people_met]
        if bulk and spec is None:
            return self.add_visit(campaign, visit, at, answers, persons)
        recorded = services.visit_record(
            actor=visit.actor, enterprise=visit.enterprise, campaign=campaign, team=visit.team,
            staff=visit.staff, persons=persons, answers=answers,
            data={"visited_on": visit.day, "method": visit.method,
                  "people_met": visit.people_met, "summary": self.summary(visit)},
            problems=[self.problem(spec)] if spec is not None else (), at=at)
        if spec is not None:
            self.live_on(Appeal.objects.filter(raised_in__visit=recorded), spec)
        return recorded

    def add_visit(self, campaign: Campaign, planned: Planned, at: datetime.datetime,
                  answers: dict[str, Any] | None, persons: list[Person]) -> Visit:
        visit = Visit(visited_on=planned.day, enterprise=planned.enterprise,
                      region_id=planned.enterprise.region_id, campaign=campaign,
                      team=planned.team, method=planned.method, people_met=planned.people_met,
                      summary=self.summary(planned), recorded_by=planned.actor, recorded_at=at)
        response = None
        if answers is not None:
            form = campaign.visit_form
            response = FormResponse(template=form, submitted_at=at, entered_by=planned.actor,
                                    answers=clean_answers(form, answers,
                                                          questions=self.questions[form.pk]))
        self.pending.visits.append((visit, response, planned.staff, persons))
        return visit

    def flush(self) -> None:
        """Write the visits, copies and returns waiting, as the services would have."""
        pending, self.pending = self.pending, Pending()
        FormResponse.objects.bulk_create(
            [response for _visit, response, *_rest in pending.visits if response is not None]
            + [response for _copy, response, *_rest in pending.returns], batch_size=BATCH)
        for visit, response, *_rest in pending.visits:
            visit.report = response
        Visit.objects.bulk_create([visit for visit, *_rest in pending.visits], batch_size=BATCH)
        Visit.staff.through.objects.bulk_create(
            [Visit.staff.through(visit_id=visit.pk, user_id=user.pk)
             for visit, _response, staff, _persons in pending.visits for user in staff],
            batch_size=BATCH)
        Visit.persons_met.through.objects.bulk_create(
            [Visit.persons_met.through(visit_id=visit.pk, person_id=person.pk)
             for visit, _response, _staff, persons in pending.visits for person in persons],
            batch_size=BATCH)
        # A copy handed out and returned since the last flush is inserted returned.
        stored = [copy for copy, *_rest in pending.returns if copy.pk is not None]
        for copy, response, *_rest in pending.returns:
            copy.response = response
        Distribution.objects.bulk_create(pending.copies, batch_size=BATCH)
        Distribution.objects.bulk_update(stored, ["response", "returned_on", "return_method",
                                                  "version"], batch_size=BATCH)
        Event.objects.bulk_create([self.visit_event(*row) for row in pending.visits]
                                  + pending.events
                                  + [self.return_event(*row) for row in pending.returns],
                                  batch_size=BATCH)

    def visit_event(self, visit: Visit, _response, staff: list[User], _persons) -> Event:
        """The event ``visit_record`` writes."""
        return Event(at=visit.recorded_at, actor=visit.recorded_by, verb="visit.recorded",
                     target_type="campaigns.visit", target_id=str(visit.pk),
                     target_repr=str(visit)[:200], timeline=timeline_key(visit.enterprise),
                     region_code=visit.region_id,
                     changes={**snapshot(visit, services.VISIT_FIELDS),
                              "campaign": str(visit.campaign),
                              "staff": [str(user) for user in staff], "appeals": []})

    def return_event(self, copy: Distribution, _response, actor: User | None,
                     at: datetime.datetime) -> Event:
        """The event the survey services write for a returned copy."""
        campaign = copy.survey.campaign
        return Event(at=at, actor=actor, verb="campaign.survey_returned",
                     target_type="campaigns.campaign", target_id=str(campaign.pk),
                     target_repr=str(campaign)[:200], timeline=timeline_key(copy.enterprise),
                     region_code=copy.region_id,
                     changes={"form": str(copy.survey.form), "method": copy.return_method,
                              "returned_on": copy.returned_on.isoformat(), "appeals": []})

    # --- symposiums and surveys ------------------------------------------------------------

    def symposium(self, campaign: Campaign, *, actor: User, region: Region, day: datetime.date,
                  enterprises: list[Enterprise], at: datetime.datetime | None = None,
                  team: Team | None = None, summary: str = "") -> Gathering:
        rng = self.rng
        held = services.symposium_record(
            actor=actor, campaign=campaign, region=region, team=team,
            enterprises=enterprises, at=at or self.office_time(day),
            data={"held_on": day, "place": region.name + rng.choice(texts.SYMPOSIUM_PLACES),
                  "attendees": len(enterprises) + rng.randint(4, 12),
                  "summary": summary or rng.choice(texts.SYMPOSIUM_SUMMARIES)})
        self.counts["symposiums"] += 1
        return held

    def hand_out(self, survey: Survey, actor: User, day: datetime.date,
                 enterprises: list[Enterprise], method: str, *,
                 at: datetime.datetime | None = None, two: frozenset[int] = frozenset(),
                 bulk: bool = True) -> list[tuple[Distribution, str | None]]:
        """The form to each enterprise's Taiwan principal, to two of them for the enterprises
        in ``two``. Online copies go through ``survey_distribute``, which issues their links
        (returned with the copies); paper ones are written in bulk unless ``bulk`` is false."""
        at = at or self.office_time(day)
        persons = {e.pk: self.taiwan_persons.get(e.pk, [None])[:2 if e.pk in two else 1]
                   for e in enterprises}
        self.counts["survey copies"] += sum(len(chosen) for chosen in persons.values())
        if bulk and method == DistributionMethod.PAPER:
            copies = [Distribution(survey=survey, enterprise=e, person=person,
                                   region_id=e.region_id, distributed_on=day, method=method,
                                   recorded_by=actor)
                      for e in enterprises for person in persons[e.pk]]
            self.pending.copies += copies
            campaign = survey.campaign
            self.pending.events.append(Event(
                at=at, actor=actor, verb="campaign.survey_distributed",
                target_type="campaigns.campaign", target_id=str(campaign.pk),
                target_repr=str(campaign)[:200], timeline=timeline_key(campaign),
                region_code=campaign.scope_id,
                changes={"form": str(survey.form), "method": method, "copies": len(copies),
                         "distributed_on": day.isoformat()}))
            return [(copy, None) for copy in copies]
        issued = services.survey_distribute(
            actor=actor, survey=survey, enterprises=enterprises, method=method,
            distributed_on=day, at=at,
            persons={pk: chosen for pk, chosen in persons.items() if chosen != [None]})
        return [(item.distribution, item.token) if isinstance(item, services.IssuedLink)
                else (item, None) for item in issued]

    def give_back(self, copy: Distribution, token: str | None, day: datetime.date,
                  actor: User, *, categories: dict[str, int] | None = None,
                  side_paths: bool = True, bulk: bool = True) -> None:
        """A copy comes back: typed in from paper by the office, or answered online. One that
        carries an opinion (drawn from ``categories``) goes through the survey services, which
        raise it as an appeal; the others are written in bulk unless ``bulk`` is false."""
        online = token is not None
        at = (moment(day, self.rng.randint(8, 21), self.rng.randrange(60)) if online
              else self.office_time(day))
        spec = (self.spec(copy.enterprise, at, "survey", categories, side_paths=side_paths)
                if categories else None)
        answers = self.opinion(copy.person, online=online, spec=spec)
        self.counts["survey returns"] += 1
        if bulk and spec is None:
            form = copy.survey.form
            response = FormResponse(template=form, submitted_at=at,
                                    entered_by=None if online else actor,
                                    answers=clean_answers(form, answers,
                                                          questions=self.questions[form.pk]))
            copy.returned_on, copy.version = day, copy.version + 1
            copy.return_method = DistributionMethod.ONLINE if online else DistributionMethod.PAPER
            self.pending.returns.append((copy, response, None if online else actor, at))
            return
        opinions = [self.problem(spec)] if spec is not None else []
        if copy.pk is None:
            self.flush()                # the service reads the copy from the database
        if online:
            services.survey_answer_online(token=token, answers=answers, opinions=opinions, at=at)
        else:
            services.survey_return_paper(actor=actor, distribution=copy, returned_on=day,
                                         answers=answers, opinions=opinions, at=at)
        if spec is not None:
            self.live_on(Appeal.objects.filter(raised_in__distribution=copy), spec)

    # --- the appeals live on ---------------------------------------------------------------

    def appeal_totals(self) -> Counter[str]:
        return Counter({"appeals": Appeal.objects.count(),
                        "open appeals": Appeal.objects.open().count(),
                        "appeal events": Event.objects.filter(verb__startswith="appeal.").count()})

    def finish(self) -> None:
        """The appeals raised live on, oldest first; then, as the appeal demo ends, the timer's
        run now and the notifications dated at their events."""
        self.flush()
        self.lives.sort(key=lambda item: (item[0].registered_at, item[0].pk))
        for appeal, spec in self.lives:
            Life(self.appeals, spec).adopt(appeal)
        self.counts["campaign appeals"] += len(self.lives)
        appeals_tick(now=AS_OF)
        self.appeals.date_notifications()
