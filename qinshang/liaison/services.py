"""Every write of the liaison system: plans (one at a time or in bulk from a rule), their end,
and contacts, which may raise appeals (channel liaison) in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place, principal_of
from qinshang.accounts.models import OFFICE_ROLES, Membership, Role, User
from qinshang.appeals.models import Channel
from qinshang.appeals.services import Problem, appeals_raise, problems_check
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.services import event_record, snapshot, timeline_key
from qinshang.liaison.models import Contact, Interval, LiaisonPlan, Method
from qinshang.offices.models import Department, Office
from qinshang.text import indexed_text

PLAN_FIELDS = ("interval", "every_days", "method", "purpose", "starts_on", "ends_on")
CONTACT_FIELDS = ("contacted_on", "method", "content", "outcome")


@dataclass(frozen=True)
class CounterpartChoice:
    """Whom a plan or contact is with: exactly one of the three."""

    enterprise: Enterprise | None = None
    person: Person | None = None
    department: Department | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.enterprise, self.person, self.department)) != 1:
            raise ValidationError(_("Name one counterpart: an enterprise, a person or a "
                                    "department."))

    @property
    def region_id(self) -> str:
        return (self.enterprise or self.person or self.department).region_id

    def fields(self) -> dict[str, Any]:
        return {"enterprise": self.enterprise, "person": self.person,
                "department": self.department}


@dataclass(frozen=True)
class PlanRule:
    """A rule that makes many plans at once, e.g. "each leader of the city offices with two
    departments, quarterly": every member with ``role`` of each office gets one plan with each
    counterpart given for that office (``counterparts[office.pk]``)."""

    offices: Sequence[Office]
    role: str
    counterparts: Mapping[int, Sequence[CounterpartChoice]]
    data: Mapping[str, Any]


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _today(at: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(_now(at))


def _check_office_writer(actor, office: Office) -> None:
    if not may_place(actor, office.region_id):
        raise TransitionRefused(_("You may set liaison plans only for offices in your "
                                  "jurisdiction."))


def _check_member(office: Office, staff: User) -> None:
    if not Membership.objects.filter(user=staff, office=office, active=True,
                                     role__in=OFFICE_ROLES).exists():
        raise ValidationError({"staff": _("%(name)s is not a member of %(office)s.")
                               % {"name": staff, "office": office}})


def _new_plan(*, actor, office: Office, staff: User, counterpart: CounterpartChoice,
              data: Mapping[str, Any], at: datetime.datetime | None) -> LiaisonPlan:
    plan = LiaisonPlan(office=office, region_id=office.region_id, staff=staff,
                       created_by=actor, created_at=_now(at), **counterpart.fields())
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    plan.full_clean(exclude=["office", "region", "staff", "created_by", *counterpart.fields()])
    return plan


def _record_plan(actor, plan: LiaisonPlan, at: datetime.datetime | None) -> None:
    event_record(actor=actor, verb="liaison.plan_created", target=plan,
                 region_code=plan.region_id,
                 changes={**snapshot(plan, PLAN_FIELDS), "who": str(plan.staff),
                          "counterpart": str(plan.counterpart)}, at=at)


@transaction.atomic
def plan_create(*, actor, office: Office, staff: User, counterpart: CounterpartChoice,
                data: Mapping[str, Any], at: datetime.datetime | None = None) -> LiaisonPlan:
    _check_office_writer(actor, office)
    _check_member(office, staff)
    plan = _new_plan(actor=actor, office=office, staff=staff, counterpart=counterpart,
                     data=data, at=at)
    plan.save()
    _record_plan(actor, plan, at)
    return plan


@transaction.atomic
def plans_create_by_rule(*, actor, rule: PlanRule,
                         at: datetime.datetime | None = None) -> list[LiaisonPlan]:
    """One plan per member and counterpart, each a row of its own. Every plan is checked
    before any is written; an office with nobody of the role, or no counterpart, is refused."""
    plans: list[LiaisonPlan] = []
    if not rule.offices:
        raise ValidationError(_("Choose at least one office."))
    for office in rule.offices:
        _check_office_writer(actor, office)
        members = list(User.objects.filter(
            memberships__office=office, memberships__role=rule.role, memberships__active=True,
            is_active=True).distinct().order_by("pk"))
        counterparts = rule.counterparts.get(office.pk, ())
        if not members:
            raise ValidationError(_("%(office)s has no %(role)s.") % {
                "office": office, "role": Role(rule.role).label.lower()})
        if not counterparts:
            raise ValidationError(_("Name the counterparts for %(office)s.") % {"office": office})
        plans.extend(_new_plan(actor=actor, office=office, staff=member, counterpart=counterpart,
                               data=rule.data, at=at)
                     for member in members for counterpart in counterparts)
    LiaisonPlan.objects.bulk_create(plans)
    for plan in plans:
        _record_plan(actor, plan, at)
    return plans


@transaction.atomic
def plan_update(*, actor, plan: LiaisonPlan, data: Mapping[str, Any],
                expected_version: int | None = None,
                at: datetime.datetime | None = None) -> LiaisonPlan:
    _check_office_writer(actor, plan.office)
    LiaisonPlan.objects.select_for_update().filter(pk=plan.pk).values_list("pk").get()
    plan.refresh_from_db()
    if expected_version is not None and plan.version != expected_version:
        raise StaleEdit(_("Someone else changed this plan after you opened it. Reload the page "
                          "to see their change, then make yours again."))
    before = snapshot(plan, PLAN_FIELDS)
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    plan.full_clean(exclude=["office", "region", "staff", "created_by", "enterprise", "person",
                             "department"])
    after = snapshot(plan, PLAN_FIELDS)
    changed = {name: [before[name], after[name]] for name in PLAN_FIELDS
               if before[name] != after[name]}
    if not changed:
        return plan
    plan.version += 1
    plan.overdue_notice_for = None
    plan.save()
    event_record(actor=actor, verb="liaison.plan_updated", target=plan,
                 region_code=plan.region_id, changes=changed, at=at)
    return plan


def may_record_contact(actor, *, staff: User, region_code: str) -> bool:
    """Officers record contacts where they may write; anyone on duty (a leader too) records
    their own contacts with counterparts they can see."""
    if may_place(actor, region_code):
        return True
    return staff.pk == actor.pk and principal_of(actor).covers(region_code)


@transaction.atomic
def contact_record(*, actor, staff: User, counterpart: CounterpartChoice,
                   data: Mapping[str, Any], problems: Sequence[Problem] = (),
                   at: datetime.datetime | None = None) -> Contact:
    """Record a contact; each problem raised becomes an appeal (channel liaison) of the
    enterprise or person contacted. Nothing is written unless all of it is valid."""
    region_code = counterpart.region_id
    if not may_record_contact(actor, staff=staff, region_code=region_code):
        raise TransitionRefused(_("You may record contacts only within your jurisdiction, or "
                                  "your own."))
    contact = Contact(staff=staff, region_id=region_code, recorded_by=actor,
                      recorded_at=_now(at), **counterpart.fields())
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name])
    contact.full_clean(exclude=["staff", "region", "recorded_by", "enterprise", "person",
                                "department"])
    if contact.contacted_on > _today(at):
        raise ValidationError({"contacted_on": _("A contact cannot be dated in the future.")})
    problems_check(problems)
    if problems and counterpart.department is not None:
        raise ValidationError({"problems": _(
            "Appeals are raised for an enterprise or a person; record the department's "
            "contact without problems, or record them with the enterprise concerned.")})
    contact.search_text = indexed_text(contact)
    contact.save()
    appeals = appeals_raise(actor=actor, problems=problems, channel=Channel.LIAISON,
                            enterprise=counterpart.enterprise, person=counterpart.person, at=at)
    contact.appeals.set(appeals)
    timeline = timeline_key(counterpart.enterprise) if counterpart.enterprise else ""
    event_record(actor=actor, verb="liaison.contacted", target=contact, timeline=timeline,
                 region_code=region_code,
                 changes={**snapshot(contact, CONTACT_FIELDS), "who": str(staff),
                          "counterpart": str(counterpart.enterprise or counterpart.person
                                             or counterpart.department),
                          "appeals": [appeal.reference for appeal in appeals]}, at=at)
    return contact


__all__ = ["CounterpartChoice", "Interval", "Method", "PlanRule", "Problem", "StaleEdit",
           "contact_record", "may_record_contact", "plan_create", "plan_update",
           "plans_create_by_rule"]
