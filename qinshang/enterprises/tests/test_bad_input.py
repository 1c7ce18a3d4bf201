"""Bad input on the enterprise forms: a clear message in the user's language, nothing written."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from qinshang.enterprises.forms import UNKNOWN_REGION
from qinshang.enterprises.identifiers import (
    credit_code_check_character,
    residence_permit_check_character,
)
from qinshang.enterprises.models import Affiliation, Enterprise, Person
from qinshang.enterprises.views import STALE_EDIT
from qinshang.events.models import Event
from qinshang.testing.factories import credit_code

CHECK_MESSAGE = ("The check character of this unified social credit code is wrong: "
                 "it should end in %(expected)s. Please check the code for a typing error.")
MARKUP = "<script>alert(1)</script>"


def rendered(message, language: str, **params) -> str:
    """A message as a user of ``language`` reads it on a page (translated, HTML-escaped)."""
    with translation.override(language):
        text = str(gettext(message) if isinstance(message, str) else message)
    return escape(text % params if params else text)


def speak(client: Client, language: str) -> Client:
    """The language a user picked with the selector (stored in the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(response) -> str:
    return response.content.decode()


def enterprise_data(**overrides) -> dict:
    data = {
        "name": "济南台资新材料有限公司", "trade_name": "臺資新材",
        "credit_code": credit_code("370102", 900001), "region": "370102", "address": "",
        "industry": "39", "origin": "710000", "registered_capital": "500",
        "total_investment": "", "employees": "", "status": "operating",
        "liaison_officer": "", "version": "",
    }
    data.update(overrides)
    return data


def edit_data(enterprise: Enterprise, **overrides) -> dict:
    data = enterprise_data(
        name=enterprise.name, trade_name=enterprise.trade_name,
        credit_code=enterprise.credit_code, region=enterprise.region_id,
        industry=enterprise.industry, origin=enterprise.origin,
        registered_capital=str(enterprise.registered_capital), status=enterprise.status,
        liaison_officer=enterprise.liaison_officer_id or "", version=enterprise.version)
    data.update(overrides)
    return data


def person_data(**overrides) -> dict:
    data = {"name": "林美玲", "origin": "710000", "document_kind": "travel_permit",
            "document_number": "87654321", "phone": "", "region": "370102",
            "relation": "manager"}
    data.update(overrides)
    return data


@pytest.fixture
def owner_client(client, cast):
    client.force_login(cast.owner)
    return client


@pytest.fixture
def nothing_written(cast):
    """Asserts, after the test body, that no enterprise, person or event row appeared."""
    before = (Enterprise.objects.count(), Person.objects.count(), Affiliation.objects.count(),
              Event.objects.count())
    yield
    after = (Enterprise.objects.count(), Person.objects.count(), Affiliation.objects.count(),
             Event.objects.count())
    assert after == before


def wrong_check_code() -> str:
    good = credit_code("370102", 900001)
    return good[:17] + ("0" if good[-1] != "0" else "1")


# --- credit code --------------------------------------------------------------------------

def test_wrong_check_character_is_refused_in_english(owner_client, nothing_written):
    # given an officer who chose English
    speak(owner_client, "en")
    code = wrong_check_code()
    # when they file an enterprise with a mistyped credit code
    response = owner_client.post(reverse("enterprises:create"), enterprise_data(credit_code=code))
    # then the form comes back naming the check character and the right one
    assert response.status_code == 400
    expected = credit_code_check_character(code[:17])
    assert rendered(CHECK_MESSAGE, "en", expected=expected) in page(response)
    assert "check character" in page(response)


def test_wrong_check_character_is_refused_in_simplified_chinese(client, cast, nothing_written):
    # given an officer who chose Simplified Chinese on a PC whose browser asks for English
    client.force_login(cast.owner)
    speak(client, "zh-hans")
    code = wrong_check_code()
    # when they file an enterprise with a mistyped credit code
    response = client.post(reverse("enterprises:create"), enterprise_data(credit_code=code),
                           HTTP_ACCEPT_LANGUAGE="en")
    # then the page is in zh-hans with the zh-hans message, not the English one
    # (needs the compiled catalogues: manage.py compilemessages)
    assert response.status_code == 400
    assert '<html lang="zh-hans">' in page(response)
    expected = credit_code_check_character(code[:17])
    assert rendered(CHECK_MESSAGE, "zh-hans", expected=expected) in page(response)
    assert rendered(CHECK_MESSAGE, "en", expected=expected) not in page(response)


def test_negative_capital_is_refused_in_chinese_not_english(owner_client, nothing_written):
    # when an officer using the staff default language types a negative registered capital
    response = owner_client.post(reverse("enterprises:create"),
                                 enterprise_data(registered_capital="-5"))
    # then the message is the Chinese one, never the English one
    assert response.status_code == 400
    with translation.override("zh-hans"):
        chinese = gettext("Ensure this value is greater than or equal to %(limit_value)s.")
    with translation.override("en"):
        english = gettext("Ensure this value is greater than or equal to %(limit_value)s.")
    assert chinese != english
    assert escape(chinese % {"limit_value": 0}) in page(response)
    assert escape(english % {"limit_value": 0}) not in page(response)


def test_negative_capital_on_edit_leaves_the_stored_row(owner_client, cast, nothing_written):
    # given the stored file
    enterprise = cast.enterprise
    # when the owner edits the capital to a negative amount
    response = owner_client.post(reverse("enterprises:edit", args=[enterprise.pk]),
                                 edit_data(enterprise, registered_capital="-1",
                                           name="改过的名字"))
    # then the form is refused and the row is as it was, version included
    assert response.status_code == 400
    stored = Enterprise.objects.get(pk=enterprise.pk)
    assert (stored.name, stored.registered_capital, stored.version) == (
        enterprise.name, enterprise.registered_capital, enterprise.version)


def test_duplicate_credit_code_is_refused(owner_client, cast, nothing_written):
    response = owner_client.post(reverse("enterprises:create"),
                                 enterprise_data(credit_code=cast.enterprise.credit_code))
    assert response.status_code == 400
    assert 'class="error"' in page(response)


# --- division -----------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["999999", "370103", "370100", "710000"],
                         ids=["no-such-code", "neighbour-county", "own-city", "taiwan"])
def test_division_outside_the_officers_counties_is_refused(owner_client, code,
                                                          nothing_written):
    # when the owner files an enterprise under a code they may not file under
    response = speak(owner_client, "en").post(reverse("enterprises:create"),
                                              enterprise_data(region=code))
    # then the division field says so
    assert response.status_code == 400
    assert rendered(UNKNOWN_REGION, "en") in page(response)


def test_moving_an_enterprise_to_the_neighbour_county_is_refused(owner_client, cast,
                                                                nothing_written):
    enterprise = cast.enterprise
    response = owner_client.post(reverse("enterprises:edit", args=[enterprise.pk]),
                                 edit_data(enterprise, region="370103"))
    assert response.status_code == 400
    assert rendered(UNKNOWN_REGION, "zh-hans") in page(response)
    assert Enterprise.objects.get(pk=enterprise.pk).region_id == "370102"


# --- personal documents -------------------------------------------------------------------

TRAVEL_MESSAGE = "A Mainland Travel Permit for Taiwan Residents number has 8 digits."
RESIDENCE_FORM = ("A residence permit number for Taiwan residents has 18 characters "
                  "and starts with 830000.")
RESIDENCE_CHECK = "The check character of this residence permit number is wrong."


def _permit(prefix: str = "830000", birth: str = "19800101", serial: str = "001") -> str:
    first17 = f"{prefix}{birth}{serial}"
    return first17 + residence_permit_check_character(first17)


def _wrong_check(value: str) -> str:
    return value[:17] + ("0" if value[-1] != "0" else "1")


@pytest.mark.parametrize(("kind", "number", "message"), [
    ("travel_permit", "1234567", TRAVEL_MESSAGE),
    ("travel_permit", "AB123456", TRAVEL_MESSAGE),
    ("travel_permit", "１２３４５６７８", TRAVEL_MESSAGE),
    ("residence_permit", _permit(prefix="810000"), RESIDENCE_FORM),
    ("residence_permit", _wrong_check(_permit()), RESIDENCE_CHECK),
], ids=["seven-digits", "letters", "full-width", "not-830000", "check-character"])
def test_malformed_document_number_is_refused(owner_client, cast, kind, number, message,
                                              nothing_written):
    # when the owner adds a person to the enterprise with a malformed document number
    response = speak(owner_client, "en").post(
        reverse("enterprises:person_create", args=[cast.enterprise.pk]),
        person_data(document_kind=kind, document_number=number))
    # then the document number field says what is wrong and no person is added
    assert response.status_code == 400
    assert rendered(message, "en") in page(response)


def test_number_without_document_kind_is_refused(owner_client, cast, nothing_written):
    response = speak(owner_client, "en").post(
        reverse("enterprises:person_create", args=[cast.enterprise.pk]),
        person_data(document_kind="", document_number="87654321"))
    assert response.status_code == 400
    assert rendered("Say which document this number is.", "en") in page(response)


def test_valid_residence_permit_is_accepted(owner_client, cast):
    # the same form with a well-formed number saves: the refusals above are about the number
    number = _permit(birth="19750615", serial="042")
    response = owner_client.post(
        reverse("enterprises:person_create", args=[cast.enterprise.pk]),
        person_data(document_kind="residence_permit", document_number=number.lower()))
    assert response.status_code == 302
    assert Person.objects.get(document_number=number).name == "林美玲"


# --- markup in text -----------------------------------------------------------------------

def test_markup_in_a_name_is_kept_as_text_and_shown_escaped(owner_client):
    # when an enterprise is filed with markup in its names
    response = owner_client.post(reverse("enterprises:create"),
                                 enterprise_data(name=MARKUP, trade_name=f"臺{MARKUP}"))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name=MARKUP)
    # then the text is stored as typed
    assert enterprise.trade_name == f"臺{MARKUP}"
    # and the detail and list pages show it as text, never as a tag
    for url in (reverse("enterprises:detail", args=[enterprise.pk]),
                reverse("enterprises:list"),
                reverse("enterprises:list") + "?q=alert"):
        html = page(owner_client.get(url))
        assert MARKUP not in html, url
        assert escape(MARKUP) in html, url


def test_markup_in_a_measure_is_shown_escaped(owner_client, cast):
    response = owner_client.post(
        reverse("enterprises:measure_create", args=[cast.enterprise.pk]),
        {"title": MARKUP, "detail": f"<b>{MARKUP}</b>", "status": "planned"})
    assert response.status_code == 302
    html = page(owner_client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])))
    assert MARKUP not in html
    assert "<b>" not in html
    assert escape(MARKUP) in html


# --- stale edit ---------------------------------------------------------------------------

def _version_in_form(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "the edit form carries the version it was opened with"
    return match.group(1)


def test_second_save_of_a_stale_form_is_refused_and_first_save_kept(cast):
    # given the owner and the city officer open the same file's edit form
    url = reverse("enterprises:edit", args=[cast.enterprise.pk])
    first, second = Client(), Client()
    first.force_login(cast.owner)
    second.force_login(cast.city)
    first_version = _version_in_form(page(first.get(url)))
    second_version = _version_in_form(page(second.get(url)))
    assert first_version == second_version
    # when the owner saves, then the city officer saves their own change
    saved = first.post(url, edit_data(cast.enterprise, address="经十路1号",
                                      version=first_version))
    events_after_first = Event.objects.count()
    refused = speak(second, "en").post(url, edit_data(cast.enterprise, address="泉城路2号",
                                                      version=second_version))
    # then the second save is refused with a message, keeping what they typed
    assert saved.status_code == 302
    assert refused.status_code == 409
    assert rendered(STALE_EDIT, "en") in page(refused)
    assert "泉城路2号" in page(refused)
    # and the first save's data stays, with no event for the refused save
    stored = Enterprise.objects.get(pk=cast.enterprise.pk)
    assert stored.address == "经十路1号"
    assert stored.version == int(first_version) + 1
    assert Event.objects.count() == events_after_first


def test_refused_stale_form_is_still_the_edit_form(cast):
    # given a form opened before someone else saved
    client = Client()
    client.force_login(cast.owner)
    url = reverse("enterprises:edit", args=[cast.enterprise.pk])
    stale = cast.enterprise.version
    Enterprise.objects.filter(pk=cast.enterprise.pk).update(version=stale + 1)
    # when it is saved
    refused = speak(client, "en").post(url, edit_data(cast.enterprise, version=stale))
    # then the page is still titled as an edit of this enterprise, not as a new one
    assert refused.status_code == 409
    html = page(refused)
    assert "Edit enterprise" in html
    assert "New enterprise" not in html
    assert reverse("enterprises:detail", args=[cast.enterprise.pk]) in html


def test_edit_without_version_is_refused(owner_client, cast):
    url = reverse("enterprises:edit", args=[cast.enterprise.pk])
    response = owner_client.post(url, edit_data(cast.enterprise, version="", address="x"))
    assert response.status_code == 409
    assert Enterprise.objects.get(pk=cast.enterprise.pk).address == ""


def test_a_reader_cannot_open_the_new_enterprise_form(client, cast):
    client.force_login(cast.reader)
    before = Enterprise.objects.count()
    assert client.get(reverse("enterprises:create")).status_code == 403
    assert client.post(reverse("enterprises:create"), {"name": "新企业"}).status_code == 403
    assert Enterprise.objects.count() == before


def test_an_invalid_filter_is_reported_and_the_other_filters_still_apply(client, cast):
    client.force_login(cast.city)
    response = client.get(reverse("enterprises:list"), {"region": "999999", "q": "鲁台"})
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(gettext(UNKNOWN_REGION)) in page
    assert cast.enterprise.name in page
    assert cast.foreign_enterprise.name not in page


def test_an_officer_of_a_neighbouring_county_cannot_be_the_liaison_officer(client, cast):
    # given the city officer, who may pick any office member of the city
    client.force_login(cast.city)
    url = reverse("enterprises:edit", args=[cast.enterprise.pk])
    events_before = Event.objects.count()
    # when they name the neighbouring county's officer as liaison
    response = client.post(url, edit_data(cast.enterprise, liaison_officer=cast.neighbour.pk))
    # then the page says why, and nothing is written
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = gettext("The liaison officer must work in an office whose jurisdiction "
                           "includes this enterprise's county.")
    assert escape(expected) in page(response)
    assert Enterprise.objects.get(pk=cast.enterprise.pk).liaison_officer == cast.owner
    assert Event.objects.count() == events_before


def test_an_officer_of_the_city_above_may_be_the_liaison_officer(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("enterprises:edit", args=[cast.enterprise.pk]),
                           edit_data(cast.enterprise, liaison_officer=cast.city.pk))
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=cast.enterprise.pk).liaison_officer == cast.city
