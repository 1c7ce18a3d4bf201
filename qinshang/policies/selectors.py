"""Every read of the policy pages, already limited to what the user may see: the library with
its search and filters, one policy with its attachments and pushes, the push page's matches, a
push with its deliveries; and the portal's inbox of one enterprise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import FileResponse, Http404

from qinshang.access import get_for_user, visible
from qinshang.appeals.uploads import CONTENT_TYPES
from qinshang.enterprises.models import Enterprise
from qinshang.policies.models import Delivery, Policy, PolicyAttachment, PolicyPush
from qinshang.regions.models import Region
from qinshang.search.query import matching


@dataclass(frozen=True)
class PolicyFilter:
    text: str = ""
    topic: str = ""
    industry: str = ""
    issuer: str = ""
    region: Region | None = None
    valid_on: datetime.date | None = None
    year: int | None = None


def _ancestors(region: Region) -> list[str]:
    codes = [region.code[:2] + "0000"]
    if region.level == Region.Level.COUNTY:
        codes.append(region.code[:4] + "00")
    return codes


def policy_list(user, criteria: PolicyFilter) -> QuerySet[Policy]:
    policies = visible(user, Policy)
    policies = matching(policies, criteria.text)
    if criteria.topic:
        policies = policies.filter(topics__topic=criteria.topic)
    if criteria.industry:
        policies = policies.filter(industries__industry=criteria.industry)
    if criteria.issuer:
        policies = policies.filter(issuer=criteria.issuer)
    if criteria.region is not None:
        # Entered at the division, below it, or above it (a province's policy applies there).
        policies = policies.filter(criteria.region.subtree_q("region_id")
                                   | Q(region_id__in=_ancestors(criteria.region)))
    if criteria.valid_on is not None:
        day = criteria.valid_on
        policies = policies.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                                   Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    if criteria.year is not None:
        policies = policies.filter(issued_on__year=criteria.year)
    return (policies.select_related("office", "region")
            .prefetch_related("topics", "industries", "tags")
            .order_by("-issued_on", "-id"))


def policy_page(user, criteria: PolicyFilter, number) -> Page:
    return Paginator(policy_list(user, criteria), settings.QINSHANG_PAGE_SIZE).get_page(number)


def issuers(user) -> list[str]:
    return list(visible(user, Policy).order_by("issuer").values_list("issuer", flat=True)
                .distinct())


def policy_detail(user, pk, *, write: bool = False) -> Policy:
    queryset = (Policy.objects.select_related("office", "region", "created_by")
                .prefetch_related("topics", "industries", "regions", "tags", "attachments"))
    return get_for_user(user, Policy, pk, write=write, queryset=queryset)


@dataclass(frozen=True)
class PushRow:
    push: PolicyPush
    deliveries: int
    emailed: int
    read: int

    @property
    def read_rate(self) -> float | None:
        return self.read / self.deliveries if self.deliveries else None


def _delivery_counts(user, pushes: list[PolicyPush]) -> dict[int, dict]:
    rows = (visible(user, Delivery).filter(push_id__in=[push.pk for push in pushes])
            .order_by().values("push_id")
            .annotate(deliveries=Count("id"),
                      emailed=Count("id", filter=Q(emailed_at__isnull=False)),
                      read=Count("id", filter=Q(read_at__isnull=False))))
    return {row["push_id"]: row for row in rows}


def push_rows(user, pushes: QuerySet[PolicyPush]) -> list[PushRow]:
    pushes = list(pushes.select_related("office", "pushed_by", "withdrawn_by", "policy"))
    counts = _delivery_counts(user, pushes)
    empty = {"deliveries": 0, "emailed": 0, "read": 0}
    return [PushRow(push, **{key: counts.get(push.pk, empty)[key] for key in empty})
            for push in pushes]


def policy_pushes(user, policy: Policy) -> list[PushRow]:
    return push_rows(user, visible(user, PolicyPush).filter(policy=policy)
                     .order_by("-pushed_at", "-id"))


def matches_page(matches: QuerySet[Enterprise], number) -> Page:
    return Paginator(matches.select_related("region").order_by("region_id", "name", "id"),
                     settings.QINSHANG_PAGE_SIZE).get_page(number)


def push_detail(user, pk, *, write: bool = False) -> PolicyPush:
    queryset = PolicyPush.objects.select_related("policy", "office", "pushed_by",
                                                 "withdrawn_by", "region")
    return get_for_user(user, PolicyPush, pk, write=write, queryset=queryset)


def push_deliveries(user, push: PolicyPush, number) -> Page:
    deliveries = (visible(user, Delivery).filter(push=push)
                  .select_related("enterprise", "region", "read_by")
                  .order_by("region_id", "enterprise__name", "id"))
    return Paginator(deliveries, settings.QINSHANG_PAGE_SIZE).get_page(number)


def attachment_response(policy: Policy, attachment_pk: int) -> FileResponse:
    """One of this policy's files (the policy already fetched through access): 404 for
    another policy's file or a file missing from the disk."""
    attachment = next((a for a in policy.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    return _file_response(attachment)


def _file_response(attachment: PolicyAttachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=CONTENT_TYPES.get(attachment.extension,
                                                           "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the portal ------------------------------------------------------------------------------

def inbox(user) -> QuerySet[Delivery]:
    """The deliveries to the portal user's enterprise(s) still standing: unread first, then
    the newest."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return (visible(user, Delivery).filter(push__withdrawn_at__isnull=True)
            .select_related("push__policy", "push__office", "enterprise")
            .order_by(unread.desc(), "-delivered_at", "-id"))


def inbox_page(user, number) -> Page:
    return Paginator(inbox(user), settings.QINSHANG_PAGE_SIZE).get_page(number)


def inbox_delivery(user, pk) -> Delivery:
    """One delivery of the user's inbox: 404 for another enterprise's, or a withdrawn one."""
    queryset = (Delivery.objects.filter(push__withdrawn_at__isnull=True)
                .select_related("push__policy__office", "push__office", "enterprise")
                .prefetch_related("push__policy__attachments", "push__policy__topics"))
    return get_for_user(user, Delivery, pk, queryset=queryset)
