"""The jurisdiction matrix's routes of the policies app (see tests/matrix_common.py).

The cast's policy is the owner county's (历下区, with a PDF attachment), pushed by the owner to
the machinery enterprises of the county: the cast's enterprise alone; its portal user has read
it already (so that opening it again in the matrix writes nothing). The library is the offices'
own work: department liaisons and portal users find nothing there. A county's policy is read by
the county, the city and the province, and changed by the county's officers and those above; it
is pushed by whoever reads it and writes somewhere, from their own office. The portal user
reads the delivery to their enterprise and its attachment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qinshang.testing.cast import OWNER_COUNTY, Cast
from tests.matrix_common import (
    LOGIN,
    OBJECT_FORM,
    OBJECT_READ,
    OBJECT_WRITE,
    PORTAL_PAGE,
    Route,
    expect,
)

LABEL = "policies"
# The route names whose cases need this app's part of the cast (build below).
PREFIXES: tuple[str, ...] = ("policies:", "figures:policy", "portal:polic")

POLICY_TITLE = "历下区支持台资企业稳岗就业若干措施"
NEW_POLICY_TITLE = "关于减免台资企业房租的通知"
EDITED_SUMMARY = "对承租国有房产的台资企业免收三个月房租。"
ATTACHMENT = "稳岗措施.pdf"

STAFF_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                    other_city=200, department=404, portal=404, anonymous=LOGIN)
CREATE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                     other_city=200, department=404, portal=404, anonymous=LOGIN)
# Each writer enters the policy in their own office's library.
CREATE_WRITE = expect(owner=302, reader=403, neighbour=302, city=302, province=302,
                      other_city=302, department=404, portal=404, anonymous=LOGIN)
POST_ONLY = expect(owner=405, reader=405, neighbour=405, city=405, province=405,
                   other_city=405, department=404, portal=404, anonymous=LOGIN)


@dataclass
class PolicyCast:
    policy: Any
    attachment: Any
    push: Any
    delivery: Any


def build(cast: Cast) -> PolicyCast:
    """This app's records for the matrix, reachable later as cast.extras["policies"]."""
    from qinshang.policies import services
    from qinshang.policies.models import Topic
    from qinshang.testing import factories as f

    upload = SimpleUploadedFile(ATTACHMENT, b"%PDF-1.4 policy\n", "application/pdf")
    policy = services.policy_create(
        actor=cast.owner, office=f.office_at(OWNER_COUNTY), files=[upload],
        targeting=services.Targeting(topics=[Topic.EMPLOYMENT], industries=["39"]),
        data={"title": POLICY_TITLE, "issuer": "历下区人民政府",
              "document_number": "历政发〔2020〕3号", "issued_on": "2020-03-01",
              "summary": "稳岗返还、以工代训补贴。"})
    push = services.policy_push(actor=cast.owner, policy=policy, note="请及时申报",
                                criteria=services.PushCriteria(industries=["39"]))
    delivery = push.deliveries.get(enterprise=cast.enterprise)
    services.delivery_open(actor=cast.portal, delivery=delivery)
    return PolicyCast(policy=policy, attachment=policy.attachments.get(), push=push,
                      delivery=delivery)


def _extras(cast: Cast) -> PolicyCast:
    return cast.extras[LABEL]


def policy_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).policy.pk}


def attachment_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).policy.pk, "attachment_pk": _extras(cast).attachment.pk}


def push_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).push.pk}


def delivery_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).delivery.pk}


def delivery_attachment_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).delivery.pk, "attachment_pk": _extras(cast).attachment.pk}


def _policy_fields(title: str, summary: str) -> dict:
    return {"title": title, "issuer": "济南市人民政府办公厅",
            "document_number": "济政办发〔2020〕5号",
            "issued_on": "2020-02-10", "valid_from": "2020-02-10", "valid_until": "2020-12-31",
            "topics": ["tax_relief"], "industries": ["39"], "summary": summary,
            "full_text": ""}


def new_policy_data(cast: Cast) -> dict:
    return _policy_fields(NEW_POLICY_TITLE, "减免房租三个月。")


def edit_policy_data(cast: Cast) -> dict:
    from qinshang.policies.models import Policy

    policy = Policy.objects.get(pk=_extras(cast).policy.pk)
    return {**_policy_fields(POLICY_TITLE, EDITED_SUMMARY), "version": str(policy.version)}


def push_data(cast: Cast) -> dict:
    return {"industries": ["39"], "note": "再次提醒"}


def policy_created(cast: Cast, response) -> None:
    from qinshang.policies.models import Policy

    created = Policy.objects.get(title=NEW_POLICY_TITLE)
    assert [row.topic for row in created.topics.all()] == ["tax_relief"]
    assert response["Location"] == reverse("policies:detail", args=[created.pk])


def policy_edited(cast: Cast, response) -> None:
    from qinshang.policies.models import Policy

    policy = Policy.objects.get(pk=_extras(cast).policy.pk)
    assert (policy.summary, policy.version) == (EDITED_SUMMARY, _extras(cast).policy.version + 1)


def policy_pushed(cast: Cast, response) -> None:
    from qinshang.policies.models import PolicyPush

    push = PolicyPush.objects.exclude(pk=_extras(cast).push.pk).get()
    assert push.deliveries.filter(enterprise=cast.enterprise).exists()
    assert response["Location"] == reverse("policies:push_detail", args=[push.pk])


def push_withdrawn(cast: Cast, response) -> None:
    from qinshang.policies.models import PolicyPush

    push = PolicyPush.objects.get(pk=_extras(cast).push.pk)
    assert push.withdrawn_at is not None and push.withdrawal_reason == "政策调整"


ROUTES: dict[str, Route] = {
    "policies:list": Route(get=STAFF_LIST),
    "policies:export": Route(get=STAFF_LIST),
    "policies:create": Route(get=CREATE_FORM, post=CREATE_WRITE, data=new_policy_data,
                             writes_on=302, effect=policy_created),
    "policies:detail": Route(kwargs=policy_kwargs, get=OBJECT_READ),
    "policies:edit": Route(kwargs=policy_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                           data=edit_policy_data, writes_on=302, effect=policy_edited),
    "policies:attachment": Route(kwargs=attachment_kwargs, get=OBJECT_READ),
    # Pushed by whoever reads the policy and writes somewhere: the reader 403.
    "policies:push": Route(kwargs=policy_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                           data=push_data, writes_on=302, effect=policy_pushed),
    "policies:push_detail": Route(kwargs=push_kwargs, get=OBJECT_READ),
    "policies:push_withdraw": Route(kwargs=push_kwargs, get=POST_ONLY, post=OBJECT_WRITE,
                                    data=lambda cast: {"reason": "政策调整"}, writes_on=302,
                                    effect=push_withdrawn),
    "figures:policy_pushes": Route(get=STAFF_LIST),
    "figures:policy_pushes_export": Route(get=STAFF_LIST),
    "portal:policies": Route(get=PORTAL_PAGE, insiders=("portal",)),
    "portal:policy": Route(kwargs=delivery_kwargs, get=PORTAL_PAGE, insiders=("portal",),
                           notes="already read in build: opening it again writes nothing"),
    "portal:policy_attachment": Route(kwargs=delivery_attachment_kwargs, get=PORTAL_PAGE,
                                      insiders=("portal",)),
}


def snapshot() -> dict:
    """Every row of this app that a view of the matrix could change."""
    from qinshang.policies.models import (
        Delivery,
        Policy,
        PolicyAttachment,
        PolicyIndustry,
        PolicyPush,
        PolicyTopic,
    )

    return {
        "policies": list(Policy.objects.order_by("pk").values()),
        "policy_topics": list(PolicyTopic.objects.order_by("pk").values()),
        "policy_industries": list(PolicyIndustry.objects.order_by("pk").values()),
        "policy_regions": list(Policy.regions.through.objects.order_by("pk").values()),
        "policy_tags": list(Policy.tags.through.objects.order_by("pk").values()),
        "policy_attachments": list(PolicyAttachment.objects.order_by("pk").values()),
        "policy_pushes": list(PolicyPush.objects.order_by("pk").values()),
        "deliveries": list(Delivery.objects.order_by("pk").values()),
    }
