"""The jurisdiction matrix's routes of the donations app, the donation totals and the service
guide (see tests/matrix_common.py).

The cast's donation is the owner county enterprise's (in kind, 187,000.00 yuan). Donation pages
are the offices' own work: department liaisons and portal users find nothing, not even the
lists. A donation is read and written like the enterprise's file (the county, the city, the
province; the leader reads). Creating one names the owner county's office and enterprise, which
other counties and cities may not choose (400).

The service guide compiles policies the user may see: the cast's policy is the owner county's,
so the neighbour and Weifang get 404 when they post its id (out of reach is not found), while
the leader, who only reads, may download it. Compiling writes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from qinshang.testing.cast import OWNER_COUNTY, Cast
from tests.matrix_common import (
    LOGIN,
    OBJECT_FORM,
    OBJECT_READ,
    OBJECT_WRITE,
    Route,
    expect,
)

LABEL = "donations"
# The route names whose cases need this app's part of the cast (build below).
PREFIXES: tuple[str, ...] = ("donations:", "figures:donation", "reports:service_guide")

DONATION_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                       other_city=200, department=404, portal=404, anonymous=LOGIN)
DONATION_CREATE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                              other_city=200, department=404, portal=404, anonymous=LOGIN)
DONATION_CREATE_WRITE = expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                               other_city=400, department=404, portal=404, anonymous=LOGIN)
GUIDE_DOWNLOAD = expect(owner=200, reader=200, neighbour=404, city=200, province=200,
                        other_city=404, department=404, portal=404, anonymous=LOGIN)
NEW_RECIPIENT = "历下区红十字会"
EDITED_PURPOSE = "支持复工复产"


@dataclass
class DonationCast:
    donation: object
    policy: object


def build(cast: Cast) -> DonationCast:
    """This app's records for the matrix, reachable later as cast.extras["donations"]."""
    from qinshang.donations.models import DonorKind
    from qinshang.donations.services import DonationItemLine, donation_record
    from qinshang.offices.models import Office
    from qinshang.policies.models import Policy, PolicyTopic, Topic

    office = Office.objects.get(region_id=OWNER_COUNTY)
    donation = donation_record(
        actor=cast.owner,
        data={"donor_kind": DonorKind.ENTERPRISE, "enterprise": cast.enterprise,
              "recipient": "历下区疫情防控指挥部", "donated_on": datetime.date(2026, 2, 3),
              "money": Decimal("0"), "purpose": "抗击疫情", "office": office},
        items=[DonationItemLine("防护衣", Decimal("1490"), "件", Decimal("104300.00")),
               DonationItemLine("护目镜", Decimal("1500"), "个", Decimal("60000.00")),
               DonationItemLine("鞋套", Decimal("1500"), "双", Decimal("22700.00"))])
    policy = Policy.objects.create(
        title="历下区支持台资企业复工复产十条措施", issuer="历下区人民政府",
        document_number="历政字〔2020〕5号", issued_on=datetime.date(2020, 2, 12),
        office=office, region_id=OWNER_COUNTY, summary="减免房租、稳岗返还、融资支持。",
        full_text="一、减免房租……")
    PolicyTopic.objects.create(policy=policy, topic=Topic.EPIDEMIC)
    return DonationCast(donation=donation, policy=policy)


def _part(cast: Cast) -> DonationCast:
    return cast.extras[LABEL]


def donation_kwargs(cast: Cast) -> dict:
    return {"pk": _part(cast).donation.pk}


def _items(rows: list[tuple[str, str, str, str]]) -> dict:
    data = {"items-TOTAL_FORMS": str(len(rows) + 1), "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "50"}
    for number, row in enumerate([*rows, ("", "", "", "")]):
        data |= dict(zip([f"items-{number}-{name}" for name in ("name", "quantity", "unit",
                                                                "value")], row, strict=True))
    return data


def new_donation_data(cast: Cast) -> dict:
    from qinshang.offices.models import Office

    return {"office": str(Office.objects.get(region_id=OWNER_COUNTY).pk),
            "donor_kind": "enterprise", "enterprise": str(cast.enterprise.pk), "person": "",
            "donor_name": "", "recipient": NEW_RECIPIENT, "donated_on": "2026-03-01",
            "money": "10,000", "purpose": "",
            **_items([("口罩", "2000", "个", "3,000.00")])}


def donation_edit_data(cast: Cast) -> dict:
    donation = _part(cast).donation
    return {"donor_kind": "enterprise", "enterprise": str(cast.enterprise.pk), "person": "",
            "donor_name": "", "recipient": donation.recipient,
            "donated_on": donation.donated_on.isoformat(), "money": "0",
            "purpose": EDITED_PURPOSE, "version": str(donation.version),
            **_items([("防护衣", "1490", "件", "104300.00"), ("护目镜", "1500", "个", "60000"),
                      ("鞋套", "1500", "双", "22700")])}


def guide_data(cast: Cast) -> dict:
    return {"title": "历下区台资企业办事指南", "policies": [str(_part(cast).policy.pk)]}


def donation_created(cast: Cast, response) -> None:
    from qinshang.donations.models import Donation

    created = Donation.objects.get(recipient=NEW_RECIPIENT)
    assert (created.region_id, created.money, created.items_value, created.enterprise_id) == (
        OWNER_COUNTY, Decimal("10000.00"), Decimal("3000.00"), cast.enterprise.pk)
    assert response["Location"] == reverse("donations:detail", args=[created.pk])


def donation_edited(cast: Cast, response) -> None:
    from qinshang.donations.models import Donation

    donation = Donation.objects.get(pk=_part(cast).donation.pk)
    assert (donation.purpose, donation.version, donation.items_value) == (
        EDITED_PURPOSE, 2, Decimal("187000.00"))
    assert response["Location"] == reverse("donations:detail", args=[donation.pk])


ROUTES: dict[str, Route] = {
    "donations:list": Route(get=DONATION_LIST),
    "donations:export": Route(get=DONATION_LIST),
    "donations:create": Route(get=DONATION_CREATE_FORM, post=DONATION_CREATE_WRITE,
                              data=new_donation_data, writes_on=302, effect=donation_created),
    "donations:detail": Route(kwargs=donation_kwargs, get=OBJECT_READ),
    "donations:edit": Route(kwargs=donation_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                            data=donation_edit_data, writes_on=302, effect=donation_edited),
    "figures:donation_totals": Route(get=DONATION_LIST),
    "figures:donation_totals_export": Route(get=DONATION_LIST),
    # GET lists the library the user sees; POST downloads the docx and writes nothing.
    "reports:service_guide": Route(get=DONATION_LIST, post=GUIDE_DOWNLOAD, data=guide_data),
}


def snapshot() -> dict:
    """Every row of this app that a view of the matrix could change."""
    from qinshang.donations.models import Donation, DonationItem

    return {"donations": list(Donation.objects.order_by("pk").values()),
            "donation_items": list(DonationItem.objects.order_by("pk").values())}
