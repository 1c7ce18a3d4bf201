"""The offices' own records: visits (走访), liaison contacts (联系记录), signed projects (签约项目)
and policies (政策). Each list takes the filters of its page; like the pages, these are for office
staff: department liaisons and portal users get 404."""

# No "from __future__ import annotations": ninja reads the parameters' types from the
# annotations, and behind the access decorators it would resolve their names in the wrong module.

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from qinshang.access import office_staff_required
from qinshang.api import selectors as api_selectors
from qinshang.api.errors import COMMON_ERRORS, errors
from qinshang.api.forms import VisitFilterForm
from qinshang.api.pagination import Page, PageQuery, paginate
from qinshang.api.schemas import Day, Ref, RegionRef, amount, checked, form_data, ref, region_ref
from qinshang.campaigns import selectors as campaign_selectors
from qinshang.campaigns.forms import VisitFilterForm as CampaignVisitFilterForm
from qinshang.liaison import selectors as liaison_selectors
from qinshang.liaison.forms import ContactFilterForm
from qinshang.policies import selectors as policy_selectors
from qinshang.policies.forms import PolicyFilterForm
from qinshang.projects import selectors as project_selectors
from qinshang.projects.forms import ProjectFilterForm

router = Router(tags=["records"])


# --- visits -------------------------------------------------------------------------------------

class VisitQuery(PageQuery):
    campaign: int | None = None
    region: str | None = None
    enterprise: int | None = None
    team: int | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    method: str | None = None


class VisitRow(Schema):
    id: int
    visited_on: datetime.date
    enterprise: Ref
    region: RegionRef
    campaign: Ref | None
    team: Ref | None
    method: str
    staff: list[Ref]
    people_met: int
    persons_met: list[Ref]
    summary: str
    appeals_raised: int


def visit_row(visit) -> dict:
    return {"id": visit.pk, "visited_on": visit.visited_on, "enterprise": ref(visit.enterprise),
            "region": region_ref(visit.region), "campaign": ref(visit.campaign),
            "team": ref(visit.team), "method": visit.method,
            "staff": [ref(user) for user in visit.staff.all()], "people_met": visit.people_met,
            "persons_met": [ref(person) for person in visit.persons_met.all()],
            "summary": visit.summary, "appeals_raised": visit.appeals_raised}


@router.get("/visits", response={200: Page[VisitRow], **errors(*COMMON_ERRORS)},
            summary="Visits in reach")
@office_staff_required
def visit_list(request: HttpRequest, query: Query[VisitQuery]):
    """With `campaign` (a campaign's id), the campaign's visit list and its filters (`team`
    among them); without, every visit in reach (`enterprise` by id, no `team`)."""
    if query.campaign is None:
        form = checked(VisitFilterForm(form_data(query, exclude=("page", "page_size",
                                                                  "campaign")),
                                       user=request.user))
        visits = api_selectors.visit_list(request.user, form.criteria())
    else:
        campaign = campaign_selectors.campaign_of(request.user, query.campaign)
        form = checked(CampaignVisitFilterForm(
            form_data(query, exclude=("page", "page_size", "campaign")), user=request.user,
            campaign=campaign))
        visits = api_selectors.with_visit_details(
            campaign_selectors.campaign_visits(request.user, campaign, form.criteria()))
    return paginate(visits, query, visit_row)


@router.get("/visits/{visit_id}", response={200: VisitRow, **errors(*COMMON_ERRORS)})
@office_staff_required
def visit_detail(request: HttpRequest, visit_id: int):
    visit = campaign_selectors.visit_detail(request.user, visit_id)
    visit.appeals_raised = len(visit.raised_appeals.all())
    return visit_row(visit)


# --- liaison contacts ---------------------------------------------------------------------------

class ContactQuery(PageQuery):
    date_from: Day | None = None
    date_to: Day | None = None
    staff: int | None = None
    method: str | None = None
    kind: str | None = None


class ContactRow(Schema):
    id: int
    contacted_on: datetime.date
    staff: Ref
    method: str
    counterpart_kind: str
    enterprise: Ref | None
    person: Ref | None
    department: Ref | None
    region: RegionRef
    content: str
    outcome: str


class ContactDetail(ContactRow):
    appeals: list[Ref]


def contact_row(contact) -> dict:
    department = contact.department
    return {"id": contact.pk, "contacted_on": contact.contacted_on, "staff": ref(contact.staff),
            "method": contact.method, "counterpart_kind": contact.counterpart_kind,
            "enterprise": ref(contact.enterprise), "person": ref(contact.person),
            "department": ref(department, department.name if department else None),
            "region": region_ref(contact.region), "content": contact.content,
            "outcome": contact.outcome}


@router.get("/contacts", response={200: Page[ContactRow], **errors(*COMMON_ERRORS)},
            summary="Liaison contacts in reach, with the contact list's filters")
@office_staff_required
def contact_list(request: HttpRequest, query: Query[ContactQuery]):
    """`staff` is a user id among the staff of the offices in reach; `kind` is enterprise,
    person or department; `method` how the contact was made."""
    form = checked(ContactFilterForm(form_data(query), user=request.user))
    return paginate(liaison_selectors.contact_list(request.user, form.criteria())
                    .select_related("region"), query, contact_row)


@router.get("/contacts/{contact_id}", response={200: ContactDetail, **errors(*COMMON_ERRORS)})
@office_staff_required
def contact_detail(request: HttpRequest, contact_id: int):
    contact = liaison_selectors.contact_detail(request.user, contact_id)
    appeals = liaison_selectors.appeals_raised_visible(request.user, contact)
    return {**contact_row(contact), "appeals": [ref(appeal, appeal.title) for appeal in appeals]}


# --- projects -----------------------------------------------------------------------------------

class ProjectQuery(PageQuery):
    q: str | None = None
    region: str | None = None
    signing_event: int | None = None
    stage: str | None = None
    signed_from: Day | None = None
    signed_to: Day | None = None


class ProjectRow(Schema):
    id: int
    name: str
    investor: str
    investor_origin: str
    region: RegionRef
    industry: str
    enterprise: Ref | None
    signing_event: Ref | None
    signed_on: datetime.date
    contracted_investment: str
    funds_arrived: str
    registered_on: datetime.date | None
    construction_started_on: datetime.date | None
    production_started_on: datetime.date | None
    cancelled_on: datetime.date | None
    stalled_since: datetime.date | None
    version: int


class StageOut(Schema):
    kind: str
    happened_on: datetime.date
    amount: str | None


class ProjectDetail(ProjectRow):
    notes: str
    stages: list[StageOut]


def project_row(project) -> dict:
    event = project.signing_event
    return {"id": project.pk, "name": project.name, "investor": project.investor,
            "investor_origin": project.investor_origin, "region": region_ref(project.region),
            "industry": project.industry, "enterprise": ref(project.enterprise),
            "signing_event": ref(event, event.title if event else None),
            "signed_on": project.signed_on,
            "contracted_investment": amount(project.contracted_investment),
            "funds_arrived": amount(project.funds_arrived),
            "registered_on": project.registered_on,
            "construction_started_on": project.construction_started_on,
            "production_started_on": project.production_started_on,
            "cancelled_on": project.cancelled_on, "stalled_since": project.stalled_since,
            "version": project.version}


@router.get("/projects", response={200: Page[ProjectRow], **errors(*COMMON_ERRORS)},
            summary="Signed investment projects in reach, with the project list's filters")
@office_staff_required
def project_list(request: HttpRequest, query: Query[ProjectQuery]):
    """`region` is a division code in reach, `signing_event` an event's id, `stage` one of
    signed, registered, funds, construction, production, stalled, cancelled; `q` matches the
    project's name and the investor. Amounts are yuan, as decimal strings."""
    form = checked(ProjectFilterForm(form_data(query), user=request.user))
    return paginate(project_selectors.project_list(request.user, form.criteria()), query,
                    project_row)


@router.get("/projects/{project_id}", response={200: ProjectDetail, **errors(*COMMON_ERRORS)})
@office_staff_required
def project_detail(request: HttpRequest, project_id: int):
    project = project_selectors.project_detail(request.user, project_id)
    return {**project_row(project), "notes": project.notes,
            "stages": [{"kind": stage.kind, "happened_on": stage.happened_on,
                        "amount": amount(stage.amount)}
                       for stage in project_selectors.project_timeline(project)]}


# --- policies -----------------------------------------------------------------------------------

class PolicyQuery(PageQuery):
    q: str | None = None
    topic: str | None = None
    industry: str | None = None
    issuer: str | None = None
    region: str | None = None
    valid_on: Day | None = None
    current: bool | None = None
    year: int | None = None


class PolicyRow(Schema):
    id: int
    title: str
    issuer: str
    document_number: str
    issued_on: datetime.date
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    office: Ref
    region: RegionRef
    summary: str
    topics: list[str]
    industries: list[str]
    tags: list[str]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int


class PolicyDetail(PolicyRow):
    full_text: str
    regions: list[RegionRef]
    attachments: list[AttachmentOut]


def policy_row(policy) -> dict:
    return {"id": policy.pk, "title": policy.title, "issuer": policy.issuer,
            "document_number": policy.document_number, "issued_on": policy.issued_on,
            "valid_from": policy.valid_from, "valid_until": policy.valid_until,
            "office": ref(policy.office), "region": region_ref(policy.region),
            "summary": policy.summary, "topics": [t.topic for t in policy.topics.all()],
            "industries": [i.industry for i in policy.industries.all()],
            "tags": [tag.name for tag in policy.tags.all()]}


@router.get("/policies", response={200: Page[PolicyRow], **errors(*COMMON_ERRORS)},
            summary="The policy library in reach, with its search and filters")
@office_staff_required
def policy_list(request: HttpRequest, query: Query[PolicyQuery]):
    """`q` searches the title, summary, document number and issuing body in either script;
    `region` a division code in reach (its policies and those above it); `current` true for
    the policies valid today."""
    form = checked(PolicyFilterForm(form_data(query), user=request.user))
    return paginate(policy_selectors.policy_list(request.user, form.criteria()), query,
                    policy_row)


@router.get("/policies/{policy_id}", response={200: PolicyDetail, **errors(*COMMON_ERRORS)})
@office_staff_required
def policy_detail(request: HttpRequest, policy_id: int):
    policy = policy_selectors.policy_detail(request.user, policy_id)
    return {**policy_row(policy), "full_text": policy.full_text,
            "regions": [region_ref(region) for region in policy.regions.all()],
            "attachments": [{"id": a.pk, "name": a.name, "size": a.size}
                            for a in policy.attachments.all()]}
