"""Taking appeals in (DESIGN.md §4, issue #3 points 1, 6, 7): who may register for whom,
likely duplicates and merging, supervision by a higher office, and attachments checked by what
they are. Given / when / then, on the real database, at fixed past times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qinshang.accounts.models import Membership, Role, User
from qinshang.appeals import services
from qinshang.appeals.models import Appeal, Attachment, State
from qinshang.appeals.selectors import appeal_timeline, likely_duplicates
from qinshang.appeals.workflow import TransitionRefused
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.testing import factories as f
from qinshang.testing.appeals import START, appeal_data, appeal_tables, at, register
from qinshang.testing.cast import CITY, OWNER_COUNTY, PROVINCE

pytestmark = pytest.mark.django_db


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- who may register ------------------------------------------------------------------------

def test_a_portal_user_registers_for_their_own_enterprise(cast):
    appeal = register(cast.portal, cast.enterprise, START)
    assert (appeal.submitted_by, appeal.office.region_id) == (cast.portal, OWNER_COUNTY)
    assert Notification.objects.filter(recipient=cast.owner, verb="appeal.registered").exists()


@pytest.mark.parametrize(("role", "whose", "allowed"), [
    ("portal", "foreign_enterprise", False),
    ("owner", "enterprise", True),
    ("owner", "foreign_enterprise", False),
    ("neighbour", "enterprise", False),
    ("neighbour", "foreign_enterprise", True),
    ("city", "enterprise", True),
    ("province", "foreign_enterprise", True),
    ("other_city", "enterprise", False),
    ("reader", "enterprise", False),
    ("department", "enterprise", False),
])
def test_who_may_register_for_which_enterprise(cast, role, whose, allowed):
    actor, enterprise = getattr(cast, role), getattr(cast, whose)
    if allowed:
        appeal = register(actor, enterprise, START)
        assert appeal.region_id == enterprise.region_id
        assert appeal.submitted_by is None
        return
    before = appeal_tables()
    with pytest.raises(TransitionRefused) as refused:
        register(actor, enterprise, START)
    assert message(refused.value)
    assert appeal_tables() == before


def compatriot(person) -> User:
    """A portal user who files for themselves (a person, not an enterprise)."""
    user = f.UserFactory(username="compatriot")
    Membership.objects.create(user=user, role=Role.PORTAL, person=person)
    return user


def test_a_compatriot_registers_for_themselves_and_nobody_else(cast):
    user = compatriot(cast.person)
    appeal = services.appeal_register(actor=user, person=cast.person, data=appeal_data(),
                                      at=START)
    assert (appeal.person, appeal.enterprise, appeal.submitted_by) == (cast.person, None, user)
    stranger = f.PersonFactory(region_id=OWNER_COUNTY)
    before = appeal_tables()
    with pytest.raises(TransitionRefused):
        services.appeal_register(actor=user, person=stranger, data=appeal_data(), at=START)
    assert appeal_tables() == before


def test_a_portal_user_cannot_name_a_stranger_on_their_enterprises_appeal(cast):
    """The person named on an appeal sees it in the portal: a portal user may name only
    themselves, or nobody."""
    stranger = f.PersonFactory(region_id="370702")
    before = appeal_tables()
    with pytest.raises(TransitionRefused):
        services.appeal_register(actor=cast.portal, enterprise=cast.enterprise, person=stranger,
                                 data=appeal_data(), at=START)
    assert appeal_tables() == before


# --- duplicates and merging ------------------------------------------------------------------

ORIGINAL = {"title": "厂房用地审批迟迟未办理",
            "description": "新厂房用地审批材料已提交三个月，至今没有答复，影响投产。"}
SAID_AGAIN = {"title": "廠房用地審批遲遲未辦理",
              "description": "新廠房用地審批材料已提交三個月，至今沒有答覆，影響投產。"}
UNRELATED = {"title": "子女入学咨询", "description": "孩子明年秋季入学，想了解台胞子女就读政策。"}


def test_a_duplicate_merges_into_the_original_keeping_both_texts(cast, build):
    # Given an appeal and the same matter said again, in Traditional characters
    original = build(State.ASSIGNED, data=appeal_data(**ORIGINAL))
    duplicate = build(State.REGISTERED, start=at(2025, 3, 10, 9), data=appeal_data(**SAID_AGAIN))
    # When the officer merges the duplicate into the original
    merged = services.appeal_merge(actor=cast.owner, duplicate=duplicate, original=original,
                                   at=at(2025, 3, 10, 10))
    # Then it is merged, and the original's timeline holds both texts and both histories
    assert (merged.state, merged.merged_into_id, merged.closed_at) == (
        State.MERGED, original.pk, at(2025, 3, 10, 10))
    timeline = list(appeal_timeline(Appeal.objects.get(pk=original.pk)))
    text = " ".join(event.note + json.dumps(event.changes, ensure_ascii=False)
                    for event in timeline)
    assert ORIGINAL["description"] in text
    assert SAID_AGAIN["description"] in text
    verbs = [event.verb for event in timeline]
    assert verbs.count("appeal.registered") == 2
    assert {"appeal.merged", "appeal.merged_in"} <= set(verbs)


def test_merging_a_merged_original_keeps_its_duplicates_texts(cast, build):
    """A took in B; A is then found to duplicate C: C's timeline still shows B."""
    first = build(State.REGISTERED, data=appeal_data(**ORIGINAL))
    second = build(State.REGISTERED, start=at(2025, 3, 4, 9), data=appeal_data(**SAID_AGAIN))
    services.appeal_merge(actor=cast.owner, duplicate=second, original=first,
                          at=at(2025, 3, 4, 10))
    third = build(State.ASSESSED, start=at(2025, 3, 5, 9),
                  data=appeal_data(title="用地审批", description="用地审批进度查询"))
    services.appeal_merge(actor=cast.owner, duplicate=first, original=third,
                          at=at(2025, 3, 5, 10))
    text = " ".join(event.note + json.dumps(event.changes, ensure_ascii=False)
                    for event in appeal_timeline(Appeal.objects.get(pk=third.pk)))
    assert SAID_AGAIN["description"] in text


def test_merging_is_refused_across_enterprises_into_itself_or_into_a_closed_appeal(cast, build):
    appeal = build(State.REGISTERED)
    other_enterprise = f.EnterpriseFactory(region_id=OWNER_COUNTY)
    elsewhere = register(cast.owner, other_enterprise, START)
    closed = build(State.CLOSED)
    rejected = build(State.REJECTED)
    before = appeal_tables()
    for original in (elsewhere, appeal, closed, rejected):
        with pytest.raises(ValidationError) as refused:
            services.appeal_merge(actor=cast.owner, duplicate=appeal, original=original,
                                  at=at(2025, 3, 5, 10))
        assert message(refused.value)
        assert appeal_tables() == before


def test_likely_duplicates_are_found_across_scripts_within_ninety_days(cast, build):
    # Given earlier appeals of the enterprise and of another one
    same = build(State.ASSIGNED, start=at(2025, 1, 6, 9), data=appeal_data(**ORIGINAL))
    build(State.REGISTERED, start=at(2024, 11, 1, 9), data=appeal_data(**ORIGINAL))  # 100 days
    build(State.REGISTERED, start=at(2025, 2, 3, 9), data=appeal_data(**UNRELATED))
    elsewhere = f.EnterpriseFactory(region_id=OWNER_COUNTY)
    register(cast.owner, elsewhere, at(2025, 2, 3, 9), **ORIGINAL)
    # When the same matter comes in again, in Traditional characters, on 2025-02-09
    new = build(State.REGISTERED, start=at(2025, 2, 9, 9), data=appeal_data(**SAID_AGAIN))
    # Then only the open appeal of the same enterprise from the last 90 days is offered
    found = likely_duplicates(cast.owner, new)
    assert [appeal.pk for appeal, _score in found] == [same.pk]
    assert found[0][1] > 0.8


# --- supervision -----------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "office"), [("city", CITY), ("province", PROVINCE)])
def test_a_higher_office_supervises_a_county_appeal(cast, build, role, office):
    appeal = build(State.IN_PROGRESS)
    appeal = services.appeal_supervise(actor=getattr(cast, role), appeal=appeal,
                                       reason="企业多次反映", at=at(2025, 3, 5, 10))
    assert appeal.supervised is True
    assert appeal.supervised_by.region_id == office
    assert appeal.supervised_at == at(2025, 3, 5, 10)
    told = set(Notification.objects.filter(verb="appeal.supervised")
               .values_list("recipient__username", flat=True))
    assert {"owner", "department"} <= told


def test_the_county_does_not_supervise_itself_and_nobody_twice(cast, build):
    appeal = build(State.IN_PROGRESS)
    before = appeal_tables()
    with pytest.raises(TransitionRefused):
        services.appeal_supervise(actor=cast.owner, appeal=appeal, reason="自我督办",
                                  at=at(2025, 3, 5, 10))
    assert appeal_tables() == before
    services.appeal_supervise(actor=cast.city, appeal=appeal, reason="企业多次反映",
                              at=at(2025, 3, 5, 10))
    before = appeal_tables()
    with pytest.raises(ValidationError) as refused:
        services.appeal_supervise(actor=cast.province, appeal=appeal, reason="再次督办",
                                  at=at(2025, 3, 5, 11))
    assert message(refused.value)
    assert appeal_tables() == before


def test_supervision_needs_a_reason(cast, build):
    appeal = build(State.IN_PROGRESS)
    before = appeal_tables()
    with pytest.raises(ValidationError):
        services.appeal_supervise(actor=cast.city, appeal=appeal, reason="",
                                  at=at(2025, 3, 5, 10))
    assert appeal_tables() == before


# --- attachments -----------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"

ACCEPTED = [
    ("用地申请.pdf", PDF, "pdf"), ("现场照片.PNG", PNG, "png"), ("现场照片.jpg", JPEG, "jpg"),
    ("情况说明.docx", ZIP, "docx"), ("清单.xlsx", ZIP, "xlsx"), ("旧表格.doc", OLE, "doc"),
    ("旧清单.xls", OLE, "xls"), ("说明.txt", "补充说明：厂房用地".encode(), "txt"),
    ("說明.txt", "補充說明：廠房用地".encode("gb18030"), "txt"),
]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_attachments_are_accepted_by_their_content(cast):
    appeal = services.appeal_register(
        actor=cast.portal, enterprise=cast.enterprise, data=appeal_data(), at=START,
        files=[upload(name, content) for name, content, _type in ACCEPTED])
    rows = list(Attachment.objects.filter(appeal=appeal).order_by("id"))
    assert [(a.name, a.extension, a.size, a.uploaded_by) for a in rows] == [
        (name, extension, len(content), cast.portal) for name, content, extension in ACCEPTED]
    assert [Path(a.file.path).read_bytes() for a in rows] == [c for _n, c, _e in ACCEPTED]
    registered = Event.objects.get(verb="appeal.registered")
    assert registered.changes["attachments"] == [name for name, _c, _e in ACCEPTED]


REFUSED = [
    pytest.param("申请表.pdf", EXE, id="program-renamed-pdf"),
    pytest.param("照片.jpg", PDF, id="pdf-renamed-jpg"),
    pytest.param("setup.exe", EXE, id="program"),
    pytest.param("说明.txt", b"\x00\x01binary\x00", id="binary-renamed-txt"),
    pytest.param("空白.pdf", b"", id="empty"),
    pytest.param("no-extension", PDF, id="no-extension"),
]


@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_a_file_that_is_not_what_it_says_refuses_the_whole_registration(cast, name, content):
    # Given a good attachment and a bad one
    before = appeal_tables()
    files = [upload("用地申请.pdf", PDF), upload(name, content)]
    # When the appellant submits, then it is refused naming the file
    with pytest.raises(ValidationError) as refused:
        services.appeal_register(actor=cast.portal, enterprise=cast.enterprise,
                                 data=appeal_data(), at=START, files=files)
    assert name in message(refused.value)
    # And nothing is half-written: no appeal, no attachment row, no file on disk
    assert appeal_tables() == before
    assert stored_files() == []


def test_a_file_over_the_limit_is_refused(cast):
    assert settings.QINSHANG_UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    big = PDF + b"0" * (settings.QINSHANG_UPLOAD_MAX_BYTES + 1 - len(PDF))
    before = appeal_tables()
    with pytest.raises(ValidationError) as refused:
        services.appeal_register(actor=cast.portal, enterprise=cast.enterprise,
                                 data=appeal_data(), at=START, files=[upload("扫描件.pdf", big)])
    assert "10 MB" in message(refused.value)
    assert appeal_tables() == before
    assert stored_files() == []


def test_a_file_exactly_at_the_limit_is_accepted(cast):
    exact = PDF + b"0" * (settings.QINSHANG_UPLOAD_MAX_BYTES - len(PDF))
    appeal = services.appeal_register(actor=cast.portal, enterprise=cast.enterprise,
                                      data=appeal_data(), at=START,
                                      files=[upload("扫描件.pdf", exact)])
    assert appeal.attachments.get().size == settings.QINSHANG_UPLOAD_MAX_BYTES


def test_the_appellant_adds_information_with_a_file(cast, build):
    appeal = build(State.IN_PROGRESS)
    services.appeal_comment(actor=cast.portal, appeal=appeal, text="补充环评批复",
                            files=[upload("环评批复.pdf", PDF)], at=at(2025, 3, 5, 10))
    assert appeal.attachments.get().name == "环评批复.pdf"
    assert Notification.objects.filter(recipient=cast.owner, verb="appeal.commented").exists()
    before = appeal_tables()
    with pytest.raises(ValidationError):
        services.appeal_comment(actor=cast.portal, appeal=appeal, text="再补充",
                                files=[upload("批复.pdf", EXE)], at=at(2025, 3, 5, 11))
    assert appeal_tables() == before
