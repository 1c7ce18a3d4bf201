"""The compatriots' portal: a Taiwan business person submits an appeal, follows it, rates the
outcome and may ask once for it to be handled again; they reach only their own appeals."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from qinshang.accounts.models import Membership, Role
from qinshang.appeals import services
from qinshang.appeals.models import Appeal, Attachment, Category, Outcome, Rating, State
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.testing import factories as f
from qinshang.workdays.models import CalendarYear

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime.datetime(2025, 9, 25, 10, 0, tzinfo=TZ)
PDF = b"%PDF-1.4\n% a small test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MARKUP = "<script>alert(1)</script>"
REPLY = "经协调，供电公司已完成增容审批，请联系发展和改革委员会。"
REPLY_TRADITIONAL = "經協調，供電公司已完成增容審批，請聯繫發展和改革委員會。"
PLAN = "内部研判计划勿外传"
TRACKING_NOTE = "内部跟踪记录勿外传"

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------------------

def rendered(message, language: str = "zh-hant", **params) -> str:
    """A message as a reader of ``language`` sees it on the page (translated, escaped)."""
    with translation.override(language):
        text = str(gettext(message) if isinstance(message, str) else message)
    return escape(text % params if params else text)


def page(response) -> str:
    return response.content.decode()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def category() -> Category:
    return Category.objects.get(code="land")


def appeal_data(**overrides) -> dict:
    data = {"kind": "request", "category": str(category().pk), "title": "厂房用地审批",
            "description": "厂房用地审批迟迟未办理，影响扩产。", "contact_phone": "13800000000"}
    data.update(overrides)
    return data


def register(actor, *, enterprise=None, person=None, title="厂房用地审批", files=()) -> Appeal:
    return services.appeal_register(actor=actor, enterprise=enterprise, person=person, data={
        "kind": "request", "channel": "portal", "category": category(), "title": title,
        "description": "厂房用地审批迟迟未办理"}, files=files, at=AT)


def answered(cast, appeal: Appeal, *, reply: str = REPLY) -> Appeal:
    """The office assesses and assigns it; the department accepts, notes and answers."""
    appeal = services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                                    priority="normal", plan=PLAN, at=AT)
    department = cast.department.memberships.get().department
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, lead=department, at=AT)
    appeal = services.appeal_accept(actor=cast.department, appeal=appeal, at=AT)
    appeal = services.appeal_note(actor=cast.department, appeal=appeal, text=TRACKING_NOTE,
                                  at=AT)
    return services.appeal_answer(actor=cast.department, appeal=appeal,
                                  outcome=Outcome.RESOLVED, reply=reply,
                                  at=AT + datetime.timedelta(days=7))


def again(cast, appeal: Appeal) -> Appeal:
    """After a reopen, the department answers once more."""
    return services.appeal_answer(actor=cast.department, appeal=appeal, outcome=Outcome.PLANNED,
                                  reply="再次答复", at=AT + datetime.timedelta(days=20))


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def next_year_entered(db):
    # Submissions are registered "now"; a deadline may fall in next year's calendar.
    for year in (2026, 2027):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "test"})


@pytest.fixture
def portal(client, cast) -> Client:
    client.force_login(cast.portal)
    return client


@pytest.fixture
def own_appeal(cast) -> Appeal:
    return register(cast.portal, enterprise=cast.enterprise,
                    files=[upload("申请书.pdf", PDF)])


@pytest.fixture
def foreign_appeal(cast) -> Appeal:
    """An appeal of another enterprise (the neighbouring county's), with an attachment."""
    return register(cast.neighbour, enterprise=cast.foreign_enterprise, title="别家企业的诉求",
                    files=[upload("别家.pdf", PDF)])


# --- who may enter -------------------------------------------------------------------------------

def portal_urls(appeal: Appeal) -> list[str]:
    attachment = appeal.attachments.first()
    return [reverse("portal:home"), reverse("portal:appeal_create"),
            reverse("portal:appeal", args=[appeal.pk]),
            reverse("portal:attachment", args=[appeal.pk, attachment.pk])]


def test_anonymous_visitors_are_sent_to_the_login_page(client, own_appeal):
    for url in portal_urls(own_appeal):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
        assert url in response["Location"].replace("%2F", "/")


@pytest.mark.parametrize("member", ["owner", "reader", "neighbour", "city", "province",
                                    "department"])
def test_staff_members_get_404_on_every_portal_page(client, cast, own_appeal, member):
    client.force_login(getattr(cast, member))
    for url in portal_urls(own_appeal):
        assert client.get(url).status_code == 404
    for name in ("portal:rate", "portal:reopen", "portal:comment"):
        assert client.post(reverse(name, args=[own_appeal.pk]), {}).status_code == 404


def test_the_overview_sends_a_portal_user_to_the_portal(portal):
    response = portal.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_a_user_without_a_place_finds_no_portal(client, cast, own_appeal):
    client.force_login(f.UserFactory(username="nobody"))
    assert client.get(reverse("core:home")).status_code == 200  # the notice, not the portal
    for url in portal_urls(own_appeal):
        assert client.get(url).status_code == 404


def test_actions_answer_405_to_get(portal, own_appeal):
    for name in ("portal:rate", "portal:reopen", "portal:comment"):
        assert portal.get(reverse(name, args=[own_appeal.pk])).status_code == 405


# --- language ------------------------------------------------------------------------------------

def test_the_portal_speaks_traditional_chinese_by_default(portal, own_appeal):
    for url in (reverse("portal:home"), reverse("portal:appeal_create"),
                reverse("portal:appeal", args=[own_appeal.pk])):
        html = page(portal.get(url))
        assert '<html lang="zh-hant">' in html
    assert rendered("My appeals") in page(portal.get(reverse("portal:home")))


def test_a_chosen_language_wins_over_the_portal_default(portal):
    portal.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(portal.get(reverse("portal:home")))
    assert '<html lang="en">' in html
    assert "My appeals" in html


def test_office_text_in_simplified_reads_in_traditional(portal, cast, own_appeal):
    answered(cast, own_appeal)
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert REPLY_TRADITIONAL in html
    assert REPLY not in html
    assert "廠房用地審批" in html  # the subject and description too


def test_an_english_reader_gets_the_text_as_written(portal, cast, own_appeal):
    answered(cast, own_appeal)
    portal.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert REPLY in html


# --- my appeals ----------------------------------------------------------------------------------

def test_home_lists_only_my_enterprises_appeals(portal, cast, own_appeal, foreign_appeal):
    html = page(portal.get(reverse("portal:home")))
    assert own_appeal.reference in html
    assert "別家企業的訴求" not in html and "别家企业的诉求" not in html
    assert cast.enterprise.name in html  # whom they act for
    assert rendered(State.REGISTERED.label) in html
    assert reverse("portal:appeal_create") in html


def test_home_says_which_reply_awaits_a_rating(portal, cast, own_appeal):
    assert rendered("Please rate the reply") not in page(portal.get(reverse("portal:home")))
    answered(cast, own_appeal)
    html = page(portal.get(reverse("portal:home")))
    assert rendered("Please rate the reply") in html
    assert rendered(State.ANSWERED.label) in html


def test_notifications_show_on_home_and_are_read_when_the_appeal_is_opened(portal, cast,
                                                                           own_appeal):
    answered(cast, own_appeal)
    unread = Notification.objects.filter(recipient=cast.portal, read_at__isnull=True)
    assert unread.count() == 2  # assigned, answered
    html = page(portal.get(reverse("portal:home")))
    assert rendered("The office answered") in html
    assert reverse("portal:appeal", args=[own_appeal.pk]) in html
    portal.get(reverse("portal:appeal", args=[own_appeal.pk]))
    assert not unread.exists()
    assert rendered("News on your appeals") not in page(portal.get(reverse("portal:home")))


def test_a_person_only_compatriot_sees_only_their_own_appeals(client, cast, own_appeal):
    compatriot = f.PersonFactory(region_id="370102", name="林小姐")
    user = f.UserFactory(username="lin")
    Membership.objects.create(user=user, role=Role.PORTAL, person=compatriot)
    mine = register(user, person=compatriot, title="子女入学咨询")
    someone_else = register(cast.owner, person=f.PersonFactory(region_id="370102"),
                            title="他人的诉求")
    client.force_login(user)
    html = page(client.get(reverse("portal:home")))
    assert mine.reference in html and "子女入學諮詢" in html
    assert own_appeal.reference not in html and someone_else.reference not in html
    assert "林小姐" in html
    for other in (own_appeal, someone_else):
        assert client.get(reverse("portal:appeal", args=[other.pk])).status_code == 404


# --- submitting ----------------------------------------------------------------------------------

def test_submitting_without_attachments(portal, cast):
    response = portal.post(reverse("portal:appeal_create"), appeal_data())
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:appeal", args=[appeal.pk])
    assert (appeal.channel, appeal.enterprise, appeal.person) == ("portal", cast.enterprise, None)
    assert appeal.submitted_by == cast.portal
    assert appeal.state == State.REGISTERED
    assert not appeal.attachments.exists()
    assert Notification.objects.filter(recipient=cast.owner, verb="appeal.registered").exists()
    html = page(portal.get(response["Location"]))
    assert appeal.reference in html and "廠房用地審批" in html


def test_submitting_with_attachments(portal, files_root):
    response = portal.post(reverse("portal:appeal_create"), appeal_data(
        files=[upload("营业执照.pdf", PDF), upload("现场照片.PNG", PNG)]))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    names = sorted(appeal.attachments.values_list("name", flat=True))
    assert names == ["现场照片.PNG", "营业执照.pdf"]
    assert len(stored_files(files_root)) == 2
    html = page(portal.get(response["Location"]))
    for attachment in appeal.attachments.all():
        assert reverse("portal:attachment", args=[appeal.pk, attachment.pk]) in html


def test_the_form_shows_the_accepted_types_and_the_limit(portal, settings):
    settings.QINSHANG_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    html = page(portal.get(reverse("portal:appeal_create")))
    assert "pdf, png, txt" in html
    assert "5 MB" in html
    for value in ("opinion", "request", "complaint", "dispute", "emergency"):
        assert f'value="{value}"' in html


def assert_nothing_written(files_root: Path) -> None:
    assert not Appeal.objects.exists()
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(verb__startswith="appeal.").exists()
    assert stored_files(files_root) == []


def test_a_text_file_named_png_is_refused(portal, files_root):
    response = portal.post(reverse("portal:appeal_create"), appeal_data(
        files=[upload("good.pdf", PDF), upload("photo.png", b"just some text, not a picture")]))
    assert response.status_code == 400
    assert rendered("“%(name)s” is empty or its content does not match its type.",
                    name="photo.png") in page(response)
    assert_nothing_written(files_root)


def test_a_file_of_a_type_we_do_not_take_is_refused(portal, files_root):
    response = portal.post(reverse("portal:appeal_create"), appeal_data(
        files=[upload("setup.exe", b"MZ\x90\x00")]))
    assert response.status_code == 400
    assert escape("“setup.exe”") in page(response)
    assert_nothing_written(files_root)


def test_a_file_over_the_limit_is_refused(portal, settings, files_root):
    settings.QINSHANG_UPLOAD_MAX_BYTES = 1024 * 1024
    response = portal.post(reverse("portal:appeal_create"), appeal_data(
        files=[upload("big.pdf", PDF + b"0" * (1024 * 1024))]))
    assert response.status_code == 400
    assert rendered("“%(name)s” is larger than %(limit)s MB.", name="big.pdf",
                    limit=1) in page(response)
    assert_nothing_written(files_root)


def test_a_real_upload_of_ten_megabytes_and_one_byte_is_refused(portal, files_root):
    size = 10 * 1024 * 1024 + 1
    response = portal.post(reverse("portal:appeal_create"), appeal_data(
        files=[upload("scan.pdf", PDF + b"0" * (size - len(PDF)))]))
    assert response.status_code == 400
    assert rendered("“%(name)s” is larger than %(limit)s MB.", name="scan.pdf",
                    limit=10) in page(response)
    assert_nothing_written(files_root)


def test_an_empty_subject_is_refused(portal, files_root):
    response = portal.post(reverse("portal:appeal_create"),
                           appeal_data(title="   ", files=[upload("a.pdf", PDF)]))
    assert response.status_code == 400
    assert rendered("Give your appeal a subject.") in page(response)
    assert_nothing_written(files_root)


def test_an_unknown_category_is_refused(portal, files_root):
    response = portal.post(reverse("portal:appeal_create"), appeal_data(category="99999"))
    assert response.status_code == 400
    assert_nothing_written(files_root)


def test_markup_is_shown_as_text(portal):
    portal.post(reverse("portal:appeal_create"),
                appeal_data(title=MARKUP, description=MARKUP))
    appeal = Appeal.objects.get()
    for url in (reverse("portal:home"), reverse("portal:appeal", args=[appeal.pk])):
        html = page(portal.get(url))
        assert MARKUP not in html
        assert escape(MARKUP) in html


def test_a_user_of_several_enterprises_chooses_one_of_their_own(client, cast):
    second = f.EnterpriseFactory(region_id="370102", name="济南台资第二企业有限公司")
    Membership.objects.create(user=cast.portal, role=Role.PORTAL, enterprise=second)
    client.force_login(cast.portal)
    html = page(client.get(reverse("portal:appeal_create")))
    assert cast.enterprise.name in html and second.name in html
    assert cast.foreign_enterprise.name not in html
    response = client.post(reverse("portal:appeal_create"),
                           appeal_data(party=f"e{cast.foreign_enterprise.pk}"))
    assert response.status_code == 400
    assert not Appeal.objects.exists()
    response = client.post(reverse("portal:appeal_create"), appeal_data(party=f"e{second.pk}"))
    assert response.status_code == 302
    assert Appeal.objects.get().enterprise == second


def test_a_person_only_compatriot_submits_in_their_own_name(client, cast):
    compatriot = f.PersonFactory(region_id="370102", name="林小姐")
    user = f.UserFactory(username="lin")
    Membership.objects.create(user=user, role=Role.PORTAL, person=compatriot)
    client.force_login(user)
    response = client.post(reverse("portal:appeal_create"), appeal_data())
    assert response.status_code == 302, response.context["form"].errors
    appeal = Appeal.objects.get()
    assert (appeal.person, appeal.enterprise, appeal.region_id) == (compatriot, None, "370102")


# --- another enterprise's appeal by changing the id ----------------------------------------------

def test_another_enterprises_appeal_is_404_everywhere(portal, own_appeal, foreign_appeal):
    before = (foreign_appeal.version, Event.objects.count())
    foreign_file = foreign_appeal.attachments.get()
    assert portal.get(reverse("portal:appeal", args=[foreign_appeal.pk])).status_code == 404
    assert portal.get(reverse("portal:attachment",
                              args=[foreign_appeal.pk, foreign_file.pk])).status_code == 404
    # Their attachment through my appeal's address:
    assert portal.get(reverse("portal:attachment",
                              args=[own_appeal.pk, foreign_file.pk])).status_code == 404
    for name, data in (("portal:rate", {"rating": "1", "version": "0"}),
                       ("portal:reopen", {"reason": "x", "version": "0"}),
                       ("portal:comment", {"text": "x"})):
        assert portal.post(reverse(name, args=[foreign_appeal.pk]), data).status_code == 404
    foreign_appeal.refresh_from_db()
    assert (foreign_appeal.version, Event.objects.count()) == before


def test_a_missing_appeal_is_404(portal):
    assert portal.get(reverse("portal:appeal", args=[999999])).status_code == 404


# --- the status page -----------------------------------------------------------------------------

def test_the_page_shows_the_public_steps_and_never_internal_notes(portal, cast, own_appeal):
    answered(cast, own_appeal)
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert rendered("Your appeal was received") in html
    assert rendered("Passed to the responsible department") in html
    assert rendered(Outcome.RESOLVED.label) in html
    for secret in (PLAN, TRACKING_NOTE, "內部研判計劃勿外傳", "內部跟蹤記錄勿外傳"):
        assert secret not in html
    assert cast.department.full_name not in html


def test_the_rating_form_offers_the_five_levels(portal, cast, own_appeal):
    answered(cast, own_appeal)
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert reverse("portal:rate", args=[own_appeal.pk]) in html
    for level in Rating:
        assert f'type="radio" name="rating" value="{level.value}"' in html
        assert rendered(level.label) in html
    assert reverse("portal:reopen", args=[own_appeal.pk]) not in html


def test_no_rating_form_before_the_answer(portal, own_appeal):
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert reverse("portal:rate", args=[own_appeal.pk]) not in html
    assert reverse("portal:comment", args=[own_appeal.pk]) in html


def test_an_attachment_downloads_as_a_file(portal, own_appeal):
    attachment = own_appeal.attachments.get()
    response = portal.get(reverse("portal:attachment", args=[own_appeal.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


# --- rating and reopening ------------------------------------------------------------------------

def rate(client: Client, appeal: Appeal, rating: int, **extra):
    appeal.refresh_from_db()
    return client.post(reverse("portal:rate", args=[appeal.pk]),
                       {"rating": str(rating), "comment": "", "version": appeal.version,
                        **extra})


def reopen(client: Client, appeal: Appeal, reason: str = "用电仍未接通"):
    appeal.refresh_from_db()
    return client.post(reverse("portal:reopen", args=[appeal.pk]),
                       {"reason": reason, "version": appeal.version})


def test_rating_the_answer(portal, cast, own_appeal):
    answered(cast, own_appeal)
    response = rate(portal, own_appeal, Rating.SATISFIED, comment="辦得很快")
    assert response.status_code == 302
    own_appeal.refresh_from_db()
    assert (own_appeal.state, own_appeal.rating, own_appeal.rating_comment) == (
        State.RATED, 4, "辦得很快")
    html = page(portal.get(response["Location"]))
    assert rendered("Thank you: your rating has been recorded.") in html
    assert rendered(Rating.SATISFIED.label) in html
    # Satisfied: nothing to reopen.
    assert reverse("portal:reopen", args=[own_appeal.pk]) not in html


def test_a_rating_before_the_answer_is_refused(portal, own_appeal):
    response = rate(portal, own_appeal, Rating.SATISFIED)
    assert response.status_code == 403
    assert rendered("Not possible now") in page(response)
    own_appeal.refresh_from_db()
    assert own_appeal.rating is None


def test_a_rating_out_of_range_is_refused(portal, cast, own_appeal):
    answered(cast, own_appeal)
    response = rate(portal, own_appeal, 9)
    assert response.status_code == 400
    own_appeal.refresh_from_db()
    assert own_appeal.state == State.ANSWERED and own_appeal.rating is None


def test_a_stale_rating_form_is_refused(portal, cast, own_appeal):
    answered(cast, own_appeal)
    own_appeal.refresh_from_db()
    stale = own_appeal.version
    services.appeal_rate(actor=cast.owner, appeal=own_appeal, rating=5)  # taken by phone
    response = portal.post(reverse("portal:rate", args=[own_appeal.pk]),
                           {"rating": "1", "version": stale})
    assert response.status_code == 409
    assert rendered("The appeal changed after you opened this page, so nothing was saved. "
                    "Please look at it as it is now and try again.") in page(response)
    own_appeal.refresh_from_db()
    assert own_appeal.rating == 5


def test_a_rating_without_the_page_version_is_refused_with_a_message(portal, cast, own_appeal):
    answered(cast, own_appeal)
    response = portal.post(reverse("portal:rate", args=[own_appeal.pk]), {"rating": "5"})
    assert response.status_code == 400
    assert rendered("This field is required.") in page(response)
    own_appeal.refresh_from_db()
    assert own_appeal.rating is None


def test_reopening_once_only(portal, cast, own_appeal):
    answered(cast, own_appeal)
    rate(portal, own_appeal, Rating.DISSATISFIED)
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert reverse("portal:reopen", args=[own_appeal.pk]) in html

    response = reopen(portal, own_appeal)
    assert response.status_code == 302
    own_appeal.refresh_from_db()
    assert (own_appeal.state, own_appeal.reopen_count) == (State.IN_PROGRESS, 1)
    html = page(portal.get(response["Location"]))
    assert rendered("Asked to be handled again") in html
    with translation.override("zh-hant"):  # {% translate %} output is not escaped
        assert gettext("The office's earlier reply") in html

    # Reopening again right away: the appeal is being handled, so not now.
    response = reopen(portal, own_appeal)
    assert response.status_code == 403
    own_appeal.refresh_from_db()
    assert own_appeal.reopen_count == 1

    # Answered and rated badly a second time: the form is gone, and a post is refused.
    again(cast, own_appeal)
    rate(portal, own_appeal, Rating.VERY_DISSATISFIED)
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert reverse("portal:reopen", args=[own_appeal.pk]) not in html
    response = reopen(portal, own_appeal)
    assert response.status_code == 400
    assert rendered("This appeal has already been handled again as many times as allowed "
                    "(%(limit)s).") % {"limit": 1} in page(response)
    own_appeal.refresh_from_db()
    assert (own_appeal.state, own_appeal.reopen_count) == (State.RATED, 1)


def test_reopening_a_satisfied_outcome_is_refused(portal, cast, own_appeal):
    answered(cast, own_appeal)
    rate(portal, own_appeal, Rating.VERY_SATISFIED)
    response = reopen(portal, own_appeal)
    assert response.status_code == 400
    assert rendered("Only an outcome rated below “satisfied” can be handled again.") in \
        page(response)
    own_appeal.refresh_from_db()
    assert own_appeal.state == State.RATED


def test_reopening_needs_a_reason(portal, cast, own_appeal):
    answered(cast, own_appeal)
    rate(portal, own_appeal, Rating.NEUTRAL)
    response = reopen(portal, own_appeal, reason="  ")
    assert response.status_code == 400
    assert rendered("Say what is still not resolved.") in page(response)
    own_appeal.refresh_from_db()
    assert own_appeal.state == State.RATED


# --- adding information --------------------------------------------------------------------------

def test_adding_information_with_an_attachment(portal, cast, own_appeal, files_root):
    response = portal.post(reverse("portal:comment", args=[own_appeal.pk]), {
        "text": "補充：供電公司回覆需等變壓器", "files": [upload("回覆.pdf", PDF)]})
    assert response.status_code == 302
    assert own_appeal.attachments.count() == 2
    assert len(stored_files(files_root)) == 2
    html = page(portal.get(response["Location"]))
    assert "補充：供電公司回覆需等變壓器" in html and "回覆.pdf" in html
    assert Notification.objects.filter(recipient=cast.owner, verb="appeal.commented").exists()


def test_adding_information_with_a_bad_file_writes_nothing(portal, own_appeal, files_root):
    before = (own_appeal.attachments.count(), len(stored_files(files_root)),
              Event.objects.count())
    response = portal.post(reverse("portal:comment", args=[own_appeal.pk]),
                           {"text": "補充", "files": [upload("x.png", b"text")]})
    assert response.status_code == 400
    assert (own_appeal.attachments.count(), len(stored_files(files_root)),
            Event.objects.count()) == before


def test_adding_information_to_a_closed_appeal_is_refused(portal, cast, own_appeal):
    answered(cast, own_appeal)
    rate(portal, own_appeal, Rating.SATISFIED)
    own_appeal.refresh_from_db()
    services.appeal_close(actor=cast.owner, appeal=own_appeal)
    html = page(portal.get(reverse("portal:appeal", args=[own_appeal.pk])))
    assert reverse("portal:comment", args=[own_appeal.pk]) not in html
    response = portal.post(reverse("portal:comment", args=[own_appeal.pk]), {"text": "還有"})
    assert response.status_code == 403
    assert re.search(r'class="errors"', page(response))
    assert not Event.objects.filter(verb="appeal.commented").exists()
