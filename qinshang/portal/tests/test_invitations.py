"""The opinion survey's invitation page: a compatriot answers through the personal link they were
sent, without logging in, in Traditional Chinese. Expired, used and forged links are refused;
answers are stored once; each opinion becomes an appeal (channel survey) in its category."""

from __future__ import annotations

import datetime
import logging
import secrets
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.campaigns import services
from qinshang.campaigns.models import Distribution, RaisedAppeal
from qinshang.questionnaires.models import FormResponse
from qinshang.testing.cast import build_campaign_cast
from qinshang.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
ANSWERED_AT = datetime.datetime(2026, 6, 20, 9, 30, tzinfo=TZ)
OPINION = "希望简化台胞证办理流程"
OFFICE_TRADITIONAL = "歷下區臺辦"  # the owner's office (济南市历下区台办), as the page shows it


@pytest.fixture
def campaign(cast):
    cast.campaigns = build_campaign_cast(cast)
    return cast.campaigns


@pytest.fixture
def appeals_registered_now(divisions):
    """The page registers the opinions' appeals at the real present moment (it takes no time
    from the caller), and their answer deadline may reach into 2027, which the holiday table
    does not have yet. For these tests only, 2027 counts by the weekly rule alone."""
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "test: weekly rule only"})


def url(token: str) -> str:
    return reverse("portal:survey", kwargs={"token": token})


def traditional(message: str, **params) -> str:
    """A message as the invitation page shows it (in zh-hant, escaped)."""
    with translation.override("zh-hant"):
        text = gettext(message)
    return escape(text % params if params else text)


def questions(campaign):
    return list(campaign.opinion_form.questions.order_by("order"))


def answers(campaign, **extra) -> dict:
    first, second = questions(campaign)
    return {f"q{first.pk}": "yes", f"q{second.pk}": "无", **extra}


def opinion(number: int, category: str, subject: str, text: str = "") -> dict:
    return {f"opinion-{number}-category": str(Category.objects.get(code=category).pk),
            f"opinion-{number}-subject": subject, f"opinion-{number}-text": text}


def stored(campaign) -> tuple[int, int]:
    """(form responses, appeals raised through the survey) now in the database."""
    return (FormResponse.objects.filter(template=campaign.opinion_form).count(),
            Appeal.objects.filter(channel=Channel.SURVEY).count())


def online_copy(campaign) -> Distribution:
    return Distribution.objects.get(pk=campaign.online_copy.pk)


# --- the page ------------------------------------------------------------------------------------

def test_the_page_is_in_traditional_chinese_whatever_the_visitor_chose(client, campaign, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get(url(campaign.token))

    assert response.status_code == 200
    page = response.content.decode()
    assert "徵求意見表" in page                  # the form's title, converted
    assert "是否瞭解惠臺政策" in page             # the question, converted (s2tw)
    assert "是否了解惠台政策" not in page
    assert "濟南魯臺精密機械有限公司" in page      # the enterprise it was sent to
    assert "徵地拆遷" in page                     # categories by their Traditional names
    assert 'lang="zh-Hant"' in page
    assert response["Content-Language"] == "zh-hant"


def test_the_page_keeps_the_token_to_itself(client, campaign):
    response = client.get(url(campaign.token))

    # The address never goes out as a referrer; the origin alone does, for the CSRF check.
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies  # no CSRF exemption: the form posts with the cookie


def test_the_page_needs_no_login_and_ignores_who_is_logged_in(client, cast, campaign):
    anonymous = client.get(url(campaign.token)).status_code
    client.force_login(cast.other_city)
    assert (anonymous, client.get(url(campaign.token)).status_code) == (200, 200)


# --- answering -----------------------------------------------------------------------------------

def test_opinions_become_appeals_of_their_category_and_the_answer_is_stored_once(
        client, cast, campaign, appeals_registered_now):
    data = {**answers(campaign), **opinion(1, "entry_residence", OPINION, "续签手续繁琐"),
            **opinion(3, "logistics", "希望增开公交线路")}  # row 2 left blank: ignored

    response = client.post(url(campaign.token), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "portal/survey_done.html" in [t.name for t in response.templates]
    assert OFFICE_TRADITIONAL in page  # who follows the opinions up
    copy = online_copy(campaign)
    assert (copy.returned_on, copy.return_method) == (timezone.localdate(), "online")
    assert copy.response.answers == {str(questions(campaign)[0].pk): True,
                                     str(questions(campaign)[1].pk): "无"}
    assert copy.response.entered_by is None
    raised = RaisedAppeal.objects.filter(distribution=copy).select_related("appeal__category")
    assert {(r.appeal.title, r.appeal.category.code, r.appeal.channel) for r in raised} == {
        (OPINION, "entry_residence", "survey"), ("希望增开公交线路", "logistics", "survey")}
    assert {r.campaign_id for r in raised} == {campaign.campaign.pk}
    assert stored(campaign) == (1, 2)

    again = client.post(url(campaign.token), data)

    assert again.status_code == 410
    assert stored(campaign) == (1, 2)  # one response, one set of appeals
    assert traditional("Already answered") in again.content.decode()


def test_a_used_link_says_so_and_names_the_office(client, campaign):
    services.survey_answer_online(token=campaign.token, answers=answers(campaign),
                                  at=ANSWERED_AT)

    response = client.get(url(campaign.token))

    assert response.status_code == 410
    page = response.content.decode()
    assert OFFICE_TRADITIONAL in page
    assert "2026-06-20" in page
    assert "<form" not in page


def test_answering_twice_through_the_service_stores_once(campaign):
    category = Category.objects.get(code="labour")
    opinions = [services.Problem(category, "用工紧张", "希望组织招聘会")]
    services.survey_answer_online(token=campaign.token, answers=answers(campaign),
                                  opinions=opinions, at=ANSWERED_AT)

    with pytest.raises(services.InvitationRefused) as refused:
        services.survey_answer_online(token=campaign.token, answers=answers(campaign),
                                      opinions=opinions, at=ANSWERED_AT)

    assert refused.value.reason == "used"
    assert stored(campaign) == (1, 1)


def test_a_required_question_left_empty_brings_the_form_back_and_writes_nothing(
        client, campaign):
    _required, second = questions(campaign)  # the required first question is left out
    data = {f"q{second.pk}": "无", **opinion(1, "land", "厂房用地", "希望协调用地指标")}

    response = client.post(url(campaign.token), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert traditional("This question must be answered.") in page
    assert "希望协调用地指标" in page  # what was typed stays in the form
    assert stored(campaign) == (0, 0)
    assert not online_copy(campaign).returned
    assert client.get(url(campaign.token)).status_code == 200  # the link still works


def test_an_opinion_without_a_subject_is_refused_in_traditional(client, campaign):
    data = {**answers(campaign), **opinion(1, "land", "", "希望协调用地指标")}

    response = client.post(url(campaign.token), data)

    assert response.status_code == 400
    assert traditional("Give the opinion a short subject.") in response.content.decode()
    assert stored(campaign) == (0, 0)


def test_an_unknown_category_is_refused(client, campaign):
    data = {**answers(campaign), "opinion-1-category": "999999", "opinion-1-subject": "用地"}
    assert client.post(url(campaign.token), data).status_code == 400
    assert stored(campaign) == (0, 0)


def test_markup_in_an_opinion_is_shown_as_text(client, campaign, appeals_registered_now):
    markup = "<script>alert(1)</script>"
    response = client.post(url(campaign.token),
                           {**answers(campaign), **opinion(1, "other", markup)})
    assert response.status_code == 200
    assert markup not in response.content.decode()
    assert escape(markup) in response.content.decode()


# --- refusals ------------------------------------------------------------------------------------

def test_an_expired_link_is_refused_and_nothing_is_stored(client, campaign):
    Distribution.objects.filter(pk=campaign.online_copy.pk).update(
        link_expires_at=timezone.now() - datetime.timedelta(minutes=1))

    shown = client.get(url(campaign.token))
    posted = client.post(url(campaign.token), answers(campaign))

    assert (shown.status_code, posted.status_code) == (410, 410)
    page = posted.content.decode()
    assert traditional("Link expired") in page
    assert OFFICE_TRADITIONAL in page  # who can send a new link
    assert stored(campaign) == (0, 0)
    assert not online_copy(campaign).returned


def test_expiry_is_checked_at_the_moment_of_answering(campaign):
    after = online_copy(campaign).link_expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(services.InvitationRefused) as refused:
        services.survey_answer_online(token=campaign.token, answers=answers(campaign), at=after)
    assert refused.value.reason == "expired"
    assert stored(campaign) == (0, 0)


def near_miss(token: str) -> str:
    """The real token with one character changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def test_forged_links_are_not_found_and_tell_nothing(client, campaign):
    random_token = secrets.token_urlsafe(32)

    answers_to = {token: client.get(url(token))
                  for token in (random_token, near_miss(campaign.token), "x" * 200)}
    posted = client.post(url(near_miss(campaign.token)), answers(campaign))

    assert {response.status_code for response in answers_to.values()} | {posted.status_code} \
        == {404}
    pages = {response.content.decode() for response in answers_to.values()}
    assert len(pages) == 1  # a near miss reads exactly like a random string
    page = pages.pop()
    assert OFFICE_TRADITIONAL not in page and "徵求意見表" not in page
    assert stored(campaign) == (0, 0)


def test_a_reissued_link_makes_the_old_one_fail(client, cast, campaign):
    issued = services.distribution_reissue_link(actor=cast.owner,
                                                distribution=campaign.online_copy)

    assert client.get(url(campaign.token)).status_code == 404
    assert client.post(url(campaign.token), answers(campaign)).status_code == 404
    assert client.get(url(issued.token)).status_code == 200
    assert stored(campaign) == (0, 0)


def test_the_token_is_not_written_to_the_log(client, campaign, caplog):
    caplog.set_level(logging.DEBUG)
    Distribution.objects.filter(pk=campaign.online_copy.pk).update(
        link_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    forged = near_miss(campaign.token)

    client.get(url(forged))
    client.get(url(campaign.token))
    client.post(url(forged), {})
    client.put(url(campaign.token))
    client.get("/no-such-page/")  # a control: other refusals are logged as usual

    assert "/no-such-page/" in caplog.text
    assert forged not in caplog.text
    assert campaign.token not in caplog.text


def test_a_refused_csrf_check_does_not_log_the_token(campaign, caplog):
    from django.test import Client

    caplog.set_level(logging.DEBUG)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:survey", args=[campaign.token]), {})
    assert response.status_code == 403
    assert campaign.token not in caplog.text
    assert "/portal/survey/[token]" in caplog.text
