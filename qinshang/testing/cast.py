"""The same cast in every test (DESIGN.md §6): who owns the record, who reads it, who must not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from qinshang.accounts.models import Role, User
from qinshang.appeals.models import Appeal, Attachment, Category, Channel, Kind, Priority
from qinshang.enterprises.models import Enterprise, Person, SupportMeasure
from qinshang.testing import factories as f

OWNER_COUNTY = "370102"      # 济南市历下区
NEIGHBOUR_COUNTY = "370103"  # 济南市市中区
CITY = "370100"              # 济南市
PROVINCE = "370000"          # 山东省
OTHER_CITY = "370700"        # 潍坊市


@dataclass
class Cast:
    owner: User              # officer of the county that owns the record
    reader: User             # leader of the same county: reads, does not edit the file
    neighbour: User          # officer of the neighbouring county
    city: User               # officer of the city office
    province: User           # officer of the province office
    other_city: User         # officer in another city (Weifang)
    department: User         # liaison of a Jinan department
    portal: User             # portal user of the enterprise
    enterprise: Enterprise   # in the owner county
    person: Person
    measure: SupportMeasure
    foreign_enterprise: Enterprise  # in the neighbouring county

    def everyone(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in (
            "owner", "reader", "neighbour", "city", "province", "other_city", "department",
            "portal")}


def build_cast() -> Cast:
    owner_office = f.office_at(OWNER_COUNTY)
    enterprise = f.EnterpriseFactory(region_id=OWNER_COUNTY, name="济南鲁台精密机械有限公司",
                                     trade_name="魯臺精密")
    owner = f.member("owner", Role.OFFICER, office=owner_office)
    enterprise.liaison_officer = owner
    enterprise.save()
    person = f.PersonFactory(region_id=OWNER_COUNTY, name="陳志明")
    f.affiliate(person, enterprise)
    return Cast(
        owner=owner,
        reader=f.member("reader", Role.LEADER, office=owner_office),
        neighbour=f.member("neighbour", Role.OFFICER, office=f.office_at(NEIGHBOUR_COUNTY)),
        city=f.member("city", Role.OFFICER, office=f.office_at(CITY)),
        province=f.member("province", Role.OFFICER, office=f.office_at(PROVINCE)),
        other_city=f.member("other_city", Role.OFFICER, office=f.office_at(OTHER_CITY)),
        department=f.member("department", Role.DEPARTMENT, department=f.department_at(CITY)),
        portal=f.member("portal", Role.PORTAL, enterprise=enterprise),
        enterprise=enterprise,
        person=person,
        measure=f.SupportMeasureFactory(enterprise=enterprise),
        foreign_enterprise=f.EnterpriseFactory(region_id=NEIGHBOUR_COUNTY,
                                               name="济南市中台资电子有限公司"),
    )


# --- the cast's appeal (for the pages of appeals and the portal) -------------------------------

APPEAL_REGISTERED_AT = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
APPEAL_TITLE = "厂房用电扩容审批迟迟未办理"
APPEAL_ATTACHMENT = "用电申请.pdf"


@dataclass
class AppealCast:
    """The enterprise's appeal, submitted in the portal, assessed by the owner and assigned to
    the cast's department (lead); and one appeal of the same county never routed anywhere."""

    appeal: Appeal
    attachment: Attachment
    unrouted: Appeal


def build_appeal_cast(cast: Cast) -> AppealCast:
    from qinshang.appeals import services

    land = Category.objects.get(code="land")
    upload = SimpleUploadedFile(APPEAL_ATTACHMENT, b"%PDF-1.4 demo\n", "application/pdf")
    appeal = services.appeal_register(
        actor=cast.portal, enterprise=cast.enterprise, files=[upload],
        at=APPEAL_REGISTERED_AT,
        data={"kind": Kind.REQUEST, "channel": Channel.PORTAL, "category": land,
              "title": APPEAL_TITLE, "description": "新厂房用电扩容申请已提交两个月，尚无答复。"})
    services.appeal_assess(actor=cast.owner, appeal=appeal, category=land,
                           priority=Priority.NORMAL, plan="协调商务局牵头办理",
                           at=APPEAL_REGISTERED_AT)
    department = cast.department.memberships.get().department
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=department,
                                    at=APPEAL_REGISTERED_AT)
    unrouted = services.appeal_register(
        actor=cast.owner, enterprise=cast.enterprise, at=APPEAL_REGISTERED_AT,
        data={"kind": Kind.OPINION, "channel": Channel.VISIT,
              "category": Category.objects.get(code="labour"),
              "title": "希望组织招聘会", "description": "节后用工紧张，希望协助组织专场招聘会。"})
    return AppealCast(appeal=Appeal.objects.get(pk=appeal.pk),
                      attachment=appeal.attachments.get(), unrouted=unrouted)
