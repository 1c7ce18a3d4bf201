"""A user's own notifications: staff and portal users alike, so login is all they need."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qinshang.notifications import selectors
from qinshang.notifications.services import notifications_mark_read


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notification_list(request.user)
    page = Paginator(notifications, settings.QINSHANG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_of(request.user, pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    # Links are written by our services; still, never send anyone off the site.
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    if notifications_mark_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
