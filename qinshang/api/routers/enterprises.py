"""Enterprises (一企一档) and the persons on file: the list with the enterprise list page's
filters, one enterprise with its persons and support measures, persons and one person. Staff
only, like the pages: department liaisons find what their reach holds (usually nothing),
portal users 404."""

# No "from __future__ import annotations": ninja reads the parameters' types from the
# annotations, and behind the access decorators it would resolve their names in the wrong module.

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from qinshang.access import get_for_user, staff_required
from qinshang.api import selectors
from qinshang.api.errors import COMMON_ERRORS, errors
from qinshang.api.forms import PersonFilterForm
from qinshang.api.pagination import Page, PageQuery, paginate
from qinshang.api.schemas import Ref, RegionRef, amount, checked, form_data, ref, region_ref
from qinshang.enterprises import selectors as enterprise_selectors
from qinshang.enterprises.forms import EnterpriseFilterForm
from qinshang.enterprises.models import Enterprise, Person

router = Router(tags=["enterprises"])


class EnterpriseQuery(PageQuery):
    q: str | None = None
    region: str | None = None
    section: str | None = None
    origin: str | None = None
    status: str | None = None
    tag: str | None = None
    liaison_officer: int | None = None


class EnterpriseRow(Schema):
    id: int
    name: str
    trade_name: str
    credit_code: str
    region: RegionRef
    industry: str
    origin: str
    status: str
    tags: list[str]
    liaison_officer: Ref | None
    version: int


class PersonLink(Schema):
    id: int
    name: str
    relation: str


class MeasureRow(Schema):
    id: int
    title: str
    detail: str
    status: str
    department: Ref | None
    due_date: datetime.date | None


class EnterpriseDetail(EnterpriseRow):
    address: str
    registered_capital: str | None
    total_investment: str | None
    employees: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    persons: list[PersonLink]
    measures: list[MeasureRow]


def enterprise_row(enterprise: Enterprise) -> dict:
    return {
        "id": enterprise.pk, "name": enterprise.name, "trade_name": enterprise.trade_name,
        "credit_code": enterprise.credit_code, "region": region_ref(enterprise.region),
        "industry": enterprise.industry, "origin": enterprise.origin,
        "status": enterprise.status, "tags": [tag.name for tag in enterprise.tags.all()],
        "liaison_officer": ref(enterprise.liaison_officer), "version": enterprise.version,
    }


def enterprise_detail_of(enterprise: Enterprise) -> dict:
    return {
        **enterprise_row(enterprise), "address": enterprise.address,
        "registered_capital": amount(enterprise.registered_capital),
        "total_investment": amount(enterprise.total_investment),
        "employees": enterprise.employees, "created_at": enterprise.created_at,
        "updated_at": enterprise.updated_at,
        "persons": [{"id": a.person_id, "name": a.person.name, "relation": a.relation}
                    for a in enterprise.affiliations.all()],
        "measures": [{"id": m.pk, "title": m.title, "detail": m.detail, "status": m.status,
                      "department": ref(m.department, m.department.name if m.department
                                        else None),
                      "due_date": m.due_date} for m in enterprise.measures.all()],
    }


@router.get("/enterprises", response={200: Page[EnterpriseRow], **errors(*COMMON_ERRORS)},
            summary="Enterprises in reach, with the enterprise list's filters")
@staff_required
def enterprise_list(request: HttpRequest, query: Query[EnterpriseQuery]):
    """`region` is a division code in reach, `tag` a tag's name, `section` a GB/T 4754
    section letter, `liaison_officer` a user id; `q` matches the registered name, the trade
    name and the credit code in either script."""
    form = EnterpriseFilterForm(form_data(query), user=request.user)
    form.fields["tag"].to_field_name = "name"
    criteria = checked(form).criteria()
    return paginate(enterprise_selectors.enterprise_list(request.user, criteria), query,
                    enterprise_row)


@router.get("/enterprises/{enterprise_id}",
            response={200: EnterpriseDetail, **errors(*COMMON_ERRORS)})
@staff_required
def enterprise_detail(request: HttpRequest, enterprise_id: int):
    return enterprise_detail_of(enterprise_selectors.enterprise_detail(request.user,
                                                                       enterprise_id))


# --- persons --------------------------------------------------------------------------------------

class PersonQuery(PageQuery):
    q: str | None = None
    region: str | None = None
    enterprise: int | None = None


class PersonRow(Schema):
    id: int
    name: str
    origin: str
    region: RegionRef
    document_kind: str
    # Personal numbers are masked in every list and answer of the API; the staff pages unmask
    # one at a time, and record who did.
    document_number_masked: str


class EnterpriseLink(Schema):
    id: int
    name: str
    relation: str


class PersonDetail(PersonRow):
    phone: str
    enterprises: list[EnterpriseLink]


def person_row(person: Person) -> dict:
    return {"id": person.pk, "name": person.name, "origin": person.origin,
            "region": region_ref(person.region), "document_kind": person.document_kind,
            "document_number_masked": person.masked_document_number}


@router.get("/persons", response={200: Page[PersonRow], **errors(*COMMON_ERRORS)},
            summary="Persons on file in reach")
@staff_required
def person_list(request: HttpRequest, query: Query[PersonQuery]):
    """`q` matches the name, `region` is a division code in reach, `enterprise` an
    enterprise's id."""
    form = checked(PersonFilterForm(form_data(query), user=request.user))
    return paginate(selectors.person_list(request.user, form.criteria()), query, person_row)


@router.get("/persons/{person_id}", response={200: PersonDetail, **errors(*COMMON_ERRORS)})
@staff_required
def person_detail(request: HttpRequest, person_id: int):
    person = get_for_user(request.user, Person, person_id,
                          queryset=selectors.persons_with_details())
    return {**person_row(person), "phone": person.phone,
            "enterprises": [{"id": a.enterprise_id, "name": a.enterprise.name,
                             "relation": a.relation}
                            for a in selectors.affiliations_visible(request.user, person)]}
