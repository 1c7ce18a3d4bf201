"""Every write to an appeal (DESIGN.md §4). Each service is one transaction: it locks the appeal,
checks the workflow table and the business rules, moves the deadlines, records one event and
notifies the people who must act next."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place, principal_of
from qinshang.accounts.models import Membership, Role, User
from qinshang.appeals.models import (
    OPEN_STATES,
    UNSATISFIED_UP_TO,
    Appeal,
    Assignment,
    Attachment,
    Category,
    Extension,
    Kind,
    Outcome,
    Priority,
    Rating,
    State,
    TimeLimits,
)
from qinshang.appeals.selectors import departments_for_appeal
from qinshang.appeals.uploads import checked_upload
from qinshang.appeals.workflow import Action, Standing, TransitionRefused, check, standings
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.services import event_record, snapshot
from qinshang.notifications.services import notify
from qinshang.offices.models import Department, Office
from qinshang.text import indexed_text
from qinshang.workdays.calendar import (
    CalendarNotCovered,
    add_working_days,
    add_working_hours,
    working_days_between,
)

APPEAL_FIELDS = ("kind", "channel", "category", "priority", "title", "description",
                 "contact_phone")


# --- deadlines -----------------------------------------------------------------------------------

def _deadline(compute: Callable[[], datetime.datetime]) -> datetime.datetime:
    try:
        return compute()
    except CalendarNotCovered as error:
        raise ValidationError(str(error)) from None


def contact_deadline(office: Office, priority: str, start: datetime.datetime) -> datetime.datetime:
    limits = TimeLimits.of(office)
    if priority == Priority.URGENT:
        return _deadline(lambda: add_working_hours(start, limits.urgent_contact_hours))
    days = (limits.complex_contact_days if priority == Priority.COMPLEX
            else limits.normal_contact_days)
    return _deadline(lambda: add_working_days(start, days))


def answer_deadline(office: Office, priority: str, start: datetime.datetime,
                    days: int | None = None) -> datetime.datetime:
    limits = TimeLimits.of(office)
    if days is None:
        days = {Priority.URGENT: limits.urgent_answer_days,
                Priority.COMPLEX: limits.complex_answer_days}.get(priority,
                                                                   limits.normal_answer_days)
    return _deadline(lambda: add_working_days(start, days))


def _answer_due(appeal: Appeal, days: int | None = None) -> datetime.datetime:
    """The answer deadline for the appeal's priority (or ``days``), counted from registration,
    plus every extension already granted: a new priority must not cancel an extension."""
    due = answer_deadline(appeal.office, appeal.priority, appeal.registered_at, days)
    granted = sum(appeal.extensions.filter(granted=True).values_list("days", flat=True))
    return _deadline(lambda: add_working_days(due, granted)) if granted else due


# --- who is told --------------------------------------------------------------------------------

def office_staff(office: Office) -> list[User]:
    return list(User.objects.filter(
        memberships__office=office, memberships__active=True, is_active=True,
        memberships__role__in=(Role.OFFICER, Role.ADMIN)).distinct())


def department_liaisons(departments: Iterable[Department | int]) -> list[User]:
    ids = [getattr(d, "pk", d) for d in departments]
    return list(User.objects.filter(memberships__department_id__in=ids, memberships__active=True,
                                    memberships__role=Role.DEPARTMENT, is_active=True).distinct())


def handlers_of(appeal: Appeal) -> list[User]:
    """The owning office's staff and the lead department's liaisons."""
    lead = appeal.lead_assignment
    return office_staff(appeal.office) + (department_liaisons([lead.department_id]) if lead
                                          else [])


def _appellants(appeal: Appeal) -> list[User]:
    places = Membership.objects.filter(role=Role.PORTAL, active=True)
    if appeal.enterprise_id:
        linked = places.filter(enterprise_id=appeal.enterprise_id)
    else:
        linked = places.filter(person_id=appeal.person_id)
    users = list(User.objects.filter(pk__in=linked.values("user_id"), is_active=True))
    if appeal.submitted_by_id and appeal.submitted_by not in users:
        users.append(appeal.submitted_by)
    return users


def staff_link(appeal: Appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


def _portal_link(appeal: Appeal) -> str:
    return reverse("portal:appeal", args=[appeal.pk])


def _tell_staff(appeal: Appeal, verb: str, users: Iterable[User], actor, note: str = "") -> None:
    notify(recipients=users, verb=verb, target=appeal, link=staff_link(appeal), note=note,
           actor=actor)


def _tell_appellants(appeal: Appeal, verb: str, actor, note: str = "") -> None:
    notify(recipients=_appellants(appeal), verb=verb, target=appeal, link=_portal_link(appeal),
           note=note, actor=actor)


# --- the common steps ----------------------------------------------------------------------------

def _locked(appeal: Appeal, expected_version: int | None) -> Appeal:
    stored = (Appeal.objects.select_for_update().select_related("office", "category")
              .get(pk=appeal.pk))
    if expected_version is not None and stored.version != expected_version:
        raise StaleEdit
    return stored


def _begin(actor, appeal: Appeal, action: Action, expected_version: int | None) -> Appeal:
    stored = _locked(appeal, expected_version)
    check(action, stored, standings(actor, stored))
    return stored


def _record(actor, appeal: Appeal, verb: str, *, changes: Mapping[str, Any] | None = None,
            note: str = "", at: datetime.datetime | None = None) -> None:
    appeal.version += 1
    appeal.save()
    event_record(actor=actor, verb=verb, target=appeal, region_code=appeal.region_id,
                 changes=changes, note=note, at=at)


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def owning_office(region_code: str) -> Office:
    """The office of the county, else of its city, else of its province."""
    codes = [region_code, region_code[:4] + "00", region_code[:2] + "0000"]
    offices = {office.region_id: office for office in Office.objects.filter(region_id__in=codes)}
    for code in codes:
        if code in offices:
            return offices[code]
    raise ValidationError(_("No office serves this county yet: an administrator must set one "
                            "up before appeals can be registered here."))


# --- intake --------------------------------------------------------------------------------------

@transaction.atomic
def appeal_register(*, actor, data: Mapping[str, Any], enterprise: Enterprise | None = None,
                    person: Person | None = None, files: Sequence = (),
                    at: datetime.datetime | None = None) -> Appeal:
    """Take an appeal in. Staff file it for an enterprise or person in their jurisdiction; a
    portal user only for their own enterprise or themselves."""
    now = _now(at)
    checked = _checked(files)
    if enterprise is None and person is None:
        raise ValidationError(_("Say which enterprise or person the appeal concerns."))
    region_code = enterprise.region_id if enterprise is not None else person.region_id
    principal = principal_of(actor)
    # Filing as the appellant: every party named must be the actor's own.
    own = ((enterprise is None or enterprise.pk in principal.enterprise_ids)
           and (person is None or person.pk in principal.person_ids))
    if not own and not may_place(actor, region_code):
        raise TransitionRefused(_("You may register appeals only for enterprises and persons "
                                  "in your jurisdiction, or for your own."))
    appeal = Appeal(enterprise=enterprise, person=person, region_id=region_code,
                    office=owning_office(region_code), registered_at=now,
                    submitted_by=actor if own else None)
    for name in APPEAL_FIELDS:
        if name in data:
            setattr(appeal, name, data[name])
    if appeal.kind == "emergency":
        appeal.priority = Priority.URGENT
    appeal.contact_due = contact_deadline(appeal.office, appeal.priority, now)
    appeal.answer_due = answer_deadline(appeal.office, appeal.priority, now)
    appeal.search_text = indexed_text(appeal)
    appeal.full_clean()
    appeal.save()
    _attach(actor, appeal, checked, now)
    event_record(actor=actor, verb="appeal.registered", target=appeal,
                 region_code=appeal.region_id,
                 changes={**snapshot(appeal, APPEAL_FIELDS),
                          "attachments": [upload.name for upload in files]}, at=at)
    if own:
        _tell_staff(appeal, "appeal.registered", office_staff(appeal.office), actor)
    return appeal


@dataclass(frozen=True)
class Problem:
    """A problem raised in a visit, a contact or a call, or an opinion in a survey answer, to
    become an appeal of the channel it came through."""

    category: Category
    title: str
    description: str
    kind: str = Kind.OPINION
    priority: str = Priority.NORMAL


def problems_check(problems: Sequence[Problem]) -> None:
    for number, problem in enumerate(problems, start=1):
        if not problem.title.strip():
            raise ValidationError({"problems": _("Problem %(n)d needs a subject.")
                                   % {"n": number}})


def appeals_raise(*, actor, problems: Sequence[Problem], channel: str,
                  enterprise: Enterprise | None = None, person: Person | None = None,
                  at: datetime.datetime | None = None) -> list[Appeal]:
    """Register each problem as an appeal, inside the caller's transaction."""
    return [appeal_register(
        actor=actor, enterprise=enterprise, person=person, at=at,
        data={"kind": problem.kind, "channel": channel, "category": problem.category,
              "priority": problem.priority, "title": problem.title.strip()[:120],
              "description": problem.description.strip() or problem.title.strip()})
        for problem in problems]


def _checked(files: Sequence) -> list[tuple[Any, str, str, int]]:
    """Every upload checked before any is stored: a refused one must not leave the others'
    files on disk (the database rolls back, the storage does not)."""
    return [(upload, *checked_upload(upload)) for upload in files]


def _attach(actor, appeal: Appeal, checked, now: datetime.datetime) -> None:
    for upload, name, extension, size in checked:
        Attachment.objects.create(appeal=appeal, file=upload, name=name, extension=extension,
                                  size=size, uploaded_by=actor, uploaded_at=now)


@transaction.atomic
def appeal_update(*, actor, appeal: Appeal, data: Mapping[str, Any],
                  expected_version: int) -> Appeal:
    stored = _begin(actor, appeal, Action.EDIT, expected_version)
    before = snapshot(stored, APPEAL_FIELDS)
    for name in APPEAL_FIELDS:
        if name in data:
            setattr(stored, name, data[name])
    if stored.kind == "emergency":
        stored.priority = Priority.URGENT
    if stored.priority != before["priority"]:
        stored.contact_due = contact_deadline(stored.office, stored.priority,
                                              stored.registered_at)
        stored.answer_due = _answer_due(stored)
    stored.search_text = indexed_text(stored)
    stored.full_clean()
    after = snapshot(stored, APPEAL_FIELDS)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changes:
        _record(actor, stored, "appeal.updated", changes=changes)
    return stored


@transaction.atomic
def appeal_contact(*, actor, appeal: Appeal, note: str = "",
                   at: datetime.datetime | None = None,
                   expected_version: int | None = None) -> Appeal:
    stored = _begin(actor, appeal, Action.CONTACT, expected_version)
    if stored.first_contact_at is not None:
        raise ValidationError(_("The first contact with the appellant is already recorded."))
    stored.first_contact_at = _now(at)
    _record(actor, stored, "appeal.contacted", note=note, at=at)
    return stored


@transaction.atomic
def appeal_reject(*, actor, appeal: Appeal, reason: str, at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    stored = _begin(actor, appeal, Action.REJECT, expected_version)
    stored.rejection_reason = _required(reason, "reason", _("Give the reason for not accepting "
                                                            "the appeal."))
    stored.state = State.REJECTED
    stored.closed_at = _now(at)
    # Telling the appellant why is a contact: a prompt refusal is a prompt response.
    stored.first_contact_at = stored.first_contact_at or stored.closed_at
    _record(actor, stored, "appeal.rejected", note=stored.rejection_reason, at=at)
    _tell_appellants(stored, "appeal.rejected", actor, note=stored.rejection_reason)
    return stored


# --- one discussion, assignment ------------------------------------------------------------------

@transaction.atomic
def appeal_assess(*, actor, appeal: Appeal, category, priority: str, plan: str,
                  answer_days: int | None = None, at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    """研判: settle the category, the priority, the plan and the time limit. Assessment is a
    conversation with the appellant, so it also counts as the first contact if none is yet."""
    stored = _begin(actor, appeal, Action.ASSESS, expected_version)
    now = _now(at)
    before = snapshot(stored, ("category", "priority", "answer_due"))
    stored.category = category
    stored.priority = priority
    stored.plan = _required(plan, "plan", _("Write down the handling plan."))
    if priority != before["priority"]:
        stored.contact_due = contact_deadline(stored.office, priority, stored.registered_at)
    if answer_days is not None:
        if answer_days < 1:
            raise ValidationError({"answer_days": _("A time limit is at least one working "
                                                    "day.")})
        stored.answer_due = _answer_due(stored, answer_days)
    elif priority != before["priority"] or stored.answer_due is None:
        stored.answer_due = _answer_due(stored)
    stored.assessed_at = now
    stored.first_contact_at = stored.first_contact_at or now
    stored.state = State.ASSESSED
    stored.full_clean()
    after = snapshot(stored, ("category", "priority", "answer_due"))
    _record(actor, stored, "appeal.assessed", note=stored.plan, at=at,
            changes={name: [before[name], after[name]] for name in after
                     if before[name] != after[name]})
    return stored


@transaction.atomic
def appeal_assign(*, actor, appeal: Appeal, lead: Department,
                  co_handlers: Iterable[Department] = (), at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    stored = _begin(actor, appeal, Action.ASSIGN, expected_version)
    now = _now(at)
    co_handlers = list({d.pk: d for d in co_handlers if d.pk != lead.pk}.values())
    reachable = set(departments_for_appeal(stored).values_list("pk", flat=True))
    if any(d.pk not in reachable for d in [lead, *co_handlers]):
        raise ValidationError({"lead": _("Choose departments of the appeal's county, city or "
                                         "province.")})
    stored.assignments.all().delete()
    Assignment.objects.create(appeal=stored, department=lead, lead=True, assigned_at=now)
    for department in co_handlers:
        Assignment.objects.create(appeal=stored, department=department, assigned_at=now)
    stored.state = State.ASSIGNED
    stored.assigned_at = now
    stored.return_due = _deadline(lambda: add_working_days(now, TimeLimits.of(
        stored.office).return_days))
    _record(actor, stored, "appeal.assigned", at=at, changes={
        "lead": str(lead), "co_handlers": [str(d) for d in co_handlers]})
    _tell_staff(stored, "appeal.assigned", department_liaisons([lead, *co_handlers]), actor)
    _tell_appellants(stored, "appeal.assigned", actor)
    return stored


# --- the department's work -----------------------------------------------------------------------

def _own_assignment(actor, appeal: Appeal) -> Assignment:
    departments = principal_of(actor).department_ids
    for assignment in appeal.assignments.all():
        if assignment.department_id in departments:
            return assignment
    raise TransitionRefused(_("This appeal is not assigned to your department."))


@transaction.atomic
def appeal_accept(*, actor, appeal: Appeal, at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    stored = _begin(actor, appeal, Action.ACCEPT, expected_version)
    now = _now(at)
    assignment = _own_assignment(actor, stored)
    if assignment.accepted_at is not None:
        raise ValidationError(_("Your department has already accepted this appeal."))
    assignment.accepted_at = now
    assignment.save(update_fields=["accepted_at"])
    if assignment.lead:
        stored.state = State.IN_PROGRESS
    _record(actor, stored, "appeal.accepted", at=at,
            changes={"department": str(assignment.department)})
    return stored


@transaction.atomic
def appeal_note(*, actor, appeal: Appeal, text: str, at: datetime.datetime | None = None,
                expected_version: int | None = None) -> Appeal:
    """一跟踪: a dated tracking note, seen by staff only."""
    stored = _begin(actor, appeal, Action.NOTE, expected_version)
    _record(actor, stored, "appeal.noted", at=at,
            note=_required(text, "text", _("Write the tracking note.")))
    return stored


@transaction.atomic
def appeal_answer(*, actor, appeal: Appeal, outcome: str, reply: str,
                  at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    """一落实: the outcome and the reply the appellant reads."""
    stored = _begin(actor, appeal, Action.ANSWER, expected_version)
    now = _now(at)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    stored.reply = _required(reply, "reply", _("Write the reply to the appellant."))
    stored.outcome = outcome
    stored.answered_at = now
    stored.answered_on_time = stored.answer_due is None or now <= stored.answer_due
    stored.handling_days = _deadline(lambda: working_days_between(stored.registered_at, now))
    stored.state = State.ANSWERED
    stored.first_contact_at = stored.first_contact_at or now
    _withdraw_extensions(stored, now, _("Withdrawn: the appeal was answered."))
    _record(actor, stored, "appeal.answered", at=at, note=stored.reply,
            changes={"outcome": outcome})
    _tell_staff(stored, "appeal.answered", office_staff(stored.office), actor)
    _tell_appellants(stored, "appeal.answered", actor)
    return stored


@transaction.atomic
def appeal_request_extension(*, actor, appeal: Appeal, days: int, reason: str,
                             at: datetime.datetime | None = None,
                             expected_version: int | None = None) -> Extension:
    stored = _begin(actor, appeal, Action.REQUEST_EXTENSION, expected_version)
    now = _now(at)
    if stored.answer_due is not None and now > stored.answer_due:
        raise ValidationError(_("The deadline has passed: an extension must be asked for "
                                "before it."))
    if stored.extensions.filter(granted__isnull=True).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    if not 1 <= int(days) <= 60:
        raise ValidationError({"days": _("Ask for between 1 and 60 working days.")})
    extension = Extension.objects.create(
        appeal=stored, requested_by=actor, requested_at=now, days=days,
        reason=_required(reason, "reason", _("Give the reason for the extension.")))
    _record(actor, stored, "appeal.extension_requested", at=at, note=extension.reason,
            changes={"days": days})
    _tell_staff(stored, "appeal.extension_requested", office_staff(stored.office), actor)
    return extension


@transaction.atomic
def appeal_decide_extension(*, actor, appeal: Appeal, grant: bool, note: str = "",
                            at: datetime.datetime | None = None,
                            expected_version: int | None = None) -> Appeal:
    stored = _begin(actor, appeal, Action.DECIDE_EXTENSION, expected_version)
    now = _now(at)
    extension = stored.extensions.filter(granted__isnull=True).first()
    if extension is None:
        raise ValidationError(_("No extension request is waiting for a decision."))
    extension.granted = grant
    extension.decided_by = actor
    extension.decided_at = now
    extension.decision_note = note
    extension.save()
    changes: dict[str, Any] = {"granted": grant, "days": extension.days}
    if grant:
        before = stored.answer_due
        stored.answer_due = _deadline(lambda: add_working_days(before or now, extension.days))
        stored.extension_count += 1
        stored.overdue_at = None  # the tick may mark it again against the new deadline
        changes["answer_due"] = [before, stored.answer_due]
    _record(actor, stored, "appeal.extended" if grant else "appeal.extension_refused", at=at,
            note=note, changes=changes)
    _tell_staff(stored, "appeal.extended" if grant else "appeal.extension_refused",
                [extension.requested_by], actor)
    return stored


@transaction.atomic
def appeal_return(*, actor, appeal: Appeal, reason: str, at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    """A wrong assignment goes back to the office for a new assessment, within the limit."""
    stored = _begin(actor, appeal, Action.RETURN, expected_version)
    now = _now(at)
    if stored.return_due is not None and now > stored.return_due:
        raise ValidationError(_("The time to return this assignment has passed: handle it, or "
                                "ask the office to reassign it."))
    reason = _required(reason, "reason", _("Give the reason for returning the assignment."))
    department = str(_own_assignment(actor, stored).department)
    _withdraw_extensions(stored, now, _("Withdrawn: the assignment was returned."))
    stored.assignments.all().delete()
    stored.state = State.ASSESSED
    stored.assigned_at = stored.return_due = None
    stored.return_count += 1
    _record(actor, stored, "appeal.returned", at=at, note=reason,
            changes={"department": department})
    _tell_staff(stored, "appeal.returned", office_staff(stored.office), actor, note=reason)
    return stored


def _withdraw_extensions(appeal: Appeal, now: datetime.datetime, note: str) -> None:
    """A request still waiting when the appeal leaves the department is moot."""
    appeal.extensions.filter(granted__isnull=True).update(granted=False, decided_at=now,
                                                          decision_note=note)


# --- the appellant's side --------------------------------------------------------------------

@transaction.atomic
def appeal_rate(*, actor, appeal: Appeal, rating: int, comment: str = "",
                at: datetime.datetime | None = None,
                expected_version: int | None = None) -> Appeal:
    """回访: the appellant's GB/T 39734 rating, given in the portal or taken by phone."""
    stored = _begin(actor, appeal, Action.RATE, expected_version)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose one of the five levels.")})
    stored.rating = rating
    stored.rating_comment = comment.strip()
    stored.rated_at = _now(at)
    stored.state = State.RATED
    _record(actor, stored, "appeal.rated", at=at, note=stored.rating_comment,
            changes={"rating": rating})
    _tell_staff(stored, "appeal.rated", office_staff(stored.office), actor)
    return stored


@transaction.atomic
def appeal_reopen(*, actor, appeal: Appeal, reason: str, at: datetime.datetime | None = None,
                  expected_version: int | None = None) -> Appeal:
    """重办: an unsatisfied rating sends the appeal back to the departments, a limited number
    of times."""
    stored = _begin(actor, appeal, Action.REOPEN, expected_version)
    now = _now(at)
    if stored.rating is None or stored.rating > UNSATISFIED_UP_TO:
        raise ValidationError(_("Only an outcome rated below “satisfied” can be handled "
                                "again."))
    limit = TimeLimits.of(stored.office).reopen_limit
    if stored.reopen_count >= limit:
        raise ValidationError(_("This appeal has already been handled again as many times as "
                                "allowed (%(limit)s).") % {"limit": limit})
    reason = _required(reason, "reason", _("Say what is still not resolved."))
    previous = {"rating": stored.rating, "outcome": stored.outcome}
    stored.state = State.IN_PROGRESS
    stored.reopen_count += 1
    stored.rating = stored.rated_at = stored.answered_at = None
    stored.answered_on_time = stored.handling_days = None
    stored.outcome = ""
    stored.rating_comment = ""
    stored.answer_due = answer_deadline(stored.office, stored.priority, now)
    stored.overdue_at = None  # a new round: the tick may mark it again against the new limit
    _record(actor, stored, "appeal.reopened", at=at, note=reason, changes=previous)
    _tell_staff(stored, "appeal.reopened", handlers_of(stored), actor, note=reason)
    return stored


@transaction.atomic
def appeal_comment(*, actor, appeal: Appeal, text: str, files: Sequence = (),
                   at: datetime.datetime | None = None,
                   expected_version: int | None = None) -> Appeal:
    """The appellant adds information (补充说明) while the appeal is open."""
    stored = _begin(actor, appeal, Action.COMMENT, expected_version)
    now = _now(at)
    text = _required(text, "text", _("Write what you want to add."))
    _attach(actor, stored, _checked(files), now)
    _record(actor, stored, "appeal.commented", at=at, note=text,
            changes={"attachments": [upload.name for upload in files]} if files else None)
    _tell_staff(stored, "appeal.commented", office_staff(stored.office), actor)
    return stored


@transaction.atomic
def appeal_close(*, actor, appeal: Appeal, at: datetime.datetime | None = None,
                 expected_version: int | None = None) -> Appeal:
    stored = _begin(actor, appeal, Action.CLOSE, expected_version)
    stored.state = State.CLOSED
    stored.closed_at = _now(at)
    _record(actor, stored, "appeal.closed", at=at)
    _tell_appellants(stored, "appeal.closed", actor)
    return stored


# --- supervision and duplicates ------------------------------------------------------------------

@transaction.atomic
def appeal_supervise(*, actor, appeal: Appeal, reason: str,
                     at: datetime.datetime | None = None,
                     expected_version: int | None = None) -> Appeal:
    """督办 by a higher office."""
    stored = _begin(actor, appeal, Action.SUPERVISE, expected_version)
    if stored.supervised:
        raise ValidationError(_("This appeal is already under supervision."))
    office = _supervising_office(actor, stored)
    supervise_flag(stored, office, _now(at))
    _record(actor, stored, "appeal.supervised", at=at,
            note=_required(reason, "reason", _("Say why the appeal is being supervised.")),
            changes={"office": str(office)})
    _tell_supervision(stored, actor)
    return stored


def _supervising_office(actor, appeal: Appeal) -> Office:
    owner = appeal.office.region_id
    codes = [low for low, high in principal_of(actor).read_ranges
             if low != owner and low <= owner <= high]
    return Office.objects.filter(region_id__in=codes).order_by("-region_id").first()


def supervise_flag(appeal: Appeal, office: Office | None, now: datetime.datetime) -> None:
    appeal.supervised = True
    appeal.supervised_by = office
    appeal.supervised_at = now


def _tell_supervision(appeal: Appeal, actor) -> None:
    users = handlers_of(appeal)
    if appeal.supervised_by is not None:
        users += office_staff(appeal.supervised_by)
    _tell_staff(appeal, "appeal.supervised", users, actor)


def office_above(office: Office) -> Office | None:
    """The city office above a county's, the province office above a city's."""
    code = office.region_id
    if code.endswith("0000"):
        return None
    parent = code[:2] + "0000" if code.endswith("00") else code[:4] + "00"
    above = Office.objects.filter(region_id=parent).first()
    if above is None and not parent.endswith("0000"):
        above = Office.objects.filter(region_id=code[:2] + "0000").first()
    return above


@transaction.atomic
def appeal_merge(*, actor, duplicate: Appeal, original: Appeal,
                 at: datetime.datetime | None = None,
                 expected_version: int | None = None) -> Appeal:
    """A duplicate joins the original: both texts stay readable, and the original's page shows
    the duplicate's timeline with its own."""
    stored = _begin(actor, duplicate, Action.MERGE, expected_version)
    target = _locked(original, None)
    if target.pk == stored.pk:
        raise ValidationError(_("An appeal cannot be merged into itself."))
    same_party = (stored.enterprise_id == target.enterprise_id
                  if stored.enterprise_id else stored.person_id == target.person_id)
    if not same_party or target.state not in OPEN_STATES:
        raise ValidationError(_("Only an open appeal of the same enterprise or person can take "
                                "in a duplicate."))
    if not standings(actor, target) & {Standing.OFFICE}:
        raise TransitionRefused(_("Your role does not allow merging into that appeal."))
    stored.state = State.MERGED
    stored.merged_into = target
    stored.closed_at = _now(at)
    _withdraw_extensions(stored, stored.closed_at, _("Withdrawn: the appeal was merged."))
    _record(actor, stored, "appeal.merged", at=at, changes={"into": target.reference})
    _record(actor, target, "appeal.merged_in", at=at, note=stored.description,
            changes={"duplicate": stored.reference})
    return stored

