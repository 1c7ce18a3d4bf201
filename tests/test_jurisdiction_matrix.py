"""The jurisdiction matrix (DESIGN.md §6, §8): every URL of the project against the whole cast.

``ROUTES`` below is the one table: for each named URL pattern, how to fill its kwargs from the
cast, the methods to try, the data a write sends, and the status each member of the cast must get.
A URL pattern missing from the table fails ``test_every_url_pattern_is_in_the_matrix``, so a new
view cannot ship without saying who may reach it.

Members: ``owner`` (officer of 历下区 370102, owns the enterprise), ``reader`` (leader of that
county, read-only), ``neighbour`` (市中区 370103), ``city`` (Jinan), ``province`` (Shandong),
``other_city`` (Weifang), ``department`` (Jinan commerce liaison), ``portal`` (portal user of the
enterprise) and ``anonymous`` (not logged in).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from qinshang.accounts.models import Membership, User
from qinshang.appeals.models import Appeal, Assignment, Attachment, Category, Extension
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.testing.cast import OWNER_COUNTY, Cast, build_appeal_cast, build_cast
from qinshang.testing.factories import credit_code

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


def enterprise_kwargs(cast: Cast) -> dict:
    return {"pk": cast.enterprise.pk}


def person_kwargs(cast: Cast) -> dict:
    return {"pk": cast.enterprise.pk, "person_pk": cast.person.pk}


def measure_kwargs(cast: Cast) -> dict:
    return {"pk": cast.enterprise.pk, "measure_pk": cast.measure.pk}


def appeal_kwargs(cast: Cast) -> dict:
    return {"pk": cast.appeals.appeal.pk}


def appeal_note_kwargs(cast: Cast) -> dict:
    return {"pk": cast.appeals.appeal.pk, "action": "note"}


def attachment_kwargs(cast: Cast) -> dict:
    return {"pk": cast.appeals.appeal.pk, "attachment_pk": cast.appeals.attachment.pk}


def person_register_kwargs(cast: Cast) -> dict:
    return {"person_pk": cast.person.pk}


def enterprise_register_kwargs(cast: Cast) -> dict:
    return {"enterprise_pk": cast.enterprise.pk}


def owner_notification_kwargs(cast: Cast) -> dict:
    return {"pk": Notification.objects.filter(recipient=cast.owner).values_list(
        "pk", flat=True).first()}


def owner_user_kwargs(cast: Cast) -> dict:
    return {"object_id": cast.owner.pk}


# --- valid data for each write (so that a refusal is about access, never validation) ---------

NEW_ADDRESS = "济南市历下区泉城路188号"
NEW_ENTERPRISE = "济南海峡两岸新材料有限公司"
NEW_CREDIT_CODE = credit_code(OWNER_COUNTY, 424242)
NEW_PERSON = "林美玲"
NEW_PHONE = "13911112222"
NEW_MEASURE = "协调办理台胞居住证"
CHANGED_MEASURE = "协调解决厂房用电扩容"


def _blank(value) -> str:
    return "" if value is None else str(value)


def enterprise_data(cast: Cast) -> dict:
    enterprise = Enterprise.objects.get(pk=cast.enterprise.pk)
    return {
        "name": enterprise.name, "trade_name": enterprise.trade_name,
        "credit_code": enterprise.credit_code, "region": enterprise.region_id,
        "address": NEW_ADDRESS, "industry": enterprise.industry, "origin": enterprise.origin,
        "registered_capital": _blank(enterprise.registered_capital),
        "total_investment": _blank(enterprise.total_investment), "employees": "120",
        "status": enterprise.status, "liaison_officer": _blank(enterprise.liaison_officer_id),
        "version": str(enterprise.version),
    }


def new_enterprise_data(cast: Cast) -> dict:
    return {
        "name": NEW_ENTERPRISE, "trade_name": "海峽新材", "credit_code": NEW_CREDIT_CODE,
        "region": OWNER_COUNTY, "address": "济南市历下区经十路9999号", "industry": "29",
        "origin": "710000", "registered_capital": "500", "total_investment": "800",
        "employees": "40", "status": Enterprise.Status.OPERATING, "liaison_officer": "",
    }


def new_person_data(cast: Cast) -> dict:
    return {"name": NEW_PERSON, "origin": "710000", "document_kind": "", "document_number": "",
            "phone": "13800001111", "region": OWNER_COUNTY,
            "relation": Affiliation.Relation.SHAREHOLDER}


def person_data(cast: Cast) -> dict:
    person = Person.objects.get(pk=cast.person.pk)
    return {"name": person.name, "origin": person.origin, "document_kind": person.document_kind,
            "document_number": person.document_number, "phone": NEW_PHONE,
            "region": person.region_id}


def new_measure_data(cast: Cast) -> dict:
    return {"title": NEW_MEASURE, "detail": "人社局牵头", "department": "",
            "status": SupportMeasure.Status.PLANNED, "due_date": "2030-06-30"}


def measure_data(cast: Cast) -> dict:
    measure = SupportMeasure.objects.get(pk=cast.measure.pk)
    return {"title": CHANGED_MEASURE, "detail": measure.detail,
            "department": _blank(measure.department_id),
            "status": SupportMeasure.Status.IN_PROGRESS, "due_date": ""}


NEW_APPEAL = "厂区道路维修需要协调"
EDITED_APPEAL = "厂房用电扩容审批（已补充材料）"
TRACKING_NOTE = "已电话联系商务局，约定下周现场办公"
PORTAL_APPEAL = "子女入學需要協助辦理學籍"
PORTAL_COMMENT = "補充：已上傳供電公司回函"


def new_appeal_data(cast: Cast) -> dict:
    return {"kind": "request", "channel": "visit", "priority": "normal",
            "category": str(Category.objects.get(code="logistics").pk), "title": NEW_APPEAL,
            "description": "厂区门前道路破损，货车进出困难。", "contact_phone": ""}


def appeal_edit_data(cast: Cast) -> dict:
    appeal = Appeal.objects.get(pk=cast.appeals.appeal.pk)
    return {"kind": appeal.kind, "channel": appeal.channel, "priority": appeal.priority,
            "category": str(appeal.category_id), "title": EDITED_APPEAL,
            "description": appeal.description, "contact_phone": appeal.contact_phone,
            "version": str(appeal.version)}


def note_data(cast: Cast) -> dict:
    return {"text": TRACKING_NOTE,
            "version": str(Appeal.objects.get(pk=cast.appeals.appeal.pk).version)}


def portal_appeal_data(cast: Cast) -> dict:
    return {"kind": "request", "category": str(Category.objects.get(code="schooling").pk),
            "title": PORTAL_APPEAL, "description": "小孩明年九月入學，請協助說明所需材料。",
            "contact_phone": "13800002222"}


def portal_comment_data(cast: Cast) -> dict:
    return {"text": PORTAL_COMMENT}


def portal_rate_data(cast: Cast) -> dict:
    return {"rating": "5", "comment": "",
            "version": str(Appeal.objects.get(pk=cast.appeals.appeal.pk).version)}


def portal_reopen_data(cast: Cast) -> dict:
    return {"reason": "仍未解決",
            "version": str(Appeal.objects.get(pk=cast.appeals.appeal.pk).version)}


def language_data(cast: Cast) -> dict:
    return {"language": "en", "next": "/"}


# --- what a successful write must have done ---------------------------------------------------

def enterprise_edited(cast: Cast, response) -> None:
    enterprise = Enterprise.objects.get(pk=cast.enterprise.pk)
    assert (enterprise.address, enterprise.employees) == (NEW_ADDRESS, 120)
    assert enterprise.version == cast.enterprise.version + 1


def enterprise_created(cast: Cast, response) -> None:
    created = Enterprise.objects.get(credit_code=NEW_CREDIT_CODE)
    assert created.region_id == OWNER_COUNTY
    assert response["Location"] == reverse("enterprises:detail", args=[created.pk])


def person_added(cast: Cast, response) -> None:
    assert Affiliation.objects.filter(enterprise=cast.enterprise, person__name=NEW_PERSON).exists()


def person_edited(cast: Cast, response) -> None:
    assert Person.objects.get(pk=cast.person.pk).phone == NEW_PHONE


def document_revealed(cast: Cast, response) -> None:
    assert cast.person.document_number in response.content.decode()
    assert Event.objects.filter(verb="person.document_viewed",
                                target_id=str(cast.person.pk)).count() == 1


def measure_added(cast: Cast, response) -> None:
    assert cast.enterprise.measures.filter(title=NEW_MEASURE).exists()


def measure_edited(cast: Cast, response) -> None:
    assert SupportMeasure.objects.get(pk=cast.measure.pk).title == CHANGED_MEASURE


def appeal_registered(cast: Cast, response) -> None:
    created = Appeal.objects.get(title=NEW_APPEAL)
    assert created.region_id == OWNER_COUNTY
    assert response["Location"] == reverse("appeals:detail", args=[created.pk])


def appeal_edited(cast: Cast, response) -> None:
    assert Appeal.objects.get(pk=cast.appeals.appeal.pk).title == EDITED_APPEAL


def appeal_noted(cast: Cast, response) -> None:
    assert Event.objects.filter(verb="appeal.noted", note=TRACKING_NOTE,
                                target_id=str(cast.appeals.appeal.pk)).count() == 1


def portal_appeal_submitted(cast: Cast, response) -> None:
    created = Appeal.objects.get(title=PORTAL_APPEAL)
    assert (created.enterprise_id, created.channel) == (cast.enterprise.pk, "portal")


def portal_commented(cast: Cast, response) -> None:
    assert Event.objects.filter(verb="appeal.commented", note=PORTAL_COMMENT).count() == 1


def notifications_all_read(cast: Cast, response) -> None:
    reader = response.wsgi_request.user
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()


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


ROUTES: dict[str, Route] = {
    # Public: the office's monitoring polls it without logging in.
    "core:healthz": Route(get=everyone(200)),
    # The overview: staff see their figures; portal users are sent on to the portal.
    "core:home": Route(get=expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                                  other_city=200, department=200, portal=302, anonymous=LOGIN)),
    # Logged-in users are sent on to the overview (redirect_authenticated_user=True).
    "accounts:login": Route(get=expect(owner=302, reader=302, neighbour=302, city=302,
                                       province=302, other_city=302, department=302, portal=302,
                                       anonymous=200)),
    # Logging out is POST only (Django 5).
    "accounts:logout": Route(get=everyone(405), post=everyone(302)),
    # Django's i18n view: anyone may switch the language; it writes no rows.
    "set_language": Route(post=everyone(302), data=language_data),
    "enterprises:list": Route(get=STAFF_LIST),
    "enterprises:export": Route(get=STAFF_LIST),
    # Creating: any officer may open the form (to file under their own counties); filing the
    # owner county's enterprise is refused by the form (400) outside that jurisdiction.
    # Read-only colleagues and department liaisons may not create at all.
    "enterprises:create": Route(
        get=expect(owner=200, reader=403, neighbour=200, city=200, province=200, other_city=200,
                   department=403, portal=404, anonymous=LOGIN),
        post=expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                    other_city=400, department=403, portal=404, anonymous=LOGIN),
        data=new_enterprise_data, writes_on=302, effect=enterprise_created),
    "enterprises:detail": Route(kwargs=enterprise_kwargs, get=OBJECT_READ),
    "enterprises:edit": Route(kwargs=enterprise_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                              data=enterprise_data, writes_on=302, effect=enterprise_edited),
    "enterprises:person_create": Route(kwargs=enterprise_kwargs, get=OBJECT_FORM,
                                       post=OBJECT_WRITE, data=new_person_data, writes_on=302,
                                       effect=person_added),
    "enterprises:person_edit": Route(kwargs=person_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                     data=person_data, writes_on=302, effect=person_edited),
    # Showing a full document number is POST only and recorded as an event (answer: 200 with
    # the number). GET is refused before anything is looked up.
    "enterprises:person_document": Route(
        kwargs=person_kwargs,
        get=expect(owner=405, reader=405, neighbour=405, city=405, province=405, other_city=405,
                   department=405, portal=404, anonymous=LOGIN),
        post=expect(owner=200, reader=403, neighbour=404, city=200, province=200,
                    other_city=404, department=404, portal=404, anonymous=LOGIN),
        writes_on=200, effect=document_revealed),
    "enterprises:measure_create": Route(kwargs=enterprise_kwargs, get=OBJECT_FORM,
                                        post=OBJECT_WRITE, data=new_measure_data, writes_on=302,
                                        effect=measure_added),
    "enterprises:measure_edit": Route(kwargs=measure_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                      data=measure_data, writes_on=302, effect=measure_edited),
    # Appeals. The list is every staff member's inbox, filtered to their reach; the department
    # sees the one appeal routed to it.
    "appeals:list": Route(get=STAFF_LIST, insiders=("department",)),
    "appeals:export": Route(get=STAFF_LIST, insiders=("department",)),
    "appeals:register": Route(kwargs=enterprise_register_kwargs, get=OBJECT_FORM,
                              post=OBJECT_WRITE, data=new_appeal_data, writes_on=302,
                              effect=appeal_registered),
    "appeals:register_person": Route(kwargs=person_register_kwargs, get=OBJECT_FORM,
                                     post=OBJECT_WRITE, data=new_appeal_data, writes_on=302,
                                     effect=appeal_registered),
    "appeals:detail": Route(kwargs=appeal_kwargs, get=APPEAL_READ, insiders=("department",)),
    "appeals:edit": Route(kwargs=appeal_kwargs, get=APPEAL_FORM, post=APPEAL_WRITE,
                          data=appeal_edit_data, writes_on=302, effect=appeal_edited,
                          insiders=("department",)),
    # A tracking note: the office and the lead department may add one to an assigned appeal.
    "appeals:act": Route(kwargs=appeal_note_kwargs, get=STAFF_POST_ONLY,
                         post=expect(owner=302, reader=403, neighbour=404, city=302,
                                     province=302, other_city=404, department=302, portal=404,
                                     anonymous=LOGIN),
                         data=note_data, writes_on=302, effect=appeal_noted,
                         insiders=("department",)),
    "appeals:attachment": Route(kwargs=attachment_kwargs, get=APPEAL_READ,
                                insiders=("department",)),
    # Figures are counts: every staff member gets their own reach's.
    "figures:appeals": Route(get=STAFF_LIST),
    "figures:appeals_export": Route(get=STAFF_LIST),
    # Each user's own notifications: the department's and the portal user's are about the
    # appeal routed to them or submitted by them.
    "notifications:list": Route(get=OWN_PAGE, insiders=("department", "portal")),
    "notifications:read": Route(get=expect(owner=405, reader=405, neighbour=405, city=405,
                                           province=405, other_city=405, department=405,
                                           portal=405, anonymous=LOGIN),
                                post=expect(owner=302, reader=302, neighbour=302, city=302,
                                            province=302, other_city=302, department=302,
                                            portal=302, anonymous=LOGIN),
                                writes_on=302, effect=notifications_all_read),
    # Opening a notification marks it read and follows its link: the recipient's own only.
    "notifications:open": Route(kwargs=owner_notification_kwargs,
                                get=expect(owner=302, reader=404, neighbour=404, city=404,
                                           province=404, other_city=404, department=404,
                                           portal=404, anonymous=LOGIN)),
    "portal:home": Route(get=PORTAL_PAGE, insiders=("portal",)),
    "portal:appeal_create": Route(get=PORTAL_PAGE,
                                  post=expect(owner=404, reader=404, neighbour=404, city=404,
                                              province=404, other_city=404, department=404,
                                              portal=302, anonymous=LOGIN),
                                  data=portal_appeal_data, writes_on=302,
                                  effect=portal_appeal_submitted, insiders=("portal",)),
    "portal:appeal": Route(kwargs=appeal_kwargs, get=PORTAL_PAGE, insiders=("portal",)),
    # The cast's appeal is assigned, not answered: rating and reopening are refused (403)
    # even to its appellant; everyone else does not find it.
    "portal:rate": Route(kwargs=appeal_kwargs, get=PORTAL_POST_ONLY,
                         post=expect(owner=404, reader=404, neighbour=404, city=404,
                                     province=404, other_city=404, department=404, portal=403,
                                     anonymous=LOGIN),
                         data=portal_rate_data, insiders=("portal",)),
    "portal:reopen": Route(kwargs=appeal_kwargs, get=PORTAL_POST_ONLY,
                           post=expect(owner=404, reader=404, neighbour=404, city=404,
                                       province=404, other_city=404, department=404,
                                       portal=403, anonymous=LOGIN),
                           data=portal_reopen_data, insiders=("portal",)),
    "portal:comment": Route(kwargs=appeal_kwargs, get=PORTAL_POST_ONLY,
                            post=expect(owner=404, reader=404, neighbour=404, city=404,
                                        province=404, other_city=404, department=404,
                                        portal=302, anonymous=LOGIN),
                            data=portal_comment_data, writes_on=302, effect=portal_commented,
                            insiders=("portal",)),
    "portal:attachment": Route(kwargs=attachment_kwargs, get=PORTAL_PAGE, insiders=("portal",)),
}

# Framework URL groups, matched by namespace rather than one by one. The Django admin bypasses
# jurisdiction, so it is for superusers only; nobody in the cast is one. A sample of its pages is
# tried for everyone; the rest of the namespace is covered by the same site-wide has_permission.
FRAMEWORK_NAMESPACES = {"admin": "Django admin: superusers only (restrict_admin_to_administrators)"}
ADMIN_SAMPLES: dict[str, Route] = {
    "admin:index": Route(get=everyone(ADMIN_LOGIN)),
    "admin:accounts_user_changelist": Route(get=everyone(ADMIN_LOGIN)),
    "admin:accounts_user_change": Route(kwargs=owner_user_kwargs, get=everyone(ADMIN_LOGIN),
                                        post=everyone(ADMIN_LOGIN),
                                        data=lambda cast: {"username": "owner",
                                                           "is_superuser": "on"}),
}
# Static files are served by WhiteNoise's middleware (DEBUG is off), not by a URL pattern; a
# django.views.static.serve pattern appearing would have to be added to ROUTES like any other.


# --- walking the URL configuration ------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None      # "namespace:name", or None for an unnamed pattern
    namespace: str        # the full namespace ("" at the top level)


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    if patterns is None:
        patterns = get_resolver().url_patterns
    found = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found += walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(Pattern(route="/" + route, name=name, namespace=namespace))
    return found


def covered(pattern: Pattern) -> bool:
    if pattern.namespace.split(":")[0] in FRAMEWORK_NAMESPACES:
        return True
    return pattern.name is not None and pattern.name in ROUTES


def test_every_url_pattern_is_in_the_matrix():
    uncovered = sorted(f"{pattern.name or '(unnamed pattern)'}  {pattern.route}"
                       for pattern in walk() if not covered(pattern))
    assert not uncovered, (
        "These URL patterns are not in the jurisdiction matrix. Add each to ROUTES in "
        "tests/test_jurisdiction_matrix.py with its kwargs, methods and the status every cast "
        "member must get:\n  " + "\n  ".join(uncovered))


def test_the_matrix_lists_only_existing_patterns():
    names = {pattern.name for pattern in walk() if pattern.name}
    stale = sorted(set(ROUTES) - names)
    assert not stale, f"ROUTES lists patterns the project no longer has: {stale}"
    samples_elsewhere = sorted(name for name in ADMIN_SAMPLES
                               if name not in names or not name.startswith("admin:"))
    assert not samples_elsewhere, f"Admin samples that are not admin patterns: {samples_elsewhere}"
    assert any(p.namespace == "admin" for p in walk()), "the admin namespace is not mounted"


def test_the_walk_sees_the_project():
    """Guard against a walk that silently finds nothing."""
    names = {pattern.name for pattern in walk()}
    assert {"core:home", "enterprises:detail", "set_language", "admin:index"} <= names


# --- the matrix itself --------------------------------------------------------------------------

@pytest.fixture
def cast(divisions) -> Cast:
    """The cast with its appeal, routed to the cast's department."""
    members = build_cast()
    members.appeals = build_appeal_cast(members)
    return members


def _cases():
    for table in (ROUTES, ADMIN_SAMPLES):
        for name, route in table.items():
            for method, expected in (("GET", route.get), ("POST", route.post)):
                if expected is None:
                    continue
                for member in MEMBERS:
                    yield pytest.param(name, method, member, id=f"{name}-{method}-{member}")


def snapshot_database() -> dict:
    """Every row a view of the matrix could change, field by field."""
    return {
        "enterprises": list(Enterprise.objects.order_by("pk").values()),
        "enterprise_tags": list(Enterprise.tags.through.objects.order_by("pk").values()),
        "persons": list(Person.objects.order_by("pk").values()),
        "affiliations": list(Affiliation.objects.order_by("pk").values()),
        "measures": list(SupportMeasure.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "appeals": list(Appeal.objects.order_by("pk").values()),
        "assignments": list(Assignment.objects.order_by("pk").values()),
        "extensions": list(Extension.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
    }


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def workbook_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return "\n".join(" ".join("" if value is None else str(value) for value in row)
                     for row in sheet.iter_rows(values_only=True))


def secrets_of(cast: Cast) -> list[str]:
    """What the owner county's file shows that outsiders must never see."""
    return [cast.enterprise.name, cast.enterprise.trade_name, cast.enterprise.credit_code,
            cast.person.name, cast.measure.title, cast.appeals.appeal.title,
            cast.appeals.unrouted.title, cast.appeals.attachment.name]


def readable_text(response, content: bytes) -> str:
    if response.get("Content-Type", "").startswith(XLSX):
        return workbook_text(content)
    return content.decode(errors="replace")


@pytest.mark.parametrize(("name", "method", "member"), list(_cases()))
def test_matrix(client, cast, name, method, member):
    route = ROUTES.get(name) or ADMIN_SAMPLES[name]
    expected = (route.get if method == "GET" else route.post)[member]
    if member != "anonymous":
        client.force_login(getattr(cast, member))
    url = reverse(name, kwargs=route.kwargs(cast))
    data = route.data(cast) if route.data else {}
    before = snapshot_database()

    response = client.get(url) if method == "GET" else client.post(url, data)

    where = f"{method} {url} as {member}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, expected login"
        location = urlsplit(response["Location"])
        assert location.path == reverse("accounts:login"), f"{where}: to {response['Location']}"
        assert parse_qs(location.query).get("next") == [url], f"{where}: {response['Location']}"
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, expected login"
        assert urlsplit(response["Location"]).path == reverse("admin:login"), where
    else:
        assert response.status_code == expected, (
            f"{where}: got {response.status_code}, expected {expected}")

    content = body(response)
    if member in OUTSIDERS and member not in route.insiders:
        text = readable_text(response, content)
        leaked = [secret for secret in secrets_of(cast) if secret and secret in text]
        assert not leaked, f"{where}: the answer shows {leaked}"

    if method == "POST":
        if route.writes_on is not None and expected == route.writes_on:
            route.effect(cast, response)
        else:
            assert snapshot_database() == before, f"{where}: refused, yet the database changed"
    else:
        assert snapshot_database() == before, f"{where}: a GET changed the database"


# --- what the pages with 200 for everyone show ------------------------------------------------

@pytest.mark.parametrize("member", ["neighbour", "other_city", "department"])
@pytest.mark.parametrize("name", ["enterprises:list", "enterprises:export"])
def test_lists_leave_out_what_is_outside_the_jurisdiction(client, cast, name, member):
    client.force_login(getattr(cast, member))
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = readable_text(response, body(response))
    assert cast.enterprise.name not in text
    # The neighbour's own county is in reach: the filtering is by jurisdiction, not blanket.
    assert (cast.foreign_enterprise.name in text) == (member == "neighbour")


@pytest.mark.parametrize("member", ["owner", "reader", "city", "province"])
def test_export_holds_the_enterprise_for_its_jurisdiction(client, cast, member):
    client.force_login(getattr(cast, member))
    response = client.get(reverse("enterprises:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(XLSX)
    text = workbook_text(body(response))
    assert cast.enterprise.name in text
    assert (cast.foreign_enterprise.name in text) == (member in ("city", "province"))


def test_neighbour_export_has_no_row_of_the_enterprise(client, cast):
    client.force_login(cast.neighbour)
    response = client.get(reverse("enterprises:export"))
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    cells = {str(value) for row in rows for value in row if value is not None}
    assert cast.enterprise.name not in cells
    assert cast.enterprise.credit_code not in cells
    assert cast.foreign_enterprise.name in cells
    assert len(rows) == 2  # the header and the neighbour county's one enterprise


@pytest.mark.parametrize("member", ["owner", "department"])
def test_overview_is_the_staff_home_for_staff(client, cast, member):
    client.force_login(getattr(cast, member))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "core/home.html" in [used.name for used in response.templates]


def test_overview_sends_portal_users_to_the_portal(client, cast):
    client.force_login(cast.portal)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


@pytest.mark.parametrize("member", ["neighbour", "other_city"])
def test_the_department_inbox_holds_only_what_was_routed_to_it(client, cast, member):
    """A department sees the appeal routed to it and not the county's other appeal; officers
    of other counties see neither."""
    client.force_login(cast.department)
    text = client.get(reverse("appeals:list")).content.decode()
    assert cast.appeals.appeal.title in text
    assert cast.appeals.unrouted.title not in text
    assert client.get(reverse("appeals:detail", args=[cast.appeals.unrouted.pk])).status_code \
        == 404
    client.force_login(getattr(cast, member))
    text = client.get(reverse("appeals:list")).content.decode()
    assert cast.appeals.appeal.title not in text
    assert cast.appeals.unrouted.title not in text


def build_foreign_appeal(cast: Cast) -> Appeal:
    from qinshang.appeals import services
    from qinshang.testing.cast import APPEAL_REGISTERED_AT

    return services.appeal_register(
        actor=cast.neighbour, enterprise=cast.foreign_enterprise, at=APPEAL_REGISTERED_AT,
        data={"kind": "request", "channel": "visit",
              "category": Category.objects.get(code="financing"),
              "title": "流动资金贷款续贷", "description": "希望协调银行续贷。"})


def test_a_portal_user_cannot_reach_another_enterprises_appeal_by_its_id(client, cast):
    client.force_login(cast.portal)
    other = cast.appeals.unrouted
    assert client.get(reverse("portal:appeal", args=[cast.appeals.appeal.pk])).status_code == 200
    foreign = build_foreign_appeal(cast)
    for name in ("portal:appeal",):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    for name in ("portal:rate", "portal:reopen", "portal:comment"):
        assert client.post(reverse(name, args=[foreign.pk]),
                           {"text": "x", "reason": "x", "rating": "5"}).status_code == 404
    assert client.get(reverse("portal:attachment", kwargs={
        "pk": foreign.pk, "attachment_pk": cast.appeals.attachment.pk})).status_code == 404
    assert other.enterprise_id == cast.enterprise.pk  # the county's other appeal is theirs too
