"""Every write of the policy library and its pushes: a policy with its topics, industries,
divisions, tags and attachments; a push to the enterprises its targeting matches (one delivery
each, a notification for each enterprise's portal users and, when email is configured, an email
copy); the withdrawal of a push; and the read receipt when a portal user opens a delivery."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qinshang.access import may_place, principal_of, visible
from qinshang.accounts.models import Membership, Role
from qinshang.appeals.uploads import checked_upload
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit
from qinshang.core.middleware import PORTAL_LANGUAGE
from qinshang.enterprises.models import INDUSTRY_DIVISION_CHOICES, Enterprise, Tag
from qinshang.events.services import event_record, snapshot
from qinshang.notifications.models import Notification
from qinshang.offices.models import Office
from qinshang.policies.models import (
    Delivery,
    Policy,
    PolicyAttachment,
    PolicyIndustry,
    PolicyPush,
    PolicyTopic,
    Topic,
)
from qinshang.regions.models import Region
from qinshang.text import indexed_text

POLICY_FIELDS = ("title", "issuer", "document_number", "issued_on", "valid_from", "valid_until",
                 "summary", "full_text")
INDUSTRY_CODES = frozenset(code for code, _label in INDUSTRY_DIVISION_CHOICES)
CHUNK = 500

__all__ = [
    "PushCriteria",
    "StaleEdit",
    "Targeting",
    "delivery_open",
    "policy_create",
    "policy_push",
    "policy_update",
    "push_matches",
    "push_withdraw",
]


@dataclass(frozen=True)
class Targeting:
    """What a policy is about and whom it applies to (empty: everyone)."""

    topics: Sequence[str] = ()
    industries: Sequence[str] = ()
    regions: Sequence[Region] = ()
    tags: Sequence[Tag] = ()


@dataclass(frozen=True)
class PushCriteria:
    """The push page's narrowing: divisions (empty: the whole of the pushing office's
    division), industries and tags (empty: any)."""

    regions: Sequence[Region] = ()
    industries: Sequence[str] = ()
    tags: Sequence[Tag] = field(default_factory=tuple)

    def as_json(self) -> dict[str, list[str]]:
        return {"regions": sorted(region.code for region in self.regions),
                "industries": sorted(self.industries),
                "tags": sorted(tag.name for tag in self.tags)}


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


# --- the policy ------------------------------------------------------------------------------

def _check_targeting(office: Office, targeting: Targeting) -> None:
    errors: dict[str, list[str]] = {}
    unknown_topics = sorted(set(targeting.topics) - set(Topic.values))
    if unknown_topics:
        errors["topics"] = [_("Unknown topic: %(topics)s.") % {"topics": ", ".join(unknown_topics)}]
    elif not targeting.topics:
        errors["topics"] = [_("Choose at least one topic.")]
    unknown_industries = sorted(set(targeting.industries) - INDUSTRY_CODES)
    if unknown_industries:
        errors["industries"] = [_("Unknown industry: %(codes)s.")
                                % {"codes": ", ".join(unknown_industries)}]
    outside = [region.name for region in targeting.regions
               if not office.region.contains(region.code)]
    if outside:
        errors["regions"] = [_("These divisions are outside %(office)s's division: %(names)s.")
                             % {"office": office, "names": ", ".join(outside)}]
    if errors:
        raise ValidationError(errors)


def _check_dates(policy: Policy) -> None:
    if policy.valid_from and policy.valid_until and policy.valid_until < policy.valid_from:
        raise ValidationError({"valid_until": _(
            "A policy cannot stop being valid before it starts.")})


def _checked_files(files: Iterable) -> list[tuple[Any, str, str, int]]:
    """Every file checked before any is stored: one bad file refuses them all."""
    checked, problems = [], []
    for upload in files:
        try:
            checked.append((upload, *checked_upload(upload)))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({"files": problems})
    return checked


def _save_targeting(policy: Policy, targeting: Targeting) -> None:
    policy.topics.all().delete()
    policy.industries.all().delete()
    PolicyTopic.objects.bulk_create([PolicyTopic(policy=policy, topic=topic)
                                     for topic in sorted(set(targeting.topics))])
    PolicyIndustry.objects.bulk_create([PolicyIndustry(policy=policy, industry=code)
                                        for code in sorted(set(targeting.industries))])
    policy.regions.set(targeting.regions)
    policy.tags.set(targeting.tags)


def _attach(actor, policy: Policy, checked, now: datetime.datetime) -> None:
    for upload, name, extension, size in checked:
        PolicyAttachment.objects.create(policy=policy, file=upload, name=name,
                                        extension=extension, size=size, uploaded_by=actor,
                                        uploaded_at=now)


def _targeting_text(targeting: Targeting) -> dict[str, list[str]]:
    return {"topics": sorted(targeting.topics), "industries": sorted(targeting.industries),
            "regions": sorted(region.code for region in targeting.regions),
            "tags": sorted(tag.name for tag in targeting.tags)}


def _current_targeting(policy: Policy) -> dict[str, list[str]]:
    return {"topics": sorted(row.topic for row in policy.topics.all()),
            "industries": sorted(row.industry for row in policy.industries.all()),
            "regions": sorted(policy.regions.values_list("code", flat=True)),
            "tags": sorted(policy.tags.values_list("name", flat=True))}


@transaction.atomic
def policy_create(*, actor, office: Office, data: Mapping[str, Any], targeting: Targeting,
                  files: Sequence = (), at: datetime.datetime | None = None) -> Policy:
    if not may_place(actor, office.region_id):
        raise TransitionRefused(_("You may add policies only for offices in your "
                                  "jurisdiction."))
    policy = Policy(office=office, region_id=office.region_id, created_by=actor,
                    created_at=_now(at),
                    **{name: data[name] for name in POLICY_FIELDS if name in data})
    _check_dates(policy)
    policy.full_clean(exclude=["office", "region", "created_by"])
    _check_targeting(office, targeting)
    checked = _checked_files(files)
    policy.search_text = indexed_text(policy)
    policy.save()
    _save_targeting(policy, targeting)
    _attach(actor, policy, checked, _now(at))
    event_record(actor=actor, verb="policy.created", target=policy, region_code=policy.region_id,
                 changes={**snapshot(policy, POLICY_FIELDS), **_targeting_text(targeting),
                          "attachments": [name for _u, name, _e, _s in checked]}, at=at)
    return policy


@transaction.atomic
def policy_update(*, actor, policy: Policy, data: Mapping[str, Any], targeting: Targeting,
                  files: Sequence = (), remove_attachments: Sequence[int] = (),
                  expected_version: int | None = None,
                  at: datetime.datetime | None = None) -> Policy:
    if not may_place(actor, policy.region_id):
        raise TransitionRefused(_("You may change policies only in your jurisdiction."))
    Policy.objects.select_for_update().filter(pk=policy.pk).values_list("pk").get()
    policy.refresh_from_db()
    if expected_version is not None and policy.version != expected_version:
        raise StaleEdit(_("Someone else changed this policy after you opened it. Reload the "
                          "page to see their change, then make yours again."))
    before = {**snapshot(policy, POLICY_FIELDS), **_current_targeting(policy)}
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, data[name])
    _check_dates(policy)
    policy.full_clean(exclude=["office", "region", "created_by"])
    _check_targeting(policy.office, targeting)
    checked = _checked_files(files)
    removed = list(policy.attachments.filter(pk__in=list(remove_attachments)))
    after = {**snapshot(policy, POLICY_FIELDS), **_targeting_text(targeting)}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if checked or removed:
        changed["attachments"] = [[a.name for a in removed],
                                  [name for _u, name, _e, _s in checked]]
    if not changed:
        return policy
    policy.version += 1
    policy.search_text = indexed_text(policy)
    policy.save()
    _save_targeting(policy, targeting)
    for attachment in removed:
        # The file stays on disk: the event log names it, and a backup may still need it.
        attachment.delete()
    _attach(actor, policy, checked, _now(at))
    event_record(actor=actor, verb="policy.updated", target=policy, region_code=policy.region_id,
                 changes=changed, at=at)
    return policy


# --- pushes ----------------------------------------------------------------------------------

def pushing_office(actor) -> Office | None:
    """The office the actor pushes from: the one office they write for (the first by division
    when they have several)."""
    membership = (Membership.objects.filter(user=actor, active=True,
                                            role__in=(Role.OFFICER, Role.ADMIN))
                  .select_related("office__region").order_by("office__region_id").first())
    return membership.office if membership is not None else None


def push_matches(actor, office: Office, criteria: PushCriteria) -> QuerySet[Enterprise]:
    """The operating enterprises the criteria match within the office's division, among those
    the actor may see: never one outside their jurisdiction, whatever the criteria say."""
    enterprises = (visible(actor, Enterprise)
                   .filter(status=Enterprise.Status.OPERATING)
                   .filter(office.region.subtree_q("region_id"))
                   .filter(principal_of(actor).region_q("region_id", write=True)))
    if criteria.regions:
        within = Q(pk__in=[])
        for region in criteria.regions:
            within |= region.subtree_q("region_id")
        enterprises = enterprises.filter(within)
    if criteria.industries:
        enterprises = enterprises.filter(industry__in=list(criteria.industries))
    if criteria.tags:
        tagged = Enterprise.tags.through.objects.filter(
            tag_id__in=[tag.pk for tag in criteria.tags]).values("enterprise_id")
        enterprises = enterprises.filter(pk__in=tagged)
    return enterprises


def _check_criteria(office: Office, criteria: PushCriteria) -> None:
    outside = [region.name for region in criteria.regions
               if not office.region.contains(region.code)]
    if outside:
        raise ValidationError({"regions": _(
            "These divisions are outside %(office)s's division: %(names)s.")
            % {"office": office, "names": ", ".join(outside)}})
    unknown = sorted(set(criteria.industries) - INDUSTRY_CODES)
    if unknown:
        raise ValidationError({"industries": _("Unknown industry: %(codes)s.")
                               % {"codes": ", ".join(unknown)}})


@transaction.atomic
def policy_push(*, actor, policy: Policy, criteria: PushCriteria, note: str = "",
                office: Office | None = None, expected_count: int | None = None,
                at: datetime.datetime | None = None) -> PolicyPush:
    """Push the policy to the enterprises the criteria match (see push_matches): one delivery
    each, written in bulk, a notification for each one's portal users and an email copy after
    commit when email is configured. ``expected_count`` is the number the officer saw: if the
    matches changed since, nothing is pushed."""
    office = office or pushing_office(actor)
    if office is None or not may_place(actor, office.region_id):
        raise TransitionRefused(_("You may push policies only from an office you work for."))
    if not visible(actor, Policy).filter(pk=policy.pk).exists():
        raise TransitionRefused(_("This policy is not in your library."))
    now = _now(at)
    if policy.valid_until is not None and policy.valid_until < timezone.localdate(now):
        raise ValidationError(_("This policy expired on %(day)s: it is no longer pushed.")
                              % {"day": policy.valid_until.isoformat()})
    _check_criteria(office, criteria)
    matched = list(push_matches(actor, office, criteria).order_by("pk")
                   .values_list("pk", "region_id"))
    if not matched:
        raise ValidationError(_("No enterprise matches these criteria: nothing was pushed."))
    if expected_count is not None and expected_count != len(matched):
        raise ValidationError(_("The enterprises matching your choice changed since their "
                                "number was shown (now %(count)s). Nothing was pushed: check "
                                "the list and push again.") % {"count": len(matched)})
    push = PolicyPush.objects.create(policy=policy, office=office, region_id=office.region_id,
                                     note=note.strip(), criteria=criteria.as_json(),
                                     pushed_by=actor, pushed_at=now)
    deliveries = Delivery.objects.bulk_create(
        [Delivery(push=push, enterprise_id=pk, region_id=region, delivered_at=now)
         for pk, region in matched], batch_size=CHUNK)
    _notify_portal_users(push, deliveries, now)
    event_record(actor=actor, verb="policy.pushed", target=push,
                 target_repr=policy.title, timeline=f"policies.policy:{policy.pk}",
                 region_code=push.region_id,
                 changes={"criteria": push.criteria, "enterprises": len(deliveries),
                          "note": push.note, "office": str(office)}, at=at)
    if settings.QINSHANG_EMAIL_ENABLED:
        ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: deliveries_email(ids))
    return push


def _portal_users(enterprise_ids: Iterable[int]) -> dict[int, list]:
    users: dict[int, list] = {}
    for membership in (Membership.objects.filter(role=Role.PORTAL, active=True,
                                                 user__is_active=True,
                                                 enterprise_id__in=list(enterprise_ids))
                       .select_related("user")):
        users.setdefault(membership.enterprise_id, []).append(membership.user)
    return users


def portal_link(delivery: Delivery) -> str:
    return reverse("portal:policy", args=[delivery.pk])


def _notify_portal_users(push: PolicyPush, deliveries: list[Delivery],
                         now: datetime.datetime) -> None:
    users = _portal_users(delivery.enterprise_id for delivery in deliveries)
    Notification.objects.bulk_create(
        [Notification(recipient=user, verb="policy.pushed", target_type="policies.delivery",
                      target_id=str(delivery.pk), target_repr=push.policy.title[:200],
                      link=portal_link(delivery), note=push.note, at=now)
         for delivery in deliveries for user in users.get(delivery.enterprise_id, [])],
        batch_size=CHUNK)


def deliveries_email(ids: list[int]) -> int:
    """The email copy of each delivery, to its enterprise's portal users with an address, in
    Traditional Chinese like the portal; records emailed_at on the delivery (and on the
    notification, so that the appeals tick does not send a second copy). A failing mail server
    leaves both unmarked. Returns how many emails went out."""
    from qinshang.portal.templatetags.portal import for_reader

    sent = 0
    for start in range(0, len(ids), CHUNK):
        chunk = list(Delivery.objects.filter(pk__in=ids[start:start + CHUNK],
                                             emailed_at__isnull=True,
                                             push__withdrawn_at__isnull=True)
                     .select_related("push__policy"))
        users = _portal_users(delivery.enterprise_id for delivery in chunk)
        for delivery in chunk:
            addresses = [user.email for user in users.get(delivery.enterprise_id, [])
                         if user.email]
            if not addresses:
                continue
            policy = delivery.push.policy
            with translation.override(PORTAL_LANGUAGE):
                subject = _("[qinshang] New policy: %(title)s") % {
                    "title": for_reader(policy.title)}
                body = "\n\n".join(filter(None, [
                    for_reader(policy.title),
                    f"{for_reader(policy.issuer)} {policy.document_number}".strip(),
                    for_reader(delivery.push.note), for_reader(policy.summary),
                    settings.QINSHANG_SITE_URL + portal_link(delivery)]))
            delivered = 0
            for address in addresses:
                try:
                    send_mail(subject, body, None, [address])
                except OSError:
                    continue
                delivered += 1
            if delivered:
                moment = timezone.now()
                Delivery.objects.filter(pk=delivery.pk).update(emailed_at=moment)
                Notification.objects.filter(target_type="policies.delivery",
                                            target_id=str(delivery.pk),
                                            emailed_at__isnull=True).update(emailed_at=moment)
                sent += delivered
    return sent


@transaction.atomic
def push_withdraw(*, actor, push: PolicyPush, reason: str,
                  at: datetime.datetime | None = None) -> PolicyPush:
    """The deliveries leave the enterprises' inboxes (they stay on record, with their read
    receipts); their unread notifications are put away."""
    if not may_place(actor, push.region_id):
        raise TransitionRefused(_("You may withdraw only pushes of your jurisdiction."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the push is withdrawn.")})
    locked = PolicyPush.objects.select_for_update().get(pk=push.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This push was already withdrawn."))
    now = _now(at)
    PolicyPush.objects.filter(pk=push.pk).update(withdrawn_at=now, withdrawn_by=actor,
                                                 withdrawal_reason=reason[:300])
    push.refresh_from_db()
    delivery_ids = [str(pk) for pk in push.deliveries.values_list("pk", flat=True)]
    for start in range(0, len(delivery_ids), CHUNK):
        Notification.objects.filter(target_type="policies.delivery", read_at__isnull=True,
                                    target_id__in=delivery_ids[start:start + CHUNK]) \
            .update(read_at=now)
    event_record(actor=actor, verb="policy.push_withdrawn", target=push,
                 target_repr=push.policy.title, timeline=f"policies.policy:{push.policy_id}",
                 region_code=push.region_id,
                 changes={"reason": reason, "enterprises": len(delivery_ids)}, at=at)
    return push


@transaction.atomic
def delivery_open(*, actor, delivery: Delivery, at: datetime.datetime | None = None) -> bool:
    """The read receipt: the first opening by one of the enterprise's portal users is recorded
    (time and reader); later openings change nothing. Returns whether this one was the first."""
    if delivery.enterprise_id not in principal_of(actor).enterprise_ids:
        return False  # staff looking at a delivery do not mark it read
    now = _now(at)
    first = bool(Delivery.objects.filter(pk=delivery.pk, read_at__isnull=True)
                 .update(read_at=now, read_by=actor))
    if first:
        delivery.read_at, delivery.read_by = now, actor
        Notification.objects.filter(recipient=actor, target_type="policies.delivery",
                                    target_id=str(delivery.pk), read_at__isnull=True) \
            .update(read_at=now)
        event_record(actor=actor, verb="policy.read", target=delivery,
                     target_repr=delivery.push.policy.title,
                     timeline=f"enterprises.enterprise:{delivery.enterprise_id}",
                     region_code=delivery.region_id, at=at)
    return first
