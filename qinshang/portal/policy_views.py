"""The compatriots' policy inbox (issue #6 point 4): the policies pushed to the portal user's
enterprise, unread first; opening one records the read receipt the first time. The office's
Simplified text is shown in Traditional characters for a zh-Hant reader (``for_reader``)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from qinshang.policies import selectors, services
from qinshang.portal.views import portal_required


@portal_required
@require_safe
def policy_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/policies.html",
                  {"page": selectors.inbox_page(request.user, request.GET.get("page"))})


@portal_required
@require_safe
def policy_page(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.inbox_delivery(request.user, pk)
    # Read before recording, so that the page can say the policy is new to the reader.
    was_unread = delivery.read_at is None
    if request.method == "GET":
        services.delivery_open(actor=request.user, delivery=delivery)
    return render(request, "portal/policy.html", {
        "delivery": delivery, "policy": delivery.push.policy, "was_unread": was_unread})


@portal_required
@require_safe
def policy_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    delivery = selectors.inbox_delivery(request.user, pk)
    return selectors.attachment_response(delivery.push.policy, attachment_pk)
