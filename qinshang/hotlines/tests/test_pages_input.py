"""Bad input on every hotline form, sent through the pages: a phone number that is not a number,
a score outside 1–5, a time in the future, a line that closes before it opens, a round that ends
before it starts. Each is refused with a clear message beside the field, and nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qinshang.appeals.models import Category
from qinshang.hotlines.models import TestCall, TestCallRound
from qinshang.hotlines.tests.test_pages import (
    call_post,
    english,
    errors_beside,
    hotline_post,
    html,
    snapshot,
)
from qinshang.testing import factories as f
from qinshang.testing.cast import OWNER_COUNTY, PROVINCE


def refused(response, name: str) -> list[str]:
    assert response.status_code == 400, response.status_code
    assert "Nothing was saved" in html(response)
    return errors_beside(response, name)


# --- the line ----------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["热线电话", "0531-8606-abcd", "12", "0531——86061234"])
def test_a_number_that_is_not_a_phone_number(client, lines, number):
    client.force_login(lines.owner)
    before = snapshot()
    response = english(client).post(reverse("hotlines:create"), hotline_post(lines,
                                                                              number=number))
    assert refused(response, "number") == [
        f"“{number}” is not a phone number: write digits, with an area code and hyphen if "
        "needed, e.g. 0531-86061234 or 12345."]
    assert snapshot() == before


def test_a_number_already_on_file(client, lines):
    client.force_login(lines.owner)
    before = snapshot()
    response = english(client).post(reverse("hotlines:create"), hotline_post(
        lines, number=lines.liaison.hotline.number))
    assert refused(response, "number") == ["This number is already on file."]
    assert snapshot() == before


def test_a_day_that_closes_before_it_opens(client, lines):
    client.force_login(lines.owner)
    before = snapshot()
    response = english(client).post(reverse("hotlines:create"), hotline_post(
        lines, **{"hours-2-opens": "17:00", "hours-2-closes": "09:00"}))
    assert response.status_code == 400
    page = html(response)
    wednesday = page[page.index("<th scope=\"row\">Wednesday</th>"):]
    wednesday = wednesday[:wednesday.index("</tr>")]
    assert "The line must close after it opens." in wednesday
    assert 'name="hours-2-opens" value="17:00"' in wednesday  # the input is kept
    assert snapshot() == before


@pytest.mark.parametrize(("changes", "message"), [
    ({"hours-1-opens": "", "hours-1-closes": "17:00"},
     "Give both the opening and the closing time, or leave both empty."),
    ({"hours-1-closes": "12:00", "hours-1-opens_2": "11:00", "hours-1-closes_2": "17:00"},
     "The second stretch must start after the first ends."),
    ({"hours-1-opens": "9 o'clock"}, "Enter a valid time."),
])
def test_a_week_that_does_not_add_up(client, lines, changes, message):
    client.force_login(lines.owner)
    before = snapshot()
    response = english(client).post(reverse("hotlines:create"), hotline_post(lines, **changes))
    assert response.status_code == 400
    assert message in html(response)
    assert snapshot() == before


def test_a_line_neither_24_hours_nor_with_hours(client, lines):
    client.force_login(lines.owner)
    data = hotline_post(lines)
    for day in range(7):
        data |= {f"hours-{day}-opens": "", f"hours-{day}-closes": ""}
    before = snapshot()
    response = english(client).post(reverse("hotlines:create"), data)
    assert response.status_code == 400
    assert "A line that is not open 24 hours needs its weekly hours." in html(response)
    assert snapshot() == before


def test_an_office_outside_the_jurisdiction(client, lines):
    client.force_login(lines.neighbour)
    before = snapshot()
    response = english(client).post(reverse("hotlines:create"), hotline_post(lines))
    assert refused(response, "office") == ["Choose an office in your jurisdiction."]
    assert snapshot() == before


# --- calls -------------------------------------------------------------------------------------

def post_call(client, lines, **changes):
    return english(client).post(reverse("hotlines:call_create", args=[lines.liaison.hotline.pk]),
                                call_post(lines, **changes))


def test_a_caller_number_that_is_not_a_number(client, lines):
    client.force_login(lines.owner)
    before = snapshot()
    response = post_call(client, lines, caller_phone="林先生手机")
    assert refused(response, "caller_phone") == [
        "“林先生手机” is not a phone number: write digits, with an area code and hyphen if "
        "needed, e.g. 0531-86061234 or 12345."]
    assert snapshot() == before


def test_a_call_in_the_future(client, lines):
    client.force_login(lines.owner)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    before = snapshot()
    response = post_call(client, lines, received_at=tomorrow.strftime("%Y-%m-%dT%H:%M"))
    assert refused(response, "received_at") == ["A call cannot be dated in the future."]
    assert snapshot() == before


def test_an_appeal_without_whom_it_is_for(client, lines):
    """The problem is described, but neither the enterprise nor the person is named: the
    service refuses, beside the enterprise; neither the call nor an appeal is written."""
    client.force_login(lines.owner)
    before = snapshot()
    response = post_call(client, lines, enterprise="", outcome="", **{
        "appeal-take_in": "on", "appeal-category": str(Category.objects.get(code="land").pk),
        "appeal-title": "用地", "appeal-description": "用地指标"})
    assert refused(response, "enterprise") == [
        "To take the call in as an appeal, name the enterprise or person who called."]
    assert snapshot() == before


def test_an_appeal_without_subject_or_category(client, lines):
    client.force_login(lines.owner)
    before = snapshot()
    response = post_call(client, lines, **{"appeal-take_in": "on"})
    assert refused(response, "appeal-category") == ["Choose the category of the appeal."]
    assert errors_beside(response, "appeal-title") == ["Give the appeal a subject."]
    assert snapshot() == before


def test_a_call_without_outcome_or_with_an_enterprise_out_of_sight(client, lines):
    client.force_login(lines.owner)
    before = snapshot()
    response = post_call(client, lines, outcome="",
                         enterprise=str(lines.foreign_enterprise.pk))
    assert refused(response, "outcome") == ["Choose the outcome of the call."]
    assert errors_beside(response, "enterprise") == [
        "Choose one of the list: those you may see in the line's division."]
    assert snapshot() == before


# --- rounds ------------------------------------------------------------------------------------

def round_post(**changes) -> dict:
    return {"name": "2026年5月热线拨测", "office": str(f.office_at(OWNER_COUNTY).pk),
            "starts_on": "2026-05-01", "ends_on": "2026-05-31", "lines-region": "",
            "lines-status": "active", "lines-since_from": "", "lines-since_to": "",
            "count": "1"} | changes


def test_a_round_that_ends_before_it_starts(client, lines):
    client.force_login(lines.owner)
    rounds = TestCallRound.objects.count()
    response = english(client).post(reverse("hotlines:round_create"), round_post(
        ends_on="2026-04-30"))
    assert refused(response, "ends_on") == ["The round cannot end before it starts."]
    assert TestCallRound.objects.count() == rounds


def test_a_round_over_a_division_outside_its_office(client, lines):
    client.force_login(lines.city)
    rounds = TestCallRound.objects.count()
    response = english(client).post(reverse("hotlines:round_create"), round_post(**{
        "lines-region": "370103"}))
    assert refused(response, "lines-region") == [
        "市中区 is outside the division of 历下区台办."]
    assert TestCallRound.objects.count() == rounds


# --- test calls --------------------------------------------------------------------------------

def probe_url(lines, *, in_round: bool = True) -> str:
    url = f"{reverse('hotlines:test_call_create')}?hotline={lines.liaison.hotline.pk}"
    return url + (f"&round={lines.liaison.test_round.pk}" if in_round else "")


def probe_post(**changes) -> dict:
    moment = timezone.localtime() - datetime.timedelta(hours=1)
    return {"called_at": moment.strftime("%Y-%m-%dT%H:%M"), "answered": "yes",
            "seconds_to_answer": "8", "courtesy": "5", "knowledge": "4", "ownership": "4",
            "accuracy": "5", "notes": ""} | changes


@pytest.mark.parametrize("score", ["0", "6", "五"])
@pytest.mark.parametrize("name", ["courtesy", "knowledge", "ownership", "accuracy"])
def test_a_score_outside_one_to_five(client, lines, name, score):
    client.force_login(lines.province)
    calls = TestCall.objects.count()
    response = english(client).post(probe_url(lines), probe_post(**{name: score}))
    assert refused(response, name) == ["Scores run from 1 to 5."]
    assert TestCall.objects.count() == calls


def test_a_test_call_in_the_future(client, lines):
    client.force_login(lines.province)
    calls = TestCall.objects.count()
    later = timezone.localtime() + datetime.timedelta(hours=2)
    response = english(client).post(probe_url(lines), probe_post(
        called_at=later.strftime("%Y-%m-%dT%H:%M")))
    assert refused(response, "called_at") == ["A test call cannot be dated in the future."]
    assert TestCall.objects.count() == calls


def test_a_test_call_outside_the_round(client, lines):
    client.force_login(lines.province)
    test_round = lines.liaison.test_round
    calls = TestCall.objects.count()
    response = english(client).post(probe_url(lines), probe_post(
        called_at="2026-01-05T10:00"))
    assert refused(response, "called_at") == [
        f"The round runs from {test_round.starts_on.isoformat()} to "
        f"{test_round.ends_on.isoformat()}."]
    assert TestCall.objects.count() == calls


def test_an_answered_call_needs_its_seconds_and_scores(client, lines):
    client.force_login(lines.province)
    calls = TestCall.objects.count()
    response = english(client).post(probe_url(lines), probe_post(
        seconds_to_answer="", courtesy="", accuracy="-3"))
    assert refused(response, "seconds_to_answer") == [
        "Say how many seconds passed before the answer."]
    assert errors_beside(response, "courtesy") == ["Give a score from 1 to 5."]
    assert errors_beside(response, "accuracy") == ["Scores run from 1 to 5."]
    assert errors_beside(response, "knowledge") == []
    assert TestCall.objects.count() == calls


def test_whether_it_was_answered_must_be_said(client, lines):
    client.force_login(lines.province)
    response = english(client).post(probe_url(lines), probe_post(answered=""))
    assert refused(response, "answered") == ["Say whether the line was answered."]


def test_the_form_keeps_the_scores_as_radio_buttons(client, lines):
    client.force_login(lines.province)
    page = html(english(client).get(probe_url(lines)))
    assert page.count('type="radio"') == 2 + 4 * 5
    assert 'name="courtesy" value="5"' in page
    assert lines.liaison.test_round.name in page and "24 hours" in page
    assert PROVINCE  # the round is the province's
