"""The staff pages of appeals: the inbox, the export, intake from the enterprise page, the appeal
page with only the viewer's actions, the actions themselves, edit, duplicates and files."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from qinshang.appeals import services
from qinshang.appeals.models import (
    Appeal,
    Attachment,
    Category,
    Channel,
    Kind,
    Outcome,
    Priority,
    Rating,
    State,
)
from qinshang.appeals.views import STALE_ACTION, STALE_EDIT
from qinshang.events.models import Event
from qinshang.testing.appeals import START, Crew, appeal_data, build_appeal

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def english(client):
    """Assertions read the English messages: the user picked English in the selector."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def listed(response) -> set[int]:
    """The appeals (by id) in the inbox's result table."""
    return {int(pk) for pk in re.findall(r'<td class="mono nowrap"><a href="/appeals/(\d+)/">',
                                         html(response))}


def offered(response) -> set[str]:
    """The action forms on the appeal page."""
    return set(re.findall(r'id="action-([a-z_]+)"', html(response)))


def lead_of(cast):
    return cast.department.memberships.get().department


def recent_start() -> datetime.datetime:
    """Two hours ago: deadlines computed from it are still running (and in a covered year)."""
    return timezone.now() - datetime.timedelta(hours=2)


def act(client, appeal: Appeal, action: str, **data):
    data.setdefault("version", appeal.version)
    return client.post(reverse("appeals:act", args=[appeal.pk, action]), data)


def fresh(appeal: Appeal) -> Appeal:
    return Appeal.objects.get(pk=appeal.pk)


# --- the inbox ----------------------------------------------------------------------------------

@dataclass
class Inbox:
    assigned: Appeal     # 历下, land, request by portal, lead = cast's department; overdue
    answered: Appeal     # 市中, labour complaint by hotline, lead = the co-handler; answered
    emergency: Appeal    # 历下, a person's emergency, walk-in, urgent; supervised; overdue
    unrouted: Appeal     # 历下, registered recently, nobody routed: not overdue


@pytest.fixture
def inbox(cast, crew, co_handler) -> Inbox:
    assigned = build_appeal(State.ASSIGNED, crew=crew, enterprise=cast.enterprise)
    city_crew = Crew(officer=cast.city, lead=co_handler.department, liaison=co_handler.liaison)
    answered = build_appeal(
        State.ANSWERED, crew=city_crew, enterprise=cast.foreign_enterprise,
        start=datetime.datetime(2025, 6, 2, 9, 0, tzinfo=START.tzinfo),
        data=appeal_data(kind=Kind.COMPLAINT, channel=Channel.HOTLINE,
                         category=Category.objects.get(code="labour"), title="拖欠工资投诉",
                         description="劳务派遣公司拖欠台企员工工资两个月。"))
    emergency = services.appeal_register(
        actor=cast.owner, person=cast.person,
        at=datetime.datetime(2025, 9, 1, 9, 0, tzinfo=START.tzinfo),
        data=appeal_data(kind=Kind.EMERGENCY, channel=Channel.WALK_IN,
                         category=Category.objects.get(code="medical_care"),
                         title="家属急病就医", description="家属突发急病，需要协调转院。"))
    services.appeal_supervise(actor=cast.city, appeal=emergency, reason="急难事项",
                              at=datetime.datetime(2025, 9, 2, 9, 0, tzinfo=START.tzinfo))
    unrouted = services.appeal_register(
        actor=cast.owner, enterprise=cast.enterprise,
        data=appeal_data(channel=Channel.VISIT, title="希望组织招聘会",
                         description="节后用工紧张，希望协助组织专场招聘会。"))
    return Inbox(assigned, answered, fresh(emergency), unrouted)


FILTERS = [
    ({"state": "assigned"}, {"assigned"}),
    ({"overdue": "on"}, {"assigned", "emergency"}),
    ({"supervised": "on"}, {"emergency"}),
    ({"category": "labour"}, {"answered"}),
    ({"kind": "complaint"}, {"answered"}),
    ({"region": "370103"}, {"answered"}),
    ({"region": "370102"}, {"assigned", "emergency", "unrouted"}),
    ({"region": "370100"}, {"assigned", "answered", "emergency", "unrouted"}),
    ({"department": "co_handler"}, {"assigned", "answered"}),
    ({"department": "lead"}, {"assigned"}),
    ({"channel": "hotline"}, {"answered"}),
    ({"priority": "urgent"}, {"emergency"}),
    ({"registered_from": "2025-05-01", "registered_to": "2025-12-31"},
     {"answered", "emergency"}),
    ({"registered_to": "2025-05-01"}, {"assigned"}),
    ({"q": "工资"}, {"answered"}),
    ({"q": "工資"}, {"answered"}),  # Traditional finds Simplified
    ({"kind": "request", "region": "370102", "overdue": "on"}, {"assigned"}),
]


def _resolve(params: dict, cast, co_handler) -> dict:
    values = dict(params)
    if values.get("category"):
        values["category"] = Category.objects.get(code=values["category"]).pk
    if values.get("department") == "co_handler":
        values["department"] = co_handler.department.pk
    elif values.get("department") == "lead":
        values["department"] = lead_of(cast).pk
    return values


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_each_inbox_filter_narrows_the_list(client, cast, co_handler, inbox, params, expected):
    # given a city officer, who sees both counties' appeals
    client.force_login(cast.city)
    # when they filter the inbox
    response = client.get(reverse("appeals:list"), _resolve(params, cast, co_handler))
    # then exactly the matching appeals are listed
    assert response.status_code == 200
    assert listed(response) == {getattr(inbox, name).pk for name in expected}


def test_the_unfiltered_inbox_shows_badges_and_columns(client, cast, inbox):
    english(client).force_login(cast.city)
    response = client.get(reverse("appeals:list"))
    page = html(response)
    assert listed(response) == {inbox.assigned.pk, inbox.answered.pk, inbox.emergency.pk,
                                inbox.unrouted.pk}
    assert page.count('<span class="badge overdue">Answer overdue</span>') == 2
    assert page.count('class="badge supervised"') == 1
    assert lead_of(cast).name in page
    assert cast.person.name in page and cast.foreign_enterprise.name in page
    assert "2025-03-24" in page  # the assigned appeal's answer due date


def test_a_bad_date_is_reported_and_the_other_filters_still_apply(client, cast, inbox):
    english(client).force_login(cast.city)
    response = client.get(reverse("appeals:list"),
                          {"registered_from": "2025-13-45", "kind": "complaint"})
    assert response.status_code == 200
    assert listed(response) == {inbox.answered.pk}
    assert re.search(r'class="filter has-error">\s*<label for="id_registered_from"', html(response))
    assert "Enter a valid date." in html(response)


def test_an_end_date_before_the_start_is_reported(client, cast, inbox):
    english(client).force_login(cast.city)
    response = client.get(reverse("appeals:list"), {"registered_from": "2025-12-01",
                                                    "registered_to": "2025-01-01"})
    assert "The end date is before the start date." in html(response)
    assert listed(response) == {inbox.unrouted.pk}  # the valid start date still applies


def test_the_htmx_refresh_returns_only_the_results(client, cast, inbox):
    client.force_login(cast.city)
    response = client.get(reverse("appeals:list"), {"kind": "complaint"}, HTTP_HX_REQUEST="true")
    assert "<html" not in html(response)
    assert listed(response) == {inbox.answered.pk}


def test_the_owner_county_sees_only_its_own_appeals(client, cast, inbox):
    client.force_login(cast.owner)
    response = client.get(reverse("appeals:list"))
    assert listed(response) == {inbox.assigned.pk, inbox.emergency.pk, inbox.unrouted.pk}


def test_a_department_inbox_shows_only_the_appeals_routed_to_it(client, cast, co_handler,
                                                                 inbox):
    # given the liaison of the cast's department (lead of one appeal only)
    english(client).force_login(cast.department)
    response = client.get(reverse("appeals:list"))
    # then their inbox is "my department's appeals", with that appeal only
    assert response.status_code == 200
    assert "<h1>My department's appeals</h1>" in html(response)
    assert listed(response) == {inbox.assigned.pk}
    # and a division or department filter is not offered to them
    assert 'name="region"' not in html(response)
    assert 'name="department"' not in html(response)
    # the co-handling department's liaison sees the appeal it co-handles and the one it leads
    client.force_login(co_handler.liaison)
    assert listed(client.get(reverse("appeals:list"))) == {inbox.assigned.pk, inbox.answered.pk}


def test_a_portal_user_and_an_anonymous_visitor_do_not_reach_the_inbox(client, cast):
    assert client.get(reverse("appeals:list")).status_code == 302
    client.force_login(cast.portal)
    assert client.get(reverse("appeals:list")).status_code == 404


def test_the_inbox_says_which_limit_was_missed(client, cast):
    # given a complex appeal registered ten days ago and never contacted: the contact limit
    # (one working day) has passed, the answer limit (thirty working days) has not
    services.appeal_register(actor=cast.owner, enterprise=cast.enterprise,
                             at=timezone.now() - datetime.timedelta(days=10),
                             data=appeal_data(channel=Channel.VISIT, priority=Priority.COMPLEX))
    english(client).force_login(cast.owner)
    page = html(client.get(reverse("appeals:list")))
    assert '<span class="badge overdue">Contact overdue</span>' in page
    assert "Answer overdue" not in page


def _fill(cast, crew, count: int) -> None:
    """Appeals of the owner's county up to ``count``: every fifth assigned to two departments,
    every third a person's."""
    have = Appeal.objects.filter(region_id="370102").count()
    for index in range(have, count):
        if index % 5 == 0:
            build_appeal(State.ASSIGNED, crew=crew, enterprise=cast.enterprise)
        else:
            services.appeal_register(
                actor=cast.owner, at=START,
                **({"person": cast.person} if index % 3 == 0 else {"enterprise": cast.enterprise}),
                data=appeal_data(channel=Channel.VISIT, title=f"诉求{index}"))


def test_the_inbox_costs_no_more_for_50_rows_than_for_5(client, cast, crew,
                                                        django_assert_max_num_queries):
    client.force_login(cast.owner)
    url = reverse("appeals:list")
    client.get(url)  # a warm session, as for a working user
    _fill(cast, crew, 5)
    with CaptureQueriesContext(connection) as five:
        assert len(listed(client.get(url))) == 5
    _fill(cast, crew, 50)
    with django_assert_max_num_queries(len(five)):
        assert len(listed(client.get(url))) == 50
    with django_assert_max_num_queries(len(five)):
        assert len(listed(client.get(url, {"overdue": "on", "kind": "request"}))) == 50


# --- the export ---------------------------------------------------------------------------------

def test_the_export_has_the_filtered_rows_with_plain_labels(client, cast, inbox):
    english(client).force_login(cast.city)
    response = client.get(reverse("appeals:export"), {"region": "370103"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Reference"] == inbox.answered.reference
    assert row["Subject"] == "拖欠工资投诉"
    assert row["Enterprise or person"] == cast.foreign_enterprise.name
    assert row["County"] == "市中区"
    assert row["Category"] == "Labour"
    assert row["Kind"] == "Complaint"
    assert row["Channel"] == "Hotline call"
    assert row["State"] == "Answered"
    assert row["Lead department"] == inbox.answered.lead_assignment.department.name
    assert row["Description"] == "劳务派遣公司拖欠台企员工工资两个月。"
    assert row["Outcome"] == "Resolved"
    assert row["Handling time (working days)"] == inbox.answered.handling_days == 1
    assert row["Overdue"] in (None, "")
    assert isinstance(row["Registered"], datetime.datetime)


def test_the_export_writes_a_rating_and_text_that_looks_like_a_formula_as_text(client, cast,
                                                                                crew):
    appeal = build_appeal(State.RATED, crew=crew, enterprise=cast.enterprise,
                          rating=Rating.SATISFIED,
                          data=appeal_data(title="=HYPERLINK(\"x\")"))
    english(client).force_login(cast.owner)
    response = client.get(reverse("appeals:export"), {"state": "rated"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                .active.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == appeal.reference
    assert row["Rating"] == "Satisfied"
    assert row["Subject"] == "'=HYPERLINK(\"x\")"


# --- registering from the enterprise page ------------------------------------------------------

def register_data(**overrides) -> dict:
    data = {"kind": "request", "channel": "visit",
            "category": Category.objects.get(code="land").pk, "priority": "normal",
            "title": "厂房用地审批迟迟未办理",
            "description": "新厂房用地审批材料已提交三个月，至今没有答复。",
            "contact_phone": "0531-88886666"}
    data.update(overrides)
    return data


@pytest.fixture
def nothing_written(cast):
    before = (Appeal.objects.count(), Attachment.objects.count(), Event.objects.count())
    yield
    assert (Appeal.objects.count(), Attachment.objects.count(), Event.objects.count()) == before


def test_the_enterprise_page_offers_registering_to_writers_only(client, cast):
    client.force_login(cast.owner)
    register = reverse("appeals:register", args=[cast.enterprise.pk])
    assert register in html(client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])))
    client.force_login(cast.reader)
    page = html(client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])))
    assert register not in page


def test_registering_with_attachments_opens_the_new_appeal(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    english(client).force_login(cast.owner)
    url = reverse("appeals:register", args=[cast.enterprise.pk])
    assert client.get(url).status_code == 200
    files = [SimpleUploadedFile("申请材料.pdf", PDF, "application/pdf"),
             SimpleUploadedFile("说明.txt", "补充说明".encode(), "text/plain")]
    response = client.post(url, register_data(files=files))
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    assert appeal.enterprise == cast.enterprise and appeal.state == State.REGISTERED
    assert appeal.channel == Channel.VISIT and appeal.contact_phone == "0531-88886666"
    assert sorted(appeal.attachments.values_list("name", flat=True)) == ["申请材料.pdf", "说明.txt"]
    page = html(client.get(response["Location"]))
    assert f"Appeal {appeal.reference} registered." in page
    assert "申请材料.pdf" in page
    # and the enterprise page lists it
    assert appeal.title in html(client.get(reverse("enterprises:detail",
                                                   args=[cast.enterprise.pk])))


def test_a_program_renamed_pdf_is_refused_and_nothing_written(client, cast, nothing_written):
    english(client).force_login(cast.owner)
    response = client.post(reverse("appeals:register", args=[cast.enterprise.pk]), register_data(
        files=[SimpleUploadedFile("发票.pdf", EXE, "application/pdf")]))
    assert response.status_code == 400
    assert escape("“发票.pdf” is empty or its content does not match its type.") in html(response)
    # what the officer typed is still there
    assert "厂房用地审批迟迟未办理" in html(response)


def test_an_11_megabyte_file_is_refused_and_nothing_written(client, cast, nothing_written):
    english(client).force_login(cast.owner)
    big = SimpleUploadedFile("扫描件.pdf", PDF + b"0" * (11 * 1024 * 1024), "application/pdf")
    response = client.post(reverse("appeals:register", args=[cast.enterprise.pk]),
                           register_data(files=[big]))
    assert response.status_code == 400
    assert escape("“扫描件.pdf” is larger than 10 MB.") in html(response)


def test_the_portal_channel_is_not_offered_to_staff(client, cast, nothing_written):
    english(client).force_login(cast.owner)
    url = reverse("appeals:register", args=[cast.enterprise.pk])
    assert 'value="portal"' not in html(client.get(url))
    response = client.post(url, register_data(channel="portal"))
    assert response.status_code == 400
    assert "Select a valid choice." in html(response)


def test_missing_fields_are_reported_beside_them(client, cast, nothing_written):
    english(client).force_login(cast.owner)
    response = client.post(reverse("appeals:register", args=[cast.enterprise.pk]),
                           register_data(title="", description=""))
    assert response.status_code == 400
    assert html(response).count("This field is required.") == 2


@pytest.mark.parametrize(("who", "status"), [("reader", 403), ("neighbour", 404),
                                             ("department", 404), ("portal", 404)])
def test_registering_is_refused_outside_write_reach(client, cast, nothing_written, who, status):
    client.force_login(getattr(cast, who))
    url = reverse("appeals:register", args=[cast.enterprise.pk])
    assert client.get(url).status_code == status
    assert client.post(url, register_data()).status_code == status


def test_registering_for_a_person(client, cast):
    client.force_login(cast.owner)
    url = reverse("appeals:register_person", args=[cast.person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, register_data(kind="emergency", channel="walk_in"))
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.person == cast.person and appeal.enterprise is None
    assert appeal.priority == Priority.URGENT  # emergency assistance is always urgent
    client.force_login(cast.neighbour)
    assert client.get(url).status_code == 404


# --- the appeal page ----------------------------------------------------------------------------

@pytest.fixture
def assigned(cast, crew) -> Appeal:
    """Assigned two hours ago to the cast's department (lead) and the co-handler: every
    deadline still running."""
    return build_appeal(State.ASSIGNED, crew=crew, enterprise=cast.enterprise,
                        start=recent_start())


@pytest.mark.parametrize(("who", "actions", "may_edit"), [
    ("owner", {"note", "merge"}, True),
    ("reader", set(), False),
    ("department", {"accept", "note", "request_extension", "return"}, False),
    ("city", {"note", "merge", "supervise"}, True),
])
def test_the_page_offers_only_the_viewers_actions(client, cast, assigned, who, actions,
                                                  may_edit):
    english(client).force_login(getattr(cast, who))
    response = client.get(reverse("appeals:detail", args=[assigned.pk]))
    assert response.status_code == 200
    assert offered(response) == actions
    assert (reverse("appeals:edit", args=[assigned.pk]) in html(response)) is may_edit
    assert assigned.title in html(response) and lead_of(cast).name in html(response)


def test_the_department_sees_accept_as_the_next_step(client, cast, assigned):
    english(client).force_login(cast.department)
    page = html(client.get(reverse("appeals:detail", args=[assigned.pk])))
    assert re.search(r'<form[^>]*class="action-form bare" id="action-accept"', page)
    assert '<button type="submit" class="primary">Accept</button>' in page
    assert "Not yet accepted" in page


@pytest.mark.parametrize("who", ["neighbour", "other_city", "portal"])
def test_the_page_is_out_of_reach_for_outsiders(client, cast, assigned, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("appeals:detail", args=[assigned.pk])).status_code == 404
    assert act(client, assigned, "note", text="x").status_code == 404
    assert fresh(assigned).version == assigned.version


def test_the_page_shows_deadlines_and_highlights_the_overdue_one(client, cast, crew):
    appeal = build_appeal(State.ASSIGNED, crew=crew, enterprise=cast.enterprise)  # March 2025
    english(client).force_login(cast.owner)
    page = html(client.get(reverse("appeals:detail", args=[appeal.pk])))
    assert '<span class="badge overdue">Overdue</span>' in page
    answer = re.search(r'<li class="overdue">\s*<span class="deadline-label">Answer by</span>'
                       r'\s*<time[^>]*>([^<]+)</time>', page)
    assert answer and answer.group(1) == "2025-03-24 23:59"
    assert re.search(r'<li class="done">\s*<span class="deadline-label">Contact the appellant by',
                     page)


def test_an_answered_and_rated_appeal_shows_its_reply_rating_and_extensions(client, cast, crew):
    appeal = build_appeal(State.IN_PROGRESS, crew=crew, enterprise=cast.enterprise,
                          start=recent_start())
    services.appeal_request_extension(actor=cast.department, appeal=appeal, days=5,
                                      reason="需要现场勘查")
    services.appeal_decide_extension(actor=cast.owner, appeal=appeal, grant=True, note="同意")
    services.appeal_answer(actor=cast.department, appeal=appeal, outcome=Outcome.PLANNED,
                           reply="已列入明年供地计划")
    services.appeal_rate(actor=cast.owner, appeal=appeal, rating=Rating.NEUTRAL,
                         comment="电话回访：一般")
    english(client).force_login(cast.owner)
    response = client.get(reverse("appeals:detail", args=[appeal.pk]))
    page = html(response)
    for text in ("需要现场勘查", "Granted", "已列入明年供地计划", "Resolution planned", "Neutral",
                 "电话回访：一般", "extended once"):
        assert text in page
    # a neutral rating may be closed or handled again
    assert offered(response) == {"close", "reopen"}


def test_the_page_costs_the_same_however_much_the_appeal_carries(client, cast, crew,
                                                                  django_assert_max_num_queries):
    appeal = build_appeal(State.IN_PROGRESS, crew=crew, enterprise=cast.enterprise,
                          start=recent_start())
    url = reverse("appeals:detail", args=[appeal.pk])
    english(client).force_login(cast.owner)
    client.get(url)
    with CaptureQueriesContext(connection) as plain:
        assert client.get(url).status_code == 200
    # given more of everything the page lists: notes, an extension, files, a merged duplicate
    for index in range(5):
        services.appeal_note(actor=cast.department, appeal=appeal, text=f"跟踪{index}")
    services.appeal_request_extension(actor=cast.department, appeal=appeal, days=3, reason="r")
    services.appeal_comment(actor=cast.portal, appeal=appeal, text="补充材料", files=[
        SimpleUploadedFile(f"材料{index}.pdf", PDF) for index in range(3)])
    duplicate = services.appeal_register(actor=cast.owner, enterprise=cast.enterprise,
                                         data=appeal_data(channel=Channel.VISIT))
    services.appeal_merge(actor=cast.owner, duplicate=duplicate, original=appeal)
    with django_assert_max_num_queries(len(plain)):
        page = html(client.get(url))
    assert page.count("/attachments/") == 3 and "跟踪4" in page and "Merged duplicates" in page


# --- actions ------------------------------------------------------------------------------------

def test_an_action_posted_by_a_role_that_may_not_is_refused(client, cast, assigned):
    events = Event.objects.count()
    english(client).force_login(cast.reader)
    response = act(client, assigned, "note", text="试图添加")
    assert response.status_code == 403
    assert escape("Your role does not allow “add a tracking note” on this appeal.") \
        in html(response)
    client.force_login(cast.department)
    response = act(client, assigned, "assess", category=assigned.category_id,
                   priority="normal", plan="x")
    assert response.status_code == 403
    assert Event.objects.count() == events
    assert fresh(assigned).version == assigned.version


def test_an_action_in_the_wrong_state_is_refused_with_the_message(client, cast, assigned):
    english(client).force_login(cast.owner)
    response = act(client, assigned, "close")
    assert response.status_code == 403
    assert escape("This appeal is “Assigned”: “close” is not possible now.") in html(response)
    # the page is the appeal page, with the current state
    assert '<span class="status appeal-assigned">Assigned</span>' in html(response)
    assert fresh(assigned).state == State.ASSIGNED


def test_actions_move_the_appeal_along(client, cast, crew):
    appeal = build_appeal(State.REGISTERED, crew=crew, enterprise=cast.enterprise,
                          start=recent_start())
    english(client).force_login(cast.owner)
    response = act(client, appeal, "assess", category=appeal.category_id, priority="normal",
                   plan="协调商务局牵头", answer_days="")
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    appeal = fresh(appeal)
    assert appeal.state == State.ASSESSED and appeal.plan == "协调商务局牵头"
    lead, co = lead_of(cast), crew.co_handlers[0]
    assert act(client, appeal, "assign", lead=lead.pk, co_handlers=[co.pk]).status_code == 302
    appeal = fresh(appeal)
    assert appeal.state == State.ASSIGNED
    client.force_login(cast.department)
    assert act(client, appeal, "accept").status_code == 302
    appeal = fresh(appeal)
    assert appeal.state == State.IN_PROGRESS
    page = html(client.get(reverse("appeals:detail", args=[appeal.pk])))
    assert "Done: accept." in page
    assert act(client, appeal, "answer", outcome="resolved", reply="已办结").status_code == 302
    appeal = fresh(appeal)
    assert appeal.state == State.ANSWERED
    client.force_login(cast.owner)
    assert act(client, appeal, "rate", rating="5", comment="电话回访").status_code == 302
    assert act(client, fresh(appeal), "close").status_code == 302
    assert fresh(appeal).state == State.CLOSED


def test_an_invalid_action_form_is_reported_and_nothing_changes(client, cast, crew):
    appeal = build_appeal(State.IN_PROGRESS, crew=crew, enterprise=cast.enterprise,
                          start=recent_start())
    english(client).force_login(cast.department)
    response = act(client, appeal, "answer", outcome="resolved", reply="")
    assert response.status_code == 400
    assert "Nothing was saved." in html(response)
    assert re.search(r'<details class="action next" id="action-answer" open>', html(response))
    response = act(client, appeal, "request_extension", days="90", reason="x")
    assert response.status_code == 400
    assert fresh(appeal).version == appeal.version


def test_a_service_refusal_is_shown_on_the_page(client, cast, crew):
    appeal = build_appeal(State.IN_PROGRESS, crew=crew, enterprise=cast.enterprise,
                          start=recent_start())
    services.appeal_request_extension(actor=cast.department, appeal=appeal, days=3, reason="a")
    english(client).force_login(cast.department)
    response = act(client, fresh(appeal), "request_extension", days="3", reason="again")
    assert response.status_code == 400
    assert "An extension request is already waiting for a decision." in html(response)


def test_a_stale_action_is_refused_and_keeps_what_was_typed(client, cast, assigned):
    # given an officer whose page shows version v, and a department acting meanwhile
    english(client).force_login(cast.owner)
    services.appeal_accept(actor=cast.department, appeal=assigned)
    # when the officer posts their note from the old page
    response = act(client, assigned, "note", text="电话联系企业，说明进度")
    # then nothing is saved, the page shows the current state and the note is still in the form
    assert response.status_code == 409
    page = html(response)
    assert escape(str(STALE_ACTION)) in page
    assert '<span class="status appeal-in_progress">' in page
    assert "电话联系企业，说明进度" in page
    assert not Event.objects.filter(verb="appeal.noted").exists()


def test_unknown_actions_and_gets_are_refused(client, cast, assigned):
    client.force_login(cast.owner)
    assert act(client, assigned, "explode").status_code == 404
    assert act(client, assigned, "comment", text="x").status_code == 404
    assert client.get(reverse("appeals:act", args=[assigned.pk, "note"])).status_code == 405


# --- edit ---------------------------------------------------------------------------------------

def edit_data(appeal: Appeal, **overrides) -> dict:
    data = {"kind": appeal.kind, "channel": appeal.channel, "category": appeal.category_id,
            "priority": appeal.priority, "title": appeal.title,
            "description": appeal.description, "contact_phone": appeal.contact_phone,
            "version": appeal.version}
    data.update(overrides)
    return data


def test_editing_saves_and_records(client, cast, assigned):
    client.force_login(cast.owner)
    url = reverse("appeals:edit", args=[assigned.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, edit_data(assigned, title="厂房用地与用电审批"))
    assert response.status_code == 302
    assert fresh(assigned).title == "厂房用地与用电审批"
    assert Event.objects.filter(verb="appeal.updated").count() == 1


def test_a_stale_edit_is_refused_and_nothing_is_lost(client, cast, assigned):
    # given two officers who opened the edit form of the same appeal
    english(client).force_login(cast.owner)
    url = reverse("appeals:edit", args=[assigned.pk])
    opened = edit_data(assigned)
    services.appeal_update(actor=cast.city, appeal=assigned, expected_version=assigned.version,
                           data={"description": "城市台办补充：涉及两个地块。"})
    # when the second one saves
    response = client.post(url, {**opened, "title": "我改的标题"})
    # then it is refused with a message; their text stays in the form and the other change is
    # shown beside it
    assert response.status_code == 409
    page = html(response)
    assert escape(str(STALE_EDIT)) in page
    assert 'value="我改的标题"' in page
    assert "城市台办补充：涉及两个地块。" in page
    stored = fresh(assigned)
    assert stored.title == assigned.title
    assert stored.description == "城市台办补充：涉及两个地块。"
    # and saving again from that form is a deliberate second step that goes through
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert int(version) == stored.version
    response = client.post(url, {**opened, "title": "我改的标题", "version": version})
    assert response.status_code == 302
    assert fresh(assigned).title == "我改的标题"


@pytest.mark.parametrize(("who", "status"), [("reader", 403), ("department", 403),
                                             ("neighbour", 404), ("portal", 404)])
def test_editing_is_for_the_office_only(client, cast, assigned, who, status):
    client.force_login(getattr(cast, who))
    url = reverse("appeals:edit", args=[assigned.pk])
    assert client.get(url).status_code == status
    assert client.post(url, edit_data(assigned, title="x")).status_code == status
    assert fresh(assigned).title == assigned.title


# --- duplicates ---------------------------------------------------------------------------------

def test_a_likely_duplicate_is_shown_and_merged_from_the_page(client, cast, crew):
    # given an open appeal of the enterprise
    original = build_appeal(State.ASSESSED, crew=crew, enterprise=cast.enterprise,
                            start=recent_start())
    # when an officer registers the same matter again from the enterprise page
    english(client).force_login(cast.owner)
    response = client.post(reverse("appeals:register", args=[cast.enterprise.pk]),
                           register_data(title=original.title,
                                         description=original.description + "企业再次来电。"))
    duplicate = Appeal.objects.exclude(pk=original.pk).get()
    page = html(client.get(response["Location"]))
    # then the new appeal's page names the earlier one as a likely duplicate, with a merge button
    assert "Likely duplicates" in page
    assert reverse("appeals:detail", args=[original.pk]) in page
    assert f"Merge this appeal into {original.reference}" in page
    # when they merge it
    response = act(client, duplicate, "merge", original=original.pk)
    # then the duplicate is closed as merged and the original shows both texts
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:detail", args=[original.pk])
    assert fresh(duplicate).state == State.MERGED
    page = html(client.get(response["Location"]))
    assert "Merged duplicates" in page and "企业再次来电。" in page
    assert original.description in page


def test_merging_into_an_appeal_out_of_sight_is_refused(client, cast, crew):
    appeal = build_appeal(State.REGISTERED, crew=crew, enterprise=cast.enterprise,
                          start=recent_start())
    foreign = services.appeal_register(actor=cast.city, enterprise=cast.foreign_enterprise,
                                       data=appeal_data(channel=Channel.VISIT))
    english(client).force_login(cast.owner)
    response = act(client, appeal, "merge", original=foreign.pk)
    assert response.status_code == 400
    assert "There is no such appeal that you can see." in html(response)
    assert fresh(appeal).state == State.REGISTERED


# --- attachments --------------------------------------------------------------------------------

@pytest.fixture
def with_files(cast, crew, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = services.appeal_register(actor=cast.owner, enterprise=cast.enterprise,
                                     data=appeal_data(channel=Channel.VISIT),
                                     files=[SimpleUploadedFile("用地申请.pdf", PDF)])
    second = services.appeal_register(actor=cast.owner, enterprise=cast.enterprise,
                                      data=appeal_data(channel=Channel.VISIT, title="另一件"),
                                      files=[SimpleUploadedFile("另一份.pdf", PDF)])
    return first, second


def test_an_attachment_downloads_as_a_file(client, cast, with_files):
    first, _second = with_files
    attachment = first.attachments.get()
    client.force_login(cast.reader)
    response = client.get(reverse("appeals:attachment", args=[first.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E7%94%A8%E5%9C%B0%E7%94%B3%E8%AF%B7.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_another_appeals_attachment_is_not_found(client, cast, with_files):
    first, second = with_files
    client.force_login(cast.owner)
    other = second.attachments.get()
    assert client.get(reverse("appeals:attachment",
                              args=[first.pk, other.pk])).status_code == 404
    client.force_login(cast.neighbour)
    mine = first.attachments.get()
    assert client.get(reverse("appeals:attachment", args=[first.pk, mine.pk])).status_code == 404
