from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from qinshang.access import principal_of
from qinshang.enterprises import selectors as enterprise_selectors
from qinshang.figures.appeals import appeals_at_a_glance
from qinshang.liaison.selectors import home_duties


@login_required
def home(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request.user)
    if not principal.is_staff_member:
        if principal.is_portal_user:
            return redirect("portal:home")
        return render(request, "core/portal_pending.html")
    return render(request, "core/home.html", {
        "status_counts": enterprise_selectors.enterprise_counts_by_status(request.user),
        "my_enterprises": enterprise_selectors.liaison_enterprise_count(request.user),
        "appeals": appeals_at_a_glance(request.user, now=timezone.now()),
        "duties": home_duties(request.user, timezone.localdate()),
    })


def healthz(request: HttpRequest) -> JsonResponse:
    """For the office's monitoring: the application runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
