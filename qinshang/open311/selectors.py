"""Every read of the Open311 endpoints, limited to what the API key's user may see.

Services are the active appeal categories (public, like the specification's). Service requests
are appeals: a key reads the appeals its user reads on the staff pages or in the portal
(``visible(user, Appeal)``), whatever channel they came by; anything else is not found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat

from qinshang.access import get_for_user, visible
from qinshang.appeals.models import FINAL_STATES, Appeal, Category
from qinshang.appeals.selectors import categories_active
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.search.query import matching
from qinshang.text import fold

if TYPE_CHECKING:
    from qinshang.open311.forms import RequestFilter

MAX_REQUESTS = 1000  # GeoReport v2: "first 1000 requests returned"


def services_offered() -> QuerySet[Category]:
    return categories_active()


def service_offered(code: str) -> Category | None:
    return categories_active().filter(code=code).first()


# --- which enterprise a request concerns ---------------------------------------------------------

def enterprise_by_credit_code(user, code: str) -> Enterprise | None:
    """Outside the jurisdiction is the same as unknown."""
    return visible(user, Enterprise).filter(credit_code=code.strip().upper()).first()


def enterprises_matching(user, text: str) -> list[Enterprise]:
    """Up to two enterprises of the jurisdiction found by the text: by name, trade name or
    credit code as search finds them (folded, every word), or by an address that contains it.
    One is a match, two are ambiguous."""
    folded = fold(text)
    if not folded:
        return []
    reachable = visible(user, Enterprise)
    # Addresses are stored as written (the offices write Simplified): the text as sent, or
    # folded (a Traditional or full-width address_string).
    by_address = reachable.filter(Q(address__contains=folded) | Q(address__contains=text.strip()))
    return list((matching(reachable, text) | by_address).order_by("pk")[:2])


# --- service requests ----------------------------------------------------------------------------

def _last_event_at() -> Subquery:
    """The time of the appeal's latest event: when it was last changed, in any way."""
    key = Concat(Value(f"{Appeal._meta.label_lower}:"), Cast(OuterRef("pk"), CharField()))
    return Subquery(Event.objects.filter(timeline=key).order_by("-at").values("at")[:1])


def _requests(user) -> QuerySet[Appeal]:
    return (visible(user, Appeal)
            .select_related("category", "office", "enterprise", "open311")
            .annotate(updated_at=_last_event_at()))


def request_list(user, criteria: RequestFilter) -> list[Appeal]:
    appeals = _requests(user)
    if criteria.ids:
        appeals = appeals.filter(pk__in=criteria.ids)
    else:
        appeals = appeals.filter(registered_at__gte=criteria.start,
                                 registered_at__lte=criteria.end)
        if criteria.service_codes:
            appeals = appeals.filter(category__code__in=criteria.service_codes)
        if criteria.statuses == {"open"}:
            appeals = appeals.exclude(state__in=FINAL_STATES)
        elif criteria.statuses == {"closed"}:
            appeals = appeals.filter(state__in=FINAL_STATES)
    return list(appeals.order_by(F("registered_at").desc(), "-pk")[:MAX_REQUESTS])


def request_detail(user, pk: str) -> Appeal:
    """The appeal (Http404 when unknown or out of reach, alike)."""
    return get_for_user(user, Appeal, pk, queryset=_requests(user))
