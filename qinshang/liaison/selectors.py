"""Reading liaison plans and contacts, always through the user's jurisdiction.

A plan is kept by the contacts logged for it and by the visits its member of staff made to its
enterprise (or in which its person was met), so a contact made during a campaign's visit is never
entered twice. Which rows keep a plan is decided here, once: ``keeping_contacts`` and
``keeping_visits`` from the plan's side, ``plans_kept_by`` from the contact's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import Exact, IsNull

from qinshang.access import get_for_user, principal_of, visible
from qinshang.accounts.models import OFFICE_ROLES, Membership, User
from qinshang.appeals.models import Appeal
from qinshang.campaigns.models import Visit, VisitMethod
from qinshang.liaison.intervals import Schedule, Standing, schedule
from qinshang.liaison.models import Contact, LiaisonPlan, Method
from qinshang.liaison.services import may_record_contact
from qinshang.offices.models import Department, Office

# Stands for "no contact" inside the database, where NULL would swallow the other date.
_NEVER = datetime.date(1, 1, 1)
# The liaison method a visit's method counts as.
VISIT_AS_CONTACT = {VisitMethod.ON_SITE: Method.VISIT, VisitMethod.PHONE: Method.PHONE,
                    VisitMethod.VIDEO: Method.VIDEO}


class _PlanRef:
    """Names the plan's fields inside the rule: the outer row of an annotation, or the values of
    one plan already read."""

    def __init__(self, plan: LiaisonPlan | None = None):
        self.plan = plan

    def __call__(self, name: str):
        if self.plan is None:
            return OuterRef(name)
        field = LiaisonPlan._meta.get_field(name)
        return Value(getattr(self.plan, field.attname), output_field=_value_field(field))


def _value_field(field):
    return field.target_field if field.is_relation else field


def _within_period(field: str, plan: _PlanRef) -> Q:
    return (Q(**{f"{field}__gte": plan("starts_on")})
            & (Q(IsNull(plan("ends_on"), True)) | Q(**{f"{field}__lte": plan("ends_on")})))


def _same_method(field: str, plan: _PlanRef, mapping: dict[str, str] | None = None) -> Q:
    """The plan asks for any method, or for this row's."""
    condition = Q(Exact(plan("method"), ""))
    if mapping is None:
        return condition | Q(**{field: plan("method")})
    for value, method in mapping.items():
        condition |= Q(**{field: value}) & Q(Exact(plan("method"), method))
    return condition


# Each counterpart kind is matched by one equality (never an OR of the three), so that every
# lookup runs on an index: (enterprise, date), (person, date), (department, date).
CONTACT_COUNTERPARTS = {"enterprise": "enterprise", "person": "person",
                        "department": "department"}
VISIT_COUNTERPARTS = {"enterprise": "enterprise", "person": "persons_met"}


def keeping_contacts(on: datetime.date, plan: LiaisonPlan | None = None, *,
                     via: str = "") -> QuerySet[Contact]:
    """Logged contacts up to ``on`` that keep the plan (the outer plan, matched on the
    counterpart kind ``via``, when none is given): the same member of staff and counterpart,
    the same method or any, within its period."""
    ref = _PlanRef(plan)
    via = via or plan.counterpart_kind
    return Contact.objects.filter(
        Q(**{CONTACT_COUNTERPARTS[via]: ref(via)}), Q(staff=ref("staff")),
        _same_method("method", ref), _within_period("contacted_on", ref),
        contacted_on__lte=on)


def keeping_visits(on: datetime.date, plan: LiaisonPlan | None = None, *,
                   via: str = "") -> QuerySet[Visit]:
    """Visits up to ``on`` that keep the plan: its member of staff visited its enterprise, or
    met its person, in a way the plan accepts, within its period. A department is never
    visited in this sense."""
    ref = _PlanRef(plan)
    via = via or plan.counterpart_kind
    if via not in VISIT_COUNTERPARTS:
        return Visit.objects.none()
    return Visit.objects.filter(
        Q(**{VISIT_COUNTERPARTS[via]: ref(via)}), Q(staff=ref("staff")),
        _same_method("method", ref, VISIT_AS_CONTACT), _within_period("visited_on", ref),
        visited_on__lte=on)


def _keeping_rows(on: datetime.date) -> list[tuple[QuerySet, str]]:
    """Every source of keeping rows for an outer plan, with its date field."""
    return ([(keeping_contacts(on, via=via), "contacted_on") for via in CONTACT_COUNTERPARTS]
            + [(keeping_visits(on, via=via), "visited_on") for via in VISIT_COUNTERPARTS])


def _latest(rows: QuerySet, field: str) -> Coalesce:
    return Coalesce(Subquery(rows.order_by(f"-{field}").values(field)[:1],
                             output_field=DateField()), Value(_NEVER))


def with_last_contact(plans: QuerySet[LiaisonPlan], on: datetime.date) -> QuerySet[LiaisonPlan]:
    """Each plan annotated with its latest keeping contact or visit up to ``on``."""
    latest = [_latest(rows, field) for rows, field in _keeping_rows(on)]
    return plans.annotate(last_contact_raw=Greatest(*latest, output_field=DateField()))


def _count(rows: QuerySet, distinct: bool = False) -> Coalesce:
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    return Coalesce(Subquery(rows.order_by().annotate(n=Func(F("pk"), template=template))
                             .values("n")[:1], output_field=IntegerField()), 0)


def with_contacts_between(plans: QuerySet[LiaisonPlan], first: datetime.date,
                          last: datetime.date) -> QuerySet[LiaisonPlan]:
    """Each plan annotated with ``contacts_in_period``: the contacts and visits that kept it
    from ``first`` to ``last``."""
    counts = [_count(rows.filter(**{f"{field}__gte": first}), distinct=field == "visited_on")
              for rows, field in _keeping_rows(last)]
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return plans.annotate(contacts_in_period=total)


def _last_contact(raw) -> datetime.date | None:
    if isinstance(raw, str):  # SQLite hands back the text of a computed date
        raw = datetime.date.fromisoformat(raw)
    return None if raw == _NEVER else raw


@dataclass(frozen=True)
class PlanStanding:
    plan: LiaisonPlan
    last_contact_on: datetime.date | None
    schedule: Schedule

    @property
    def standing(self) -> Standing:
        return self.schedule.standing

    @property
    def due_on(self) -> datetime.date | None:
        return self.schedule.due_on


def standings(plans: QuerySet[LiaisonPlan], on: datetime.date) -> list[PlanStanding]:
    """Where each plan stands on ``on``, in one statement."""
    rows = []
    for plan in with_last_contact(plans, on):
        last = _last_contact(plan.last_contact_raw)
        rows.append(PlanStanding(plan, last, schedule(
            on=on, starts_on=plan.starts_on, ends_on=plan.ends_on, interval=plan.interval,
            every_days=plan.every_days, last_contact=last)))
    return rows


@dataclass(frozen=True)
class StandingCell:
    """A plan's standing with only what the figures group by: reading thousands of plans as
    model instances would cost far more than the query itself."""

    plan_id: int
    region_id: str
    office_id: int
    staff_id: int
    standing: Standing
    due_on: datetime.date | None
    last_contact_on: datetime.date | None

    @classmethod
    def of(cls, row: PlanStanding) -> StandingCell:
        plan = row.plan
        return cls(plan.pk, plan.region_id, plan.office_id, plan.staff_id, row.standing,
                   row.due_on, row.last_contact_on)


CELL_FIELDS = ("pk", "region_id", "office_id", "staff_id", "interval", "every_days",
               "starts_on", "ends_on", "last_contact_raw")


def standing_cells(plans: QuerySet[LiaisonPlan], on: datetime.date) -> list[StandingCell]:
    """Where each plan stands on ``on``, as plain cells, in one statement."""
    cells = []
    for pk, region_id, office_id, staff_id, interval, every_days, starts_on, ends_on, raw in (
            with_last_contact(plans.order_by(), on).values_list(*CELL_FIELDS)):
        last = _last_contact(raw)
        found = schedule(on=on, starts_on=starts_on, ends_on=ends_on, interval=interval,
                         every_days=every_days, last_contact=last)
        cells.append(StandingCell(pk, region_id, office_id, staff_id, found.standing,
                                  found.due_on, last))
    return cells


def plans_visible(user) -> QuerySet[LiaisonPlan]:
    return visible(user, LiaisonPlan).select_related(
        "staff", "office", "enterprise", "person", "department")


def duties_of(user, on: datetime.date) -> list[PlanStanding]:
    """The user's own plans running on ``on``, the most urgent first."""
    plans = plans_visible(user).filter(staff=user, starts_on__lte=on) \
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    order = {Standing.OVERDUE: 0, Standing.NOT_YET_DUE: 1, Standing.KEPT: 2}
    return sorted(standings(plans, on), key=lambda row: (
        order.get(row.standing, 3), row.due_on or datetime.date.max, row.plan.pk))


def plans_kept_by(contact: Contact) -> QuerySet[LiaisonPlan]:
    """The plans a logged contact keeps: the same member of staff and counterpart, the same
    method (or any), and a period that includes its date."""
    day = contact.contacted_on
    return LiaisonPlan.objects.filter(
        staff_id=contact.staff_id, enterprise_id=contact.enterprise_id,
        person_id=contact.person_id, department_id=contact.department_id,
        method__in=["", contact.method], starts_on__lte=day,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@dataclass(frozen=True)
class HistoryEntry:
    """One contact that kept a plan, logged or made in a visit."""

    day: datetime.date
    method: str
    summary: str
    contact: Contact | None = None
    visit: Visit | None = None

    @property
    def method_label(self) -> str:
        return Method(self.method).label


def plan_history(plan: LiaisonPlan, on: datetime.date, limit: int = 50) -> list[HistoryEntry]:
    """The contacts and visits that kept the plan up to ``on``, newest first."""
    contacts = [HistoryEntry(row.contacted_on, row.method, row.content, contact=row)
                for row in keeping_contacts(on, plan).order_by("-contacted_on", "-pk")[:limit]]
    visits = [HistoryEntry(row.visited_on, VISIT_AS_CONTACT[row.method], row.summary, visit=row)
              for row in keeping_visits(on, plan).select_related("campaign").distinct()
              .order_by("-visited_on", "-pk")[:limit]]
    return sorted(contacts + visits, key=lambda entry: entry.day, reverse=True)[:limit]


# --- what the pages read: lists with their filters, one record, the forms' choices ----------

COUNTERPART_KINDS = ("enterprise", "person", "department")
PLAN_ORDER = ("region_id", "office_id", "staff__full_name", "staff__username", "id")


def _kind_q(kind: str, prefix: str = "") -> Q:
    if kind not in COUNTERPART_KINDS:
        return Q()
    return Q(**{f"{prefix}{kind}__isnull": False})


# --- plans --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanFilter:
    office: Office | None = None
    staff: User | None = None
    standing: str = ""   # a Standing value, or "" for all
    kind: str = ""       # enterprise, person or department
    interval: str = ""


def plan_list(user, criteria: PlanFilter) -> QuerySet[LiaisonPlan]:
    plans = plans_visible(user).filter(_kind_q(criteria.kind))
    if criteria.office is not None:
        plans = plans.filter(office=criteria.office)
    if criteria.staff is not None:
        plans = plans.filter(staff=criteria.staff)
    if criteria.interval:
        plans = plans.filter(interval=criteria.interval)
    return plans.order_by(*PLAN_ORDER)


def plan_rows(user, criteria: PlanFilter, on: datetime.date) -> list[PlanStanding]:
    """Every plan of the filters with where it stands on ``on`` (for the export)."""
    rows = standings(plan_list(user, criteria), on)
    if criteria.standing:
        rows = [row for row in rows if row.standing == criteria.standing]
    return rows


def plan_page(user, criteria: PlanFilter, on: datetime.date, number) -> Page:
    """One page of plans, each as a ``PlanStanding``. Without a standing filter the page is cut
    in the database and only its rows are weighed; a standing is known only once weighed, so
    with one every plan of the other filters is (still one statement)."""
    if criteria.standing:
        return Paginator(plan_rows(user, criteria, on),
                         settings.QINSHANG_PAGE_SIZE).get_page(number)
    plans = plan_list(user, criteria)
    page = Paginator(plans, settings.QINSHANG_PAGE_SIZE).get_page(number)
    ids = [plan.pk for plan in page.object_list]
    page.object_list = standings(plans.filter(pk__in=ids), on) if ids else []
    return page


def plan_detail(user, pk, *, write: bool = False) -> LiaisonPlan:
    return get_for_user(user, LiaisonPlan, pk, write=write, queryset=LiaisonPlan.objects
                        .select_related("staff", "office", "region", "enterprise", "person",
                                        "department", "created_by"))


def plan_standing(plan: LiaisonPlan, on: datetime.date) -> PlanStanding:
    (row,) = standings(LiaisonPlan.objects.filter(pk=plan.pk), on)
    return PlanStanding(plan, row.last_contact_on, row.schedule)


# --- contacts -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    staff: User | None = None
    method: str = ""
    kind: str = ""


def contact_list(user, criteria: ContactFilter) -> QuerySet[Contact]:
    contacts = visible(user, Contact).filter(_kind_q(criteria.kind))
    if criteria.date_from:
        contacts = contacts.filter(contacted_on__gte=criteria.date_from)
    if criteria.date_to:
        contacts = contacts.filter(contacted_on__lte=criteria.date_to)
    if criteria.staff is not None:
        contacts = contacts.filter(staff=criteria.staff)
    if criteria.method:
        contacts = contacts.filter(method=criteria.method)
    return (contacts.select_related("staff", "enterprise", "person", "department")
            .annotate(appeal_count=Count("appeals")).order_by("-contacted_on", "-id"))


def contact_page(user, criteria: ContactFilter, number) -> Page:
    return Paginator(contact_list(user, criteria), settings.QINSHANG_PAGE_SIZE).get_page(number)


def contact_detail(user, pk) -> Contact:
    return get_for_user(user, Contact, pk, queryset=Contact.objects.select_related(
        "staff", "region__parent", "enterprise", "person", "department", "recorded_by"))


def plans_kept_by_visible(user, contact: Contact) -> QuerySet[LiaisonPlan]:
    return (visible(user, LiaisonPlan, plans_kept_by(contact))
            .select_related("office", "staff").order_by("office__region_id", "id"))


def appeals_raised_visible(user, contact: Contact) -> QuerySet[Appeal]:
    return (visible(user, Appeal, contact.appeals.all()).select_related("category")
            .order_by("id"))


# --- what the forms offer -----------------------------------------------------------------------

def offices_in_reach(user, *, write: bool = False) -> QuerySet[Office]:
    """Offices at the divisions the user reads (or writes) for."""
    return (Office.objects.filter(principal_of(user).region_q("region_id", write=write))
            .order_by("region_id"))


def own_office(user) -> Office | None:
    """The office the user works at (the first, should there be several)."""
    membership = (Membership.objects.filter(user=user, active=True, role__in=OFFICE_ROLES)
                  .select_related("office").order_by("office__region_id").first())
    return membership.office if membership is not None else None


def office_staff(user, *, write: bool = False,
                 offices: Sequence[Office] | None = None) -> list[Membership]:
    """The members of the offices in the user's reach (or of ``offices``), by office, each with
    their user and office: one statement."""
    memberships = Membership.objects.filter(active=True, role__in=OFFICE_ROLES,
                                            user__is_active=True)
    if offices is None:
        memberships = memberships.filter(
            principal_of(user).region_q("office__region_id", write=write))
    else:
        memberships = memberships.filter(office__in=offices)
    return list(memberships.select_related("user", "office")
                .order_by("office__region_id", "user__full_name", "user__username", "id"))


def departments_in_reach(user) -> QuerySet[Department]:
    """Departments at the divisions the user reads for: those whose contacts the user's office
    records and sees."""
    return (Department.objects.filter(principal_of(user).region_q("region_id"))
            .order_by("region_id", "sector"))


# --- plans from a rule --------------------------------------------------------------------------

def departments_by_office(offices: Sequence[Office], sectors: Sequence[str]
                          ) -> dict[int, dict[str, Department]]:
    """For each office, the departments of ``sectors`` at the office's own division."""
    found = Department.objects.filter(region_id__in={office.region_id for office in offices},
                                      sector__in=list(sectors))
    at_region: dict[str, dict[str, Department]] = defaultdict(dict)
    for department in found:
        at_region[department.region_id][department.sector] = department
    return {office.pk: at_region.get(office.region_id, {}) for office in offices}


def members_by_office(offices: Sequence[Office], role: str) -> dict[int, list[User]]:
    """The active members with ``role`` of each office, as ``plans_create_by_rule`` finds them."""
    members: dict[int, list[User]] = {office.pk: [] for office in offices}
    for membership in (Membership.objects.filter(office__in=offices, role=role, active=True,
                                                 user__is_active=True)
                       .select_related("user").order_by("user_id")):
        if membership.user not in members[membership.office_id]:
            members[membership.office_id].append(membership.user)
    return members


# --- the home page ------------------------------------------------------------------------------

HOME_DUTIES = 8


@dataclass(frozen=True)
class Duty:
    row: PlanStanding
    may_record: bool


@dataclass(frozen=True)
class HomeDuties:
    """The user's own running plans for "My duties", the most urgent first (at most
    ``HOME_DUTIES`` of them), with how many there are and how many are overdue."""

    duties: list[Duty]
    count: int
    overdue: int

    @property
    def more(self) -> int:
        return self.count - len(self.duties)


def home_duties(user, on: datetime.date) -> HomeDuties | None:
    """None for users who keep no duties here (department liaisons): no query for them."""
    if not principal_of(user).read_ranges:
        return None
    rows = duties_of(user, on)
    shown = [Duty(row, may_record_contact(user, staff=row.plan.staff,
                                          region_code=row.plan.counterpart_region_id))
             for row in rows[:HOME_DUTIES]]
    return HomeDuties(shown, len(rows),
                      sum(1 for row in rows if row.standing == Standing.OVERDUE))
