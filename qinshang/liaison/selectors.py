"""Reading liaison plans and contacts, always through the user's jurisdiction.

A plan is kept by the contacts logged for it and by the visits its member of staff made to its
enterprise (or in which its person was met), so a contact made during a campaign's visit is never
entered twice. Which rows keep a plan is decided here, once: ``keeping_contacts`` and
``keeping_visits`` from the plan's side, ``plans_kept_by`` from the contact's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
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

from qinshang.access import visible
from qinshang.campaigns.models import Visit, VisitMethod
from qinshang.liaison.intervals import Schedule, Standing, schedule
from qinshang.liaison.models import Contact, LiaisonPlan, Method

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


def keeping_contacts(on: datetime.date, plan: LiaisonPlan | None = None) -> QuerySet[Contact]:
    """Logged contacts up to ``on`` that keep the plan (the outer plan when none is given):
    the same member of staff and counterpart, the same method or any, within its period."""
    ref = _PlanRef(plan)
    return Contact.objects.filter(
        Q(staff=ref("staff")),
        Q(enterprise=ref("enterprise")) | Q(person=ref("person"))
        | Q(department=ref("department")),
        _same_method("method", ref), _within_period("contacted_on", ref),
        contacted_on__lte=on)


def keeping_visits(on: datetime.date, plan: LiaisonPlan | None = None) -> QuerySet[Visit]:
    """Visits up to ``on`` that keep the plan: its member of staff visited its enterprise, or
    met its person, in a way the plan accepts, within its period."""
    ref = _PlanRef(plan)
    return Visit.objects.filter(
        Q(staff=ref("staff")),
        Q(enterprise=ref("enterprise")) | Q(persons_met=ref("person")),
        _same_method("method", ref, VISIT_AS_CONTACT), _within_period("visited_on", ref),
        visited_on__lte=on)


def _latest(rows: QuerySet, field: str) -> Subquery:
    return Subquery(rows.order_by(f"-{field}").values(field)[:1], output_field=DateField())


def with_last_contact(plans: QuerySet[LiaisonPlan], on: datetime.date) -> QuerySet[LiaisonPlan]:
    """Each plan annotated with its latest keeping contact or visit up to ``on``."""
    logged = Coalesce(_latest(keeping_contacts(on), "contacted_on"), Value(_NEVER))
    visited = Coalesce(_latest(keeping_visits(on), "visited_on"), Value(_NEVER))
    return plans.annotate(last_contact_raw=Greatest(logged, visited, output_field=DateField()))


def _count(rows: QuerySet, distinct: bool = False) -> Subquery:
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    return Subquery(rows.order_by().annotate(n=Func(F("pk"), template=template))
                    .values("n")[:1], output_field=IntegerField())


def with_contacts_between(plans: QuerySet[LiaisonPlan], first: datetime.date,
                          last: datetime.date) -> QuerySet[LiaisonPlan]:
    """Each plan annotated with ``contacts_in_period``: the contacts and visits that kept it
    from ``first`` to ``last``."""
    logged = _count(keeping_contacts(last).filter(contacted_on__gte=first))
    visited = _count(keeping_visits(last).filter(visited_on__gte=first), distinct=True)
    return plans.annotate(contacts_in_period=Coalesce(logged, 0) + Coalesce(visited, 0))


def _last_contact(plan: LiaisonPlan) -> datetime.date | None:
    raw = plan.last_contact_raw
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
        last = _last_contact(plan)
        rows.append(PlanStanding(plan, last, schedule(
            on=on, starts_on=plan.starts_on, ends_on=plan.ends_on, interval=plan.interval,
            every_days=plan.every_days, last_contact=last)))
    return rows


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
