"""Appeals (诉求): the inbox with its filters, one appeal with its state, deadlines, assignments
and the actions its viewer may take, and intake. The workflow's actions are in
``appeal_actions``. Staff only, like the pages: a department liaison reads what was routed to
its department."""

# No "from __future__ import annotations": ninja reads the parameters' types from the
# annotations, and behind the access decorators it would resolve their names in the wrong module.

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from qinshang.access import get_for_user, staff_required
from qinshang.api.errors import COMMON_ERRORS, WRITE_ERRORS, errors, form_errors, invalid_input
from qinshang.api.pagination import Page, PageQuery, paginate
from qinshang.api.schemas import Day, Ref, RegionRef, checked, form_data, ref, region_ref
from qinshang.appeals import selectors, services
from qinshang.appeals.forms import AppealFilterForm, AppealRegisterForm
from qinshang.appeals.models import Appeal
from qinshang.appeals.views import ACTION_ORDER
from qinshang.enterprises.models import Enterprise, Person

router = Router(tags=["appeals"])


def action_path(slug: str) -> str:
    """The workflow's action slug as the API spells it in a path (request_extension →
    request-extension)."""
    return slug.replace("_", "-")


class AppealQuery(PageQuery):
    q: str | None = None
    state: str | None = None
    category: str | None = None
    kind: str | None = None
    priority: str | None = None
    channel: str | None = None
    region: str | None = None
    department: int | None = None
    registered_from: Day | None = None
    registered_to: Day | None = None
    overdue: bool | None = None
    supervised: bool | None = None


class AppealRow(Schema):
    id: int
    reference: str
    kind: str
    channel: str
    category: str
    category_label: str
    priority: str
    title: str
    state: str
    region: RegionRef
    enterprise: Ref | None
    person: Ref | None
    registered_at: datetime.datetime
    contact_due: datetime.datetime
    answer_due: datetime.datetime | None
    overdue: bool
    supervised: bool
    version: int


class AssignmentOut(Schema):
    department: Ref
    lead: bool
    assigned_at: datetime.datetime
    accepted_at: datetime.datetime | None


class ExtensionOut(Schema):
    days: int
    reason: str
    requested_at: datetime.datetime
    granted: bool | None
    decided_at: datetime.datetime | None
    decision_note: str


class AppealDetail(AppealRow):
    description: str
    contact_phone: str
    office: Ref
    plan: str
    first_contact_at: datetime.datetime | None
    assessed_at: datetime.datetime | None
    assigned_at: datetime.datetime | None
    return_due: datetime.datetime | None
    answered_at: datetime.datetime | None
    answered_on_time: bool | None
    handling_days: int | None
    outcome: str
    reply: str
    rating: int | None
    rating_comment: str
    rated_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    rejection_reason: str
    supervised_by: Ref | None
    supervised_at: datetime.datetime | None
    merged_into: int | None
    assignments: list[AssignmentOut]
    extensions: list[ExtensionOut]
    actions: list[str]


def appeal_row(appeal: Appeal, now: datetime.datetime | None = None) -> dict:
    return {
        "id": appeal.pk, "reference": appeal.reference, "kind": appeal.kind,
        "channel": appeal.channel, "category": appeal.category.code,
        "category_label": appeal.category.label, "priority": appeal.priority,
        "title": appeal.title, "state": appeal.state, "region": region_ref(appeal.region),
        "enterprise": ref(appeal.enterprise), "person": ref(appeal.person),
        "registered_at": appeal.registered_at, "contact_due": appeal.contact_due,
        "answer_due": appeal.answer_due, "overdue": appeal.is_overdue(now),
        "supervised": appeal.supervised, "version": appeal.version,
    }


def appeal_detail_of(user, appeal: Appeal) -> dict:
    now = timezone.now()
    view = selectors.appeal_view(user, appeal)
    return {
        **appeal_row(appeal, now), "description": appeal.description,
        "contact_phone": appeal.contact_phone, "office": ref(appeal.office), "plan": appeal.plan,
        "first_contact_at": appeal.first_contact_at, "assessed_at": appeal.assessed_at,
        "assigned_at": appeal.assigned_at, "return_due": appeal.return_due,
        "answered_at": appeal.answered_at, "answered_on_time": appeal.answered_on_time,
        "handling_days": appeal.handling_days, "outcome": appeal.outcome, "reply": appeal.reply,
        "rating": appeal.rating, "rating_comment": appeal.rating_comment,
        "rated_at": appeal.rated_at, "closed_at": appeal.closed_at,
        "rejection_reason": appeal.rejection_reason, "supervised_by": ref(appeal.supervised_by),
        "supervised_at": appeal.supervised_at, "merged_into": appeal.merged_into_id,
        "assignments": [{"department": ref(a.department, a.department.name), "lead": a.lead,
                         "assigned_at": a.assigned_at, "accepted_at": a.accepted_at}
                        for a in appeal.assignments.all()],
        "extensions": [{"days": e.days, "reason": e.reason, "requested_at": e.requested_at,
                        "granted": e.granted, "decided_at": e.decided_at,
                        "decision_note": e.decision_note} for e in appeal.extensions.all()],
        "actions": [action_path(slug) for slug in ACTION_ORDER
                    if view.worth_offering(slug, now)],
    }


@router.get("/appeals", response={200: Page[AppealRow], **errors(*COMMON_ERRORS)},
            summary="Appeals in reach, with the inbox's filters")
@staff_required
def appeal_list(request: HttpRequest, query: Query[AppealQuery]):
    """`category` is a category's code, `region` a division code in reach, `department` a
    department's id (offices only), dates are days of registration (both inclusive); `q`
    matches the subject and the description in either script."""
    form = AppealFilterForm(form_data(query), user=request.user)
    form.fields["category"].to_field_name = "code"
    criteria = checked(form).criteria()
    now = timezone.now()
    return paginate(selectors.appeal_list(request.user, criteria), query,
                    lambda appeal: appeal_row(appeal, now))


@router.get("/appeals/{appeal_id}", response={200: AppealDetail, **errors(*COMMON_ERRORS)},
            summary="One appeal: state, deadlines, assignments, and the viewer's next actions")
@staff_required
def appeal_detail(request: HttpRequest, appeal_id: int):
    return appeal_detail_of(request.user, selectors.appeal_detail(request.user, appeal_id))


# --- intake -------------------------------------------------------------------------------------

class AppealRegisterIn(Schema):
    enterprise_id: int | None = None
    person_id: int | None = None
    kind: str
    channel: str
    category: str
    priority: str = "normal"
    title: str
    description: str
    contact_phone: str = ""


@router.post("/appeals", response={201: AppealDetail, **errors(*WRITE_ERRORS)},
             summary="Register an appeal for an enterprise or a person in reach")
@staff_required
def appeal_register(request: HttpRequest, payload: AppealRegisterIn):
    """Exactly one of `enterprise_id` and `person_id`. `category` is a category's code;
    `channel` one the staff record (not `portal` or `api`)."""
    enterprise, person = _party(request.user, payload)
    form = AppealRegisterForm(payload.model_dump(exclude={"enterprise_id", "person_id"}))
    form.fields["category"].to_field_name = "code"
    if not form.is_valid():
        raise invalid_input(form_errors(form))
    appeal = services.appeal_register(actor=request.user, data=form.cleaned_data,
                                      enterprise=enterprise, person=person)
    return Status(201, appeal_detail_of(request.user,
                                        selectors.appeal_detail(request.user, appeal.pk)))


def _party(user, payload: AppealRegisterIn) -> tuple[Enterprise | None, Person | None]:
    if (payload.enterprise_id is None) == (payload.person_id is None):
        raise invalid_input([("enterprise_id", _(
            "Give either the enterprise's id or the person's id (one of them)."))])
    if payload.enterprise_id is not None:
        return get_for_user(user, Enterprise, payload.enterprise_id, write=True), None
    return None, get_for_user(user, Person, payload.person_id, write=True)
