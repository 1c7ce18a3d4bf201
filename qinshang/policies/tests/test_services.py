"""Targeting within the pusher's jurisdiction, the portal inbox, withdrawal, the read receipt,
the email copy, search, and bad input refused with nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from qinshang.appeals.workflow import TransitionRefused
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.policies import selectors, services
from qinshang.policies.models import Delivery, Policy, PolicyAttachment, PolicyPush, Topic
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, NEIGHBOUR_COUNTY, OWNER_COUNTY

from .conftest import PUSHED_AT, make_policy, policy_data

MACHINERY = services.PushCriteria(industries=["39"])


def delivered_to(push: PolicyPush) -> set[str]:
    return set(push.deliveries.values_list("enterprise__name", flat=True))


def pdf(name="措施.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 policy\n", "application/pdf")


def rows() -> dict:
    return {"policies": Policy.objects.count(), "attachments": PolicyAttachment.objects.count(),
            "pushes": PolicyPush.objects.count(), "deliveries": Delivery.objects.count(),
            "events": Event.objects.count()}


# --- targeting -------------------------------------------------------------------------------

def test_a_county_push_reaches_exactly_its_matches_in_the_county(cast, targets, policy):
    push = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY,
                                note="请及时申报", at=PUSHED_AT)
    # not the other industry, not the closed one, not the neighbour's nor Weifang's
    assert delivered_to(push) == {cast.enterprise.name, targets.tagged.name}
    assert push.region_id == OWNER_COUNTY
    assert push.criteria == {"regions": [], "industries": ["39"], "tags": []}
    assert set(push.deliveries.values_list("region_id", flat=True)) == {OWNER_COUNTY}
    assert Event.objects.filter(verb="policy.pushed").count() == 1


def test_a_city_push_reaches_its_counties_but_never_another_city(cast, targets, policy):
    push = services.policy_push(actor=cast.city, policy=policy, criteria=MACHINERY,
                                at=PUSHED_AT)
    assert delivered_to(push) == {cast.enterprise.name, targets.tagged.name,
                                  cast.foreign_enterprise.name}
    assert targets.weifang.name not in delivered_to(push)


def test_the_neighbour_matching_the_criteria_is_not_reached_by_the_county(cast, targets,
                                                                          policy):
    neighbour_county = Region.objects.get(code=NEIGHBOUR_COUNTY)
    with pytest.raises(ValidationError) as refused:
        services.policy_push(actor=cast.owner, policy=policy, at=PUSHED_AT,
                             criteria=services.PushCriteria(regions=[neighbour_county]))
    assert "regions" in refused.value.message_dict
    assert not PolicyPush.objects.exists()


def test_tags_narrow_the_push(cast, targets, policy):
    push = services.policy_push(actor=cast.city, policy=policy, at=PUSHED_AT,
                                criteria=services.PushCriteria(tags=[f.tag("高新技术")]))
    assert delivered_to(push) == {targets.tagged.name}


def test_a_reader_may_not_push_and_nothing_is_written(cast, targets, policy):
    before = rows()
    with pytest.raises(TransitionRefused):
        services.policy_push(actor=cast.reader, policy=policy, criteria=MACHINERY)
    assert rows() == before


def test_a_changed_count_pushes_nothing(cast, targets, policy):
    before = rows()
    with pytest.raises(ValidationError):
        services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY,
                             expected_count=5)
    assert rows() == before


# --- the portal inbox ------------------------------------------------------------------------

def test_the_portal_user_sees_only_pushes_to_their_enterprise(cast, targets, policy):
    mine = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY,
                                at=PUSHED_AT)
    other_policy = make_policy(cast.city, CITY, title="市中区专项政策")
    theirs = services.policy_push(actor=cast.neighbour, policy=other_policy,
                                  criteria=MACHINERY, at=PUSHED_AT)
    inbox = list(selectors.inbox(cast.portal))
    assert [d.push_id for d in inbox] == [mine.pk]
    other_delivery = theirs.deliveries.get()
    with pytest.raises(Http404):
        selectors.inbox_delivery(cast.portal, other_delivery.pk)
    # the notification points at the portal page of the delivery
    notice = Notification.objects.get(recipient=cast.portal)
    assert notice.link == f"/portal/policies/{inbox[0].pk}/"
    assert notice.target_repr == policy.title


def test_withdrawal_empties_the_inboxes_and_is_recorded(cast, targets, policy):
    push = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY,
                                at=PUSHED_AT)
    delivery = push.deliveries.get(enterprise=cast.enterprise)
    with pytest.raises(ValidationError):
        services.push_withdraw(actor=cast.owner, push=push, reason="  ")
    assert selectors.inbox(cast.portal).count() == 1

    services.push_withdraw(actor=cast.owner, push=push, reason="政策已调整")

    assert selectors.inbox(cast.portal).count() == 0
    with pytest.raises(Http404):
        selectors.inbox_delivery(cast.portal, delivery.pk)
    push.refresh_from_db()
    assert (push.withdrawn_by, push.withdrawal_reason) == (cast.owner, "政策已调整")
    assert not Notification.objects.filter(recipient=cast.portal, read_at__isnull=True).exists()
    assert Event.objects.filter(verb="policy.push_withdrawn").count() == 1
    with pytest.raises(ValidationError):
        services.push_withdraw(actor=cast.owner, push=push, reason="再次撤回")


def test_the_neighbour_may_not_withdraw(cast, targets, policy):
    push = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY)
    with pytest.raises(TransitionRefused):
        services.push_withdraw(actor=cast.neighbour, push=push, reason="x")
    assert PolicyPush.objects.get().withdrawn_at is None


def test_the_read_receipt_is_recorded_once(cast, targets, policy):
    push = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY)
    delivery = push.deliveries.get(enterprise=cast.enterprise)
    first_time = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=PUSHED_AT.tzinfo)
    assert services.delivery_open(actor=cast.owner, delivery=delivery) is False  # staff
    assert services.delivery_open(actor=cast.portal, delivery=delivery, at=first_time)
    assert not services.delivery_open(actor=cast.portal, delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.read_at, delivery.read_by) == (first_time, cast.portal)
    assert Event.objects.filter(verb="policy.read").count() == 1


# --- email -----------------------------------------------------------------------------------

def test_the_email_copy_goes_in_traditional_and_is_recorded(
        cast, targets, policy, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.QINSHANG_EMAIL_ENABLED = True
    cast.portal.email = "chen@lutai.example.tw"
    cast.portal.save()
    with django_capture_on_commit_callbacks(execute=True):
        push = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY)
    (message,) = mailoutbox
    assert message.to == ["chen@lutai.example.tw"]
    assert "臺資企業" in message.subject and "台资企业" not in message.subject
    assert "/portal/policies/" in message.body
    emailed = push.deliveries.get(enterprise=cast.enterprise)
    assert emailed.emailed_at is not None
    # the tagged enterprise has no portal user: nothing to email
    assert push.deliveries.get(enterprise=targets.tagged).emailed_at is None
    assert not Notification.objects.filter(recipient=cast.portal,
                                           emailed_at__isnull=True).exists()


def test_no_email_when_email_is_not_configured(cast, targets, policy, settings, mailoutbox,
                                               django_capture_on_commit_callbacks):
    settings.QINSHANG_EMAIL_ENABLED = False
    cast.portal.email = "chen@lutai.example.tw"
    cast.portal.save()
    with django_capture_on_commit_callbacks(execute=True):
        push = services.policy_push(actor=cast.owner, policy=policy, criteria=MACHINERY)
    assert mailoutbox == []
    assert not push.deliveries.filter(emailed_at__isnull=False).exists()


# --- the library -----------------------------------------------------------------------------

def test_search_meets_either_script_and_width(cast, policy):
    found = selectors.policy_list(cast.owner, selectors.PolicyFilter(text="臺資企業"))
    assert list(found) == [policy]
    full_width = selectors.PolicyFilter(text="〔２０２０〕２５")
    assert list(selectors.policy_list(cast.owner, full_width)) == [policy]
    for nasty in ("<script>alert(1)</script>", "' OR 1=1 --", "%", "_"):
        assert list(selectors.policy_list(cast.owner, selectors.PolicyFilter(text=nasty))) == []


def test_a_county_reads_the_province_policy_and_the_neighbour_not_the_county_one(cast):
    province = make_policy(cast.province)
    county = make_policy(cast.owner, OWNER_COUNTY, title="历下区惠企十条")
    assert set(selectors.policy_list(cast.owner, selectors.PolicyFilter())) == {province, county}
    assert set(selectors.policy_list(cast.neighbour, selectors.PolicyFilter())) == {province}


def test_filters(cast):
    older = make_policy(cast.province, issued_on=datetime.date(2019, 5, 1),
                        valid_from=datetime.date(2019, 5, 1),
                        valid_until=datetime.date(2019, 12, 31), title="旧政策",
                        targeting=services.Targeting(topics=[Topic.TAX_RELIEF],
                                                     industries=["39"]))
    newer = make_policy(cast.province)
    listed = lambda **kw: list(selectors.policy_list(cast.owner,  # noqa: E731
                                                     selectors.PolicyFilter(**kw)))
    assert listed(topic=Topic.TAX_RELIEF) == [older]
    assert listed(industry="39") == [older]
    assert listed(year=2020) == [newer]
    assert listed(valid_on=datetime.date(2019, 6, 1)) == [older]
    assert listed(valid_on=datetime.date(2021, 1, 1)) == [newer]


# --- bad input -------------------------------------------------------------------------------

def test_an_attachment_that_is_not_what_it_claims_refuses_every_file(cast):
    before = rows()
    fake = SimpleUploadedFile("附件.pdf", b"MZ\x90\x00 a program", "application/pdf")
    with pytest.raises(ValidationError) as refused:
        make_policy(cast.province, files=[pdf(), fake])
    assert "附件.pdf" in " ".join(refused.value.message_dict["files"])
    assert rows() == before


def test_valid_until_before_valid_from_is_refused(cast):
    before = rows()
    with pytest.raises(ValidationError) as refused:
        make_policy(cast.province, valid_until=datetime.date(2020, 1, 1))
    assert "valid_until" in refused.value.message_dict
    assert rows() == before


def test_an_unknown_topic_is_refused(cast):
    before = rows()
    with pytest.raises(ValidationError) as refused:
        make_policy(cast.province, targeting=services.Targeting(topics=["astrology"]))
    assert "topics" in refused.value.message_dict
    assert rows() == before


def test_a_stale_edit_is_refused(cast):
    policy = make_policy(cast.province, files=[pdf()])
    targeting = services.Targeting(topics=[Topic.EPIDEMIC])
    services.policy_update(actor=cast.province, policy=policy, targeting=targeting,
                           data=policy_data(title="新标题"), expected_version=1)
    with pytest.raises(services.StaleEdit):
        services.policy_update(actor=Policy.objects.get().created_by,
                               policy=Policy.objects.get(), targeting=targeting,
                               data=policy_data(title="第二次"), expected_version=1)
    assert Policy.objects.get().title == "新标题"
    assert Policy.objects.get().search_text.startswith(" 新 标 题 ")
