"""What every table of the jurisdiction matrix shares: the cast's members, the statuses each
kind of page owes them, and ``Route``. The matrix's own routes are in
``tests/test_jurisdiction_matrix.py``; the routes of the later apps are in
``tests/matrix_<app>.py``, each with the snapshot of its tables and the part of the cast its
routes need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qinshang.testing.cast import Cast

MEMBERS = ("owner", "reader", "neighbour", "city", "province", "other_city", "department",
           "portal", "anonymous")
# Members who must never learn anything about the owner county's enterprise.
OUTSIDERS = ("neighbour", "other_city", "department", "portal")

LOGIN = "login"              # 302 to the staff login page, with ?next= the page asked for
ADMIN_LOGIN = "admin-login"  # 302 to the Django admin's login page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Expected = dict[str, int | str]


def expect(**statuses: int | str) -> Expected:
    """The status for every member of the cast; forgetting one is an error in the table."""
    assert set(statuses) == set(MEMBERS), sorted(set(MEMBERS) ^ set(statuses))
    return statuses


def everyone(status: int | str) -> Expected:
    return dict.fromkeys(MEMBERS, status)


# --- the expectations, by kind of page -------------------------------------------------------

# A staff list page: every staff member 200 (filtered to their jurisdiction), portal users 404.
STAFF_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200, other_city=200,
                    department=200, portal=404, anonymous=LOGIN)
# A page of the owner county's enterprise (or something inside it), read only.
OBJECT_READ = expect(owner=200, reader=200, neighbour=404, city=200, province=200,
                     other_city=404, department=404, portal=404, anonymous=LOGIN)
# A form that changes the enterprise's file: read-only colleagues 403, outsiders 404.
OBJECT_FORM = expect(owner=200, reader=403, neighbour=404, city=200, province=200,
                     other_city=404, department=404, portal=404, anonymous=LOGIN)
OBJECT_WRITE = expect(owner=302, reader=403, neighbour=404, city=302, province=302,
                      other_city=404, department=404, portal=404, anonymous=LOGIN)
# The cast's appeal is routed to the department, so its liaison reads it too.
APPEAL_READ = expect(owner=200, reader=200, neighbour=404, city=200, province=200,
                     other_city=404, department=200, portal=404, anonymous=LOGIN)
APPEAL_FORM = expect(owner=200, reader=403, neighbour=404, city=200, province=200,
                     other_city=404, department=403, portal=404, anonymous=LOGIN)
APPEAL_WRITE = expect(owner=302, reader=403, neighbour=404, city=302, province=302,
                      other_city=404, department=403, portal=404, anonymous=LOGIN)
# POST-only staff endpoints: GET is refused before anything is looked up.
STAFF_POST_ONLY = expect(owner=405, reader=405, neighbour=405, city=405, province=405,
                         other_city=405, department=405, portal=404, anonymous=LOGIN)
# The compatriots' portal: the portal user only; staff get 404.
PORTAL_PAGE = expect(owner=404, reader=404, neighbour=404, city=404, province=404,
                     other_city=404, department=404, portal=200, anonymous=LOGIN)
PORTAL_POST_ONLY = expect(owner=404, reader=404, neighbour=404, city=404, province=404,
                          other_city=404, department=404, portal=405, anonymous=LOGIN)
# Any logged-in user's own notifications.
OWN_PAGE = expect(owner=200, reader=200, neighbour=200, city=200, province=200, other_city=200,
                  department=200, portal=200, anonymous=LOGIN)


# --- how to fill the kwargs ------------------------------------------------------------------

def no_kwargs(cast: Cast) -> dict:
    return {}


@dataclass(frozen=True)
class Route:
    """One URL pattern of the matrix."""

    kwargs: Callable[[Cast], dict] = no_kwargs
    get: Expected | None = None            # None: GET is not tried
    post: Expected | None = None           # None: POST is not tried
    data: Callable[[Cast], dict] | None = None
    # The POST status that means "written" and what the write must have done. Any other POST
    # status must leave the database exactly as it was.
    writes_on: int | None = None
    effect: Callable[[Cast, object], None] | None = None
    # Members outside the enterprise's county who legitimately see this object (the department
    # the appeal is routed to, the portal user on the portal's pages).
    insiders: tuple[str, ...] = ()
    notes: str = field(default="", compare=False)
    # The query string the page needs (the test-call form: ?hotline=&round=).
    query: Callable[[Cast], dict] | None = None
