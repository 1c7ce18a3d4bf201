"""The staff pages of a campaign's opinion survey: starting it, handing out copies on paper or
with invitation links, the chase list of copies not yet returned (and its export), typing in a
returned paper form whose opinions become appeals."""

from __future__ import annotations

import base64
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from qinshang.appeals.models import Appeal, Category
from qinshang.campaigns import services
from qinshang.campaigns.models import Distribution, DistributionMethod, RaisedAppeal, Survey
from qinshang.enterprises.models import Affiliation
from qinshang.questionnaires.models import FormResponse
from qinshang.regions.models import HONG_KONG
from qinshang.testing import factories as f
from qinshang.testing.cast import CAMPAIGN_AT, build_campaign_cast
from qinshang.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
HANDED_OUT = datetime.date(2026, 6, 12)
HANDED_OUT_AT = datetime.datetime(2026, 6, 12, 15, 0, tzinfo=TZ)


@pytest.fixture
def campaign(cast):
    cast.campaigns = build_campaign_cast(cast)
    return cast.campaigns


@pytest.fixture
def fresh_survey(cast, campaign) -> Survey:
    """A second survey of the cast's campaign, with no copies yet."""
    return services.survey_create(actor=cast.city, campaign=campaign.campaign,
                                  form=campaign.opinion_form, deadline=datetime.date(2026, 6, 28),
                                  at=CAMPAIGN_AT)


@pytest.fixture
def appeals_registered_now(divisions):
    """The paper entry page registers the opinions' appeals at the real present moment, and
    their answer deadline may reach into 2027, which the holiday table does not have yet. For
    these tests only, 2027 counts by the weekly rule alone."""
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "test: weekly rule only"})


def shown(message: str, **params) -> str:
    with override("zh-hans"):
        text = gettext(message)
    return escape(text % params if params else text)


def page(response) -> str:
    return response.content.decode()


def workbook_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def target_of(campaign, enterprise):
    return campaign.campaign.targets.get(enterprise=enterprise)


def answers(campaign) -> dict:
    first, second = campaign.opinion_form.questions.order_by("order")
    return {f"q{first.pk}": "no", f"q{second.pk}": "希望多组织两岸交流活动"}


# --- starting a survey ---------------------------------------------------------------------------

def test_the_city_starts_a_survey_with_an_opinion_form(client, cast, campaign):
    client.force_login(cast.city)
    url = reverse("campaigns:survey_create", args=[campaign.campaign.pk])

    response = client.post(url, {"form": campaign.opinion_form.pk, "deadline": "2026-06-26"})

    survey = campaign.campaign.surveys.exclude(pk=campaign.survey.pk).get()
    assert response["Location"] == reverse("campaigns:survey_detail", args=[survey.pk])
    assert survey.deadline == datetime.date(2026, 6, 26)


def test_a_visit_report_form_cannot_be_handed_out_as_a_survey(client, cast, campaign):
    client.force_login(cast.city)
    url = reverse("campaigns:survey_create", args=[campaign.campaign.pk])

    response = client.post(url, {"form": campaign.visit_form.pk, "deadline": "2026-06-26"})

    assert response.status_code == 400
    assert campaign.campaign.surveys.count() == 1


def test_a_county_officer_reads_the_city_survey_but_cannot_start_one(client, cast, campaign):
    client.force_login(cast.owner)
    assert client.get(reverse("campaigns:survey_detail", args=[campaign.survey.pk])) \
        .status_code == 200
    assert client.get(reverse("campaigns:survey_create", args=[campaign.campaign.pk])) \
        .status_code == 403


# --- handing out copies --------------------------------------------------------------------------

def test_paper_copies_go_to_each_taiwan_principal_and_once_only(client, cast, campaign,
                                                                 fresh_survey):
    manager = f.PersonFactory(region_id=cast.enterprise.region_id, name="林國華")
    f.affiliate(manager, cast.enterprise, Affiliation.Relation.SHAREHOLDER)
    f.affiliate(f.PersonFactory(name="張員工"), cast.enterprise, Affiliation.Relation.EMPLOYEE)
    f.affiliate(f.PersonFactory(name="何港商", origin=HONG_KONG), cast.enterprise,
                Affiliation.Relation.CHAIRMAN)
    client.force_login(cast.owner)
    url = reverse("campaigns:survey_distribute", args=[fresh_survey.pk])
    target = target_of(campaign, cast.enterprise)
    form = {"reach": "chosen", "targets": [target.pk], "per_person": "on", "method": "paper",
            "distributed_on": HANDED_OUT.isoformat()}

    listed = client.get(url)
    response = client.post(url, form)

    assert cast.enterprise.name in page(listed)
    assert cast.foreign_enterprise.name not in page(listed)  # the neighbour county's target
    assert response["Location"] == reverse("campaigns:survey_detail", args=[fresh_survey.pk])
    copies = fresh_survey.distributions.order_by("person__name")
    assert [(c.person.name, c.method, c.distributed_on, c.token_digest) for c in copies] == [
        ("林國華", "paper", HANDED_OUT, None), ("陳志明", "paper", HANDED_OUT, None)]

    again = client.post(url, form)  # a second hand-out of the same (e.g. a second tab)

    assert again.status_code == 400
    assert fresh_survey.distributions.count() == 2
    assert cast.enterprise.name not in page(client.get(url))  # no longer waiting for a copy


def test_the_service_skips_those_already_given_a_copy(cast, campaign, fresh_survey):
    first = services.survey_distribute(
        actor=cast.owner, survey=fresh_survey, enterprises=[cast.enterprise], method="paper",
        distributed_on=HANDED_OUT, persons={cast.enterprise.pk: [cast.person]}, at=HANDED_OUT_AT)
    second = services.survey_distribute(
        actor=cast.owner, survey=fresh_survey, enterprises=[cast.enterprise], method="online",
        distributed_on=HANDED_OUT, persons={cast.enterprise.pk: [cast.person]}, at=HANDED_OUT_AT)
    assert (len(first), len(second)) == (1, 0)
    assert fresh_survey.distributions.count() == 1


def test_online_copies_show_their_links_once(client, cast, campaign, fresh_survey):
    client.force_login(cast.city)
    url = reverse("campaigns:survey_distribute", args=[fresh_survey.pk])

    response = client.post(url, {"reach": "all", "method": "online",
                                 "distributed_on": HANDED_OUT.isoformat()})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = page(response)
    assert shown("These links are shown only now.") in text
    links = re.findall(r">(http://testserver/portal/survey/([\w-]+)/)<", text)
    assert len(links) == 2  # one per target (the city's reach holds both counties)
    opened = {services.invitation_open(token).enterprise_id for _link, token in links}
    assert opened == {cast.enterprise.pk, cast.foreign_enterprise.pk}
    # The download is the same links, built into the page: nothing keeps them afterwards.
    data_url = re.search(r'href="data:[^;]+;base64,([^"]+)" download="([^"]+\.xlsx)"', text)
    rows = workbook_rows(base64.b64decode(data_url.group(1)))
    assert {row[3] for row in rows[1:]} == {link for link, _token in links}
    assert {row[0] for row in rows[1:]} == {cast.enterprise.name, cast.foreign_enterprise.name}
    stored = list(Distribution.objects.values_list("token_digest", flat=True))
    assert not any(token in str(stored) for _link, token in links)
    later = page(client.get(reverse("campaigns:survey_detail", args=[fresh_survey.pk])))
    assert not any(token in later for _link, token in links)


def test_a_new_link_replaces_the_old_one(client, cast, campaign):
    client.force_login(cast.owner)

    response = client.post(reverse("campaigns:distribution_link",
                                   args=[campaign.online_copy.pk]))

    assert response.status_code == 200
    (token,) = re.findall(r"/portal/survey/([\w-]+)/", page(response))
    assert services.invitation_open(token).pk == campaign.online_copy.pk
    with pytest.raises(services.InvitationRefused):
        services.invitation_open(campaign.token)


# --- the chase list ------------------------------------------------------------------------------

def test_the_chase_list_holds_the_copies_not_returned_in_the_viewers_reach(client, cast,
                                                                            campaign):
    services.survey_distribute(actor=cast.neighbour, survey=campaign.survey,
                               enterprises=[cast.foreign_enterprise], method="paper",
                               distributed_on=HANDED_OUT, at=HANDED_OUT_AT)
    services.survey_answer_online(token=campaign.token, answers=answers(campaign),
                                  at=datetime.datetime(2026, 6, 15, 9, 0, tzinfo=TZ))
    url = reverse("campaigns:survey_detail", args=[campaign.survey.pk])

    client.force_login(cast.owner)
    owner = page(client.get(url))
    client.force_login(cast.neighbour)
    neighbour = page(client.get(url))
    client.force_login(cast.city)
    city = client.get(url).context

    assert cast.enterprise.name in owner and cast.foreign_enterprise.name not in owner
    assert cast.foreign_enterprise.name in neighbour and cast.enterprise.name not in neighbour
    chased = [row.copy for row in city["page"].object_list]
    assert {(c.enterprise_id, c.method) for c in chased} == {
        (cast.enterprise.pk, "paper"), (cast.foreign_enterprise.pk, "paper")}  # not the answered
    assert (city["tally"].total.distributed, city["tally"].total.returned) == (3, 1)


def test_the_chase_list_filters_by_division_and_method(client, cast, campaign):
    services.survey_distribute(actor=cast.neighbour, survey=campaign.survey,
                               enterprises=[cast.foreign_enterprise], method="paper",
                               distributed_on=HANDED_OUT, at=HANDED_OUT_AT)
    client.force_login(cast.city)
    url = reverse("campaigns:survey_detail", args=[campaign.survey.pk])

    def chased(**query) -> set:
        response = client.get(url, query)
        return {(row.copy.enterprise_id, row.copy.method)
                for row in response.context["page"].object_list}

    assert chased(region=cast.foreign_enterprise.region_id) == {
        (cast.foreign_enterprise.pk, "paper")}
    assert chased(method="online") == {(cast.enterprise.pk, "online")}


def test_the_chase_export_lists_what_is_left_to_chase(client, cast, campaign):
    client.force_login(cast.owner)

    response = client.get(reverse("campaigns:survey_chase_export", args=[campaign.survey.pk]))

    rows = workbook_rows(body(response))
    days = (timezone.localdate() - CAMPAIGN_AT.date()).days
    with override("zh-hans"):
        paper, online = (str(DistributionMethod.PAPER.label), str(DistributionMethod.ONLINE.label))
    assert len(rows) == 3
    assert sorted((row[0], row[2], row[3] or "", row[4], row[5].date(), row[6], row[8])
                  for row in rows[1:]) == sorted([
        (cast.enterprise.name, "历下区", "", paper, CAMPAIGN_AT.date(), days, "13800000000"),
        (cast.enterprise.name, "历下区", "陳志明", online, CAMPAIGN_AT.date(), days,
         "13800000000")])


def test_the_neighbours_export_has_none_of_the_owner_countys_copies(client, cast, campaign):
    client.force_login(cast.neighbour)
    response = client.get(reverse("campaigns:survey_chase_export", args=[campaign.survey.pk]))
    assert len(workbook_rows(body(response))) == 1  # the header alone


# --- typing in a returned paper form -------------------------------------------------------------

def paper_return(campaign, **extra) -> dict:
    copy = Distribution.objects.get(pk=campaign.paper_copy.pk)
    return {"returned_on": "2026-06-20", "version": str(copy.version), **answers(campaign),
            **extra}


def opinion(number: int, category: str, subject: str, text: str = "") -> dict:
    return {f"opinion-{number}-category": str(Category.objects.get(code=category).pk),
            f"opinion-{number}-subject": subject, f"opinion-{number}-text": text}


def test_a_paper_form_with_two_opinions_raises_two_appeals(client, cast, campaign,
                                                          appeals_registered_now):
    client.force_login(cast.owner)
    url = reverse("campaigns:distribution_return", args=[campaign.paper_copy.pk])
    data = paper_return(campaign, **opinion(1, "financing", "流动资金贷款难", "希望协调银行"),
                        **opinion(4, "housing", "员工宿舍紧张"))

    response = client.post(url, data)

    detail = reverse("campaigns:distribution_detail", args=[campaign.paper_copy.pk])
    assert response["Location"] == detail
    copy = Distribution.objects.select_related("response").get(pk=campaign.paper_copy.pk)
    assert (copy.returned_on, copy.return_method) == (datetime.date(2026, 6, 20), "paper")
    assert copy.response.entered_by == cast.owner
    raised = RaisedAppeal.objects.filter(distribution=copy).select_related("appeal__category")
    assert {(r.appeal.title, r.appeal.category.code, r.appeal.channel) for r in raised} == {
        ("流动资金贷款难", "financing", "survey"), ("员工宿舍紧张", "housing", "survey")}
    text = page(client.get(detail))
    assert "希望多组织两岸交流活动" in text  # the answers as returned
    assert all(r.appeal.reference in text for r in raised)


def test_a_stale_paper_entry_is_refused_with_409(client, cast, campaign):
    client.force_login(cast.owner)
    url = reverse("campaigns:distribution_return", args=[campaign.paper_copy.pk])
    data = paper_return(campaign, **opinion(1, "land", "厂房用地"))
    services.distribution_reissue_link(actor=cast.city, distribution=campaign.paper_copy)

    response = client.post(url, data)

    assert response.status_code == 409
    assert "厂房用地" in page(response)  # what was typed is still there
    assert not Distribution.objects.get(pk=campaign.paper_copy.pk).returned
    assert not FormResponse.objects.filter(template=campaign.opinion_form).exists()


def test_a_form_cannot_come_back_before_it_was_handed_out(client, cast, campaign):
    client.force_login(cast.owner)
    url = reverse("campaigns:distribution_return", args=[campaign.paper_copy.pk])

    response = client.post(url, paper_return(campaign, returned_on="2026-06-09",
                                             **opinion(1, "land", "厂房用地")))

    assert response.status_code == 400
    assert shown("A form cannot come back before it was handed out.") in page(response)
    assert not Distribution.objects.get(pk=campaign.paper_copy.pk).returned
    assert not Appeal.objects.filter(title="厂房用地").exists()


def test_a_missing_required_answer_keeps_everything_unsaved(client, cast, campaign):
    client.force_login(cast.owner)
    first = campaign.opinion_form.questions.get(order=1)
    data = paper_return(campaign, **{f"q{first.pk}": ""})

    response = client.post(reverse("campaigns:distribution_return",
                                   args=[campaign.paper_copy.pk]), data)

    assert response.status_code == 400
    assert shown("This question must be answered.") in page(response)
    assert not Distribution.objects.get(pk=campaign.paper_copy.pk).returned


def test_a_returned_copy_is_not_entered_twice(client, cast, campaign):
    client.force_login(cast.owner)
    url = reverse("campaigns:distribution_return", args=[campaign.paper_copy.pk])
    data = paper_return(campaign)
    assert client.post(url, data).status_code == 302

    again = client.post(url, data)

    assert again.status_code == 409
    assert FormResponse.objects.filter(template=campaign.opinion_form).count() == 1
    assert client.get(url)["Location"] == reverse("campaigns:distribution_detail",
                                                  args=[campaign.paper_copy.pk])
