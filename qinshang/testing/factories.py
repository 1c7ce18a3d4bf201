"""Test data builders (factory_boy). Records are valid unless a test says otherwise."""

from __future__ import annotations

import factory

from qinshang.accounts.models import Membership, Role, User
from qinshang.enterprises.identifiers import (
    credit_code_check_character,
    residence_permit_check_character,
)
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure, Tag
from qinshang.offices.models import Department, Office
from qinshang.regions.models import Region
from qinshang.text import indexed_text

PASSWORD = "correct-horse-battery"  # noqa: S105


def credit_code(region_code: str, serial: int) -> str:
    """A valid unified social credit code: 91 (company) + division + 9-digit serial + check."""
    first17 = f"91{region_code}{serial:09d}"
    return first17 + credit_code_check_character(first17)


def residence_permit(serial: int, birth: str = "19800101") -> str:
    first17 = f"830000{birth}{serial % 1000:03d}"
    return first17 + residence_permit_check_character(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.django.Password(PASSWORD)


def office_at(code: str) -> Office:
    region = Region.objects.get(code=code)
    office, _ = Office.objects.get_or_create(region=region, defaults={"name": f"{region.name}台办"})
    return office


def department_at(code: str, sector: str = Department.Sector.COMMERCE) -> Department:
    region = Region.objects.get(code=code)
    department, _ = Department.objects.get_or_create(
        region=region, sector=sector, defaults={"name": f"{region.name}商务局"})
    return department


def member(username: str, role: str, *, office: Office | None = None,
           department: Department | None = None, enterprise: Enterprise | None = None) -> User:
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, office=office, department=department,
                              enterprise=enterprise)
    return user


class SearchableFactory(factory.django.DjangoModelFactory):
    """Records that search finds: their folded text is written as the services write it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        record = model_class(*args, **kwargs)
        record.search_text = indexed_text(record)
        record.save()
        return record


class EnterpriseFactory(SearchableFactory):
    """Built directly (not through the service) so tests can set up any state."""

    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"济南台资测试企业{n}有限公司")
    trade_name = factory.Sequence(lambda n: f"測試企業{n}")
    region_id = "370102"
    credit_code = factory.LazyAttributeSequence(lambda o, n: credit_code(o.region_id, n + 1))
    industry = "39"
    origin = "710000"
    registered_capital = 1000
    status = Enterprise.Status.OPERATING


class PersonFactory(SearchableFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"陳台商{n}")
    region_id = "370102"
    document_kind = Person.Document.TRAVEL_PERMIT
    document_number = factory.Sequence(lambda n: f"{12345678 + n:08d}")
    phone = "13800000000"


class SupportMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportMeasure

    title = factory.Sequence(lambda n: f"协调用工问题{n}")
    enterprise = factory.SubFactory(EnterpriseFactory)


def affiliate(person: Person, enterprise: Enterprise,
              relation: str = Affiliation.Relation.GENERAL_MANAGER) -> Affiliation:
    return Affiliation.objects.create(person=person, enterprise=enterprise, relation=relation)


def tag(name: str) -> Tag:
    return Tag.objects.get_or_create(name=name)[0]


__all__ = ["PASSWORD", "Role"]
